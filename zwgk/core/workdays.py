"""Working-day arithmetic over the official holiday arrangements (pure Python, no Django).

This module owns the *rules*; the *data* (which dates are rest days and which weekends are
make-up working days) is loaded from the database by `selectors.get_workday_calendar()` and
handed in as a frozen `WorkdayCalendar`. It must not read the clock, the database or settings.

Rules (rules.md §8.4):

- 工作日 = Monday to Friday, minus the official rest dates (放假), plus the official make-up
  working dates (调休上班), as published each year by 国务院办公厅 under
  《全国年节及纪念日放假办法》 (arts. 2, 6, 7). The 条例 does not define 工作日;
  this is the universal practice.
- The start day is not counted: 民法典 art. 201 para. 1
  "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算".
- A calendar-day period whose last day is a rest day ends on the next working day: 民法典 art. 203
  "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"; 民事诉讼法 (2023) art. 85
  "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期" (applied to 行政诉讼 by
  行政诉讼法 art. 101 and to 行政复议 by 行政复议法 (2023) art. 88).
- Month-based periods: 民法典 art. 202
  "到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日".

A date in a year the calendar has no arrangement for raises `CalendarYearMissingError`: guessing
from weekdays alone would silently produce wrong statutory deadlines.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .errors import DomainError

ONE_DAY = timedelta(days=1)
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class CalendarYearMissingError(DomainError):
    """The calendar has no official arrangement for a year that a computation needs."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"工作日历中没有 {year} 年的放假调休安排，无法计算工作日。"
            f"请区政府办公室在“工作日历”中录入或导入 {year} 年的安排"
            f"（依据国务院办公厅当年发布的部分节假日安排通知）。"
        )
        self.year = year


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or that month's last day when it has no
    such day (31 May − 3 months = 28/29 February). For look-backs such as "messages unanswered
    for more than 3 months" (rules.md §4.2), which count calendar months, not working days."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last_day = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


@dataclass(frozen=True)
class WorkdayCount:
    """The result of counting working days forward, with the days passed over.

    `skipped` are the non-working days between the start day and the due date (weekends and
    official rest days), which a clerk may want to see to trust the result.
    """

    start: date
    workdays: int
    due: date
    skipped: tuple[date, ...]


@dataclass(frozen=True)
class PeriodEnd:
    """The end of a calendar-day period: the nominal last day and, if that is a rest day, the
    day the period actually ends on (民法典 art. 203), with the rest days in between."""

    start: date
    nominal_end: date
    end: date
    moved_over: tuple[date, ...]

    @property
    def was_moved(self) -> bool:
        return self.end != self.nominal_end


@dataclass(frozen=True)
class WorkdayCalendar:
    """The official working-day calendar for a set of known years (immutable data).

    `rest_dates` may include weekend rest days of a holiday period; they change nothing.
    `work_dates` are the make-up working days (调休上班); they are weekends by construction.
    """

    years: frozenset[int]
    rest_dates: frozenset[date] = field(default_factory=frozenset)
    work_dates: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def build(
        cls, *, years: Iterable[int], rest_dates: Iterable[date], work_dates: Iterable[date]
    ) -> WorkdayCalendar:
        return cls(frozenset(years), frozenset(rest_dates), frozenset(work_dates))

    def has_year(self, year: int) -> bool:
        return year in self.years

    def require_year(self, year: int) -> None:
        if year not in self.years:
            raise CalendarYearMissingError(year)

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a 工作日 (Mon–Fri minus 放假 plus 调休上班)."""
        self.require_year(day.year)
        if day in self.work_dates:
            return True
        if day in self.rest_dates:
            return False
        return not is_weekend(day)

    def add_workdays_detail(self, start: date, workdays: int) -> WorkdayCount:
        """Count `workdays` working days after `start`; the start day itself is not counted
        (民法典 art. 201 para. 1), so a period of 20 working days from a receipt on 2025-09-26
        ends on 2025-10-30 (rules.md §8.4). Zero working days gives `start` itself.
        """
        if workdays < 0:
            raise ValueError("workdays must not be negative")
        day = start
        counted = 0
        skipped: list[date] = []
        while counted < workdays:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
            else:
                skipped.append(day)
        return WorkdayCount(start=start, workdays=workdays, due=day, skipped=tuple(skipped))

    def add_workdays(self, start: date, workdays: int) -> date:
        """The due date `workdays` working days after `start` (start day not counted)."""
        return self.add_workdays_detail(start, workdays).due

    def workdays_between(self, start: date, end: date) -> int:
        """The number of working days after `start` up to and including `end`.

        This is the inverse of `add_workdays`: `workdays_between(a, add_workdays(a, n)) == n`.
        It counts the days in the half-open interval (start, end]: the start day is excluded as
        in 民法典 art. 201, the end day included. When `end` is before `start` the result is
        negative: minus the working days after `end` up to and including `start` (so a due date
        passed by 3 working days gives -3 when measured from the due date backwards).
        Every year touched by the interval must be known.
        """
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: date) -> date:
        """The first working day on or after `day`."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def calendar_period_end_detail(self, start: date, days: int) -> PeriodEnd:
        """End of a period of `days` calendar days (自然日) counted from the day after `start`
        (民法典 art. 201). If the nominal last day is a 法定休假日 (a weekend or official rest
        day that is not a make-up working day), the period ends on the day after the rest
        period, i.e. the next working day (民法典 art. 203 para. 1 "以法定休假日结束的次日为
        期间的最后一日"; 民事诉讼法 art. 85). The last day ends at 24:00, or at the close of
        business where there are business hours (art. 203 para. 2) — callers deal with times.
        """
        if days < 1:
            raise ValueError("a period has at least one day")
        nominal = start + timedelta(days=days)
        end = nominal
        moved_over: list[date] = []
        while not self.is_workday(end):
            moved_over.append(end)
            end += ONE_DAY
        return PeriodEnd(start=start, nominal_end=nominal, end=end, moved_over=tuple(moved_over))

    def calendar_period_end(self, start: date, days: int) -> date:
        """The last day of a calendar-day period (民法典 arts. 201 and 203); see the detail form."""
        return self.calendar_period_end_detail(start, days).end

    def month_period_end(self, start: date, months: int) -> date:
        """The last day of a period of `months` months (e.g. 6 months for 行政诉讼).

        民法典 art. 202: the corresponding day of the final month is the last day; without one,
        the last day of that month. A rest day then moves it as in art. 203.
        """
        if months < 1:
            raise ValueError("a period has at least one month")
        index = start.month - 1 + months
        year, month = start.year + index // 12, index % 12 + 1
        last_day = _stdlib_calendar.monthrange(year, month)[1]
        return self.next_workday(date(year, month, min(start.day, last_day)))

    def year_summary(self, year: int) -> YearSummary:
        """Counts for one known year (rules.md §8.2/§8.3 give them for 2025 and 2026)."""
        self.require_year(year)
        rest_weekdays = sorted(d for d in self.rest_dates if d.year == year and not is_weekend(d))
        work_weekends = sorted(d for d in self.work_dates if d.year == year and is_weekend(d))
        day = date(year, 1, 1)
        total = 0
        while day.year == year:
            total += self.is_workday(day)
            day += ONE_DAY
        return YearSummary(
            year=year,
            rest_weekdays=tuple(rest_weekdays),
            work_weekends=tuple(work_weekends),
            workdays=total,
        )


@dataclass(frozen=True)
class YearSummary:
    year: int
    rest_weekdays: tuple[date, ...]
    work_weekends: tuple[date, ...]
    workdays: int
