"""The registry of 政务新媒体 accounts, their filings (备案), what they publish and what the rules
found about them.

Invariants live in the database: one active account per unit per platform and one active
移动客户端 per district (partial unique constraints; an account carrying a recorded district
office approval of an exception is outside them), filing states and kinds valid. Writes go
through services.py; nothing here has business logic in save().

Personal data of the administrator and the contact (names and phone numbers) is stored only
encrypted (zwgk.core.crypto), with a masked copy for lists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.core.crypto import EncryptedTextField
from zwgk.orgs.models import Unit


class Platform(models.TextChoices):
    WECHAT_SUBSCRIPTION = "wechat_sub", _("WeChat subscription account")
    WECHAT_SERVICE = "wechat_svc", _("WeChat service account")
    WEIBO = "weibo", _("Weibo")
    DOUYIN = "douyin", _("Douyin")
    KUAISHOU = "kuaishou", _("Kuaishou")
    TOUTIAO = "toutiao", _("Toutiao")
    MINI_PROGRAM = "miniprogram", _("Mini program")
    MOBILE_APP = "app", _("Mobile client (app)")
    OTHER = "other", _("Other platform")


class Status(models.TextChoices):
    APPLYING = "applying", _("Application filed")
    OPEN = "open", _("Account open")
    CHANGING = "changing", _("Change being filed")
    SUSPENSION_NOTICE = "suspension_notice", _("Suspension announced")
    CLOSED = "closed", _("Account closed")
    CANCELLED = "cancelled", _("Account cancelled")
    REJECTED = "rejected", _("Application not approved")


# Statuses in which an account counts against "one per unit per platform".
ACTIVE_STATUSES = (
    Status.APPLYING,
    Status.OPEN,
    Status.CHANGING,
    Status.SUSPENSION_NOTICE,
)


class FilingKind(models.TextChoices):
    OPEN = "open", _("Account opening")
    CHANGE = "change", _("Account change")
    CLOSE = "close", _("Account closure")
    CANCEL = "cancel", _("Account cancellation")


class FilingState(models.TextChoices):
    AWAITING_HEAD = "awaiting_head", _("Awaiting the unit head")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting the district office")
    APPROVED = "approved", _("Filed")
    REJECTED = "rejected", _("Returned")


class DuplicateApproval(models.Model):
    """The district office's recorded approval of an exception to "one account per unit per
    platform" (or "one 移动客户端 per district"): it allows exactly one more account."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    reason = models.TextField(_("reason for the exception"))
    reference = models.CharField(_("approval document"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("exception approval")
        constraints = [
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="newmedia_approval_platform"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.platform}"


class MediaAccountQuerySet(models.QuerySet["MediaAccount"]):
    def active(self) -> MediaAccountQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def monitored(self) -> MediaAccountQuerySet:
        """Accounts that must publish: open or being changed."""
        return self.filter(status__in=(Status.OPEN, Status.CHANGING))


class MediaAccount(models.Model):
    district = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    host_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="media_accounts", verbose_name=_("host unit")
    )
    operating_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="operated_media_accounts",
        null=True,
        blank=True,
        verbose_name=_("operating unit"),
    )
    operating_unit_name = models.CharField(_("operating body"), max_length=100, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    # For Platform.OTHER: which platform; empty for the named ones (part of the unique key).
    platform_name = models.CharField(_("platform name"), max_length=40, blank=True)
    name = models.CharField(_("account name"), max_length=100)
    account_id = models.CharField(_("account ID"), max_length=100, blank=True)
    verified_entity = models.CharField(_("verified entity"), max_length=100, blank=True)
    purpose = models.CharField(_("main functions"), max_length=300, blank=True)
    url = models.URLField(_("home address"), max_length=300, blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)
    status = models.CharField(
        _("account status"), max_length=20, choices=Status.choices, default=Status.APPLYING
    )
    exception = models.OneToOneField(
        DuplicateApproval,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("exception approval"),
    )
    # The administrator may be one of the unit's staff accounts ("left the unit" is then seen).
    administrator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrator (staff account)"),
    )
    administrator_name = EncryptedTextField(_("administrator"), blank=True)
    administrator_name_masked = models.CharField(max_length=40, blank=True)
    administrator_phone = EncryptedTextField(_("administrator phone"), blank=True)
    administrator_phone_masked = models.CharField(max_length=40, blank=True)
    contact_name = EncryptedTextField(_("contact person"), blank=True)
    contact_name_masked = models.CharField(max_length=40, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    contact_phone_masked = models.CharField(max_length=40, blank=True)
    city_approval = models.CharField(_("city approval (mobile client)"), max_length=200, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Cache of the newest post's time (ingest.py keeps it), for lists and the rules.
    last_post_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = MediaAccountQuerySet.as_manager()

    class Meta:
        ordering = ["host_unit__path", "platform", "name"]
        verbose_name = _("new-media account")
        constraints = [
            models.UniqueConstraint(
                fields=["host_unit", "platform", "platform_name"],
                condition=Q(status__in=ACTIVE_STATUSES) & Q(exception__isnull=True),
                name="newmedia_one_account_per_unit_platform",
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(platform="app")
                & Q(status__in=ACTIVE_STATUSES)
                & Q(exception__isnull=True),
                name="newmedia_one_app_per_district",
            ),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="newmedia_account_platform"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="newmedia_account_status"
            ),
            models.CheckConstraint(
                condition=Q(platform="other") | Q(platform_name=""),
                name="newmedia_platform_name_only_for_other",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_platform_display()}）"

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_name:
            return self.platform_name
        return str(self.get_platform_display())

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def has_maintainer(self) -> bool:
        return bool(self.administrator_name_masked) and bool(
            self.administrator_phone_masked or self.contact_phone_masked
        )


class Filing(models.Model):
    """One 备案 step: opening, change, closure or cancellation, agreed by the unit's head and
    filed with the district office (铜府办发〔2019〕16号 二（一）)."""

    account = models.ForeignKey(MediaAccount, on_delete=models.PROTECT, related_name="filings")
    kind = models.CharField(_("filing"), max_length=10, choices=FilingKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=FilingState.choices, default=FilingState.AWAITING_HEAD
    )
    number = models.CharField(_("filing number"), max_length=30, blank=True)
    # The account's status when the filing was submitted (a returned filing restores it).
    from_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # For a change: the proposed values {field: value} (personal data never stored here).
    proposed = models.JSONField(default=dict, blank=True)
    # Closure: the 停更公告; cancellation: the public announcement.
    notice_url = models.URLField(_("announcement address"), max_length=300, blank=True)
    notice_date = models.DateField(_("announcement date"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    head_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_agreed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("filing")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FilingKind.values), name="newmedia_filing_kind"
            ),
            models.CheckConstraint(
                condition=Q(state__in=FilingState.values), name="newmedia_filing_state"
            ),
            # One open (unfinished) filing per account at a time.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(state__in=("awaiting_head", "awaiting_review")),
                name="newmedia_one_pending_filing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.kind}:{self.state}"

    @property
    def is_pending(self) -> bool:
        return self.state in (FilingState.AWAITING_HEAD, FilingState.AWAITING_REVIEW)


class FilingSequence(models.Model):
    """Filing numbers per district and year, allocated under a row lock."""

    district = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="newmedia_filing_seq")
        ]

    def __str__(self) -> str:
        return f"{self.district_id}:{self.year}:{self.last}"


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom feed")
    WEBPAGE = "webpage", _("Web page with CSS selectors")
    UPLOAD = "upload", _("Uploaded export (CSV/XLSX)")
    WECHAT_API = "wechat_api", _("WeChat Official Account API")


