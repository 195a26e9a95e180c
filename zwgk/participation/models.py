"""Consultations (重大决策预公开) with their files, comments, comment groups and hearings, and
会议公开 meetings with their invitations and public registrations.

State moves are decided in transitions.py and made in services.py; nothing here changes state on
save. The end date of a consultation is an indexed cache of clock.comment_period_end (never
typed). Personal data of commenters and registrants (phone, e-mail, address) is encrypted at
rest (zwgk.core.crypto) and never shown on a public page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.core.crypto import EncryptedTextField
from zwgk.orgs.models import Unit

from .statute import Channel, Disposition, InviteeGroup


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the head's approval")
    APPROVED = "approved", _("Approved, waiting for the comment period")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed, comments being answered")
    RESULTS_PUBLISHED = "results_published", _("Adoption results published")


PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.RESULTS_PUBLISHED)


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def public(self) -> ConsultationQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)


class Consultation(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consultations")
    title = models.CharField(_("title of the decision"), max_length=200)
    # 决策草案、背景、依据和主要内容 (seed notice §一(二)1).
    draft = models.TextField(_("draft decision"))
    background = models.TextField(_("background"))
    basis = models.TextField(_("basis"))
    main_content = models.TextField(_("main content"))
    ways_to_comment = models.TextField(_("ways to comment"))
    start_date = models.DateField(_("first day of comments"))
    period_days = models.PositiveSmallIntegerField(_("comment period (calendar days)"))
    urgency_reason = models.TextField(_("reason for a shorter period"), blank=True)
    # Cache of clock.comment_period_end(start_date, period_days) (民法典 arts. 201, 203).
    end_date = models.DateField(_("last day of comments"), db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Numbers handed to comments by an atomic increment (services.py): 1, 2, …
    comment_count = models.PositiveIntegerField(default=0)
    decision = models.TextField(_("the decision as made"), blank=True)
    results_note = models.TextField(_("note on the adoption results"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    results_published_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["status", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="participation_consult_status_valid"
            ),
            # 条例 art. 15: shorter than 30 days only with a stated reason.
            models.CheckConstraint(
                condition=Q(period_days__gte=30) | ~Q(urgency_reason=""),
                name="participation_short_period_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(period_days__gte=1), name="participation_period_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shortened(self) -> bool:
        return bool(self.urgency_reason)


def file_path(instance: ConsultationFile, filename: str) -> str:
    return f"participation/{instance.sha256}"


class ConsultationFile(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft decision and explanation")
        MATERIAL = "material", _("Background material")
        DECISION = "decision", _("Decision as made")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=file_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CommentGroup(models.Model):
    """Similar comments answered together: one disposition for every comment of the group."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("summary of the similar comments"), max_length=200)
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(disposition=Disposition.NOT_ADOPTED) | ~Q(reason=""),
                name="participation_group_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    class Moderation(models.TextChoices):
        VISIBLE = "visible", _("Shown in the results")
        HELD = "held", _("Held for review")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="comments"
    )
    number = models.PositiveIntegerField()  # 1, 2, … within the consultation
    channel = models.CharField(max_length=20, choices=Channel.choices)
    body = models.TextField(_("comment"))
    author_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("postal address"), blank=True)
    # Summaries of a 座谈会 / 网上调查: how many people took part.
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    received_at = models.DateTimeField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )
    hold_reason = models.CharField(max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    group = models.ForeignKey(
        CommentGroup, on_delete=models.PROTECT, related_name="comments", null=True, blank=True
    )
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="participation_comment_number_unique"
            ),
            # 不予采纳的要说明理由 (seed notice §一(二)1).
            models.CheckConstraint(
                condition=~Q(disposition=Disposition.NOT_ADOPTED) | ~Q(reason=""),
                name="participation_rejection_has_reason",
            ),
            # A grouped comment is answered through its group only.
            models.CheckConstraint(
                condition=Q(group__isnull=True) | Q(disposition=""),
                name="participation_grouped_answered_by_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.number}"

    @property
    def effective_disposition(self) -> str:
        return self.group.disposition if self.group_id and self.group else self.disposition

    @property
    def effective_reason(self) -> str:
        return self.group.reason if self.group_id and self.group else self.reason

    @property
    def effective_disposition_label(self) -> str:
        value = self.effective_disposition
        return Disposition(value).label if value else ""

    @property
    def is_answered(self) -> bool:
        return bool(self.effective_disposition)


class Hearing(models.Model):
    """听证会 (条例 arts. 16–17)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="hearings"
    )
    held_on = models.DateField(_("hearing date"))
    place = models.CharField(_("place"), max_length=200)
    selection_method = models.TextField(_("how participants are selected"))
    participants = models.TextField(_("list of participants"))
    materials_sent_on = models.DateField(_("materials sent to participants on"))
    notice_published_at = models.DateTimeField(null=True, blank=True)
    record = models.FileField(upload_to=file_path, max_length=200, blank=True)
    record_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    record_signed = models.BooleanField(_("record signed by the participants"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.held_on}"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Announced, registration open")
    HELD = "held", _("Held")
    OUTCOME_PUBLISHED = "outcome_published", _("Outcome published")


class Meeting(models.Model):
    """A meeting on a major livelihood matter (会议公开制度, seed notice §一(二)1)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="open_meetings")
    title = models.CharField(_("meeting"), max_length=200)
    topic = models.TextField(_("livelihood matter on the agenda"))
    agenda = models.TextField(_("agenda"))
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    public_seats = models.PositiveSmallIntegerField(_("seats for public registration"))
    seats_taken = models.PositiveSmallIntegerField(default=0)
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    outcome = models.TextField(_("matters decided (议定事项)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    announced_at = models.DateTimeField(null=True, blank=True)
    outcome_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=models.F("public_seats")),
                name="participation_meeting_seats_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="participation_meeting_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(0, self.public_seats - self.seats_taken)


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    group = models.CharField(max_length=20, choices=InviteeGroup.choices)
    name = models.CharField(_("name or organisation"), max_length=100)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["group", "pk"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="registrations")
    number = models.PositiveIntegerField()
    group = models.CharField(max_length=20, choices=InviteeGroup.choices)
    name = models.CharField(_("registrant's name"), max_length=50)
    phone = EncryptedTextField(_("phone"))
    note = models.CharField(_("why you wish to attend"), max_length=500, blank=True)
    registered_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="participation_registration_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}#{self.number}"


class MeetingFile(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=file_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
