"""Signed links in messages: the double opt-in confirmation (carries the chosen tags, expires)
and the unsubscribe link (no expiry: every message ever sent must be able to end the
subscription). Django's signing with their own salts; nothing secret is in the link."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

CONFIRM_SALT = "zwgk.policies.confirm"
UNSUBSCRIBE_SALT = "zwgk.policies.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


@dataclass(frozen=True)
class Choice:
    subscription_id: int
    industries: tuple[str, ...]
    categories: tuple[int, ...]
    departments: tuple[int, ...]


def confirm_token(choice: Choice) -> str:
    return signing.dumps(
        {
            "s": choice.subscription_id,
            "i": list(choice.industries),
            "c": list(choice.categories),
            "d": list(choice.departments),
        },
        salt=CONFIRM_SALT,
        compress=True,
    )


def read_confirm_token(token: str) -> Choice | None:
    """The choice in a valid, unexpired token; None otherwise."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return Choice(
            int(data["s"]),
            tuple(str(code) for code in data["i"]),
            tuple(int(pk) for pk in data["c"]),
            tuple(int(pk) for pk in data["d"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
