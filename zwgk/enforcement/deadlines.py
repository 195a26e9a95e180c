"""When an enforcement result must be public, and whether it was late (pure: no database).

The due date is `PUBLICATION_DEADLINES[kind].workdays` working days after the decision date,
the decision day not counted (民法典 art. 201, rules.md §8.4), over the official working-day
calendar. The figures are UNCONFIRMED (statute.py). The stored `publish_due_date` is only the
cache of `publication_due()` for lists and reminders; a calendar change recomputes it
(`recompute_due_dates`, registered with zwgk.core.deadlines).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar

from .statute import PUBLICATION_DEADLINES


def publication_due(calendar: WorkdayCalendar, kind: str, decision_date: date) -> date | None:
    """The last day to publish a decision of `kind` made on `decision_date`; None while the
    calendar lacks a year the count needs (filled in when that year is loaded)."""
    rule = PUBLICATION_DEADLINES[kind]
    try:
        return calendar.add_workdays(decision_date, rule.workdays)
    except CalendarYearMissingError:
        return None


def is_late(due: date | None, published_on: date | None, today: date) -> bool:
    """Published after the due date, or still unpublished after it."""
    if due is None:
        return False
    return (published_on or today) > due


def workdays_late(
    calendar: WorkdayCalendar, due: date | None, published_on: date | None, today: date
) -> int:
    """How many working days after the due date the result was (or is still not) published."""
    if due is None or not is_late(due, published_on, today):
        return 0
    try:
        return calendar.workdays_between(due, published_on or today)
    except CalendarYearMissingError:
        return 0


def recompute_due_dates(years: frozenset[int], calendar: WorkdayCalendar, at: datetime) -> int:
    """Registered with zwgk.core.deadlines: refresh the cached due date of every decision whose
    count may touch a changed year (a count of at most 20 working days spans two years)."""
    from .models import Decision

    earliest = date(min(years) - 1, 1, 1)
    count = 0
    rows: Any = Decision.objects.filter(decision_date__gte=earliest).only(
        "pk", "kind", "decision_date", "publish_due_date", "published_at", "is_late", "status"
    )
    for decision in rows:
        due = publication_due(calendar, decision.kind, decision.decision_date)
        published_on = timezone.localdate(decision.published_at) if decision.published_at else None
        # A published result's lateness follows its due date (it was not known, or it moved).
        late = is_late(due, published_on, published_on) if published_on else decision.is_late
        if due != decision.publish_due_date or late != decision.is_late:
            Decision.objects.filter(pk=decision.pk).update(publish_due_date=due, is_late=late)
            count += 1
    return count
