"""Reads of monitoring, scoped to the viewer's units (another unit's object → 404)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
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


def get_run(viewer: Any, pk: int) -> CrawlRun:
    """An inspection of a site the viewer sees (another unit's: 404)."""
    try:
        return CrawlRun.objects.select_related("website__unit").get(
            pk=pk, website__in=list_websites(viewer)
        )
    except CrawlRun.DoesNotExist as error:
        raise Http404 from error


def run_progress(run: CrawlRun) -> tuple[int, int]:
    """(pages checked, pages known so far) of a run: its frontier's done and all entries."""
    known = run.frontier.count()
    return run.pages, max(known, run.pages)


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


# --- For the district office's dashboard (zwgk.supervision.dashboard) ----------------------------


@dataclass(frozen=True)
class LatestScore:
    """The newest scorecard of one site or account."""

    unit_id: int
    subject: str
    kind: str  # "site" or "account"
    name: str
    computed_at: datetime
    total: Any  # Decimal | None (None when a veto item fired)
    verdict_label: str
    is_qualified: bool
    vetoes: tuple[str, ...]  # labels of the veto items hit


def list_latest_scorecards(unit_ids: Collection[int]) -> list[LatestScore]:
    """The latest scorecard of every site (monitoring.site:…) and account (newmedia.account:…)
    of those units, sites first, then by unit and name. Read-only; the caller scopes the units."""
    from django.apps import apps
    from django.db.models import OuterRef, Q, Subquery

    newest = Scorecard.objects.filter(subject=OuterRef("subject")).order_by("-computed_at", "-pk")
    cards = list(
        Scorecard.objects.filter(unit_id__in=list(unit_ids))
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .filter(
            Q(subject__startswith="monitoring.site:") | Q(subject__startswith="newmedia.account:")
        )
    )
    sites = dict(Website.objects.values_list("pk", "name"))
    accounts: dict[int, str] = {}
    if apps.is_installed("zwgk.newmedia"):
        account_model = apps.get_model("newmedia", "MediaAccount")
        accounts = dict(account_model.objects.values_list("pk", "name"))
    found = []
    for card in cards:
        prefix, pk_text = card.subject.split(":")
        is_site = prefix == "monitoring.site"
        names = sites if is_site else accounts
        labels = {line["code"]: line["label"] for line in card.data.get("lines", [])}
        found.append(
            LatestScore(
                unit_id=card.unit_id,
                subject=card.subject,
                kind="site" if is_site else "account",
                name=names.get(int(pk_text), card.subject) if pk_text.isdigit() else card.subject,
                computed_at=card.computed_at,
                total=card.total,
                verdict_label=scoring.VERDICT_LABELS.get(card.verdict, card.verdict),
                is_qualified=card.verdict in (scoring.PASSED, scoring.PASSED_BONUS),
                vetoes=tuple(labels.get(c, c) for c in card.data.get("vetoes", [])),
            )
        )
    return sorted(found, key=lambda s: (s.kind != "site", s.unit_id, s.name, s.subject))


@dataclass(frozen=True)
class RectificationTally:
    awaiting_unit: int = 0  # open: the unit has not answered
    awaiting_recheck: int = 0  # answered, not yet re-checked
    overdue: int = 0  # open and past its due date

    @property
    def open_total(self) -> int:
        return self.awaiting_unit + self.awaiting_recheck


def count_open_rectifications_by_unit(
    unit_ids: Collection[int], today: date
) -> dict[int, RectificationTally]:
    """整改 work orders not closed, per unit (sites and accounts alike)."""
    from django.db.models import Count, Q

    rows = (
        Rectification.objects.filter(unit_id__in=list(unit_ids))
        .exclude(status=Rectification.Status.CLOSED)
        .values("unit_id")
        .annotate(
            awaiting_unit=Count("pk", filter=Q(status=Rectification.Status.OPEN)),
            awaiting_recheck=Count("pk", filter=Q(status=Rectification.Status.ANSWERED)),
            overdue=Count("pk", filter=Q(status=Rectification.Status.OPEN, due_date__lt=today)),
        )
    )
    return {
        row["unit_id"]: RectificationTally(
            row["awaiting_unit"], row["awaiting_recheck"], row["overdue"]
        )
        for row in rows
    }
