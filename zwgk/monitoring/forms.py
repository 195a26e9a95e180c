"""Forms of the monitoring staff pages; every field bounded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import scoring
from .models import ColumnKind, Website


class WebsiteForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Host unit"))  # type: ignore[arg-type]
    name = forms.CharField(label=_("Site name"), max_length=100)
    home_url = forms.URLField(label=_("Home page"), max_length=500, assume_scheme="https")
    kind = forms.ChoiceField(label=_("Kind"), choices=Website.Kind.choices)
    site_code = forms.CharField(label=_("Site identification code"), max_length=10, required=False)
    is_district_run = forms.BooleanField(
        label=_("Run by the district (may be checked harder)"), required=False, initial=True
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ColumnForm(forms.Form):
    kind = forms.ChoiceField(label=_("Column kind"), choices=ColumnKind.choices)
    is_column = forms.BooleanField(label=_("This is a column"), required=False, initial=True)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class IndicatorForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points each"), min_value=0, max_value=100, decimal_places=1
    )
    cap = forms.DecimalField(label=_("Cap"), min_value=0, max_value=100, decimal_places=1)
    threshold = forms.IntegerField(label=_("Threshold"), min_value=1, max_value=1000)
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        choices=[
            (scoring.UNCONFIRMED, scoring.UNCONFIRMED),
            (scoring.CONFIRMED, scoring.CONFIRMED),
        ],
    )
