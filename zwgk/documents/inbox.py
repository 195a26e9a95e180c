"""What documents put in each person's 工作台: reviews waiting for them, returned drafts and
approved documents to publish, and proactive documents past the art. 26 deadline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.orgs.models import Role
from zwgk.orgs.permissions import is_supervisor, memberships_of, visible_units
from zwgk.workspace.inbox import InboxItem

from . import normative, selectors
from .models import Status


def document_items(user: Any, today: date) -> Iterable[InboxItem]:
    for document in selectors.list_awaiting_my_review(user)[:50]:
        yield InboxItem(
            title=_("Review: %(title)s") % {"title": document.title},
            url=reverse("documents:detail", args=[document.pk]),
            kind="todo",
            due_date=document.publish_due_date,
            unit_label=document.publishing_unit.short_name,
            detail=document.get_status_display(),
        )
    for document in selectors.list_my_unit_todo(user)[:50]:
        title = (
            _("Returned: %(title)s")
            if document.status == Status.RETURNED
            else _("Publish: %(title)s")
        )
        yield InboxItem(
            title=title % {"title": document.title},
            url=reverse("documents:detail", args=[document.pk]),
            kind="todo",
            due_date=document.publish_due_date,
            unit_label=document.publishing_unit.short_name,
            detail=document.return_reason,
        )
    for record in normative.expiring_soon(visible_units(user), today):
        days = (record.valid_until - today).days
        if days in range(0, 31) or days in range(60, 91):
            yield InboxItem(
                title=_("Normative document expires in %(days)d days: %(title)s")
                % {"days": days, "title": record.document.title},
                url=reverse("documents:detail", args=[record.document_id]),
                kind="alert",
                due_date=record.valid_until,
                unit_label=record.document.publishing_unit.short_name,
                detail=_("Renew it, or let it lapse on its expiry date."),
            )
    heads = any(m.role in (Role.HEAD, Role.DEPUTY) for m in memberships_of(user))
    if heads or is_supervisor(user):
        overdue = selectors.list_overdue(user, today).count()
        if overdue:
            yield InboxItem(
                title=_("%(count)d documents are past the 20-working-day publication deadline")
                % {"count": overdue},
                url=reverse("documents:list"),
                kind="alert",
                detail=_("Regulations art. 26"),
            )
