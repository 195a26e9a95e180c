"""Personal data in text: 公民身份号码 (GB 11643), mobile numbers and bank card numbers.

What is *not* personal data and must not be flagged: office landlines published as contact numbers
(023-45678901), 统一社会信用代码, 索引号 and 文号. Identity numbers are validated (region,
birth date, check digit) so that other long numbers do not trip the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .findings import Finding, Severity
from .uscc import is_valid_uscc

# First two digits of the administrative division code (GB/T 2260): provinces, HK, Macao, Taiwan.
# fmt: off
PROVINCE_CODES = frozenset((
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
))
# fmt: on
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# A run of digits, optionally grouped by single spaces or hyphens (138 1234 5678, 6222 0202 …),
# possibly ending in X (identity numbers). Letters or digits right before/after end the run.
# Digits are ASCII or full-width (typed with a Chinese input method in full-width mode).
_DIGIT = "[0-9０-９]"
_ALNUM = "[0-9０-９A-Za-zＡ-Ｚａ-ｚ]"
_NUMBER_RUN = re.compile(rf"(?<!{_ALNUM}){_DIGIT}(?:[ \-]?{_DIGIT}){{10,22}}[XxＸｘ]?(?!{_ALNUM})")
# Prose is full of short numbers (dates, amounts, 文号) and `_NUMBER_RUN` is costly to try at
# each of their digits. This cheap pattern (one character class, repeated: a tight loop in C)
# finds the stretches of 11 or more digits, spaces and hyphens that could hold a match; only
# those are searched with `_NUMBER_RUN`.
_STRETCH = re.compile(r"[0-9０-９][0-9０-９ \-]{10,}")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_GROUPED = re.compile(r"1[0-9]{2}-[0-9]{4}-[0-9]{4}")
BANK_PREFIXES = ("62", "60", "4", "51", "52", "53", "54", "55", "9")


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date(2100, 1, 1)


def is_id_number(value: str) -> bool:
    """18-character 公民身份号码 with a valid check character, or the old 15-digit form."""
    value = value.upper()
    if len(value) == 18 and value[:17].isdigit():
        if int(value[:2]) not in PROVINCE_CODES:
            return False
        if not _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
            return False
        total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
        return ID_CHECK[total % 11] == value[17]
    if len(value) == 15 and value.isdigit():
        return int(value[:2]) in PROVINCE_CODES and _valid_date(
            1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])
        )
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def is_bank_card(digits: str) -> bool:
    """16–19 digits, a card-scheme prefix used by Chinese banks, and a valid Luhn check digit."""
    return 16 <= len(digits) <= 19 and digits.startswith(BANK_PREFIXES) and luhn_ok(digits)


def mask(value: str) -> str:
    """Keep the first 3–4 and last 4 characters: 5001**********1234, 138****5678."""
    keep_head = 3 if len(value) == 11 else 4
    if len(value) <= keep_head + 4:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - 4) + value[-4:]


def find_personal_data(text: str) -> Iterator[Finding]:
    for stretch in _STRETCH.finditer(text):
        # Up to two characters past the stretch: a trailing X and the character after it,
        # which the look-ahead must see (a look-behind sees before `pos` by itself).
        yield from _numbers_in(text, stretch.start(), min(len(text), stretch.end() + 2))


def _numbers_in(text: str, pos: int, endpos: int) -> Iterator[Finding]:
    for match in _NUMBER_RUN.finditer(text, pos, endpos):
        finding = classify(match)
        if finding is not None:
            yield finding


def classify(match: re.Match[str]) -> Finding | None:
    """The finding for one number run, or None when it is not personal data."""
    raw = match.group(0).translate(_FULL_WIDTH)
    compact = raw.replace(" ", "").replace("-", "")
    start, end = match.span()
    if is_id_number(compact) and not is_valid_uscc(compact):
        return Finding("pii.id_card", Severity.BLOCK, start, end, mask(compact))
    if compact[-1:].isdigit() and len(compact) == 11 and _MOBILE.fullmatch(compact):
        if "-" in raw and not _MOBILE_GROUPED.fullmatch(raw):
            return None  # 023-4567-8901 style landline grouping
        return Finding("pii.mobile", Severity.BLOCK, start, end, mask(compact))
    if compact.isdigit() and is_bank_card(compact):
        return Finding("pii.bank_card", Severity.BLOCK, start, end, mask(compact))
    return None
