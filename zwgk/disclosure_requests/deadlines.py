"""The bridge between the stored ledger and the pure clock: build `LedgerEvent`s from the rows,
fold them with the current calendar, and keep the cached due dates on the application.

`recompute_due_dates` is registered with zwgk.core.deadlines, so a change of the holiday
arrangement refreshes every open application in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings

from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar

from . import clock
from .models import OPEN_STATUSES, DisclosureRequest, RequestEvent

# Kinds that are bookkeeping, not legal facts: they never move the clock.
NOT_LEGAL = frozenset(
    {
        RequestEvent.Kind.REMINDED,
        RequestEvent.Kind.ESCALATED,
        RequestEvent.Kind.ASSISTANCE_REQUESTED,
    }
)


def fee_pauses_clock() -> bool:
    """Policy switch for the [UNCONFIRMED] fee pause (clock.py docstring); default on."""
    return bool(getattr(settings, "ZWGK_FOI_FEE_PAUSES_CLOCK", True))


def ledger_of(request: DisclosureRequest) -> list[clock.LedgerEvent]:
    return [
        clock.LedgerEvent(kind=event.kind, on=event.on_date, data=event.data)
        for event in request.events.exclude(kind__in=NOT_LEGAL).order_by("on_date", "at", "pk")
    ]


def clock_of(
    request: DisclosureRequest, calendar: WorkdayCalendar | None = None
) -> clock.Clock | None:
    """The folded clock of `request`; None when the calendar lacks a year it needs (the page
    says so and the district office is alerted to load the year)."""
    calendar = calendar or get_workday_calendar()
    try:
        return clock.fold(ledger_of(request), calendar, fee_pauses_clock=fee_pauses_clock())
    except CalendarYearMissingError:
        return None


def cached_values(result: clock.Clock | None) -> dict[str, Any]:
    nxt = result.next_deadline if result is not None else None
    return {
        "due_date": nxt.due if nxt else None,
        "due_kind": nxt.kind if nxt else "",
        "reply_due_date": result.reply_due if result is not None else None,
    }


def refresh(
    request: DisclosureRequest, calendar: WorkdayCalendar | None = None
) -> clock.Clock | None:
    """Recompute and store the cache of `request` (inside the caller's transaction)."""
    result = clock_of(request, calendar)
    values = cached_values(result)
    changed = any(getattr(request, name) != value for name, value in values.items())
    if changed:
        for name, value in values.items():
            setattr(request, name, value)
        DisclosureRequest.objects.filter(pk=request.pk).update(**values)
    return result


def recompute_due_dates(years: frozenset[int], calendar: WorkdayCalendar, at: datetime) -> int:
    """Registered with zwgk.core.deadlines: refresh every open application whose ledger may touch
    a changed year (a case runs at most a few months, so received from the year before on)."""
    earliest = date(min(years) - 1, 1, 1)
    open_requests = DisclosureRequest.objects.filter(
        status__in=OPEN_STATUSES, received_at__date__gte=earliest
    )
    count = 0
    for request in open_requests.only("pk", "due_date", "due_kind", "reply_due_date"):
        before = cached_values_of(request)
        refresh(request, calendar)
        if cached_values_of(request) != before:
            count += 1
    return count


def cached_values_of(request: DisclosureRequest) -> tuple[Any, ...]:
    return (request.due_date, request.due_kind, request.reply_due_date)