class ActivitySource(models.Model):
    """Where an account's posts are read from (adapters/). Never a scrape of WeChat pages."""

    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("adapter"), max_length=20, choices=SourceKind.choices)
    url = models.URLField(_("address"), max_length=500, blank=True)
    # Web page adapter: CSS selectors of an item, its title, link and date.
    item_selector = models.CharField(_("item selector"), max_length=200, blank=True)
    title_selector = models.CharField(_("title selector"), max_length=200, blank=True)
    link_selector = models.CharField(_("link selector"), max_length=200, blank=True)
    date_selector = models.CharField(_("date selector"), max_length=200, blank=True)
    # WeChat API: appid in clear, the secret encrypted.
    app_id = models.CharField(_("AppID"), max_length=64, blank=True)
    app_secret = EncryptedTextField(_("AppSecret"), blank=True)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=300, blank=True)
    # The account name and id as the platform reported them on the last run.
    observed_name = models.CharField(max_length=100, blank=True)
    observed_account_id = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("activity source")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="newmedia_source_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.kind}"


class Post(models.Model):
    """One item an account published, as an adapter saw it. `hash` identifies it, so a second
    run of the same adapter adds nothing."""

    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="posts")
    source = models.ForeignKey(
        ActivitySource, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    published_at = models.DateTimeField(_("post published at"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    hash = models.CharField(max_length=64)
    # Comments/messages on the post, when the adapter knows them.
    comments = models.PositiveIntegerField(default=0)
    unanswered_comments = models.PositiveIntegerField(default=0)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("new-media post")
        constraints = [
            models.UniqueConstraint(fields=["account", "hash"], name="newmedia_post_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class FindingKind(models.TextChoices):
    VETO_NO_UPDATE = "veto_no_update", _("No update in 2 weeks (veto)")
    NEAR_VETO = "near_veto", _("No update for 10 days (veto approaching)")
    WEEKLY_MINIMUM = "weekly_minimum", _("Below the weekly minimum")
    UNANSWERED = "unanswered", _("Messages unanswered for 3 months")
    NO_MAINTAINER = "no_maintainer", _("No maintainer")
    DORMANT = "dormant", _("Long dormant: consolidate or close")
    UNFILED_CHANGE = "unfiled_change", _("Renamed or changed without filing")


class Finding(models.Model):
    """What a rule found about an account on one day. One row per (account, kind, day); the
    evidence says what was seen."""

    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("finding"), max_length=20, choices=FindingKind.choices)
    severity = models.CharField(max_length=10)  # supervision.problems severities
    found_on = models.DateField(_("found on"), db_index=True)
    summary = models.CharField(_("finding summary"), max_length=300)
    evidence = models.JSONField(default=dict)
    source = models.CharField(_("rule source"), max_length=200)
    found_at = models.DateTimeField()

    class Meta:
        ordering = ["-found_on", "account_id", "kind"]
        verbose_name = _("finding")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "found_on"], name="newmedia_finding_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="newmedia_finding_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.kind}:{self.found_on}"


class Alert(models.Model):
    """An alert sent about a finding: once per account, kind and episode (dedupe_key), so a
    repeated run or two workers send it once."""

    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    dedupe_key = models.CharField(max_length=120, unique=True)
    message = models.CharField(max_length=300)
    sent_at = models.DateTimeField()
    emails = models.PositiveIntegerField(default=0)
    sms = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.dedupe_key
