"""The reply due date of a letter: `reply_workdays` working days (the mailbox's setting) after
the day it was received, the day itself not counted (民法典 art. 201; rules.md §8.4). A transfer
does not restart the period: the writer waits for the government, not for a unit.

`recompute_due_dates` is registered with zwgk.core.deadlines, so a change of the holiday
arrangement refreshes the cached due dates of open letters.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar

from .models import OPEN_STATUSES, Letter


def reply_due(calendar: WorkdayCalendar, received_on: date, workdays: int) -> date | None:
    """The due date, or None when the calendar lacks a year it needs (the office is alerted to
    load the year; the letter shows "no due date yet")."""
    try:
        return calendar.add_workdays(received_on, workdays)
    except CalendarYearMissingError:
        return None


def due_date_of(letter: Letter, calendar: WorkdayCalendar | None = None) -> date | None:
    calendar = calendar or get_workday_calendar()
    return reply_due(
        calendar, timezone.localdate(letter.received_at), letter.mailbox.reply_workdays
    )


def recompute_due_dates(years: frozenset[int], calendar: WorkdayCalendar, at: datetime) -> int:
    earliest = date(min(years) - 1, 1, 1)
    count = 0
    letters = Letter.objects.filter(
        status__in=OPEN_STATUSES, received_at__date__gte=earliest
    ).select_related("mailbox")
    for letter in letters:
        due = due_date_of(letter, calendar)
        if due != letter.due_date:
            Letter.objects.filter(pk=letter.pk).update(due_date=due)
            count += 1
    return count
