"""Issued letters and their number sequences.

A `Letter` is one issued letter or notice of an application (答复书, 补正告知书 …): its number,
addressee, the text that passed textcheck, and its two stored files (DOCX and PDF, kept as the
application's `RequestFile`s of kind "letter"). Letters are issued once per source (the reply,
an event of the ledger, a consultation, a fee notice); an issued letter is never rewritten.

`LetterSequence` holds the last serial per unit, number series and year; serials are never
reused (services.issue_letter takes the row with select_for_update).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.disclosure_requests.models import DisclosureRequest, Reply, RequestFile
from zwgk.orgs.models import Unit

from .wording import LetterKind


class LetterSequence(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "series", "year"], name="unique_foi_letter_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.series} {self.year}: {self.last_serial}"


class Letter(models.Model):
    Kind = LetterKind

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind of letter"), max_length=30, choices=LetterKind.choices)
    # What the letter is about: "reply", "receipt", "event:<pk>", "consultation:<pk>", "fee:<pk>".
    source = models.CharField(max_length=40)
    reply = models.ForeignKey(
        Reply, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    number = models.CharField(_("letter number"), max_length=60)
    series = models.CharField(max_length=10, blank=True)  # "" for the 接收回执
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField(null=True, blank=True)
    addressee = models.CharField(_("addressee"), max_length=200)
    letter_date = models.DateField(_("date of the letter"))
    text = models.TextField()  # the full text as checked and issued
    body_edited = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)  # non-blocking textcheck findings
    docx = models.ForeignKey(RequestFile, on_delete=models.RESTRICT, related_name="+")
    pdf = models.ForeignKey(RequestFile, on_delete=models.RESTRICT, related_name="+")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "source"], name="unique_foi_letter_per_source"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="foi_letter_kind_valid"
            ),
            # Numbered letters have their serial; the 接收回执 carries the registration number.
            models.CheckConstraint(
                condition=(Q(series="") & Q(serial__isnull=True))
                | (~Q(series="") & Q(serial__isnull=False)),
                name="foi_letter_serial_with_series",
            ),
        ]

    def __str__(self) -> str:
        return self.number
