"""行政执法公示: a unit's standing information (事前公开, versioned) and its decisions
(事后公开, with the party's personal data encrypted and masked where shown)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.core.crypto import EncryptedTextField

from .statute import DecisionKind, InfoKind, PartyKind


class InfoVersion(models.Model):
    """One published version of one kind of a unit's standing information. Versions are never
    changed: a correction is a new version; the public page shows the latest and its history."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of information"), max_length=20, choices=InfoKind.choices)
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("content"))
    published_at = models.DateTimeField(_("published at"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "number"], name="enforcement_info_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=InfoKind.values), name="enforcement_info_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet public")
    PUBLISHED = "published", _("Public")
    WITHDRAWN = "withdrawn", _("Withdrawn from the public site")


class DecisionQuerySet(models.QuerySet["Decision"]):
    def published(self) -> DecisionQuerySet:
        return self.filter(status=DecisionStatus.PUBLISHED)

    def unpublished(self) -> DecisionQuerySet:
        return self.filter(status=DecisionStatus.DRAFT)


class Decision(models.Model):
    """One law-enforcement decision (执法结果). The party's name is kept (the unit needs it);
    a natural person's is shown masked outside the unit; identity numbers are only encrypted."""

    Status = DecisionStatus

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type of decision"), max_length=20, choices=DecisionKind.choices)
    number = models.CharField(_("decision number"), max_length=100)
    party_kind = models.CharField(_("type of party"), max_length=30, choices=PartyKind.choices)
    party_name = models.CharField(_("party"), max_length=200)
    party_id_number = EncryptedTextField(_("party's identity number"), blank=True)
    decision_date = models.DateField(_("decision date"), db_index=True)
    summary = models.TextField(_("summary of the decision"))
    basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    publish_due_date = models.DateField(null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_late = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="enforcement_decision_number"),
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values),
                name="enforcement_decision_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DecisionStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="enforcement_decision_published_has_time",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind", "decision_date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_natural_person(self) -> bool:
        return self.party_kind == PartyKind.NATURAL

    @property
    def public_party_name(self) -> str:
        """The party as the public sees it: a natural person as 张* / 欧阳** (surname kept)."""
        from .masking import mask_person_name

        if self.is_natural_person:
            return mask_person_name(self.party_name)
        return self.party_name
