"""The supervision problem source "participation.unanswered": consultations whose 意见采纳情况
was not published within the due period after the comment period closed (seed notice §一(二)1
"公开意见采纳情况"). The due period is data (statute.RESULTS_DUE_WORKDAYS, local policy, or
settings.ZWGK_PARTICIPATION_RESULTS_WORKDAYS), counted in working days from the closing day.

A problem occurs on the day after the due date: for a consultation still unpublished then, and
for one published after it (published late). Reads only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError
from zwgk.supervision.problems import SERIOUS, Problem

from . import clock
from .models import Consultation, Status
from .services import results_due_workdays


def results_due(consultation: Consultation) -> date | None:
    """The due date of the adoption results; None while open, or when the working-day calendar
    lacks the year (the calendar page says which year to load)."""
    if consultation.closed_at is None:
        return None
    try:
        return clock.results_due_date(
            get_workday_calendar(),
            timezone.localdate(consultation.closed_at),
            results_due_workdays(),
        )
    except CalendarYearMissingError:
        return None


def unanswered_problems(
    start: date, end: date, unit_ids: Collection[int] | None
) -> Iterator[Problem]:
    today = timezone.localdate()
    qs = Consultation.objects.filter(
        status__in=(Status.CLOSED, Status.RESULTS_PUBLISHED), closed_at__isnull=False
    ).select_related("unit")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    for c in qs:
        due = results_due(c)
        if due is None:
            continue
        occurred = due + timedelta(days=1)
        if not start <= occurred <= min(end, today):
            continue
        published = timezone.localdate(c.results_published_at) if c.results_published_at else None
        if published is not None and published <= due:
            continue
        if published is None:
            summary = (
                f"《{c.title}》征求意见已于{timezone.localdate(c.closed_at):%Y-%m-%d}结束，"
                f"逾期（{due:%Y-%m-%d}前）未公布意见采纳情况"
            )
            kind = "重大决策预公开未公布意见采纳情况"
        else:
            summary = f"《{c.title}》意见采纳情况{published:%Y-%m-%d}公布，晚于{due:%Y-%m-%d}"
            kind = "重大决策预公开意见采纳情况逾期公布"
        yield Problem(
            unit_id=c.unit_id,
            source="participation.unanswered",
            kind=kind,
            summary=summary,
            occurred_on=occurred,
            severity=SERIOUS,
            evidence_url=reverse("participation:detail", args=[c.pk]),
            reference=f"participation.consultation:{c.pk}",
        )
