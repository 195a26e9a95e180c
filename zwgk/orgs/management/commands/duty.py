"""`zwgk duty grant|revoke USERNAME system|security|audit` and `zwgk duty list`: the operator's
way to assign the 三员分立 administrator duties (zwgk/orgs/duties.py). A second duty for the
same account is refused with the service's message; `list` ends non-zero when any account
holds two."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zwgk.orgs import duties
from zwgk.orgs.models import User


class Command(BaseCommand):
    help = "Grant, revoke or list the system/security/audit administrator duties (三员分立)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["grant", "revoke", "list"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("duty", nargs="?", choices=duties.DUTIES)

    def handle(self, *args: Any, verb: str, username: str | None, duty: str | None, **kw: Any):
        if verb == "list":
            for user in User.objects.order_by("username"):
                held = duties.duties_of(user)
                if held:
                    names = "、".join(duties.NAMES[d] for d in sorted(held))
                    self.stdout.write(f"{user.username}\t{names}")
            several = duties.users_with_several_duties()
            if several:
                raise CommandError(
                    "三员分立被违反：" + "、".join(u.username for u in several) + " 担任多个职责。"
                )
            return
        if not username or not duty:
            raise CommandError("请给出用户名和职责（system、security 或 audit）。")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}。")
        action = duties.grant_duty if verb == "grant" else duties.revoke_duty
        try:
            action(by=None, at=timezone.now(), user=user, duty=duty)
        except duties.DutyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user.username}：{duties.NAMES[duty]}（{verb}）")
