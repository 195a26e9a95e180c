"""执行公开: tasks (目标任务) with their responsible units, steps and supervision method; one
progress report per responsible unit and period (created when the task is assigned, filled in
by the unit); snapshots of the summary table as published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .statute import DEFAULT_REPORT_WORKDAYS, Cadence, ProgressStatus, SourceKind


class TaskStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    CLOSED = "closed", _("Closed (task completed)")


class Task(models.Model):
    Status = TaskStatus

    year = models.PositiveIntegerField(_("year"), db_index=True)
    source_kind = models.CharField(_("kind of source"), max_length=30, choices=SourceKind.choices)
    source_title = models.CharField(_("source"), max_length=200, db_index=True)
    number = models.CharField(_("item number"), max_length=20, blank=True)
    title = models.CharField(_("target task"), max_length=500)
    measures = models.TextField(_("work measures"))
    division_of_work = models.TextField(_("division of work"), blank=True)
    supervision_method = models.TextField(_("supervision method"), blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("lead unit")
    )
    co_units = models.ManyToManyField(
        "orgs.Unit", blank=True, related_name="+", verbose_name=_("co-operating units")
    )
    cadence = models.CharField(_("reporting cadence"), max_length=20, choices=Cadence.choices)
    report_workdays = models.PositiveSmallIntegerField(
        _("report due (working days after the period)"), default=DEFAULT_REPORT_WORKDAYS
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("deadline for completion"))
    status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "source_title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="execution_task_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def unit_ids(self) -> list[int]:
        return [self.lead_unit_id, *(u.pk for u in self.co_units.all())]


class Milestone(models.Model):
    """实施步骤: one step with its date."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    due_date = models.DateField(_("date"))
    title = models.CharField(_("step"), max_length=300)

    class Meta:
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return f"{self.due_date} {self.title}"


class ProgressReport(models.Model):
    """One responsible unit's report on one period: expected from the moment the task is
    assigned (`submitted_at` empty), filled in by the unit. `due_date` caches periods.report_due
    (recomputed when the calendar changes); `flagged_at` is set by the overdue job."""

    Status = ProgressStatus

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField(db_index=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    progress = models.TextField(_("progress"), blank=True)
    percent = models.PositiveSmallIntegerField(_("percentage complete"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgressStatus.choices, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task", "period_start", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_key"], name="execution_report_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100),
                name="execution_report_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.period_key}"

    @property
    def period_label(self) -> str:
        from .periods import Period

        return Period(self.period_key, self.period_start, self.period_end).label


class PublishedSummary(models.Model):
    """A summary table as published: a snapshot of rows generated from the reports."""

    year = models.PositiveIntegerField(db_index=True)
    source_title = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    as_of = models.DateField()
    rows = models.JSONField()
    published_at = models.DateTimeField(db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title
