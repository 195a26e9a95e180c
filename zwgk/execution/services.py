"""Writes of 执行公开: create/assign, change and close a task (the district office), submit a
progress report (the responsible unit), flag overdue reports (the periodic job) and publish
the summary table. Keyword-only, `by=` and `at=`, one transaction with the audit row, Chinese
messages on refusal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import WorkdayCalendar
from zwgk.orgs.models import Unit
from zwgk.textcheck import Finding, Severity

from . import permissions, summary
from .models import Milestone, ProgressReport, PublishedSummary, Task, TaskStatus
from .periods import MAX_PERIODS, periods, report_due
from .statute import MAX_REPORT_WORKDAYS, Cadence, ProgressStatus, SourceKind

MAX_TEXT = 5_000
MAX_MILESTONES = 30
MAX_CO_UNITS = 30


class ExecutionError(DomainError):
    """A refused action of 执行公开."""


class SummaryBlockedError(ExecutionError):
    def __init__(self, message: str, *, text: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.text = text
        self.findings = findings


def _clean(value: str) -> str:
    # No NFKC: it would turn the full-width punctuation of Chinese titles （） into ASCII.
    return " ".join((value or "").replace("\x00", "").split())


def _text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


@dataclass
class TaskData:
    year: int
    source_kind: str
    source_title: str
    title: str
    measures: str
    lead_unit: Unit
    cadence: str
    start_date: date
    end_date: date
    number: str = ""
    division_of_work: str = ""
    supervision_method: str = ""
    co_units: list[Unit] = field(default_factory=list)
    report_workdays: int = 5
    milestones: list[tuple[date, str]] = field(default_factory=list)


def _validate(data: TaskData) -> TaskData:
    data = TaskData(
        year=data.year,
        source_kind=data.source_kind,
        source_title=_clean(data.source_title),
        title=_clean(data.title),
        measures=_text(data.measures),
        lead_unit=data.lead_unit,
        cadence=data.cadence,
        start_date=data.start_date,
        end_date=data.end_date,
        number=_clean(data.number),
        division_of_work=_text(data.division_of_work),
        supervision_method=_text(data.supervision_method),
        co_units=[u for u in data.co_units if u.pk != data.lead_unit.pk],
        report_workdays=data.report_workdays,
        milestones=[(day, _clean(title)) for day, title in data.milestones],
    )
    if not 2000 <= data.year <= 2100:
        raise ExecutionError("年度不正确。")
    if data.source_kind not in SourceKind.values:
        raise ExecutionError("任务来源类别不正确。")
    if not data.source_title or len(data.source_title) > 200:
        raise ExecutionError("请填写任务来源（如“2026年区政府工作报告”），不超过200字。")
    if not data.title or len(data.title) > 500:
        raise ExecutionError("请填写目标任务，不超过500字。")
    if not data.measures:
        raise ExecutionError("请填写工作措施。")
    for text in (data.measures, data.division_of_work, data.supervision_method):
        if len(text) > MAX_TEXT:
            raise ExecutionError(f"工作措施、责任分工、监督方式各不能超过 {MAX_TEXT} 字。")
    if len(data.number) > 20:
        raise ExecutionError("序号不能超过20字。")
    if data.cadence not in Cadence.values:
        raise ExecutionError("报送频次应为每月或每季度。")
    if not 1 <= data.report_workdays <= MAX_REPORT_WORKDAYS:
        raise ExecutionError(f"报送时限应为周期结束后 1 至 {MAX_REPORT_WORKDAYS} 个工作日。")
    if data.end_date < data.start_date:
        raise ExecutionError("完成时限不能早于开始日期。")
    if len(periods(data.cadence, data.start_date, data.end_date)) >= MAX_PERIODS:
        raise ExecutionError("任务期限过长，请分阶段设立任务。")
    if len(data.co_units) > MAX_CO_UNITS:
        raise ExecutionError(f"配合单位不能超过 {MAX_CO_UNITS} 个。")
    if len(data.milestones) > MAX_MILESTONES:
        raise ExecutionError(f"实施步骤不能超过 {MAX_MILESTONES} 项。")
    for _day, title in data.milestones:
        if not title or len(title) > 300:
            raise ExecutionError("每个实施步骤须有内容，不超过300字。")
    return data


def _require_supervisor(by: Any) -> None:
    if not permissions.can_manage_tasks(by):
        raise PermissionDeniedError("只有区政府办公室可以设立和分解执行公开任务。")


def _snapshot(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "source": task.source_title,
        "lead_unit": task.lead_unit_id,
        "co_units": sorted(u.pk for u in task.co_units.all()),
        "cadence": task.cadence,
        "report_workdays": task.report_workdays,
        "start_date": task.start_date.isoformat(),
        "end_date": task.end_date.isoformat(),
        "status": task.status,
    }


def _apply(task: Task, data: TaskData) -> None:
    for name in (
        "year",
        "source_kind",
        "source_title",
        "number",
        "title",
        "measures",
        "division_of_work",
        "supervision_method",
        "cadence",
        "report_workdays",
        "start_date",
        "end_date",
    ):
        setattr(task, name, getattr(data, name))
    task.lead_unit = data.lead_unit


def _save_milestones(task: Task, milestones: list[tuple[date, str]]) -> None:
    task.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(task=task, position=i, due_date=day, title=title)
        for i, (day, title) in enumerate(sorted(milestones), start=1)
    )


def plan_reports(task: Task, calendar: WorkdayCalendar) -> int:
    """Make the expected reports match the task: one per responsible unit and period. Reports
    already submitted are kept whatever changed; unsubmitted ones no longer expected go; due
    dates of unsubmitted ones are recomputed. Returns how many reports were added."""
    expected = {
        (unit_id, period.key): period
        for unit_id in task.unit_ids()
        for period in periods(task.cadence, task.start_date, task.end_date)
    }
    existing = {(r.unit_id, r.period_key): r for r in task.reports.all()}
    stale = [r.pk for key, r in existing.items() if key not in expected and not r.submitted_at]
    ProgressReport.objects.filter(pk__in=stale).delete()
    for key, report in existing.items():
        if key in expected and not report.submitted_at:
            due = report_due(calendar, report.period_end, task.report_workdays)
            if due != report.due_date:
                ProgressReport.objects.filter(pk=report.pk).update(due_date=due)
    new = [
        ProgressReport(
            task=task,
            unit_id=unit_id,
            period_key=period.key,
            period_start=period.start,
            period_end=period.end,
            due_date=report_due(calendar, period.end, task.report_workdays),
        )
        for (unit_id, key), period in expected.items()
        if (unit_id, key) not in existing
    ]
    ProgressReport.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def create_task(*, by: Any, at: datetime, data: TaskData) -> Task:
    """Create a task and assign it to its units: their reports are expected from now on."""
    _require_supervisor(by)
    data = _validate(data)
    task = Task(created_at=at, created_by=by)
    _apply(task, data)
    task.save()
    task.co_units.set(data.co_units)
    _save_milestones(task, data.milestones)
    plan_reports(task, get_workday_calendar())
    audit.record(action="execution.task.assigned", by=by, at=at, target=task, after=_snapshot(task))
    return task


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def update_task(*, by: Any, at: datetime, task: Task, data: TaskData) -> Task:
    _require_supervisor(by)
    task = _lock(task)
    if task.status != TaskStatus.ACTIVE:
        raise TransitionError("已办结的任务不能修改。")
    data = _validate(data)
    before = _snapshot(task)
    _apply(task, data)
    task.save()
    task.co_units.set(data.co_units)
    _save_milestones(task, data.milestones)
    plan_reports(task, get_workday_calendar())
    audit.record(
        action="execution.task.updated",
        by=by,
        at=at,
        target=task,
        before=before,
        after=_snapshot(task),
    )
    return task


@transaction.atomic
def close_task(*, by: Any, at: datetime, task: Task) -> Task:
    """办结: no more reports are expected (the ones not yet due are dropped)."""
    _require_supervisor(by)
    task = _lock(task)
    if task.status != TaskStatus.ACTIVE:
        raise TransitionError("任务已办结。")
    task.status = TaskStatus.CLOSED
    task.closed_at = at
    task.save(update_fields=["status", "closed_at"])
    today = timezone.localdate(at)
    task.reports.filter(submitted_at__isnull=True, period_start__gt=today).delete()
    audit.record(action="execution.task.closed", by=by, at=at, target=task, after=_snapshot(task))
    return task


@dataclass
class ReportData:
    progress: str
    status: str
    percent: int | None = None
    evidence: str = ""


@transaction.atomic
def submit_report(
    *, by: Any, at: datetime, report: ProgressReport, data: ReportData
) -> ProgressReport:
    """The unit reports (or corrects) its progress for one period."""
    report = (
        ProgressReport.objects.select_for_update().select_related("task", "unit").get(pk=report.pk)
    )
    if not permissions.can_report(by, report):
        raise PermissionDeniedError("只有责任单位本单位的工作人员可以报送进展。")
    if report.task.status != TaskStatus.ACTIVE:
        raise TransitionError("任务已办结，不再报送进展。")
    today = timezone.localdate(at)
    if report.period_start > today:
        raise ExecutionError(f"{report.period_label}尚未开始，不能报送。")
    progress = _text(data.progress)
    evidence = _text(data.evidence)
    if not progress:
        raise ExecutionError("请填写进展情况。")
    if len(progress) > MAX_TEXT or len(evidence) > MAX_TEXT:
        raise ExecutionError(f"进展情况和佐证材料各不能超过 {MAX_TEXT} 字。")
    if data.status not in ProgressStatus.values:
        raise ExecutionError("请选择推进状态：正常推进、滞后或已完成。")
    if data.percent is not None and not 0 <= data.percent <= 100:
        raise ExecutionError("完成进度应为 0 至 100 之间的整数。")
    if data.status == ProgressStatus.DONE and data.percent not in (None, 100):
        raise ExecutionError("状态为“已完成”时，完成进度应为100%。")
    before = {"progress": report.progress, "status": report.status, "percent": report.percent}
    first = report.submitted_at is None
    report.progress = progress
    report.status = data.status
    report.percent = 100 if data.status == ProgressStatus.DONE else data.percent
    report.evidence = evidence
    report.updated_at = at
    if first:
        report.submitted_at = at
        report.submitted_by = by
    report.save()
    audit.record(
        action="execution.report.submitted" if first else "execution.report.corrected",
        by=by,
        at=at,
        target=report,
        unit=report.unit,
        before=None if first else before,
        after={
            "period": report.period_key,
            "status": report.status,
            "percent": report.percent,
            "late": bool(report.due_date and today > report.due_date),
        },
    )
    return report


def flag_overdue_reports(*, at: datetime) -> int:
    """The periodic job: mark each report missing after its due date once (audited), so that
    the 工作台, the task pages and supervision see it. Returns how many were flagged."""
    today = timezone.localdate(at)
    count = 0
    candidates = ProgressReport.objects.filter(
        task__status=TaskStatus.ACTIVE,
        submitted_at__isnull=True,
        flagged_at__isnull=True,
        due_date__lt=today,
    ).values_list("pk", flat=True)
    for pk in list(candidates[:1000]):
        with transaction.atomic():
            claimed = ProgressReport.objects.filter(
                pk=pk, flagged_at__isnull=True, submitted_at__isnull=True
            ).update(flagged_at=at)
            if claimed != 1:
                continue
            report = ProgressReport.objects.select_related("task", "unit").get(pk=pk)
            audit.record(
                action="execution.report.flagged_overdue",
                by=None,
                at=at,
                target=report,
                unit=report.unit,
                after={"period": report.period_key, "due": str(report.due_date)},
            )
            count += 1
    return count


def recompute_due_dates(years: frozenset[int], calendar: WorkdayCalendar, at: datetime) -> int:
    """Registered with zwgk.core.deadlines: refresh the due date of every unsubmitted report
    whose count may touch a changed year."""
    earliest = date(min(years) - 1, 1, 1)
    count = 0
    rows = ProgressReport.objects.filter(
        submitted_at__isnull=True, period_end__gte=earliest
    ).select_related("task")
    for report in rows:
        due = report_due(calendar, report.period_end, report.task.report_workdays)
        if due != report.due_date:
            ProgressReport.objects.filter(pk=report.pk).update(due_date=due)
            count += 1
    return count


@transaction.atomic
def publish_summary(
    *, by: Any, at: datetime, viewer: Any, year: int, source_title: str
) -> PublishedSummary:
    """Publish the summary table generated from the reports (never typed) to the public site.
    Refused while its text holds personal data or another blocking finding."""
    _require_supervisor(by)
    today = timezone.localdate(at)
    table = summary.build(viewer, year=year, source_title=source_title, today=today)
    if not table.rows:
        raise ExecutionError("没有可以公开的任务。")
    text = table.text()
    found = [f for f in get_checker().check(text) if f.severity is Severity.BLOCK]
    if found:
        raise SummaryBlockedError(
            "汇总表中含有个人信息或其他不得公开的内容，不能公开，请责任单位更正进展后再发布。",
            text=text,
            findings=found,
        )
    published = PublishedSummary.objects.create(
        year=year,
        source_title=source_title,
        title=table.title,
        as_of=today,
        rows=[row.as_dict() for row in table.rows],
        published_at=at,
        published_by=by,
    )
    audit.record(
        action="execution.summary.published",
        by=by,
        at=at,
        target=published,
        after={"year": year, "source": source_title, "rows": len(table.rows)},
    )
    return published


@transaction.atomic
def withdraw_summary(*, by: Any, at: datetime, published: PublishedSummary) -> PublishedSummary:
    _require_supervisor(by)
    published = PublishedSummary.objects.select_for_update().get(pk=published.pk)
    if published.is_withdrawn:
        raise TransitionError("该汇总表已撤回。")
    published.is_withdrawn = True
    published.save(update_fields=["is_withdrawn"])
    audit.record(action="execution.summary.withdrawn", by=by, at=at, target=published)
    return published
