"""The one contact a subscription keeps: its validation per channel, the normal form that is
encrypted and blind-indexed, and the masked form staff see. Pure (no database)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from zwgk.core.masking import mask_mobile

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# WeChat openids are 28 characters of base64url for official accounts; accept 20-64 to be safe.
OPENID_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_EMAIL = 254


class ContactError(ValueError):
    """The contact is not valid for the channel; the message is in the user's language."""


def normalise_contact(channel: str, value: str) -> str:
    """The contact as stored, or ContactError."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if channel == "email":
        text = text.lower()
        if len(text) > MAX_EMAIL:
            raise ContactError(_("The e-mail address is too long."))
        try:
            validate_email(text)
        except ValidationError:
            raise ContactError(_("Enter a valid e-mail address.")) from None
        return text
    if channel == "sms":
        text = re.sub(r"[\s-]", "", text)
        if text.startswith("+86"):
            text = text[3:]
        if not MOBILE_RE.match(text):
            raise ContactError(_("Enter a mobile number of 11 digits starting with 1."))
        return text
    if channel == "wechat":
        if not OPENID_RE.match(text):
            raise ContactError(_("The WeChat identifier is not valid."))
        return text
    raise ContactError(_("Choose how to receive the messages."))


def mask_contact(channel: str, value: str) -> str:
    """w***@example.com · 138****5678 · oAbC****wxyz."""
    if channel == "email":
        local, _sep, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if channel == "sms":
        return mask_mobile(value)
    return f"{value[:4]}****{value[-4:]}" if len(value) > 8 else "****"
