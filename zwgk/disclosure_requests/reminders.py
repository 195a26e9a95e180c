"""Deadline reminders and escalation (a periodic job, registered in apps.py).

For every open application with a cached due date:
- 5 and 2 working days before it, a reminder to the clerk who claimed the case (or, if nobody
  did, to the handling unit's clerks);
- once it has passed, an escalation to the unit's head and deputy head and to the district
  office's supervisors.

Each reminder is a ledger event with a dedupe key (request, deadline, date, threshold), so a
run that repeats — or two workers racing — records and mails it once. Mail goes out through
Django's mail after the transaction commits; a mail failure is logged, never rolled back into
the ledger. The 工作台 shows the same facts (inbox.py), so nobody depends on the mail.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar
from zwgk.orgs.models import Membership, Role

from .models import DeadlineKind, DisclosureRequest, EventKind, RequestEvent

logger = logging.getLogger(__name__)

THRESHOLDS = (5, 2)  # working days before the due date


def _recipients(request: DisclosureRequest, roles: tuple[str, ...]) -> list[str]:
    members = Membership.objects.active().filter(unit=request.handling_unit, role__in=roles)
    return sorted({m.user.email for m in members.select_related("user") if m.user.email})


def _supervisor_emails(request: DisclosureRequest) -> list[str]:
    root_path = "/" + request.handling_unit.path.strip("/").split("/")[0] + "/"
    members = Membership.objects.active().filter(
        role=Role.SUPERVISOR, unit__is_competent_office=True, unit__path__startswith=root_path
    )
    return sorted({m.user.email for m in members.select_related("user") if m.user.email})


def _mail_after_commit(subject: str, body: str, to: list[str]) -> None:
    if not to:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        except Exception:
            logger.exception("deadline mail could not be sent")  # never the addresses or data

    transaction.on_commit(send)


def _record_once(
    request: DisclosureRequest, kind: str, key: str, today: date, at: datetime, data: dict[str, Any]
) -> bool:
    """Insert the event unless its dedupe key exists; True when this call inserted it."""
    if RequestEvent.objects.filter(request=request, dedupe_key=key).exists():
        return False
    try:
        with transaction.atomic():
            RequestEvent.objects.create(
                request=request, kind=kind, on_date=today, at=at, data=data, dedupe_key=key
            )
    except IntegrityError:  # another worker was first
        return False
    return True


def _workdays_left(calendar: WorkdayCalendar, today: date, due: date) -> int | None:
    try:
        return calendar.workdays_between(today, due)
    except CalendarYearMissingError:
        return None


def send_deadline_reminders(*, at: datetime) -> dict[str, int]:
    """One run of the job; returns the counts of reminders and escalations recorded."""
    today = timezone.localdate(at)
    calendar = get_workday_calendar()
    counts = {"reminded": 0, "escalated": 0}
    open_requests = (
        DisclosureRequest.objects.open()
        .filter(due_date__isnull=False)
        .select_related("handling_unit", "assigned_to")
    )
    for request in open_requests:
        due = request.due_date
        if due is None:
            continue
        label = DeadlineKind(request.due_kind).label if request.due_kind else ""
        url = reverse("disclosure_requests:detail", args=[request.pk])
        if due < today:
            key = f"escalate:{request.due_kind}:{due.isoformat()}"
            data = {"due": due.isoformat(), "due_kind": request.due_kind}
            if _record_once(request, EventKind.ESCALATED, key, today, at, data):
                counts["escalated"] += 1
                audit.record(
                    action="disclosure_requests.request.escalated",
                    by=None,
                    at=at,
                    target=request,
                    after=data,
                )
                _mail_after_commit(
                    f"【逾期】依申请公开 {request.number} 已超过期限",
                    f"{request.handling_unit.name}办理的政府信息公开申请 {request.number}"
                    f"（{request.subject}）的“{label}”期限 {due.isoformat()} 已过，请督促办理。\n"
                    f"{url}",
                    _recipients(request, (Role.HEAD, Role.DEPUTY)) + _supervisor_emails(request),
                )
            continue
        left = _workdays_left(calendar, today, due)
        if left is None:
            continue
        for threshold in THRESHOLDS:
            if left > threshold or (threshold == 5 and left <= 2):
                continue
            key = f"remind:{request.due_kind}:{due.isoformat()}:{threshold}"
            data = {"due": due.isoformat(), "due_kind": request.due_kind, "workdays_left": left}
            if not _record_once(request, EventKind.REMINDED, key, today, at, data):
                continue
            counts["reminded"] += 1
            audit.record(
                action="disclosure_requests.request.reminded",
                by=None,
                at=at,
                target=request,
                after=data,
            )
            assigned = request.assigned_to
            to = (
                [assigned.email]
                if assigned is not None and assigned.email
                else _recipients(request, (Role.CLERK,))
            )
            _mail_after_commit(
                f"【提醒】依申请公开 {request.number} 还有{left}个工作日到期",
                f"政府信息公开申请 {request.number}（{request.subject}）的“{label}”期限为"
                f" {due.isoformat()}，还有{left}个工作日。\n{url}",
                to,
            )
    return counts
