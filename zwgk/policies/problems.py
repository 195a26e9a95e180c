"""Problems of 政策直通车 for the supervision registry: policies whose push left subscribers
without the message (deliveries that failed after every retry)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

from django.db.models import Count, Max
from django.urls import reverse

from zwgk.supervision.problems import MINOR, Problem

from .models import Delivery, DeliveryStatus


def failed_pushes(start: date, end: date, unit_ids: Collection[int] | None) -> Iterator[Problem]:
    rows = Delivery.objects.filter(
        status=DeliveryStatus.FAILED,
        created_at__date__gte=start,
        created_at__date__lte=end,
        attempts__gte=1,  # a delivery skipped because the subscriber left is no problem
    )
    if unit_ids is not None:
        rows = rows.filter(policy__unit_id__in=list(unit_ids))
    grouped = (
        rows.values("policy_id", "policy__unit_id", "policy__title", "revision")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by("policy_id", "revision")
    )
    for row in grouped:
        yield Problem(
            unit_id=row["policy__unit_id"],
            source="policies.failed_pushes",
            kind="政策推送失败",
            summary=f"《{row['policy__title']}》有 {row['n']} 条推送消息多次重试后仍未送达",
            occurred_on=row["last"].date(),
            severity=MINOR,
            evidence_url=reverse("policies:detail", args=[row["policy_id"]]),
            reference=f"policies.policy:{row['policy_id']}:{row['revision']}",
        )
