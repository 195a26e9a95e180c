"""The 工作台 items of newmedia: filings waiting for the person (the unit head's agreement,
the district office's review) and unacknowledged alerts of the last 14 days about the
accounts the person may see (veto hit, or day 10 without a post)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from zwgk.workspace.inbox import InboxItem

from . import permissions, selectors
from .models import Alert, FilingState


def account_items(user: Any, today: date) -> Iterable[InboxItem]:
    for filing in selectors.list_pending_filings(user)[:200]:
        if (filing.state == FilingState.AWAITING_HEAD and permissions.can_agree(user, filing)) or (
            filing.state == FilingState.AWAITING_REVIEW and permissions.can_review(user, filing)
        ):
            yield InboxItem(
                title=f"政务新媒体{filing.get_kind_display()}备案待处理：{filing.account.name}",
                url=reverse("newmedia:detail", args=[filing.account_id]),
                kind="todo",
                unit_label=filing.account.host_unit.short_name,
            )
    alerts = (
        Alert.objects.filter(
            account__in=selectors.list_accounts(user),
            sent_at__date__gte=today - timedelta(days=14),
            acknowledged_at__isnull=True,
        )
        .select_related("account", "account__host_unit")
        .order_by("-sent_at")[:100]
    )
    for alert in alerts:
        yield InboxItem(
            title=alert.message,
            url=reverse("newmedia:detail", args=[alert.account_id]),
            kind="alert",
            unit_label=alert.account.host_unit.short_name,
        )
