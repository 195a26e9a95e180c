"""公开信箱: mailboxes configured by the district office, the letters citizens write to them
(with their 查询码, routing, reply deadline, 先审后发 reply, satisfaction rating and optional
publication), and the messages (留言) left on websites and new-media accounts.

Personal data of a writer (name, phone, e-mail, address) is encrypted at rest (zwgk.core.crypto)
with a masked copy for lists; the phone also has a blind index. The reply due date is an indexed
cache of deadlines.reply_due (working days, the calendar); nothing changes state on save.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.core.crypto import EncryptedTextField
from zwgk.orgs.models import Unit

# rules.md §4.4 mentions "reply generally expected within about 5 working days in several
# provincial rules — provincial, not national": a default the district office changes per mailbox.
DEFAULT_REPLY_WORKDAYS = 5


class Mailbox(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="mailboxes", verbose_name=_("owner unit")
    )
    description = models.TextField(_("description"), blank=True)
    reply_workdays = models.PositiveSmallIntegerField(
        _("reply deadline (working days)"), default=DEFAULT_REPLY_WORKDAYS
    )
    is_active = models.BooleanField(_("open for letters"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_workdays__gte=1, reply_workdays__lte=60),
                name="mailbox_reply_workdays_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    OPEN = "open", _("Being handled")
    REVIEW = "review", _("Reply awaiting the head's approval")
    REPLIED = "replied", _("Replied")


OPEN_STATUSES = (Status.OPEN, Status.REVIEW)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class LetterKind(models.TextChoices):
    CONSULTATION = "consultation", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    HELP = "help", _("Request for help")
    OTHER = "other", _("Other")


class LetterQuerySet(models.QuerySet["Letter"]):
    def open(self) -> LetterQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Letter(models.Model):
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="letters")
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="letters", verbose_name=_("handling unit")
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    lookup_code = models.CharField(max_length=16, unique=True)
    # HMAC of the code and the last four digits of the phone: the lookup's second factor.
    lookup_check = models.CharField(max_length=32)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))

    writer_name = EncryptedTextField(_("name"))
    writer_name_masked = models.CharField(max_length=40)
    phone = EncryptedTextField(_("phone"))
    phone_index = models.CharField(max_length=32, db_index=True)
    phone_masked = models.CharField(max_length=40)
    email = EncryptedTextField(_("e-mail"), blank=True)
    email_masked = models.CharField(max_length=100, blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    address_masked = models.CharField(max_length=200, blank=True)
    consents_to_publication = models.BooleanField(_("agrees to publication"), default=False)

    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_date = models.DateField(_("reply due"), null=True, blank=True, db_index=True)

    draft_reply = models.TextField(blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True, blank=True)
    reply_body = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, db_index=True)
    replied_by_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    satisfaction_comment = models.CharField(max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    is_published = models.BooleanField(default=False, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    public_subject = models.CharField(max_length=200, blank=True)
    public_body = models.TextField(blank=True)
    public_reply = models.TextField(blank=True)

    updated_at = models.DateTimeField()

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["handling_unit", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="mailbox_letter_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="replied") | Q(replied_at__isnull=False),
                name="mailbox_letter_replied_has_time",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(status="replied"),
                name="mailbox_letter_rated_after_reply",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consents_to_publication=True, status="replied"),
                name="mailbox_letter_published_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def replied_in_time(self) -> bool | None:
        if self.replied_at is None or self.due_date is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.replied_at) <= self.due_date


class LetterEvent(models.Model):
    class Kind(models.TextChoices):
        RECEIVED = "received", _("Letter received")
        TRANSFERRED = "transferred", _("Transferred")
        REPLY_SUBMITTED = "reply_submitted", _("Reply submitted for approval")
        REPLY_RETURNED = "reply_returned", _("Reply returned by the head")
        REPLIED = "replied", _("Reply approved and sent")
        RATED = "rated", _("Rated by the writer")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Withdrawn from publication")
        REMINDED = "reminded", _("Reminder")
        ESCALATED = "escalated", _("Escalated (overdue)")
        SENTIMENT = "sentiment", _("Escalated as a public-opinion case")
        PERSONAL_DATA_VIEWED = "personal_data_viewed", _("Personal data viewed")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    # Reminders and escalations are recorded once per letter, due date and threshold.
    dedupe_key = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="mailbox_letter_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.kind}"


class LetterSequence(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class Message(models.Model):
    """A message (留言) left on a website or a new-media account, entered by staff or imported,
    tracked until answered. `channel` names where it was left: "newmedia.account:<pk>",
    "monitoring.site:<pk>", or "portal" (the district's own site)."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by staff")
        IMPORTED = "imported", _("Imported")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="messages", verbose_name=_("unit")
    )
    channel = models.CharField(_("channel of the message"), max_length=80, db_index=True)
    channel_label = models.CharField(_("channel name"), max_length=200)
    external_id = models.CharField(_("original number"), max_length=100, blank=True)
    author = models.CharField(_("author (nickname)"), max_length=100, blank=True)
    content = models.TextField(_("message"))
    left_at = models.DateTimeField(_("left at"), db_index=True)
    answer = models.TextField(_("answer to the message"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by_label = models.CharField(_("answered by"), max_length=100, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-left_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="mailbox_message_external_once",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answered_by_label=""),
                name="mailbox_message_answered_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_label}: {self.content[:30]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
