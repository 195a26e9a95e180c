"""The "monitoring.veto" problem source (zwgk.supervision.problems): sites whose scorecard hit a
单项否决 item in the period, one problem per site, veto item and day."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone

from zwgk.supervision.problems import VETO, Problem

from .models import Scorecard, Website


def veto_problems(start: date, end: date, unit_ids: Collection[int] | None) -> Iterable[Problem]:
    cards = Scorecard.objects.filter(
        subject__startswith="monitoring.site:",
        verdict="failed_veto",
        computed_at__date__gte=start,
        computed_at__date__lte=end,
    ).order_by("computed_at")
    if unit_ids is not None:
        cards = cards.filter(unit_id__in=list(unit_ids))
    names = dict(Website.objects.values_list("pk", "name"))
    seen: set[tuple[str, str, date]] = set()
    for card in cards:
        day = timezone.localdate(card.computed_at)
        site_pk = int(card.subject.split(":")[1])
        labels = {line["code"]: line["label"] for line in card.data.get("lines", [])}
        for code in card.data.get("vetoes", []):
            if (card.subject, code, day) in seen:
                continue
            seen.add((card.subject, code, day))
            yield Problem(
                unit_id=card.unit_id,
                source="monitoring.veto",
                kind=labels.get(code, code)[:40],
                summary=f"{names.get(site_pk, card.subject)}：{labels.get(code, code)}",
                occurred_on=day,
                severity=VETO,
                evidence_url=reverse("monitoring:site_detail", args=[site_pk]),
                reference=card.subject,
            )
