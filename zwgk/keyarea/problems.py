"""The supervision problem source "keyarea.missing": key-area items not published by their due
date (late, SERIOUS) or published after it (MINOR), for 通报 and the dashboards."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone

from zwgk.supervision import problems

from . import cadence, selectors

SOURCE = "keyarea.missing"


def missing_items(
    start: date, end: date, unit_ids: Collection[int] | None
) -> Iterable[problems.Problem]:
    today = timezone.localdate()
    for row in selectors.list_due_between(start, end, unit_ids, today):
        if row.status == cadence.LATE:
            kind, severity = "重点领域信息逾期未公开", problems.SERIOUS
            summary = (
                f"{row.item.name}（{row.period.label}）应于{row.period.due.isoformat()}前公开，"
                "至今未公开"
            )
        elif row.status == cadence.PUBLISHED_LATE:
            kind, severity = "重点领域信息逾期公开", problems.MINOR
            first = row.assessment.first_published_on
            summary = (
                f"{row.item.name}（{row.period.label}）应于{row.period.due.isoformat()}前公开，"
                f"{first.isoformat() if first else ''}才公开"
            )
        else:
            continue
        query = f"?year={row.period.due.year}&unit={row.unit.pk}&area={row.item.area.slug}"
        yield problems.Problem(
            unit_id=row.unit.pk,
            source=SOURCE,
            kind=kind,
            summary=summary,
            occurred_on=row.period.due,
            severity=severity,
            evidence_url=reverse("keyarea:completeness") + query,
            reference=f"keyarea:{row.unit.pk}/{row.item.slug}/{row.period.key}",
        )
