"""Password rules of 等保 2.0 第三级 (security.md §2.1 L3-CES1-01, §2.9), wired in
AUTH_PASSWORD_VALIDATORS next to Django's length, common-password, similarity and numeric
validators:

- CharacterClassesValidator: at least 3 of the 4 classes upper case, lower case, digit, symbol
  (any other character, Chinese included, counts as a symbol);
- PasswordHistoryValidator: not one of the last 5 passwords (hashes kept in PasswordHistory,
  recorded by `password_changed`, which Django calls after a new password is saved).

The 90-day change rule is `password_expired()`, enforced for staff by
zwgk.workspace.middleware.StaffSecurityMiddleware.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PASSWORD_MAX_AGE_DAYS = 90


def character_classes(password: str) -> int:
    classes = [
        any(c.isascii() and c.isupper() for c in password),
        any(c.isascii() and c.islower() for c in password),
        any(c.isascii() and c.isdigit() for c in password),
        any(not (c.isascii() and c.isalnum()) and not c.isspace() for c in password),
    ]
    return sum(classes)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "The password must contain at least %(count)d of: upper-case letters, "
            "lower-case letters, digits and symbols."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    def __init__(self, last: int = 5) -> None:
        self.last = last

    def _recent(self, user: Any) -> list[str]:
        if user is None or user.pk is None:
            return []
        from .models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
                : self.last
            ]
        )
        return hashes

    def validate(self, password: str, user: Any = None) -> None:
        for encoded in self._recent(user):
            if check_password(password, encoded):
                raise ValidationError(
                    _("The password must differ from your last %(count)d passwords.")
                    % {"count": self.last},
                    code="password_reused",
                )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None or not user.has_usable_password():
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: self.last]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return _("The password must differ from your last %(count)d passwords.") % {
            "count": self.last
        }


def password_max_age() -> timedelta:
    return timedelta(days=getattr(settings, "ZWGK_PASSWORD_MAX_AGE_DAYS", PASSWORD_MAX_AGE_DAYS))


def password_expired(user: Any, *, at: Any = None) -> bool:
    """True when the user's password was set more than 90 days ago (None: never recorded, e.g.
    accounts created before the rule, or without a usable password — not forced)."""
    changed = getattr(user, "password_changed_at", None)
    if changed is None:
        return False
    return (at or timezone.now()) - changed > password_max_age()
