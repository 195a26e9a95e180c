"""Reporting periods of a task and the due date of each report (pure: no database, no clock).

A task reports per calendar month or quarter, from the period that contains its start date to
the one that contains its end date. A report is due `workdays` working days after the period's
last day (the last day not counted, 民法典 art. 201; rules.md §8.4). The number is the office's
setting on the task, not a statutory period (statute.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar

from .statute import Cadence

MAX_PERIODS = 120


@dataclass(frozen=True)
class Period:
    key: str  # "2026-03" or "2026Q1"
    start: date
    end: date

    @property
    def label(self) -> str:
        if "Q" in self.key:
            year, quarter = self.key.split("Q")
            return f"{year}年第{quarter}季度"
        return f"{self.start.year}年{self.start.month}月"


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_of(cadence: str, day: date) -> Period:
    if cadence == Cadence.QUARTERLY:
        quarter = (day.month - 1) // 3 + 1
        first = 3 * quarter - 2
        return Period(
            f"{day.year}Q{quarter}", date(day.year, first, 1), _month_end(day.year, first + 2)
        )
    return Period(
        f"{day.year}-{day.month:02d}", date(day.year, day.month, 1), _month_end(day.year, day.month)
    )


def periods(cadence: str, start: date, end: date) -> list[Period]:
    """Every period from the one containing `start` to the one containing `end`."""
    if end < start:
        return []
    found = [period_of(cadence, start)]
    while found[-1].end < end and len(found) < MAX_PERIODS:
        found.append(period_of(cadence, found[-1].end + timedelta(days=1)))
    return found


def report_due(calendar: WorkdayCalendar, period_end: date, workdays: int) -> date | None:
    """The last day to report on a period; None while the calendar lacks the year it needs."""
    try:
        return calendar.add_workdays(period_end, workdays)
    except CalendarYearMissingError:
        return None


def is_overdue(due: date | None, submitted_on: date | None, today: date) -> bool:
    """Not reported by the due date (still missing after it, or reported after it)."""
    if due is None:
        return False
    return (submitted_on or today) > due
