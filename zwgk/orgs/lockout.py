"""Account lockout (security.md §2.1 L3-CES1-02, §2.9): ZWGK_LOGIN_FAILURE_LIMIT (5) consecutive
failed logins or second-factor codes lock the account for ZWGK_LOGIN_LOCKOUT_MINUTES (30);
a successful login resets the count. Each lock is audited ("auth.lockout").

The per-address throttle that keeps one attacker from locking whole units is the login form's
(zwgk.workspace.forms.LoginForm, over zwgk.core.ratelimit).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F

from zwgk.core import audit

from .models import User

LOCKED = "auth.lockout"
REFUSED_LOCKED = "auth.login.refused_locked"


def failure_limit() -> int:
    return int(getattr(settings, "ZWGK_LOGIN_FAILURE_LIMIT", 5))


def lockout_period() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "ZWGK_LOGIN_LOCKOUT_MINUTES", 30)))


def is_locked(user: Any, *, at: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > at


@transaction.atomic
def register_failure(*, user: User, at: datetime, reason: str = "password") -> bool:
    """Count one failed attempt; lock the account at the limit. True when this locked it."""
    if is_locked(user, at=at):
        return False
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins", "locked_until"])
    if user.failed_logins < failure_limit():
        return False
    user.locked_until = at + lockout_period()
    user.failed_logins = 0
    user.save(update_fields=["locked_until", "failed_logins"])
    audit.record(
        action=LOCKED,
        by=audit.Actor(user_id=None, label=audit.ANONYMOUS_LABEL),
        at=at,
        target=user,
        after={"locked_until": user.locked_until.isoformat(), "reason": reason},
        outcome="failure",
    )
    return True


def register_success(*, user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins, user.locked_until = 0, None
