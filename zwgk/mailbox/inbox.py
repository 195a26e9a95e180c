"""What letters and messages put in each person's 工作台: open letters of their units with the
reply due date, replies waiting for the head's approval, and for the district office the count of
overdue letters of the district (件件有回音)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.orgs.permissions import is_supervisor, memberships_of, visible_units
from zwgk.workspace.inbox import InboxItem

from .models import Letter, Message, Status
from .permissions import APPROVER_ROLES, STAFF_ROLES

LIMIT = 50


def letter_items(user: Any, today: date) -> Iterable[InboxItem]:
    memberships = memberships_of(user)
    staff_units = [m.unit_id for m in memberships if m.role in STAFF_ROLES]
    approver_units = {m.unit_id for m in memberships if m.role in APPROVER_ROLES}
    if staff_units:
        letters = (
            Letter.objects.open()
            .filter(handling_unit_id__in=staff_units)
            .select_related("handling_unit")
            .order_by("due_date", "received_at")[:LIMIT]
        )
        for letter in letters:
            awaiting_me = (
                letter.status == Status.REVIEW and letter.handling_unit_id in approver_units
            )
            if letter.status == Status.REVIEW and not awaiting_me:
                continue
            title = (
                _("Approve the reply to letter %(number)s: %(subject)s")
                if awaiting_me
                else _("Answer letter %(number)s: %(subject)s")
            )
            yield InboxItem(
                title=title % {"number": letter.number, "subject": letter.subject},
                url=reverse("mailbox:detail", args=[letter.pk]),
                kind="todo",
                due_date=letter.due_date,
                unit_label=letter.handling_unit.short_name,
                detail=str(_("Public mailbox")),
            )
        unanswered = Message.objects.filter(
            unit_id__in=staff_units, answered_at__isnull=True
        ).count()
        if unanswered:
            yield InboxItem(
                title=_("%(count)d messages on sites and accounts are not answered")
                % {"count": unanswered},
                url=reverse("mailbox:messages") + "?state=open",
                kind="alert",
            )
    if is_supervisor(user):
        office_units = [m.unit_id for m in memberships if m.unit.is_competent_office]
        waiting = (
            Letter.objects.filter(status=Status.OPEN, handling_unit_id__in=office_units)
            .select_related("handling_unit")
            .order_by("due_date", "received_at")[:LIMIT]
        )
        for letter in waiting:
            yield InboxItem(
                title=_("Route letter %(number)s to the responsible unit: %(subject)s")
                % {"number": letter.number, "subject": letter.subject},
                url=reverse("mailbox:detail", args=[letter.pk]),
                kind="todo",
                due_date=letter.due_date,
                unit_label=letter.handling_unit.short_name,
                detail=str(_("Public mailbox")),
            )
        overdue = (
            Letter.objects.open()
            .filter(handling_unit__in=visible_units(user), due_date__lt=today)
            .count()
        )
        if overdue:
            yield InboxItem(
                title=_("%(count)d mailbox letters are past their reply date") % {"count": overdue},
                url=reverse("mailbox:unanswered"),
                kind="alert",
                detail=str(_("Every letter must get an answer.")),
            )
