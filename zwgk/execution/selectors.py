"""Reads of 执行公开, scoped to the viewer: the district supervisor sees every task whose lead
unit is in the district; a unit's staff see the tasks their unit leads or co-operates on, and
write only their own unit's reports. Public reads return published summaries only."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zwgk.orgs.permissions import is_supervisor, visible_units

from .models import ProgressReport, PublishedSummary, Task, TaskStatus
from .permissions import reporting_unit_ids


def list_tasks(viewer: Any) -> QuerySet[Task]:
    if is_supervisor(viewer):
        qs = Task.objects.filter(lead_unit__in=visible_units(viewer))
    else:
        units = reporting_unit_ids(viewer)
        ids = Task.objects.filter(Q(lead_unit_id__in=units) | Q(co_units__in=units)).values("pk")
        qs = Task.objects.filter(pk__in=ids)
    return qs.select_related("lead_unit").prefetch_related("co_units")


def get_task(viewer: Any, pk: int) -> Task:
    """The task, or Task.DoesNotExist when it is not the viewer's to see."""
    return list_tasks(viewer).get(pk=pk)


def get_own_report(viewer: Any, pk: int) -> ProgressReport:
    """A report of one of the viewer's own units (only they write it)."""
    return ProgressReport.objects.select_related("task", "unit").get(
        pk=pk, unit_id__in=reporting_unit_ids(viewer)
    )


def reports_of(task: Task) -> list[ProgressReport]:
    return list(task.reports.select_related("unit").order_by("-period_start", "unit__path"))


def sources(viewer: Any, year: int | None = None) -> list[str]:
    qs = list_tasks(viewer)
    if year:
        qs = qs.filter(year=year)
    return sorted(set(qs.values_list("source_title", flat=True)))


def overdue_reports(unit_ids: Collection[int] | None, today: date) -> QuerySet[ProgressReport]:
    """Reports of active tasks still missing after their due date."""
    qs = ProgressReport.objects.filter(
        task__status=TaskStatus.ACTIVE, submitted_at__isnull=True, due_date__lt=today
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    return qs.select_related("task", "unit")


def open_reports(unit_ids: Collection[int], today: date) -> QuerySet[ProgressReport]:
    """Reports the units can write now: the period has started, not yet submitted."""
    return ProgressReport.objects.filter(
        unit_id__in=list(unit_ids),
        task__status=TaskStatus.ACTIVE,
        submitted_at__isnull=True,
        period_start__lte=today,
    ).select_related("task", "unit")


# --- Public ------------------------------------------------------------------------------------


def public_summaries() -> QuerySet[PublishedSummary]:
    return PublishedSummary.objects.filter(is_withdrawn=False)


def get_public_summary(pk: int) -> PublishedSummary:
    return public_summaries().get(pk=pk)


# --- For other apps ----------------------------------------------------------------------------


def overdue_report_problems(
    start: date, end: date, unit_ids: Collection[int] | None
) -> Iterator[Any]:
    """Problem source `execution.overdue_report`: a report still missing the day after its due
    date, and a report submitted after its due date (on the day it was submitted)."""
    from django.utils import timezone

    from zwgk.supervision.problems import MINOR, SERIOUS, Problem

    qs = ProgressReport.objects.select_related("task", "unit").filter(
        task__status=TaskStatus.ACTIVE
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    missing = qs.filter(
        submitted_at__isnull=True,
        due_date__gte=start - timedelta(days=1),
        due_date__lt=end,
    )
    for report in missing.exclude(due_date=None):
        due = report.due_date or start
        yield Problem(
            unit_id=report.unit_id,
            source="execution.overdue_report",
            kind="执行公开进展逾期未报",
            summary=f"《{report.task.title}》{report.period_label}进展应于{due}前报送，逾期未报",
            occurred_on=due + timedelta(days=1),
            severity=SERIOUS,
            evidence_url=reverse("execution:task_detail", args=[report.task_id]),
            reference=f"execution.progressreport:{report.pk}",
        )
    submitted = qs.filter(
        submitted_at__isnull=False, submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    for report in submitted.exclude(due_date=None).exclude(submitted_at=None):
        submitted_on = timezone.localdate(report.submitted_at) if report.submitted_at else start
        due = report.due_date or submitted_on
        if submitted_on <= due:
            continue
        yield Problem(
            unit_id=report.unit_id,
            source="execution.overdue_report",
            kind="执行公开进展逾期报送",
            summary=(
                f"《{report.task.title}》{report.period_label}进展应于{due}前报送，"
                f"实际于{submitted_on}报送"
            ),
            occurred_on=submitted_on,
            severity=MINOR,
            evidence_url=reverse("execution:task_detail", args=[report.task_id]),
            reference=f"execution.progressreport:{report.pk}",
        )
