"""Reads of core's own tables for the interfaces.

Calendar: the holiday arrangement is the same for the whole district, so these reads are not
scoped to a unit; the views check `policy.MANAGE_CALENDAR` before showing the management pages.
(The audit viewer keeps its reads in audit_selectors.py.)
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet

from .models import HolidayYear, SpecialDay
from .workdays import WorkdayCalendar, YearSummary

# --- Calendar ----------------------------------------------------------------------------------

Stamp = tuple[tuple[int, uuid.UUID], ...]

_lock = threading.Lock()
_cached: tuple[Stamp, WorkdayCalendar] | None = None


def calendar_stamp() -> Stamp:
    """The version of the calendar data: every year with its revision.

    Each change of a year gives it a fresh random revision (calendar_services), so the stamp
    differs after any change made by any process, and also after a rolled-back change (the
    revision goes back to the old value, which no longer matches what a process cached while
    the transaction was open). One indexed query of about twenty rows.
    """
    return tuple(HolidayYear.objects.order_by("year").values_list("year", "revision"))


def load_workday_calendar() -> WorkdayCalendar:
    """Build a WorkdayCalendar from the database, uncached."""
    rows = SpecialDay.objects.values_list("date", "kind")
    return WorkdayCalendar.build(
        years=HolidayYear.objects.values_list("year", flat=True),
        rest_dates=[day for day, kind in rows if kind == SpecialDay.Kind.REST],
        work_dates=[day for day, kind in rows if kind == SpecialDay.Kind.WORK],
    )


def get_workday_calendar() -> WorkdayCalendar:
    """The current working-day calendar, cached per process and reloaded when the stamp changes.

    The check reads the stamp from the database on every call, so a change committed by another
    process (a web worker, `zwgk workdays import`, the background worker) is seen at once.
    """
    global _cached
    stamp = calendar_stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    calendar = load_workday_calendar()
    # The data may have changed between the two reads; only cache if the stamp still holds.
    if calendar_stamp() == stamp:
        with _lock:
            _cached = (stamp, calendar)
    return calendar


@dataclass(frozen=True)
class HolidayYearRow:
    year: int
    source: str
    updated_at: datetime
    rest_days: int
    work_days: int
    summary: YearSummary


def _with_counts(qs: QuerySet[HolidayYear]) -> QuerySet[HolidayYear]:
    return qs.annotate(
        rest_count=Count("days", filter=Q(days__kind=SpecialDay.Kind.REST)),
        work_count=Count("days", filter=Q(days__kind=SpecialDay.Kind.WORK)),
    )


def list_holiday_years() -> list[HolidayYearRow]:
    """Every known year, newest first, with its counts and working-day total."""
    calendar = get_workday_calendar()
    return [
        HolidayYearRow(
            year=row.year,
            source=row.source,
            updated_at=row.updated_at,
            rest_days=row.rest_count,  # type: ignore[attr-defined]
            work_days=row.work_count,  # type: ignore[attr-defined]
            summary=calendar.year_summary(row.year),
        )
        for row in _with_counts(HolidayYear.objects.order_by("-year"))
    ]


def get_holiday_year(year: int) -> HolidayYear:
    """One year; raises HolidayYear.DoesNotExist (the views answer 404)."""
    return HolidayYear.objects.get(year=year)


def list_special_days(holiday_year: HolidayYear) -> list[SpecialDay]:
    return list(holiday_year.days.order_by("date"))


def year_days(year: int) -> list[tuple[date, str, str]]:
    """(date, kind, name) of a year's special days, for export and audit summaries."""
    return list(
        SpecialDay.objects.filter(year__year=year)
        .order_by("date")
        .values_list("date", "kind", "name")
    )


def known_years() -> frozenset[int]:
    return frozenset(HolidayYear.objects.values_list("year", flat=True))


def special_day_names(days: Iterable[date]) -> dict[date, str]:
    """Holiday names of the given dates, for explaining which days a count skipped."""
    return dict(
        SpecialDay.objects.filter(date__in=list(days), kind=SpecialDay.Kind.REST)
        .exclude(name="")
        .values_list("date", "name")
    )
