"""公文 with their disclosure attribute, the review chain's events, attachments, 规范性文件 records,
policy interpretations and 索引号 sequences.

Status moves are decided in transitions.py and made in services.py; nothing here changes state
on save. Invariants that the database can hold are constraints.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from .statute import (
    CleanupDecision,
    DisclosureAttribute,
    DisclosureScope,
    Genre,
    InterpretationForm,
    LegalGround,
    Validity,
)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RETURNED = "returned", _("Returned")
    DEPUTY_REVIEW = "deputy_review", _("Awaiting the deputy head's review")
    HEAD_REVIEW = "head_review", _("Awaiting the head's sign-off")
    OFFICE_REVIEW = "office_review", _("Awaiting the district office's check")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled for publication")
    PUBLISHED = "published", _("Published")
    REGISTERED = "registered", _("Registered (not for proactive disclosure)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Topic(models.Model):
    """主题分类 (topic taxonomy); seeded with the State Council's first level."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.name


class IndexNumberSequence(models.Model):
    """The last 索引号 serial handed out per unit and year; serials are never reused."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_index_seq")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_serial}"


class DocumentQuerySet(models.QuerySet["Document"]):
    def published(self) -> DocumentQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def of_units(self, units: models.QuerySet[Unit]) -> DocumentQuerySet:
        return self.filter(publishing_unit__in=units)

    def in_review(self) -> DocumentQuerySet:
        return self.filter(
            status__in=[Status.DEPUTY_REVIEW, Status.HEAD_REVIEW, Status.OFFICE_REVIEW]
        )


class Document(models.Model):
    publishing_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="documents", verbose_name=_("publishing unit")
    )
    issuing_units = models.ManyToManyField(
        Unit, through="DocumentIssuer", related_name="issued_documents"
    )
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True, db_index=True)
    written_date = models.DateField(_("date written"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=50, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("topic")
    )
    genre = models.CharField(_("genre"), max_length=20, choices=Genre.choices, blank=True)
    column = models.CharField(_("column"), max_length=20, blank=True, db_index=True)
    index_number = models.CharField(_("index number"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("body"), blank=True)

    disclosure = models.CharField(
        _("disclosure attribute"), max_length=20, choices=DisclosureAttribute.choices, blank=True
    )
    disclosure_scope = models.CharField(
        _("scope"), max_length=10, choices=DisclosureScope.choices, blank=True
    )
    withheld_part = models.TextField(_("what is withheld and why"), blank=True)
    legal_ground = models.CharField(
        _("legal ground"), max_length=30, choices=LegalGround.choices, blank=True
    )
    ground_explanation = models.TextField(_("explanation of the ground"), blank=True)

    is_normative = models.BooleanField(_("normative document (规范性文件)"), default=False)
    needs_interpretation = models.BooleanField(_("needs a policy interpretation"), default=False)
    interprets = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        verbose_name=_("interprets"),
    )
    interpretation_form = models.CharField(
        _("interpretation form"), max_length=10, choices=InterpretationForm.choices, blank=True
    )
    video_url = models.URLField(_("video link"), blank=True)
    is_major_decision = models.BooleanField(
        _("major decision likely to draw attention"), default=False
    )
    risk_assessment = models.TextField(_("public-opinion risk assessment"), blank=True)
    response_plan = models.TextField(_("response plan"), blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    formed_date = models.DateField(_("formed or changed on"), null=True, blank=True)
    # Cache of the art. 26 deadline for lists and reminders; computed by deadlines.py.
    publish_due_date = models.DateField(null=True, blank=True, db_index=True)
    approved_hash = models.CharField(max_length=64, blank=True)
    scheduled_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    return_reason = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["publishing_unit", "status"]),
            models.Index(fields=["status", "published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(disclosure__in=["", *DisclosureAttribute.values]),
                name="document_disclosure_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="document_status_valid"
            ),
            # Once past the draft stage a document has an attribute, and a non-disclosure
            # attribute has its ground (铜府办发〔2019〕16号: 拟不公开的，要依法依规说明理由).
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.RETURNED]) | ~Q(disclosure=""),
                name="document_attribute_after_draft",
            ),
            models.CheckConstraint(
                condition=Q(disclosure="proactive")
                | Q(disclosure="")
                | Q(status__in=[Status.DRAFT, Status.RETURNED])
                | ~Q(legal_ground=""),
                name="document_ground_when_not_proactive",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(disclosure="proactive"),
                name="document_only_proactive_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | ~Q(approved_hash=""),
                name="document_published_was_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_interpretation(self) -> bool:
        return self.interprets_id is not None

    @property
    def is_editable(self) -> bool:
        return self.status in {Status.DRAFT, Status.RETURNED, Status.APPROVED, Status.SCHEDULED}


class DocumentIssuer(models.Model):
    """Issuing units of a document in order (joint issuance: the lead unit first)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="issuers")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="unique_document_issuer")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.unit_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"documents/{instance.document_id}/{instance.sha256}"


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    # Why the text is empty or incomplete (extraction failed or was truncated); shown to staff,
    # because the checks before publication saw only `extracted_text`.
    extraction_note = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ReviewEvent(models.Model):
    """One step of the review chain: who decided what, with the five checks confirmed."""

    class Decision(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        AUTO_RETURNED = "auto_returned", _("Returned automatically")
        OVERRIDDEN = "overridden", _("Blocking finding overridden")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(max_length=20, choices=Status.choices)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    at = models.DateTimeField()
    check_political = models.BooleanField(default=False)
    check_legal = models.BooleanField(default=False)
    check_policy = models.BooleanField(default=False)
    check_secrecy = models.BooleanField(default=False)
    check_wording = models.BooleanField(default=False)
    secrecy_review_passed = models.BooleanField(null=True)
    comment = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.stage} {self.decision}"


class FindingOverride(models.Model):
    """The unit head's recorded decision to publish despite a blocking textcheck finding."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="overrides")
    fingerprint = models.CharField(max_length=64)
    rule = models.CharField(max_length=40)
    excerpt = models.CharField(max_length=200)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "fingerprint"], name="unique_override")
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.excerpt}"


class NormativeRecord(models.Model):
    """The 行政规范性文件 facts of a document: number, validity, filing, successor."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="normative")
    unified_number = models.CharField(_("unified number"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filing_reference = models.CharField(_("filing reference"), max_length=100, blank=True)
    replaced_by = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    validity_changed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="normative_validity_period",
            )
        ]

    def __str__(self) -> str:
        return self.unified_number or str(self.document_id)


class CleanupCampaign(models.Model):
    """A 清理 campaign in which every valid normative document gets a decision."""

    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.title


class CleanupItem(models.Model):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=CleanupDecision.choices, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="unique_cleanup_item")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.document_id}"


def content_hash(document: Document, attachment_hashes: list[str]) -> str:
    """What a reviewer approves: the text and metadata a reader will see, and the files."""
    parts = [
        document.title,
        document.doc_number,
        str(document.written_date or ""),
        document.signer,
        document.summary,
        document.body,
        document.disclosure,
        document.disclosure_scope,
        document.withheld_part,
        document.legal_ground,
        document.ground_explanation,
        document.video_url,
        *sorted(attachment_hashes),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
