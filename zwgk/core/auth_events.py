"""Audit rows for logins and logouts (security.md L3-CES1-12: login ok/fail, logout).

Connected to django.contrib.auth's signals from CoreConfig.ready(). A failed login records the
attempted username only — never the password or any other credential — with outcome
"failure"; when the username belongs to an account, that account is the target.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from . import audit

LOGIN_SUCCEEDED = "auth.login.succeeded"
LOGIN_FAILED = "auth.login.failed"
LOGOUT = "auth.logout"


def _on_login(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    audit.record(action=LOGIN_SUCCEEDED, by=user, at=timezone.now(), target=user)


def _on_logout(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        return  # logging out without a session changes nothing
    audit.record(action=LOGOUT, by=user, at=timezone.now(), target=user)


def _on_login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: Any = None, **kwargs: Any
) -> None:
    user_model = get_user_model()
    username = str((credentials or {}).get(user_model.USERNAME_FIELD) or "")[:150]
    account = (
        user_model._default_manager.filter(
            **{f"{user_model.USERNAME_FIELD}__iexact": username}
        ).first()
        if username
        else None
    )
    audit.record(
        action=LOGIN_FAILED,
        by=None if request is None else audit.Actor(user_id=None, label=audit.ANONYMOUS_LABEL),
        at=timezone.now(),
        target=account,
        target_type="" if account else "auth.username",
        target_label=username,
        after={"username": username},
        outcome="failure",
    )


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="zwgk.core.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="zwgk.core.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="zwgk.core.audit.login_failed")
