"""依申请公开: applications, the ledger of their legal events, consultations, 协办, fee notices,
replies with their files, deliveries, and the 复议/诉讼 cases linked to them.

The legal facts are stored as events (`RequestEvent`, append-only); the due date on
`DisclosureRequest` is only an indexed cache of the pure fold in clock.py. Status moves are
decided in transitions.py and made in services.py; nothing here changes state on save.
Personal data (identity number, phone, e-mail, address) is encrypted at rest with a blind index
for exact search and a masked copy for lists (security.md §3.2–§3.4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.core.crypto import EncryptedTextField
from zwgk.orgs.models import Unit

from .statute import (
    AppealKind,
    AppealResult,
    AppealStage,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    DeliveryMethod,
    FeeMethod,
    IdDocumentType,
    InformationForm,
    Outcome,
)


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation of receipt")
    PROCESSING = "processing", _("Being handled")
    CORRECTION = "correction", _("Awaiting the applicant's correction")
    REASONS = "reasons", _("Awaiting the applicant's reasons")
    FEE = "fee", _("Awaiting payment of the fee")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed: handling finished")


OPEN_STATUSES = (Status.PENDING, Status.PROCESSING, Status.CORRECTION, Status.REASONS, Status.FEE)


class DeadlineKind(models.TextChoices):
    """Which deadline the cached `due_date` is (the nearest one that needs the agency or the
    applicant to act)."""

    CONFIRM = "confirm", _("Confirm receipt")
    REPLY = "reply", _("Reply")
    CORRECTION_NOTICE = "correction_notice", _("Correction notice")
    CORRECTION = "correction", _("Applicant's correction")
    REASONS = "reasons", _("Applicant's reasons")
    FEE = "fee", _("Fee payment")


class RequestSequence(models.Model):
    """The last registration serial per unit and year; serials are never reused."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_foi_request_seq")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_serial}"


