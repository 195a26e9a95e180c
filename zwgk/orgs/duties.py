"""三员分立 (等保 L3-CES1-08, GB/T 22239 §8.1.5): the system, security and audit administrator
duties, which are separate and of which nobody holds two.

The system administrator duty is the existing flag User.is_system_admin; the security and audit
administrator duties are Django auth groups (no schema change, so they can be granted on any
deployment). `grant_duty` is the only way to give a duty: it refuses a second one with a
Chinese message and audits the grant in the same transaction; `users_with_several_duties()`
lists any account that holds more than one however it came about (the figure the test and an
assessor look at; it must be empty). The operator grants with `zwgk duty grant USERNAME
system|security|audit` (management/commands/duty.py).

Rights that follow from a duty: the audit administrator reads and exports the audit trail
(permissions.can_view_audit, through zwgk.core.policy.VIEW_AUDIT).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Q

from zwgk.core import audit
from zwgk.core.errors import DomainError

from .models import User

SYSTEM = "system"
SECURITY = "security"
AUDIT = "audit"
DUTIES = (SYSTEM, SECURITY, AUDIT)
GROUPS = {SECURITY: "三员：安全管理员", AUDIT: "三员：审计管理员"}
NAMES = {SYSTEM: "系统管理员", SECURITY: "安全管理员", AUDIT: "审计管理员"}
GRANTED = "orgs.user.duty_granted"
REVOKED = "orgs.user.duty_revoked"


class DutyError(DomainError):
    pass


def duties_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return set()
    held = {SYSTEM} if getattr(user, "is_system_admin", False) else set()
    names = set(user.groups.filter(name__in=GROUPS.values()).values_list("name", flat=True))
    held |= {duty for duty, name in GROUPS.items() if name in names}
    return held


def is_audit_admin(user: Any) -> bool:
    return AUDIT in duties_of(user)


def is_security_admin(user: Any) -> bool:
    return SECURITY in duties_of(user)


def users_with_several_duties() -> list[User]:
    """Accounts holding more than one of the three duties (must be none)."""
    in_groups = Count("groups", filter=Q(groups__name__in=GROUPS.values()), distinct=True)
    rows = User.objects.annotate(n=in_groups).filter(
        Q(n__gte=2) | Q(n__gte=1, is_system_admin=True)
    )
    return list(rows.order_by("pk"))


@transaction.atomic
def grant_duty(*, by: Any, at: datetime, user: User, duty: str) -> None:
    if duty not in DUTIES:
        raise DutyError("没有这种管理员职责。")
    user = User.objects.select_for_update().get(pk=user.pk)
    held = duties_of(user)
    if duty in held:
        return
    if held:
        other = NAMES[sorted(held)[0]]
        raise DutyError(
            f"{user.display_name} 已是{other}，三员分立：同一账户不能再担任{NAMES[duty]}。"
        )
    if duty == SYSTEM:
        User.objects.filter(pk=user.pk).update(is_system_admin=True)
    else:
        group, _created = Group.objects.get_or_create(name=GROUPS[duty])
        user.groups.add(group)
    audit.record(action=GRANTED, by=by, at=at, target=user, after={"duty": duty})


@transaction.atomic
def revoke_duty(*, by: Any, at: datetime, user: User, duty: str) -> None:
    if duty not in duties_of(user):
        return
    if duty == SYSTEM:
        User.objects.filter(pk=user.pk).update(is_system_admin=False)
    else:
        user.groups.remove(*Group.objects.filter(name=GROUPS[duty]))
    audit.record(action=REVOKED, by=by, at=at, target=user, before={"duty": duty})
