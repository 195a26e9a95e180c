"""Recorded events that key-area due dates count from (the day enrolment opens, the day the
department budgets are approved …), one per district, year and anchor.

The due dates themselves are never stored: cadence.periods_in_year computes them from the
catalogue and these events at read time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from .catalogue import ANCHORS

ANCHOR_CHOICES = [(code, anchor.label) for code, anchor in ANCHORS.items()]


class DueDateAnchor(models.Model):
    district = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    anchor = models.CharField(_("event"), max_length=30, choices=ANCHOR_CHOICES)
    on_date = models.DateField(_("date of the event"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "anchor"]
        verbose_name = _("key-area due-date event")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "anchor"], name="keyarea_one_anchor_per_year"
            ),
            models.CheckConstraint(condition=Q(year__gte=2019), name="keyarea_anchor_year_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_anchor_display()} {self.on_date.isoformat()}"
