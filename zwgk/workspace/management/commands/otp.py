"""`zwgk otp code USERNAME`: the current second-factor code of a demo account, for people
trying the demo without an authenticator app. Refused unless ZWGK_DEMO=1 (settings.DEMO):
in production the code comes only from the staff member's own device.

The code belongs to the account's confirmed TOTP device or, before enrolment, to the pending
device the enrolment page shows (created here if the page has not been opened yet).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_otp.oath import totp

from zwgk.core import audit
from zwgk.orgs.models import User
from zwgk.workspace import otp

DEMO_CODE_SHOWN = "auth.otp.demo_code_shown"


class Command(BaseCommand):
    help = "Demo only (ZWGK_DEMO=1): print the current second-factor code of a demo account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["code"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO", False):
            raise CommandError("只有演示环境（ZWGK_DEMO=1）可以显示动态口令。")
        user = User.objects.filter(username__iexact=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有启用的用户“{options['username']}”。")
        device = otp.confirmed_device(user) or otp.pending_device(user)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        audit.record(action=DEMO_CODE_SHOWN, by=None, at=timezone.now(), target=user)
        self.stdout.write(f"{code:0{device.digits}d}")
