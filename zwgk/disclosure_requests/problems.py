"""Problem sources of 依申请公开 for supervision (zwgk/supervision/problems.py): applications
answered after their statutory date (条例第三十三条, rules.md §1.6) and applications still
open after a date the agency had to meet. Registration numbers only, never personal data.
Read-only; registered from DisclosureRequestsConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zwgk.supervision.problems import VETO, Problem

from .models import OPEN_STATUSES, DeadlineKind, DisclosureRequest

# Dates the agency itself must meet (the others are the applicant's).
AGENCY_DEADLINES = (DeadlineKind.CONFIRM, DeadlineKind.REPLY, DeadlineKind.CORRECTION_NOTICE)


def _url(pk: int) -> str:
    return reverse("disclosure_requests:detail", kwargs={"pk": pk})


def late_replies(start: date, end: date, unit_ids: Collection[int] | None) -> Iterator[Problem]:
    """Replied after the art. 33 date (on the reply day), or still open the day after the
    nearest date the agency had to meet."""
    qs = DisclosureRequest.objects.all()
    if unit_ids is not None:
        qs = qs.filter(handling_unit_id__in=list(unit_ids))
    late = qs.filter(
        reply__reply_date__range=(start, end),
        reply_due_date__isnull=False,
        reply__reply_date__gt=F("reply_due_date"),
    ).values_list("pk", "number", "handling_unit_id", "reply_due_date", "reply__reply_date")
    for pk, number, unit_id, due, replied in late:
        yield Problem(
            unit_id=unit_id,
            source="disclosure_requests.late_reply",
            kind="依申请公开答复超期",
            summary=f"申请{number}应于{due:%Y-%m-%d}前答复，实际{replied:%Y-%m-%d}答复"
            "（条例第三十三条）",
            occurred_on=replied,
            severity=VETO,
            evidence_url=_url(pk),
            reference=f"disclosure_requests.request:{pk}",
        )
    overdue = qs.filter(
        status__in=OPEN_STATUSES,
        due_kind__in=AGENCY_DEADLINES,
        due_date__gte=start - timedelta(days=1),
        due_date__lt=min(end, timezone.localdate()),
    ).values_list("pk", "number", "handling_unit_id", "due_date")
    for pk, number, unit_id, due in overdue:
        yield Problem(
            unit_id=unit_id,
            source="disclosure_requests.late_reply",
            kind="依申请公开答复超期",
            summary=f"申请{number}应于{due:%Y-%m-%d}前办理，逾期未办结（条例第三十三条）",
            occurred_on=due + timedelta(days=1),
            severity=VETO,
            evidence_url=_url(pk),
            reference=f"disclosure_requests.request:{pk}",
        )
