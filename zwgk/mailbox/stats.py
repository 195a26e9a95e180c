"""Mailbox statistics (seed notice §一(三)2: 定期公开信箱办理统计数据): counts per period, and the
percentages computed from them — never typed, never stored.

Pure: `count_letters` folds plain facts of letters (received day, due date, reply day, rating)
into the counts of one period; the rates are properties. A letter belongs to the period it was
received in; "answered" means the approved reply went out by `as_of`; "in time" means on or before
its due date; "overdue" counts letters answered late plus letters still unanswered after their due
date; the satisfaction rate is (满意 + 基本满意) / rated letters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class LetterFacts:
    received_on: date
    due_date: date | None
    replied_on: date | None
    satisfaction: str  # "" or satisfied / basically / unsatisfied


@dataclass(frozen=True)
class Period:
    key: str  # "2026-11" or "2026-Q4"
    label: str
    start: date
    end: date  # inclusive

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.key


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    nxt = date(year + (number == 12), number % 12 + 1, 1)
    return Period(f"{year}-{number:02d}", f"{year}年{number}月", start, nxt - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * number - 2, 1)
    end = month(year, 3 * number).end
    return Period(f"{year}-Q{number}", f"{year}年第{number}季度", start, end)


def parse_period(key: str) -> Period | None:
    """ "2026-11" or "2026-Q4"; None for anything else."""
    try:
        year_text, rest = key.split("-", 1)
        year = int(year_text)
        if not 2000 <= year <= 2100:
            return None
        if rest.upper().startswith("Q"):
            number = int(rest[1:])
            return quarter(year, number) if 1 <= number <= 4 else None
        number = int(rest)
        return month(year, number) if 1 <= number <= 12 else None
    except ValueError:
        return None


def ended_periods(today: date, *, months: int = 12, quarters: int = 4) -> list[Period]:
    """The last `months` months and `quarters` quarters that have ended before `today`, newest
    first (statistics are published once a period is over)."""
    found: list[Period] = []
    year, number = today.year, today.month
    for _ in range(months):
        number -= 1
        if number == 0:
            year, number = year - 1, 12
        found.append(month(year, number))
    year, q = today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters):
        q -= 1
        if q == 0:
            year, q = year - 1, 4
        found.append(quarter(year, q))
    return found


def _rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Counts:
    received: int = 0
    answered: int = 0
    answered_in_time: int = 0
    answered_late: int = 0
    unanswered_overdue: int = 0
    rated: int = 0
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0

    @property
    def overdue(self) -> int:
        return self.answered_late + self.unanswered_overdue

    @property
    def answered_rate(self) -> Decimal | None:
        return _rate(self.answered, self.received)

    @property
    def in_time_rate(self) -> Decimal | None:
        return _rate(self.answered_in_time, self.answered)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return _rate(self.satisfied + self.basically, self.rated)


def count_letters(letters: Iterable[LetterFacts], period: Period, *, as_of: date) -> Counts:
    received = answered = in_time = late = open_overdue = 0
    ratings = {"satisfied": 0, "basically": 0, "unsatisfied": 0}
    for letter in letters:
        if not period.start <= letter.received_on <= period.end:
            continue
        received += 1
        replied = letter.replied_on if letter.replied_on and letter.replied_on <= as_of else None
        if replied is not None:
            answered += 1
            if letter.due_date is None or replied <= letter.due_date:
                in_time += 1
            else:
                late += 1
            if letter.satisfaction in ratings:
                ratings[letter.satisfaction] += 1
        elif letter.due_date is not None and letter.due_date < as_of:
            open_overdue += 1
    return Counts(
        received=received,
        answered=answered,
        answered_in_time=in_time,
        answered_late=late,
        unanswered_overdue=open_overdue,
        rated=sum(ratings.values()),
        satisfied=ratings["satisfied"],
        basically=ratings["basically"],
        unsatisfied=ratings["unsatisfied"],
    )