class DisclosureRequestQuerySet(models.QuerySet["DisclosureRequest"]):
    def of_units(self, units: models.QuerySet[Unit]) -> DisclosureRequestQuerySet:
        return self.filter(handling_unit__in=units)

    def open(self) -> DisclosureRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class DisclosureRequest(models.Model):
    """One 政府信息公开申请 (条例 art. 29), from registration to delivery of the reply."""

    handling_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="disclosure_requests",
        verbose_name=_("handling unit"),
    )
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    lookup_code = models.CharField(_("lookup code"), max_length=16, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)

    # How and when it arrived (art. 31).
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    # The legal receipt date (art. 31) of the application as first received; a 补正 restarts the
    # clock from the corrected receipt, which lives in the ledger, not here.
    receipt_date = models.DateField(_("receipt date"), null=True, blank=True, db_index=True)

    # The applicant (art. 29 (一)).
    applicant_type = models.CharField(
        _("applicant type"), max_length=20, choices=ApplicantType.choices
    )
    applicant_name = models.CharField(_("applicant name"), max_length=100, db_index=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    # Required for new applications (services.py); empty only on rows imported from old ledgers.
    id_type = models.CharField(
        _("identity document"), max_length=20, choices=IdDocumentType.choices, blank=True
    )
    id_number = EncryptedTextField(_("identity document number"), blank=True)
    id_number_index = models.CharField(max_length=32, blank=True, db_index=True)
    id_number_masked = models.CharField(max_length=40, blank=True)
    phone = EncryptedTextField(_("applicant phone"), blank=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True)
    phone_masked = models.CharField(max_length=40, blank=True)
    email = EncryptedTextField(_("applicant e-mail"), blank=True)
    email_masked = models.CharField(max_length=100, blank=True)
    address = EncryptedTextField(_("postal address"), blank=True)
    address_masked = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(_("applicant postcode"), max_length=6, blank=True)

    # The information asked for (art. 29 (二)) and the form (art. 29 (三)).
    info_title = models.CharField(_("name of the information"), max_length=300, blank=True)
    info_doc_number = models.CharField(
        _("document number of the information"), max_length=100, blank=True
    )
    description = models.TextField(_("description of the information"))
    purpose = models.TextField(_("purpose (optional)"), blank=True)
    information_form = models.CharField(
        _("requested form"), max_length=20, choices=InformationForm.choices, blank=True
    )
    delivery_method = models.CharField(
        _("way to receive it"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    # Rows from `zwgk import requests` (ledgers kept before the system) carry what the ledger
    # had; the services never create them.
    is_imported = models.BooleanField(default=False)

    # Cache of the nearest deadline from clock.py, for lists and reminders (recomputed with the
    # calendar, zwgk.core.deadlines). `reply_due_date` is the art. 33 date on its own.
    due_date = models.DateField(null=True, blank=True, db_index=True)
    due_kind = models.CharField(max_length=20, choices=DeadlineKind.choices, blank=True)
    reply_due_date = models.DateField(null=True, blank=True, db_index=True)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = DisclosureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")
        indexes = [
            models.Index(fields=["handling_unit", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="foi_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="foi_request_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(applicant_type__in=ApplicantType.values),
                name="foi_request_applicant_type_valid",
            ),
            # Past confirmation an application has its legal receipt date (art. 31).
            models.CheckConstraint(
                condition=Q(status="pending") | Q(receipt_date__isnull=False),
                name="foi_request_receipt_date_after_confirmation",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="foi_request_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def subject(self) -> str:
        """A one-line name of what was asked for, for lists and titles."""
        text = self.info_title or self.description
        return text if len(text) <= 60 else text[:59] + "…"

    @property
    def applicant_display(self) -> str:
        """The name as lists show it: organisations in full, persons masked (张*)."""
        if self.applicant_type != ApplicantType.NATURAL_PERSON:
            return self.applicant_name
        name = self.applicant_name
        return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    CONTACT_FAILED = "contact_failed", _("Applicant could not be reached")
    CONFIRMED = "confirmed", _("Receipt confirmed")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    CORRECTION_RECEIVED = "correction_received", _("Correction received")
    CORRECTION_LAPSED = "correction_lapsed", _("Correction period lapsed")
    CONSULTATION_SENT = "consultation_sent", _("Consultation sent")
    CONSULTATION_ANSWERED = "consultation_answered", _("Consultation answered")
    EXTENDED = "extended", _("Reply period extended")
    REASONS_REQUESTED = "reasons_requested", _("Reasons requested (art. 35)")
    REASONS_ACCEPTED = "reasons_accepted", _("Reasons accepted, period set (art. 35)")
    FEE_NOTIFIED = "fee_notified", _("Fee notice sent")
    FEE_PAID = "fee_paid", _("Fee paid")
    FEE_LAPSED = "fee_lapsed", _("Fee not paid in time")
    TRANSFERRED = "transferred", _("Transferred to another unit")
    ASSISTANCE_REQUESTED = "assistance_requested", _("Assisting unit asked")
    REPLIED = "replied", _("Replied")
    DELIVERED = "delivered", _("Delivered")
    REMINDED = "reminded", _("Deadline reminder sent")
    ESCALATED = "escalated", _("Overdue case escalated")


class RequestEvent(models.Model):
    """One legal fact in the life of an application (the ledger the clock folds).

    Append-only: a mistaken event is not edited; a later event supersedes it. `on_date` is the
    legal date of the fact (e.g. the day a correction arrived), `at` when it was recorded.
    `data` carries the event's parameters (see clock.py for each kind).
    """

    Kind = EventKind

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    on_date = models.DateField()
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    # Idempotency key for automatic events (reminders): one per request, deadline and threshold.
    dedupe_key = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["on_date", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="foi_event_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["request", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="unique_foi_event_dedupe",
            ),
        ]
        indexes = [models.Index(fields=["request", "kind"])]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.on_date}"


class Consultation(models.Model):
    """A written consultation of a third party (art. 32) or a co-producing agency (art. 34).
    The reply clock pauses while it is open (art. 33 para. 3; convention in clock.py)."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField(_("consulted party"), max_length=20, choices=ConsultationParty.choices)
    party_name = models.CharField(_("name of the party"), max_length=200)
    question = models.TextField(_("what is asked"), blank=True)
    sent_on = models.DateField(_("sent on"))
    window_end = models.DateField()  # sent_on + 15 working days (cache, like the due date)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=ConsultationAnswer.choices, blank=True
    )
    answer_note = models.TextField(_("reasons given"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(answer=""),
                name="foi_consultation_answer_with_date",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("sent_on")),
                name="foi_consultation_answer_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} {self.party_name}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class Assistance(models.Model):
    """A 协办 unit asked to contribute (宿迁 form set: 协办函); it may read the case and answer."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="assistances"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField()
    question = models.TextField(_("what is asked"))
    answer = models.TextField(_("contribution"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["asked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="unique_foi_assistance")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.unit_id}"


class FeeNotice(models.Model):
    """A 收费通知 (处理费办法): the amount is computed by fees.py from the method and the count,
    never typed. Payment is due 20 working days after the applicant received the notice."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="fee_notices"
    )
    method = models.CharField(_("method"), max_length=20, choices=FeeMethod.choices)
    # 按件: this application's items (一事一申请 split) and the applicant's earlier items that
    # month; 按量: the pages.
    items = models.PositiveIntegerField(default=0)
    earlier_items = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    explanation = models.TextField()
    sent_on = models.DateField(_("sent on"))
    received_on = models.DateField(_("received by the applicant on"))
    pay_by = models.DateField()
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    lapsed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="foi_fee_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(lapsed_on__isnull=True),
                name="foi_fee_paid_or_lapsed",
            ),
            # Never both methods for one notice (办法 art. 3).
            models.CheckConstraint(
                condition=(Q(method="per_item") & Q(pages=0) & Q(items__gt=0))
                | (Q(method="per_volume") & Q(items=0) & Q(earlier_items=0) & Q(pages__gt=0)),
                name="foi_fee_one_method",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.amount}"


class Reply(models.Model):
    """The agency's answer (arts. 30, 35–39, fee rules): one per application.

    `outcome` decides the annual-report row (statute.OUTCOME_RULES). Letter generation (答复书,
    DOCX/PDF, numbered per unit) fills `letter_number` and adds `RequestFile`s of kind "letter";
    this record is its hook.
    """

    request = models.OneToOneField(
        DisclosureRequest, on_delete=models.CASCADE, related_name="reply"
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    table3_row = models.CharField(max_length=5)  # statute.table3_row(outcome), for reports
    reply_date = models.DateField(_("reply date"), db_index=True)
    body = models.TextField(_("reply text"), blank=True)
    # 部分公开 (art. 37): what is withheld and why.
    withheld_part = models.TextField(_("what is withheld"), blank=True)
    withheld_grounds = models.JSONField(_("grounds for withholding"), default=list, blank=True)
    withheld_reason = models.TextField(_("why it is withheld"), blank=True)
    # 不属于本机关负责公开 (art. 36(五)): the agency that holds it.
    other_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    other_agency_contact = models.CharField(_("its contact details"), max_length=200, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("reply")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="foi_reply_outcome_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="partial") | (~Q(withheld_part="") & ~Q(withheld_reason="")),
                name="foi_reply_partial_says_what_and_why",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="not_our_info") | ~Q(body="") | ~Q(other_agency=""),
                name="foi_reply_not_ours_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.outcome}"


def request_file_path(instance: RequestFile, filename: str) -> str:
    return f"disclosure_requests/{instance.request_id}/{instance.sha256}"


class RequestFile(models.Model):
    """A file of the case: uploaded identity documents (encrypted), generated letters and notices,
    the information provided, correspondence."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        LETTER = "letter", _("Reply letter or notice")
        INFORMATION = "information", _("Information provided")
        CORRESPONDENCE = "correspondence", _("Correspondence")
        OTHER = "other", _("Other")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(
        RequestEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="files"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.SET_NULL, null=True, blank=True, related_name="files"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=request_file_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # Identity documents are stored encrypted (crypto.encrypt_bytes); others in the clear.
    is_encrypted = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Delivery(models.Model):
    """How a reply or notice reached the applicant (送达): post with tracking number, e-mail,
    collection in person …"""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="deliveries"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    method = models.CharField(_("method"), max_length=20, choices=DeliveryMethod.choices)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    delivered_on = models.DateField(_("delivered on"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["delivered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.method} {self.delivered_on}"


class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 case about an application (table 四, rules.md §3.5).

    `request` may be empty for cases imported from a ledger that predates the system; the
    responding unit is then `unit`. Litigation is either direct or after a 复议 (`after`)."""

    kind = models.CharField(_("kind of case"), max_length=20, choices=AppealKind.choices)
    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("respondent unit")
    )
    after = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="litigations",
        verbose_name=_("after the reconsideration"),
    )
    is_after_reconsideration = models.BooleanField(_("after a reconsideration"), default=False)
    body = models.CharField(_("reconsideration body or court"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    applicant_name = models.CharField(_("applicant or plaintiff"), max_length=100, blank=True)
    filed_on = models.DateField(_("applied or sued on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=AppealStage.choices)
    result = models.CharField(
        _("result"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AppealKind.values), name="foi_appeal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(result__in=AppealResult.values), name="foi_appeal_result_valid"
            ),
            # A decided case has its date; a pending one has none.
            models.CheckConstraint(
                condition=(Q(result="pending") & Q(decided_on__isnull=True))
                | (~Q(result="pending") & Q(decided_on__isnull=False)),
                name="foi_appeal_decided_has_date",
            ),
            # Only litigation follows a reconsideration.
            models.CheckConstraint(
                condition=Q(kind="litigation") | Q(is_after_reconsideration=False),
                name="foi_appeal_only_litigation_after",
            ),
            models.CheckConstraint(
                condition=Q(after__isnull=True) | Q(is_after_reconsideration=True),
                name="foi_appeal_after_flag",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind", "result"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"
