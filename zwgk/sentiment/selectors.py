"""Reads of 舆情 cases, scoped to the viewer: the responsible unit's staff and the units invited
to 会商 see a case; the district office's supervisors see every case of their district."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.orgs.permissions import visible_units

from .models import OPEN_STATUSES, Case, CaseTimer, RiskPlan
from .permissions import staff_unit_ids


def list_cases(viewer: Any) -> QuerySet[Case]:
    units = visible_units(viewer)
    invited = staff_unit_ids(viewer)
    return (
        Case.objects.filter(Q(unit__in=units) | Q(opinions__unit_id__in=invited))
        .distinct()
        .select_related("unit")
    )


def get_case(viewer: Any, pk: int) -> Case:
    """The case if the viewer may see it; Case.DoesNotExist otherwise (views answer 404)."""
    return list_cases(viewer).get(pk=pk)


def list_risk_plans(viewer: Any) -> QuerySet[RiskPlan]:
    return RiskPlan.objects.filter(unit__in=visible_units(viewer)).select_related(
        "document", "unit"
    )


def get_risk_plan(viewer: Any, pk: int) -> RiskPlan:
    return list_risk_plans(viewer).get(pk=pk)


def list_running_timers(unit_ids: Iterable[int]) -> QuerySet[CaseTimer]:
    """Unmet active timers of open cases of those units, the nearest first."""
    return (
        CaseTimer.objects.filter(
            is_active=True,
            met_at__isnull=True,
            case__status__in=OPEN_STATUSES,
            case__unit_id__in=list(unit_ids),
        )
        .select_related("case", "case__unit")
        .order_by("due_at")
    )


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.max, tzinfo=tz),
    )


def late_timers(
    start: date, end: date, unit_ids: Collection[int] | None, *, now: datetime | None = None
) -> list[CaseTimer]:
    """Active timers due in [start, end] that were met late, or were never met and are past
    due."""
    now = now or timezone.now()
    lo, hi = _day_bounds(start, end)
    qs = CaseTimer.objects.filter(is_active=True, due_at__gte=lo, due_at__lte=hi).select_related(
        "case", "case__unit"
    )
    if unit_ids is not None:
        qs = qs.filter(case__unit_id__in=list(unit_ids))
    late = []
    for timer in qs:
        met_late = timer.met_at is not None and timer.met_at > timer.due_at
        # A timer never met counts even when the case was closed without that response (a
        # major emergency evaluated without its press conference).
        unmet_past = timer.met_at is None and timer.due_at < now
        if met_late or unmet_past:
            late.append(timer)
    return late


def late_response_problems(start: date, end: date, unit_ids: Collection[int] | None) -> list:
    """The supervision problem source "sentiment.late_response"."""
    from zwgk.supervision.problems import SERIOUS, Problem

    problems = []
    for timer in late_timers(start, end, unit_ids):
        due = timezone.localtime(timer.due_at)
        met = (
            f"{timezone.localtime(timer.met_at):%Y-%m-%d %H:%M}才回应"
            if timer.met_at
            else "至今未回应"
        )
        problems.append(
            Problem(
                unit_id=timer.case.unit_id,
                source="sentiment.late_response",
                kind=f"舆情未在时限内回应（{timer.label}）",
                summary=f"舆情“{timer.case.title}”应于{due:%Y-%m-%d %H:%M}前回应，{met}",
                occurred_on=due.date(),
                severity=SERIOUS,
                evidence_url=reverse("sentiment:detail", args=[timer.case_id]),
                reference=f"sentiment.timer:{timer.pk}",
            )
        )
    return problems


@dataclass(frozen=True)
class ResponseTally:
    """舆情 of a unit over a period: cases collected, and the response timers due in it."""

    cases: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0  # met after the deadline, or never met and past it (as late_timers)
    pending: int = 0  # not met, deadline still ahead


def response_tally_by_unit(
    unit_ids: Collection[int], start: date, end: date, *, now: datetime
) -> dict[int, ResponseTally]:
    """For the district office's dashboard; the caller scopes the units."""
    lo, hi = _day_bounds(start, end)
    ids = list(unit_ids)
    tallies: dict[int, dict[str, int]] = {}

    def bump(unit_id: int, name: str) -> None:
        tallies.setdefault(unit_id, dict.fromkeys(ResponseTally.__dataclass_fields__, 0))
        tallies[unit_id][name] += 1

    for unit_id in Case.objects.filter(
        unit_id__in=ids, collected_at__gte=lo, collected_at__lte=hi
    ).values_list("unit_id", flat=True):
        bump(unit_id, "cases")
    timers = CaseTimer.objects.filter(
        is_active=True, due_at__gte=lo, due_at__lte=hi, case__unit_id__in=ids
    ).values_list("case__unit_id", "due_at", "met_at")
    for unit_id, due_at, met_at in timers:
        bump(unit_id, "due")
        if met_at is not None:
            bump(unit_id, "on_time" if met_at <= due_at else "late")
        else:
            bump(unit_id, "late" if due_at < now else "pending")
    return {pk: ResponseTally(**counts) for pk, counts in tallies.items()}
