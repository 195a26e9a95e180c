"""Core tables: the append-only audit trail and the working-day calendar data.

Core knows no domain: it refers to people only through AUTH_USER_MODEL and to units and other
objects by id and label snapshots, so that every domain app can use it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change or security event. Rows are only ever inserted (see audit.py).

    `hash` = SHA-256 over the row's content and `prev_hash`; `seq` is gap-free, so a deleted,
    altered or inserted row breaks the chain that `zwgk audit verify` walks.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    unit_label = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=120, db_index=True)
    outcome = models.CharField(max_length=20, default="success")
    target_type = models.CharField(max_length=100, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The single row that serialises appends to the chain and remembers its end.

    Locking this row (SELECT … FOR UPDATE on PostgreSQL; SQLite's immediate write transactions
    serialise writers anyway) makes concurrent writers append one after the other.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"audit chain head #{self.last_seq}"


class HolidayYear(models.Model):
    """A year whose official arrangement (放假 and 调休上班 days) the calendar knows.

    A year without a row is unknown: working-day arithmetic that needs it raises an error
    instead of guessing from weekdays. Rows change only through
    `calendar_services.import_holiday_year` (or the data migration that ships the years known
    to chinese-calendar 1.11.0), which also gives the row a new `revision`: the set of
    (year, revision) pairs is the version stamp that tells every process to reload its cached
    calendar (selectors.get_workday_calendar).
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    revision = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2200), name="holiday_year_range"
            )
        ]
        verbose_name = _("holiday arrangement year")

    def __str__(self) -> str:
        return str(self.year)


class SpecialDay(models.Model):
    """A date that differs from the Monday–Friday rule: an official rest day on a weekday
    (or any rest day of a holiday) or a make-up working day on a weekend."""

    class Kind(models.TextChoices):
        REST = "rest", _("rest day")
        WORK = "work", _("make-up working day")

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["rest", "work"]), name="special_day_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class PeriodicRun(models.Model):
    """When a registered periodic job last started and is next due (see periodic.py)."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
