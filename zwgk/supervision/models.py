"""Supervision records: the 政府信息公开工作年度报告 of a unit or the district, and the 通报.

Status moves are made in services.py; nothing here changes state on save. The annual report's
publication is a document of the register (zwgk/documents): its review chain and publication are
the register's, so the report's status is read from that document.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit


class AnnualReport(models.Model):
    """A unit's (or, with `is_district`, the district government's) report on `year`.

    Tables 二 (register part), 三 and 四 are computed at every read and frozen into `snapshot`
    when the report is submitted; only what the unit writes or enters is stored here.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    is_district = models.BooleanField(default=False)

    overview = models.TextField(_("section 1: overview"), blank=True)
    problems_text = models.TextField(_("section 5: main problems and improvements"), blank=True)
    other_text = models.TextField(_("section 6: other matters"), blank=True)

    # Table 二 figures the unit enters (or corrects) with evidence; None = not entered (the
    # enforcement register's figure, where it exists, is used).
    license_count = models.PositiveIntegerField(_("administrative licences"), null=True, blank=True)
    penalty_count = models.PositiveIntegerField(
        _("administrative penalties"), null=True, blank=True
    )
    coercion_count = models.PositiveIntegerField(
        _("administrative coercive measures"), null=True, blank=True
    )
    charges_wan = models.DecimalField(
        _("administrative fees collected (10,000 yuan)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
    )
    figures_evidence = models.TextField(_("evidence for the entered figures"), blank=True)
    # Reports on 2019 and 2020 (2019 试行 format, rules.md §3.6): the table 二 figures the unit
    # enters that the 2021 format does not have (项目数量, 增/减, 其他对外管理服务事项,
    # 政府集中采购), keyed as annual.ENTERED_2019; values are strings of the entered figures.
    figures_2019 = models.JSONField(default=dict, blank=True)

    document = models.OneToOneField(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    snapshot = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="supervision_one_report"),
            models.CheckConstraint(
                condition=Q(charges_wan__isnull=True) | Q(charges_wan__gte=0),
                name="supervision_charges_not_negative",
            ),
            models.CheckConstraint(condition=Q(year__gte=2019), name="supervision_year_2019"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class Bulletin(models.Model):
    """A 通报 of the district office (铜府办发〔2019〕16号 三(二): 建立……工作情况通报制度): the
    problems of a period, unit by unit, each with its evidence and a rectification date.
    Drafted from the problem registry, edited, reviewed by another supervisor, then issued to
    the units (who see their items in the 工作台 and report their rectification)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Awaiting review")
        ISSUED = "issued", _("Issued")

    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    intro = models.TextField(_("introduction"), blank=True)
    requirements = models.TextField(_("rectification requirements"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    return_reason = models.TextField(blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    # Marked for public release: once issued, the district office may publish it on the portal
    # as a document of the 区政府办 (bulletin_publication.py); `document` is that document (its
    # review, publication and withdrawal are the register's).
    is_public = models.BooleanField(_("for public release"), default=False)
    document = models.OneToOneField(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="supervision_bulletin_period",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "issued"]),
                name="supervision_bulletin_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | Q(issued_at__isnull=False),
                name="supervision_bulletin_issued_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BulletinItem(models.Model):
    """One problem of one unit in a 通报 (copied from the registry when drafted: what was
    issued stays as issued)."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=80)
    kind = models.CharField(max_length=100)
    summary = models.TextField()
    severity = models.CharField(max_length=20)
    occurred_on = models.DateField()
    evidence_url = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=120, blank=True)
    is_included = models.BooleanField(_("included"), default=True)
    note = models.TextField(_("note"), blank=True)
    rectify_by = models.DateField(_("rectify by"))
    response = models.TextField(_("rectification report"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "source", "reference", "kind"],
                condition=~Q(reference=""),
                name="supervision_bulletin_item_once",
            )
        ]

    def __str__(self) -> str:
        return self.summary[:60]


class SpotCheck(models.Model):
    """A 抽查 (铜府办发〔2019〕16号 三(二): 定期与不定期抽查相结合): a seeded random sample of one
    kind of object per unit, checked against a checklist. The seed is recorded so the sample
    can be drawn again and verified."""

    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("what is sampled"), max_length=20)
    per_unit = models.PositiveSmallIntegerField(_("sample size per unit"))
    seed = models.BigIntegerField()
    population = models.JSONField(default=dict)  # unit id → size of the population sampled
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(per_unit__gte=1) & Q(per_unit__lte=50),
                name="supervision_spotcheck_size",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SpotCheckItem(models.Model):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    object_ref = models.CharField(max_length=120)  # e.g. "documents.document:12"
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    results = models.JSONField(default=dict)  # checklist key → true (met) / false (not met)
    note = models.TextField(blank=True)
    passed = models.BooleanField(null=True)  # None: not checked yet
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["spot_check", "object_ref"], name="supervision_spotcheck_item_once"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    """A 考核 of the district's units for one year against one indicator table
    (indicators.py); scores are computed from the records where an indicator says so and
    entered with evidence where not. Publishing it shows the ranking to every unit."""

    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    table = models.CharField(_("indicator table"), max_length=40)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "table"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "table"], name="supervision_one_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.table}"


class AssessmentScore(models.Model):
    """One unit's points on one indicator: `computed` from the records (None where the
    indicator is entered), `entered` by the district office with `evidence` (overrides)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(max_length=40)
    computed = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    basis = models.CharField(max_length=300, blank=True)  # how `computed` was obtained
    entered = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["unit__path", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "unit", "indicator"], name="supervision_one_score"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator}"

    @property
    def points(self) -> Decimal | None:
        return self.entered if self.entered is not None else self.computed
