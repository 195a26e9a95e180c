"""What applications put in each person's 工作台: open cases of their units with the nearest
deadline, 协办 requests to answer, overdue cases for heads and the district office, and the
复议/诉讼 alert above 2% (铜府办发〔2019〕16号)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.orgs.permissions import is_supervisor, memberships_of
from zwgk.workspace.inbox import InboxItem

from . import selectors
from .models import DeadlineKind, Status
from .permissions import STAFF_ROLES
from .statute import APPEAL_ALERT_SHARE

LIMIT = 50


def request_items(user: Any, today: date) -> Iterable[InboxItem]:
    staff_units = [m.unit_id for m in memberships_of(user) if m.role in STAFF_ROLES]
    if staff_units:
        for request in selectors.list_open_for_units(staff_units)[:LIMIT]:
            kind = DeadlineKind(request.due_kind).label if request.due_kind else ""
            title = (
                _("Confirm receipt: %(subject)s")
                if request.status == Status.PENDING
                else _("Application %(number)s: %(subject)s")
            )
            yield InboxItem(
                title=title % {"subject": request.subject, "number": request.number},
                url=reverse("disclosure_requests:detail", args=[request.pk]),
                kind="todo",
                due_date=request.due_date,
                unit_label=request.handling_unit.short_name,
                detail=str(kind),
            )
    for assistance in selectors.list_assisting(user):
        if assistance.answered_on is not None:
            continue
        yield InboxItem(
            title=_("Assistance asked: %(number)s") % {"number": assistance.request.number},
            url=reverse("disclosure_requests:detail", args=[assistance.request_id]),
            kind="todo",
            unit_label=assistance.request.handling_unit.short_name,
            detail=assistance.question[:80],
        )
    escalate_to = set(selectors.headed_unit_ids(user)) | set(selectors.supervised_unit_ids(user))
    if escalate_to:
        overdue = selectors.overdue_in_units(escalate_to, today).count()
        if overdue:
            yield InboxItem(
                title=_("%(count)d applications for disclosure are past their deadline")
                % {"count": overdue},
                url=reverse("disclosure_requests:list") + "?overdue=1",
                kind="alert",
                detail=_("Regulations arts. 30–33"),
            )
    if escalate_to or is_supervisor(user):
        rows, district = selectors.appeal_shares(user)
        for share in [*rows, *([district] if district else [])]:
            if not share.is_alert:
                continue
            name = share.unit.short_name if share.unit else _("the district")
            yield InboxItem(
                title=_(
                    "Reconsideration and litigation: %(name)s above %(limit)d%% "
                    "(corrected %(corrected).1f%%, lost %(lost).1f%%)"
                )
                % {
                    "name": name,
                    "limit": round(APPEAL_ALERT_SHARE * 100),
                    "corrected": share.corrected_share * 100,
                    "lost": share.lost_share * 100,
                },
                url=reverse("disclosure_requests:appeals"),
                kind="alert",
                detail=_("Keep the share under 2% (铜府办发〔2019〕16号)."),
            )
