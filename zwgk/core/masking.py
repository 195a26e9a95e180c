"""Masking of personal data in values that are shown or recorded (security.md §3.3).

Pure functions, no Django. The full detector lives in zwgk.textcheck; this module masks the
two patterns that must never reach an audit row or a log: identity numbers and mobile numbers.
"""

import re
from typing import Any

# 公民身份号码, 18 characters (last may be X) or the old 15 digits, not inside longer runs.
_ID_RE = re.compile(
    r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"  # 18 characters
    r"|(?<!\d)\d{15}(?!\d)"  # the old 15-digit form
)
_MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_id_number(value: str) -> str:
    """5001**********1234 — first four and last four kept."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_mobile(value: str) -> str:
    """138****5678."""
    return value[:3] + "****" + value[-4:] if len(value) == 11 else "*" * len(value)


def mask_text(text: str) -> str:
    def _id(match: re.Match[str]) -> str:
        return mask_id_number(match.group(0))

    text = _ID_RE.sub(_id, text)
    return _MOBILE_RE.sub(lambda m: mask_mobile(m.group(0)), text)


def mask_personal_data(value: Any) -> Any:
    """Mask identity and mobile numbers anywhere inside a JSON-like value."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_personal_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_personal_data(item) for item in value]
    return value
