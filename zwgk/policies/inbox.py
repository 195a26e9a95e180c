"""工作台 items of 政策直通车: policies waiting for this person's review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.workspace.inbox import InboxItem

from .permissions import can_review
from .selectors import count_pending_reviews


def policy_items(user: Any, today: date) -> Iterator[InboxItem]:
    pending = count_pending_reviews(user).select_related("unit")[:50]
    for policy in pending:
        if not can_review(user, policy):
            continue
        yield InboxItem(
            title=_("Review the policy: %(title)s") % {"title": policy.title},
            url=reverse("policies:detail", args=[policy.pk]),
            kind="todo",
            unit_label=policy.unit.short_name,
        )
