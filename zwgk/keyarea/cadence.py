"""Periods, due dates and the status of a required item — pure functions over catalogue data.

A period is the window in which a publication counts for an item (a calendar year, half year or
quarter; a school year's enrolment counts in its calendar year) and its due date. The status of
an item for a period folds the dates of the documents published into the item's column in that
window, and today's date:

- published       a document was published in the window on or before the due date;
- published_late  the first document in the window came after the due date;
- missing         nothing published yet, the due date has not passed;
- late            nothing published and the due date has passed.

No Django, no ORM: selectors feed it dates, tests call it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .catalogue import ANNUAL, HALF_YEARLY, QUARTERLY, SCHOOL_YEAR, Cadence

PUBLISHED = "published"
PUBLISHED_LATE = "published_late"
MISSING = "missing"
LATE = "late"
STATUSES = (PUBLISHED, PUBLISHED_LATE, MISSING, LATE)
# Shown in green: the item is public (late or not).
DONE = frozenset({PUBLISHED, PUBLISHED_LATE})

_QUARTER_NAMES = ("一", "二", "三", "四")


@dataclass(frozen=True)
class Period:
    key: str  # "2026", "2026-H1", "2026-Q3"
    label: str
    start: date
    end: date
    due: date
    anchored_on: date | None = None  # the recorded event the due date counts from, if any

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _last_day(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _month_day(year: int, text: str) -> date:
    month, day = (int(part) for part in text.split("-"))
    return date(year, month, min(day, _last_day(year, month).day))


def periods_in_year(
    cadence: Cadence, year: int, anchors: Mapping[str, date] | None = None
) -> list[Period]:
    """Every period of this cadence in the calendar year, in order.

    `anchors` maps anchor codes to the events recorded for this year (e.g. the day enrolment
    opens): an annual item whose cadence counts from a recorded event is due `offset_days` after
    it; otherwise on the cadence's default month-day. A due date past 12-31 extends the window
    to it (a publication in January still counts for the year before).
    """
    if cadence.kind in (ANNUAL, SCHOOL_YEAR):
        label = f"{year}年" if cadence.kind == ANNUAL else f"{year}年秋季入学"
        event = (anchors or {}).get(cadence.anchor.code) if cadence.anchor else None
        if event is not None and cadence.anchor is not None:
            due = event + timedelta(days=cadence.anchor.offset_days)
        else:
            due = _month_day(year, cadence.due)
        return [
            Period(
                str(year),
                label,
                date(year, 1, 1),
                max(date(year, 12, 31), due),
                due,
                event,
            )
        ]
    if cadence.kind == HALF_YEARLY:
        return [
            Period(
                f"{year}-H{half}",
                f"{year}年{'上' if half == 1 else '下'}半年",
                date(year, 1 if half == 1 else 7, 1),
                _last_day(year, 6 if half == 1 else 12),
                _last_day(year, 6 if half == 1 else 12),
            )
            for half in (1, 2)
        ]
    if cadence.kind == QUARTERLY:
        return [
            Period(
                f"{year}-Q{quarter}",
                f"{year}年第{_QUARTER_NAMES[quarter - 1]}季度",
                date(year, quarter * 3 - 2, 1),
                _last_day(year, quarter * 3),
                _last_day(year, quarter * 3),
            )
            for quarter in (1, 2, 3, 4)
        ]
    raise ValueError(f"unknown cadence kind {cadence.kind!r}")


def started_periods(
    cadence: Cadence, year: int, today: date, anchors: Mapping[str, date] | None = None
) -> list[Period]:
    """The periods of the year that have begun by `today` (a future quarter is not asked for)."""
    return [p for p in periods_in_year(cadence, year, anchors) if p.start <= today]


def periods_due_between(
    cadence: Cadence,
    start: date,
    end: date,
    anchors_of_year: Mapping[int, Mapping[str, date]] | None = None,
) -> list[Period]:
    """The periods whose due date falls in [start, end] (anchors: per year, as recorded)."""
    found: list[Period] = []
    for year in range(start.year - 1, end.year + 1):
        anchors = (anchors_of_year or {}).get(year)
        found.extend(p for p in periods_in_year(cadence, year, anchors) if start <= p.due <= end)
    return found


@dataclass(frozen=True)
class Assessment:
    status: str
    first_published_on: date | None = None

    @property
    def is_done(self) -> bool:
        return self.status in DONE


def assess(period: Period, published_on: Iterable[date], today: date) -> Assessment:
    """The status of an item for a period, from the publication dates of its documents."""
    inside = sorted(day for day in published_on if period.contains(day))
    if inside:
        first = inside[0]
        return Assessment(PUBLISHED if first <= period.due else PUBLISHED_LATE, first)
    return Assessment(LATE if today > period.due else MISSING)
