"""The supervision problem source "newmedia.veto": accounts that hit a 单项否决 item (no update
in 2 weeks) and the other serious account findings, for 通报, spot checks and dashboards."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from django.urls import reverse

from zwgk.supervision.problems import MINOR, SERIOUS, VETO, Problem

from .models import Finding
from .rules import KIND_LABELS

SEVERITY = {"veto": VETO, "serious": SERIOUS, "minor": MINOR}
# The warning before the veto is not a problem yet.
REPORTED = ("veto_no_update", "unanswered", "no_maintainer", "unfiled_change", "weekly_minimum")


def veto_problems(start: date, end: date, unit_ids: Collection[int] | None) -> Iterable[Problem]:
    qs = Finding.objects.filter(found_on__gte=start, found_on__lte=end, kind__in=REPORTED)
    if unit_ids is not None:
        qs = qs.filter(account__host_unit_id__in=list(unit_ids))
    # One problem per account and kind in the period: the first day it was found.
    seen: set[tuple[int, str]] = set()
    for f in qs.select_related("account").order_by("found_on", "pk"):
        key = (f.account_id, f.kind)
        if key in seen:
            continue
        seen.add(key)
        yield Problem(
            unit_id=f.account.host_unit_id,
            source="newmedia.veto",
            kind=KIND_LABELS[f.kind],
            summary=f.summary,
            occurred_on=f.found_on,
            severity=SEVERITY.get(f.severity, MINOR),
            evidence_url=reverse("newmedia:detail", args=[f.account_id]),
            reference=f"newmedia.account:{f.account_id}",
        )
