"""Monitoring records: websites and their columns, crawl runs with their frontier, findings,
availability probes, page versions, scorecards, rectification work orders and alerts.

No business logic here: writes go through services.py, reads through selectors.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Website(models.Model):
    """The district portal, a unit's site, or a unit's section of the portal (主办单位 = unit)."""

    class Kind(models.TextChoices):
        PORTAL = "portal", _("District portal")
        SITE = "site", _("Unit website")
        SECTION = "section", _("Section of the portal")

    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="websites", verbose_name=_("host unit")
    )
    name = models.CharField(_("site name"), max_length=100)
    home_url = models.URLField(_("home page"), max_length=500, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SITE)
    site_code = models.CharField(_("site identification code"), max_length=10, blank=True)
    # The district runs it: it may be checked harder (more connections per host).
    is_district_run = models.BooleanField(_("run by the district"), default=True)
    is_active = models.BooleanField(_("monitored"), default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["unit__sort_order", "name"]
        verbose_name = _("website")

    def __str__(self) -> str:
        return self.name

    @property
    def subject(self) -> str:
        return f"monitoring.site:{self.pk}"


class ColumnKind(models.TextChoices):
    """Column kinds and their expected update interval (rules.md §4.2, 2 weeks / 6 months /
    1 year; the 1-year 人事规划 window is UNCONFIRMED for the 2019 text)."""

    NEWS = "news", _("News (动态要闻)")
    NOTICE = "notice", _("Notices (通知公告)")
    POLICY = "policy", _("Policy documents (政策文件)")
    PLANNING = "planning", _("Personnel and planning (人事规划)")
    INTERACTION = "interaction", _("Interaction (互动)")
    OTHER = "other", _("Other (其他)")


UPDATE_INTERVALS: dict[str, timedelta | None] = {
    ColumnKind.NEWS: timedelta(weeks=2),
    ColumnKind.NOTICE: timedelta(days=183),
    ColumnKind.POLICY: timedelta(days=183),
    ColumnKind.PLANNING: timedelta(days=365),
    ColumnKind.INTERACTION: None,
    ColumnKind.OTHER: None,
}


class Column(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by a crawl")
        CONFIRMED = "confirmed", _("Confirmed")
        IGNORED = "ignored", _("Not a column")

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(_("column name"), max_length=100)
    url = models.URLField(_("column URL"), max_length=500)
    kind = models.CharField(
        _("column kind"), max_length=12, choices=ColumnKind.choices, default=ColumnKind.OTHER
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_item_date = models.DateField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["website", "name"]
        constraints = [
            models.UniqueConstraint(fields=["website", "url"], name="monitoring_column_unique_url")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def update_interval(self) -> timedelta | None:
        return UPDATE_INTERVALS.get(self.kind)


class CrawlRun(models.Model):
    """One inspection of a site. Its frontier lives in FrontierEntry rows, so a run resumes
    after a crash where it stopped (claimed entries whose claim expired are taken again)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")
        FAILED = "failed", _("Failed")

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    max_depth = models.PositiveSmallIntegerField(default=3)
    max_pages = models.PositiveIntegerField(default=2000)
    queued_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["status", "claimed_until"])]

    def __str__(self) -> str:
        return f"{self.website_id}@{self.queued_at:%Y-%m-%d %H:%M}"


class FrontierEntry(models.Model):
    class State(models.IntegerChoices):
        PENDING = 0
        CLAIMED = 1
        DONE = 2

    run = models.ForeignKey(CrawlRun, on_delete=models.CASCADE, related_name="frontier")
    url = models.CharField(max_length=1000)
    url_hash = models.CharField(max_length=40)
    depth = models.PositiveSmallIntegerField(default=0)
    referrer = models.CharField(max_length=1000, blank=True)
    from_home = models.BooleanField(default=False)
    external = models.BooleanField(default=False)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.PENDING)
    status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "url_hash"], name="monitoring_frontier_unique_url"
            )
        ]
        # the claim's order (breadth first): an index in that order, not a sort per claim
        indexes = [
            models.Index(fields=["run", "state", "depth", "id"], name="monitoring_frontier_queue")
        ]

    def __str__(self) -> str:
        return self.url


