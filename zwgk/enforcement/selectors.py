"""Reads of 行政执法公示. Staff reads are scoped to the viewer's units (the district supervisor
sees every unit of the district); public reads return published content only, and never the
party's identity number or a natural person's full name (views show `public_party_name`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import visible_units

from .models import Decision, DecisionStatus, InfoVersion
from .statute import ANNUAL_REPORT_KINDS, InfoKind

# --- Staff -------------------------------------------------------------------------------------


def list_decisions(viewer: Any) -> QuerySet[Decision]:
    return Decision.objects.filter(unit__in=visible_units(viewer)).select_related("unit")


def get_decision(viewer: Any, pk: int) -> Decision:
    """The decision, or Decision.DoesNotExist when it is not the viewer's to see."""
    return list_decisions(viewer).get(pk=pk)


def get_unit(viewer: Any, pk: int) -> Unit:
    return visible_units(viewer).get(pk=pk)


def info_versions(unit: Unit) -> dict[str, list[InfoVersion]]:
    """Every kind of standing information with its versions, newest first."""
    versions: dict[str, list[InfoVersion]] = {kind: [] for kind in InfoKind.values}
    for version in InfoVersion.objects.filter(unit=unit).order_by("kind", "-number"):
        versions[version.kind].append(version)
    return versions


def unit_overview(viewer: Any, today: date) -> list[dict[str, Any]]:
    """Per visible unit: decisions recorded, public, not yet public and overdue, published late."""
    rows = (
        list_decisions(viewer)
        .values("unit_id", "unit__short_name", "unit__path")
        .annotate(
            total=Count("pk", filter=~Q(status=DecisionStatus.WITHDRAWN)),
            public=Count("pk", filter=Q(status=DecisionStatus.PUBLISHED)),
            waiting=Count("pk", filter=Q(status=DecisionStatus.DRAFT)),
            overdue=Count("pk", filter=Q(status=DecisionStatus.DRAFT, publish_due_date__lt=today)),
            late=Count("pk", filter=Q(status=DecisionStatus.PUBLISHED, is_late=True)),
        )
        .order_by("unit__path")
    )
    return list(rows)


# --- Public ------------------------------------------------------------------------------------


def public_decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.published()
        .filter(unit__is_active=True)
        .select_related("unit")
        .defer("party_id_number")
    )


def get_public_decision(pk: int) -> Decision:
    return public_decisions().get(pk=pk)


def public_units() -> QuerySet[Unit]:
    """Units with anything public: standing information or a published decision."""
    with_info = InfoVersion.objects.values("unit_id")
    with_decisions = Decision.objects.published().values("unit_id")
    return (
        Unit.objects.filter(is_active=True)
        .filter(Q(pk__in=with_info) | Q(pk__in=with_decisions))
        .order_by("path")
    )


def get_public_unit(code: str) -> Unit:
    return public_units().get(code=code)


def current_info(unit: Unit) -> list[tuple[str, str, InfoVersion | None]]:
    """(kind, label, latest version or None) for the five kinds, in the notice's order."""
    latest: dict[str, InfoVersion] = {}
    for version in InfoVersion.objects.filter(unit=unit).order_by("kind", "-number"):
        latest.setdefault(version.kind, version)
    return [(kind, label, latest.get(kind)) for kind, label in InfoKind.choices]


def info_history(unit: Unit, kind: str) -> QuerySet[InfoVersion]:
    return InfoVersion.objects.filter(unit=unit, kind=kind).order_by("-number")


def public_years() -> list[int]:
    years = public_decisions().dates("decision_date", "year", order="DESC")
    return [day.year for day in years]


# --- For other apps ----------------------------------------------------------------------------


def decision_counts(*, unit_ids: Collection[int] | None, year: int) -> dict[str, int]:
    """Annual report table 二 (第二十条第（五）（六）项): the 行政许可, 行政处罚 and 行政强制
    decisions made in `year` (by decision date) by those units (None: every unit), whether or not
    published yet; withdrawn records (entered in error) are not counted."""
    qs = Decision.objects.filter(decision_date__year=year).exclude(status=DecisionStatus.WITHDRAWN)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    counts = dict(qs.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {key: counts.get(kind, 0) for key, kind in ANNUAL_REPORT_KINDS.items()}


def late_results(start: date, end: date, unit_ids: Collection[int] | None) -> Iterator[Any]:
    """Problem source `enforcement.late_result`: results published after their due date (on the
    day of publication) and results still unpublished after it (the day after the due date)."""
    from zwgk.supervision.problems import SERIOUS, Problem

    qs = Decision.objects.select_related("unit")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    published_late = qs.filter(
        status=DecisionStatus.PUBLISHED,
        is_late=True,
        published_at__date__gte=start,
        published_at__date__lte=end,
    )
    for decision in published_late.exclude(published_at=None):
        published_on = timezone.localdate(decision.published_at)
        yield Problem(
            unit_id=decision.unit_id,
            source="enforcement.late_result",
            kind="执法结果未按期公示",
            summary=(
                f"{decision.get_kind_display()}决定《{decision.number}》应于"
                f"{decision.publish_due_date}前公示，实际于"
                f"{published_on}公示（期限 UNCONFIRMED）"
            ),
            occurred_on=published_on,
            severity=SERIOUS,
            evidence_url=reverse("enforcement:decision_detail", args=[decision.pk]),
            reference=f"enforcement.decision:{decision.pk}",
        )
    still_waiting = qs.filter(
        status=DecisionStatus.DRAFT,
        publish_due_date__gte=start - timedelta(days=1),
        publish_due_date__lt=end,
    )
    for decision in still_waiting.exclude(publish_due_date=None):
        due = decision.publish_due_date or start
        yield Problem(
            unit_id=decision.unit_id,
            source="enforcement.late_result",
            kind="执法结果逾期未公示",
            summary=(
                f"{decision.get_kind_display()}决定《{decision.number}》应于"
                f"{decision.publish_due_date}前公示，至今未公示（期限 UNCONFIRMED）"
            ),
            occurred_on=due + timedelta(days=1),
            severity=SERIOUS,
            evidence_url=reverse("enforcement:decision_detail", args=[decision.pk]),
            reference=f"enforcement.decision:{decision.pk}",
        )
