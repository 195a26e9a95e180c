"""Forms of 行政执法公示. They parse input only; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_INFO_CHARS, MAX_SUMMARY_CHARS
from .statute import DecisionKind, PartyKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceMixin:
    def set_units(self, units: list[Any]) -> None:
        field = self.fields["unit"]  # type: ignore[attr-defined]
        field.choices = [(unit.pk, unit.short_name) for unit in units]
        if len(units) == 1:
            # One unit: nothing to choose; the view falls back to it.
            field.initial = units[0].pk
            field.required = False
            field.widget = forms.HiddenInput()


class DecisionForm(UnitChoiceMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("Enforcing unit"), coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Type of decision"), choices=DecisionKind.choices)
    number = forms.CharField(label=_("Decision number"), max_length=100)
    party_kind = forms.ChoiceField(label=_("Type of party"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("Party (name)"), max_length=200)
    party_id_number = forms.CharField(
        label=_("Identity number of a natural person (never published)"),
        max_length=30,
        required=False,
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary of the decision (public)"),
        max_length=MAX_SUMMARY_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    basis = forms.CharField(label=_("Legal basis (public)"), max_length=500, required=False)


class InfoForm(forms.Form):
    body = forms.CharField(
        label=_("Content"), max_length=MAX_INFO_CHARS, widget=forms.Textarea(attrs={"rows": 14})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=500)


class ImportForm(UnitChoiceMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("Enforcing unit"), coerce=int, empty_value=None)
    file = forms.FileField(label=_("CSV or XLSX file"))