class Finding(models.Model):
    class Severity(models.TextChoices):
        VETO = "veto", _("Veto item")
        SERIOUS = "serious", _("Serious")
        MINOR = "minor", _("Minor")
        INFO = "info", _("Information")

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="findings")
    run = models.ForeignKey(
        CrawlRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    check_code = models.CharField(max_length=60)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    url = models.CharField(max_length=1000)
    evidence = models.JSONField(default=dict)
    found_at = models.DateTimeField()

    class Meta:
        ordering = ["-found_at", "check_code"]
        indexes = [models.Index(fields=["website", "-found_at"])]

    def __str__(self) -> str:
        return f"{self.check_code} {self.url}"


class Probe(models.Model):
    """One availability probe of a site's home page (rules.md §4.2: ≥20 a day, 15 s)."""

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField()
    ok = models.BooleanField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["website", "at"])]

    def __str__(self) -> str:
        return f"{self.website_id}@{self.at:%Y-%m-%d %H:%M}"


class PageVersion(models.Model):
    """A page's text each time its content hash changed: the page-change history."""

    website = models.ForeignKey(Website, on_delete=models.CASCADE, related_name="page_versions")
    url = models.CharField(max_length=1000)
    url_hash = models.CharField(max_length=40)
    content_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-fetched_at"]
        indexes = [models.Index(fields=["website", "url_hash", "-fetched_at"])]

    def __str__(self) -> str:
        return f"{self.url} {self.content_hash[:12]}"


class IndicatorSetting(models.Model):
    """The district office's edit of one indicator of the scoring table (scoring.py)."""

    code = models.CharField(max_length=60, unique=True)
    points = models.DecimalField(max_digits=5, decimal_places=1)
    cap = models.DecimalField(max_digits=5, decimal_places=1)
    threshold = models.PositiveSmallIntegerField(default=1)
    enabled = models.BooleanField(default=True)
    confidence = models.CharField(max_length=30)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.code


class Scorecard(models.Model):
    """A computed scorecard of a site or an account (subject key), kept for the trend."""

    subject = models.CharField(max_length=60, db_index=True)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField()
    verdict = models.CharField(max_length=20)
    total = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"{self.subject} {self.verdict}"


class Rectification(models.Model):
    """整改 work order: a finding the responsible unit must fix by `due_date`."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the unit")
        ANSWERED = "answered", _("Answered, awaiting re-check")
        CLOSED = "closed", _("Closed (rectified)")

    class ClosedHow(models.TextChoices):
        RECHECK = "recheck", _("Re-check passed")
        SUPERVISOR = "supervisor", _("Closed by the district office")

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="rectifications")
    subject = models.CharField(max_length=60, db_index=True)
    indicator = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    evidence = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    due_date = models.DateField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_how = models.CharField(max_length=10, choices=ClosedHow.choices, blank=True)
    close_note = models.CharField(max_length=500, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            # One live work order per subject and indicator: a periodic re-check that finds the
            # problem again does not pile up duplicates.
            models.UniqueConstraint(
                fields=["subject", "indicator"],
                condition=~Q(status="closed"),
                name="monitoring_rectification_one_open",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Alert(models.Model):
    """A 7×24 alert to a unit and the district office (veto hit, or approaching one)."""

    class Level(models.TextChoices):
        WARNING = "warning", _("Warning")
        VETO = "veto", _("Veto item hit")

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=60)
    indicator = models.CharField(max_length=60)
    level = models.CharField(max_length=10, choices=Level.choices)
    message = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    # A stable key (subject, indicator, level, period) so that one situation alerts once.
    key = models.CharField(max_length=150, unique=True)
    emailed = models.PositiveSmallIntegerField(default=0)
    texted = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.message
