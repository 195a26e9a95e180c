"""工作台 items of participation: drafts waiting for the head's approval, held comments and
unanswered comments of the viewer's units, and closed consultations whose adoption results are
due (statute.RESULTS_DUE_WORKDAYS)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.orgs.models import Role
from zwgk.orgs.permissions import memberships_of
from zwgk.workspace.inbox import InboxItem

from .models import Comment, Consultation, Status
from .permissions import STAFF_ROLES
from .problems import results_due
from .services import unanswered_comments


def participation_items(user: Any, today: date) -> Iterator[InboxItem]:
    units = {m.unit_id: m for m in memberships_of(user) if m.role in STAFF_ROLES}
    heads = {m.unit_id for m in memberships_of(user) if m.role == Role.HEAD}
    if not units:
        return
    qs = Consultation.objects.filter(
        unit_id__in=list(units), status__in=(Status.SUBMITTED, Status.OPEN, Status.CLOSED)
    ).select_related("unit")
    for c in qs:
        url = reverse("participation:detail", args=[c.pk])
        if c.status == Status.SUBMITTED:
            if c.unit_id in heads:
                yield InboxItem(
                    title=f"审核征求意见稿：{c.title}",
                    url=url,
                    kind="todo",
                    unit_label=c.unit.short_name,
                )
            continue
        held = c.comments.filter(moderation=Comment.Moderation.HELD).count()
        if held:
            yield InboxItem(
                title=f"{held}条意见待审查：{c.title}",
                url=url,
                kind="alert",
                unit_label=c.unit.short_name,
            )
        if c.status == Status.CLOSED:
            missing = unanswered_comments(c).count()
            yield InboxItem(
                title=f"公布意见采纳情况：{c.title}"
                + (f"（{missing}条意见未答复）" if missing else ""),
                url=url,
                kind="todo",
                due_date=results_due(c),
                unit_label=c.unit.short_name,
            )
