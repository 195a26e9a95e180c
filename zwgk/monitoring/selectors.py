"""Reads of monitoring, scoped to the viewer's units (another unit's object → 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from zwgk.orgs.permissions import visible_units

from . import scoring
from .models import (
    Alert,
    Column,
    CrawlRun,
    Finding,
    IndicatorSetting,
    PageVersion,
    Probe,
    Rectification,
    Scorecard,
    Website,
)


def get_scoring_table() -> scoring.Table:
    """The national table with the district office's edits folded in."""
    overrides = {
        s.code: {
            "points": s.points,
            "cap": s.cap,
            "threshold": s.threshold,
            "enabled": s.enabled,
            "confidence": s.confidence,
        }
        for s in IndicatorSetting.objects.all()
    }
    return scoring.apply_overrides(scoring.DEFAULT_TABLE, overrides)


def list_websites(viewer: Any) -> QuerySet[Website]:
    return Website.objects.filter(unit__in=visible_units(viewer)).select_related("unit")


def get_website(viewer: Any, pk: int) -> Website:
    try:
        return list_websites(viewer).get(pk=pk)
    except Website.DoesNotExist as error:
        raise Http404 from error


def list_columns(website: Website) -> QuerySet[Column]:
    return website.columns.order_by("status", "name")


def get_column(viewer: Any, pk: int) -> Column:
    try:
        return Column.objects.select_related("website").get(
            pk=pk, website__unit__in=visible_units(viewer)
        )
    except Column.DoesNotExist as error:
        raise Http404 from error


def list_findings(website: Website, *, run: CrawlRun | None = None) -> QuerySet[Finding]:
    qs = website.findings.all()
    if run is not None:
        qs = qs.filter(run=run)
    return qs


def latest_run(website: Website) -> CrawlRun | None:
    return website.runs.order_by("-queued_at").first()


def list_scorecards(subject: str, *, limit: int = 20) -> list[Scorecard]:
    """The trend: newest first."""
    return list(Scorecard.objects.filter(subject=subject)[:limit])


def list_rectifications(viewer: Any, *, status: str | None = None) -> QuerySet[Rectification]:
    qs = Rectification.objects.filter(unit__in=visible_units(viewer)).select_related("unit")
    if status:
        qs = qs.filter(status=status)
    return qs


def get_rectification(viewer: Any, pk: int) -> Rectification:
    try:
        return list_rectifications(viewer).get(pk=pk)
    except Rectification.DoesNotExist as error:
        raise Http404 from error


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class RepeatOffender:
    unit_label: str
    subject: str
    indicator: str
    quarters: tuple[str, ...]  # the quarters in which a work order was opened, oldest first


def list_repeat_offenders(viewer: Any, *, min_quarters: int = 2) -> list[RepeatOffender]:
    """Subjects that got a work order for the same indicator in several quarters."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in list_rectifications(viewer).only(
        "unit__short_name", "subject", "indicator", "opened_at"
    ):
        seen[(r.unit.short_name, r.subject, r.indicator)].add(quarter_of(r.opened_at.date()))
    return sorted(
        (
            RepeatOffender(unit, subject, indicator, tuple(sorted(quarters)))
            for (unit, subject, indicator), quarters in seen.items()
            if len(quarters) >= min_quarters
        ),
        key=lambda o: (-len(o.quarters), o.unit_label, o.subject),
    )


def count_rectifications_by_quarter(viewer: Any) -> dict[str, dict[str, int]]:
    """{quarter: {unit short name: work orders opened}} for the quarter-to-quarter view."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in list_rectifications(viewer).only("unit__short_name", "opened_at"):
        table[quarter_of(r.opened_at.date())][r.unit.short_name] += 1
    return {q: dict(units) for q, units in sorted(table.items())}


def list_alerts(viewer: Any, *, since: datetime | None = None) -> QuerySet[Alert]:
    qs = Alert.objects.filter(unit__in=visible_units(viewer)).select_related("unit")
    if since is not None:
        qs = qs.filter(raised_at__gte=since)
    return qs


def list_probes(website: Website, since: datetime) -> QuerySet[Probe]:
    return website.probes.filter(at__gte=since)


def list_page_versions(website: Website, url_hash: str) -> QuerySet[PageVersion]:
    return website.page_versions.filter(url_hash=url_hash)
