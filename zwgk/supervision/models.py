"""Supervision records: the 政府信息公开工作年度报告 of a unit or the district, and the 通报.

Status moves are made in services.py; nothing here changes state on save. The annual report's
publication is a document of the register (zwgk/documents): its review chain and publication are
the register's, so the report's status is read from that document.
"""

from __future__ import annotations

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
