"""工作台 items of monitoring: open work orders (待办) and recent alerts (提醒)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zwgk.workspace.inbox import InboxItem

from . import selectors
from .models import Rectification


def monitoring_items(user: Any, today: date) -> Iterable[InboxItem]:
    live = selectors.list_rectifications(user).exclude(status=Rectification.Status.CLOSED)
    for r in live.filter(status=Rectification.Status.OPEN)[:50]:
        yield InboxItem(
            title=_("Rectification: %(title)s") % {"title": r.title},
            url=reverse("monitoring:rectification_detail", args=[r.pk]),
            kind="todo",
            due_date=r.due_date,
            unit_label=r.unit.short_name,
        )
    since = timezone.now() - timedelta(days=7)
    for alert in selectors.list_alerts(user, since=since)[:20]:
        yield InboxItem(
            title=alert.message,
            url=reverse("monitoring:rectification_list"),
            kind="alert",
            unit_label=alert.unit.short_name,
        )
