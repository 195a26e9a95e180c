"""The art. 26 deadline: proactive information is public within 20 working days of being formed
or changed (条例第二十六条, rules.md §1.9). Computed, never typed; `publish_due_date` on the row
is only its cache, recomputed when the calendar changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar

from .statute import PUBLICATION_WORKDAYS, DisclosureAttribute


def publish_due_date(document: Any, calendar: WorkdayCalendar | None = None) -> date | None:
    """The last day to publish: formed date + 20 working days (the formed day not counted).

    None when the document is not for proactive disclosure, has no formed date yet, or the
    calendar lacks the year (the workbench alerts the district office about missing years).
    """
    if document.disclosure != DisclosureAttribute.PROACTIVE or not document.formed_date:
        return None
    calendar = calendar or get_workday_calendar()
    try:
        return calendar.add_workdays(document.formed_date, PUBLICATION_WORKDAYS)
    except CalendarYearMissingError:
        return None


def recompute_publish_due_dates(
    years: frozenset[int], calendar: WorkdayCalendar, at: datetime
) -> int:
    """Registered with zwgk.core.deadlines: refresh the cache of unpublished documents whose
    period may touch a changed year (a period starts at most about two months before its end)."""
    from .models import Document, Status

    open_docs = Document.objects.filter(
        disclosure=DisclosureAttribute.PROACTIVE, formed_date__isnull=False
    ).exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN, Status.REGISTERED])
    open_docs = open_docs.filter(
        formed_date__year__gte=min(years) - 1, formed_date__year__lte=max(years)
    )
    count = 0
    for document in open_docs.only("pk", "disclosure", "formed_date", "publish_due_date"):
        due = publish_due_date(document, calendar)
        if due != document.publish_due_date:
            type(document).objects.filter(pk=document.pk).update(publish_due_date=due)
            count += 1
    return count
