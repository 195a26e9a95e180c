"""工作台 items of 行政执法公示: the unit's decisions not yet public, due soon or overdue; for
the district office, one reminder with the number of results past their publication date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import permissions
from .models import Decision, DecisionStatus

SOON = timedelta(days=7)


def decision_items(user: Any, today: date) -> Iterator[Any]:
    from zwgk.orgs.permissions import is_supervisor, visible_units
    from zwgk.workspace.inbox import InboxItem

    if is_supervisor(user):
        overdue = Decision.objects.filter(
            unit__in=visible_units(user),
            status=DecisionStatus.DRAFT,
            publish_due_date__lt=today,
        ).count()
        if overdue:
            yield InboxItem(
                title=_("%(count)s enforcement results are past their publication date")
                % {"count": overdue},
                url=reverse("enforcement:decision_list") + "?overdue=1",
                kind="alert",
            )
    units = permissions.managed_units(user)
    if not units:
        return
    waiting = (
        Decision.objects.filter(
            unit__in=units,
            status=DecisionStatus.DRAFT,
            publish_due_date__lte=today + SOON,
        )
        .select_related("unit")
        .order_by("publish_due_date")[:50]
    )
    for decision in waiting:
        overdue = decision.publish_due_date is not None and decision.publish_due_date < today
        yield InboxItem(
            title=_("Publish enforcement result %(number)s") % {"number": decision.number},
            url=reverse("enforcement:decision_detail", args=[decision.pk]),
            kind="alert" if overdue else "todo",
            due_date=decision.publish_due_date,
            unit_label=decision.unit.short_name,
            detail=decision.get_kind_display(),
        )
