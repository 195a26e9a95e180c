"""Staff forms of 舆情 cases; they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from .models import Effect, ResponseKind, RiskLevel

DT_FORMAT = "%Y-%m-%dT%H:%M"


def _dt(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DT_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DT_FORMAT),
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class CaseForm(forms.Form):
    unit = UnitChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=10000, widget=forms.Textarea)
    collected_at = _dt(_("Collected at"))
    is_major_emergency = forms.BooleanField(
        label=_("Major emergency (timers of 5 and 24 hours)"), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ReassignForm(forms.Form):
    unit = UnitChoiceField(label=_("New responsible unit"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class InviteForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units to consult"), queryset=Unit.objects.none(), widget=forms.SelectMultiple
    )
    question = forms.CharField(
        label=_("Question for the units"), max_length=2000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units
            self.fields["units"].label_from_instance = lambda u: u.name


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("Your unit's opinion"), max_length=10000, widget=forms.Textarea
    )


class AssessForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    is_major_emergency = forms.BooleanField(
        label=_("Major emergency (timers of 5 and 24 hours)"), required=False
    )
    note = forms.CharField(label=_("Assessment"), max_length=10000, widget=forms.Textarea)


class RespondForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of response"), choices=ResponseKind.choices)
    text = forms.CharField(label=_("Text of the response"), max_length=10000, widget=forms.Textarea)
    channel = forms.CharField(label=_("Published through"), max_length=100)
    url = forms.URLField(
        label=_("Address (optional)"), max_length=500, required=False, assume_scheme="https"
    )
    published_at = _dt(_("Published at"))


class EvaluateForm(forms.Form):
    effect = forms.ChoiceField(label=_("Effect"), choices=Effect.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Evaluation"), max_length=10000, widget=forms.Textarea)


class LinkPlanForm(forms.Form):
    plan = forms.IntegerField(label=_("Risk plan"), required=False, min_value=1)


class RiskPlanForm(forms.Form):
    assessment = forms.CharField(
        label=_("Public-opinion risk assessment"), max_length=10000, widget=forms.Textarea
    )
    plan = forms.CharField(label=_("Response plan"), max_length=10000, widget=forms.Textarea)
