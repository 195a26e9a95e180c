"""政策直通车: the library of 利企便民 policies, their tags, the subscriptions of businesses and
citizens, and the delivery log of the pushes.

Personal data: a subscription holds exactly one contact (an e-mail address, a mobile number or a
WeChat openid), encrypted at rest (EncryptedTextField) with a keyed blind index for uniqueness
and look-up, and a masked copy for staff pages. Nothing else about a subscriber is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zwgk.core.crypto import EncryptedTextField
from zwgk.orgs.models import Unit


class Industry(models.Model):
    """A section (门类) of GB/T 4754-2017 (gbt4754.SECTIONS, loaded by migration 0002)."""

    code = models.CharField(_("section code"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry section")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Category(models.Model):
    """A policy category (财税, 金融 …): data the district office edits."""

    name = models.CharField(_("category name"), max_length=20, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("policy category")

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """Who a policy is for (企业, 个体工商户, 个人 …)."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(_("target group"), max_length=20)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    CITY = "city", _("Chongqing municipal")
    DISTRICT = "district", _("District")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")


class PolicyQuerySet(models.QuerySet["Policy"]):
    def public(self) -> PolicyQuerySet:
        """What the public site shows: published policies and those whose validity ended."""
        return self.filter(status__in=[Status.PUBLISHED, Status.EXPIRED])


class Policy(models.Model):
    """One policy of the library. `unit` is the district department responsible for it (it
    keeps the entry, answers questions and handles applications locally): the staff scope and
    the "department" dimension of subscriptions. The issuing authority is text, because
    national and city policies are issued outside the district."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible department")
    )
    title = models.CharField(_("policy title"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    issuing_authority = models.CharField(_("issuing authority"), max_length=100)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    issued_date = models.DateField(_("date issued"))
    summary = models.TextField(_("policy summary"), max_length=2000)
    interpretation = models.TextField(_("district interpretation"), max_length=20000, blank=True)
    guide_who = models.TextField(_("who can apply"), max_length=2000, blank=True)
    guide_what = models.TextField(
        _("what is offered and what to bring"), max_length=4000, blank=True
    )
    guide_how = models.TextField(_("how to apply"), max_length=4000, blank=True)
    guide_where = models.TextField(_("where to apply"), max_length=1000, blank=True)
    guide_contact = models.CharField(_("contact (office)"), max_length=200, blank=True)
    valid_from = models.DateField(_("validity start"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    industries = models.ManyToManyField(Industry, blank=True, verbose_name=_("industries"))
    categories = models.ManyToManyField(Category, blank=True, verbose_name=_("categories"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published document"),
    )
    is_demo = models.BooleanField(default=False, editable=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # 0 until first published; each approval after a revision adds one (the push key).
    revision = models.PositiveIntegerField(default=0)
    return_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("policy")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["unit", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="policy_validity_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "expired"]) | Q(revision__gte=1),
                name="policy_published_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_staff_url(self) -> str:
        return reverse("policies:detail", args=[self.pk])

    @property
    def has_guide(self) -> bool:
        return any(
            (self.guide_who, self.guide_what, self.guide_how, self.guide_where, self.guide_contact)
        )

    @property
    def is_public(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.EXPIRED)

    def open_revision(self) -> PolicyRevision | None:
        """The revision being prepared or reviewed, if any (one query)."""
        return self.revisions.filter(status__in=["draft", "pending"]).first()


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat template message")


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Unsubscribed")


class Subscription(models.Model):
    """One contact's subscription. The tags apply once confirmed (double opt-in: the chosen tags
    travel in the signed confirmation link, so an unconfirmed request changes nothing).
    Unsubscribing erases the contact; the row stays for the statistics and the delivery log."""

    channel = models.CharField(_("receiving channel"), max_length=10, choices=Channel.choices)
    contact = EncryptedTextField(_("contact"), blank=True)
    contact_index = models.CharField(max_length=32, blank=True, db_index=True)
    contact_masked = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=10, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    industries = models.ManyToManyField(Industry, blank=True, related_name="+")
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    departments = models.ManyToManyField(Unit, blank=True, related_name="+")
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "contact_index"],
                condition=~Q(contact_index=""),
                name="unique_policy_subscription_contact",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.contact_masked}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")


class Delivery(models.Model):
    """The delivery log: one row per subscriber per policy revision, so a push run twice never
    sends twice (the unique constraint), and a failed send is retried a bounded number of times."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="deliveries")
    revision = models.PositiveIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "policy", "revision"], name="unique_policy_delivery"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.revision} → {self.subscription_id}: {self.status}"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Revision in preparation")
    PENDING = "pending", _("Revision awaiting review")
    APPROVED = "approved", _("Revision approved")


class PolicyRevision(models.Model):
    """A revision (修订) of a published or expired policy, kept apart from the policy so that the
    published version stays on the public site while the revision is prepared and reviewed.
    Approval copies `values` and the tags onto the policy (services.approve_policy). At most
    one open (draft or pending) revision per policy; approved ones stay as the history."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="revisions")
    status = models.CharField(
        max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    # The proposed POLICY_FIELDS (dates as ISO strings, the document as its pk) and tags.
    values = models.JSONField(default=dict)
    industries = models.JSONField(default=list)  # GB/T 4754 section codes
    categories = models.JSONField(default=list)  # Category pks
    target_groups = models.JSONField(default=list)  # TargetGroup pks
    return_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("policy revision")
        constraints = [
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status__in=["draft", "pending"]),
                name="policy_one_open_revision",
            ),
        ]

    def __str__(self) -> str:
        return str(self.values.get("title") or self.policy_id)
