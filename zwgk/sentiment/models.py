"""舆情 cases: collection, 会商 among units, 研判, 回应 and 评估, with the response timers.

A case belongs to one responsible unit (属地管理、谁主管谁负责; changed only through
services.reassign_case, audited). Its timers are rows made from rules.TIMER_RULES when the case is
collected or its 研判 marks it a major emergency: the rule, its source, its due time and when it was
met are stored, so a list or a reminder never recomputes them. Nothing changes state on save;
services.py makes every move.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit


class Status(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    ASSESSED = "assessed", _("Assessed (risk level set)")
    RESPONDED = "responded", _("Responded")
    EVALUATED = "evaluated", _("Evaluated and closed")


OPEN_STATUSES = (Status.COLLECTED, Status.ASSESSED, Status.RESPONDED)


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class Effect(models.TextChoices):
    GOOD = "good", _("Good: the concern was resolved")
    FAIR = "fair", _("Fair: partly resolved, keep watching")
    POOR = "poor", _("Poor: a further response is needed")


class ResponseKind(models.TextChoices):
    AUTHORITATIVE_INFO = "authoritative_info", _("Authoritative information released")
    PRESS_CONFERENCE = "press_conference", _("Press conference held")
    RESPONSE = "response", _("Response published")


class RiskPlan(models.Model):
    """The 舆情风险评估 and 应对预案 of a policy document flagged as sensitive (seed notice
    §一(三)2: 牵头起草部门要认真做好舆情风险评估，制定应对处置预案)."""

    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="risk_plan",
        verbose_name=_("policy document"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    assessment = models.TextField(_("public-opinion risk assessment"))
    plan = models.TextField(_("response plan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"舆情风险评估：{self.document.title}"


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Case(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="sentiment_cases", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    # Where it came from: "manual", or "<app>.<model>:<pk>" (mailbox.letter:12,
    # participation.comment:5, monitoring.finding:9, mailbox.message:3).
    source = models.CharField(_("source"), max_length=100, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.COLLECTED)
    is_major_emergency = models.BooleanField(_("major emergency"), default=False)
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    assessment_note = models.TextField(_("assessment"), blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices, blank=True)
    evaluation_note = models.TextField(_("evaluation"), blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    risk_plan = models.ForeignKey(
        RiskPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("risk assessment and response plan"),
    )
    collected_at = models.DateTimeField(_("collected at"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-collected_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="sentiment_case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="evaluated") | Q(evaluated_at__isnull=False),
                name="sentiment_case_evaluated_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseTimer(models.Model):
    """One response timer of a case, copied from rules.TIMER_RULES (with its source)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timers")
    rule_code = models.CharField(max_length=40)
    label = models.CharField(max_length=100)
    source = models.CharField(max_length=200)
    hours = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    warn_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    # A timer of a rule that no longer applies (a case re-assessed as not an emergency) stays
    # on record, inactive.
    is_active = models.BooleanField(default=True)
    alerted_before_at = models.DateTimeField(null=True, blank=True)
    alerted_expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule_code"], name="sentiment_timer_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.label}"

    @property
    def is_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at


class CaseResponse(models.Model):
    """回应: what was published, where and when (textcheck-reviewed before it is recorded)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("kind of response"), max_length=30, choices=ResponseKind.choices)
    text = models.TextField(_("text of the response"))
    channel = models.CharField(_("published through"), max_length=100)
    url = models.URLField(_("address"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_kind_display()}"


class CaseOpinion(models.Model):
    """会商: a unit invited to give its opinion on a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="opinions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    invited_at = models.DateTimeField()
    opinion = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="sentiment_opinion_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.unit_id}"


class CaseEvent(models.Model):
    """The case's history as staff read it (the audit trail holds the same facts)."""

    class Kind(models.TextChoices):
        COLLECTED = "collected", _("Collected")
        REASSIGNED = "reassigned", _("Responsible unit changed")
        INVITED = "invited", _("Units invited to consult")
        OPINION = "opinion", _("Opinion given")
        ASSESSED = "assessed", _("Assessed")
        RESPONDED = "responded", _("Response recorded")
        EVALUATED = "evaluated", _("Evaluated")
        ALERTED = "alerted", _("Timer alert")
        PLAN_LINKED = "plan_linked", _("Risk plan linked")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"
