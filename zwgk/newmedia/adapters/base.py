"""What every adapter returns, and the one error type adapters raise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# Dates without a zone are the district's local time.
LOCAL = ZoneInfo("Asia/Shanghai")


class AdapterError(Exception):
    """The source could not be read; the message is Chinese, for the operator."""


@dataclass(frozen=True)
class FetchedPost:
    published_at: datetime
    title: str
    url: str = ""
    comments: int = 0
    unanswered: int = 0


@dataclass
class FetchResult:
    posts: list[FetchedPost] = field(default_factory=list)
    observed_name: str = ""  # the account name as the platform or feed states it
    observed_id: str = ""


_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


def parse_local_datetime(text: str) -> datetime | None:
    """The first date (optionally with a time) in a text: 2026-11-02, 2026/11/2 09:30,
    2026年11月2日; local time. None when there is none or it is not a valid date."""
    match = _DATE_RE.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
        clock = time(int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    return datetime.combine(day_value, clock, tzinfo=LOCAL)


def from_timestamp(value: int | float) -> datetime:
    return datetime.fromtimestamp(float(value), tz=UTC)
