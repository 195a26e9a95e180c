"""The completeness view's filters (GET): year, area, unit, status — each bounded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from . import cadence, catalogue
from .selectors import FIRST_YEAR

STATUS_LABELS = {
    cadence.PUBLISHED: _("Published on time"),
    cadence.PUBLISHED_LATE: _("Published after the due date"),
    cadence.MISSING: _("Not yet published"),
    cadence.LATE: _("Late: due date passed, not published"),
}


class CompletenessFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    area = forms.ChoiceField(label=_("Key area"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Completeness"), required=False)

    def __init__(self, *args: Any, units: Any, today_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (year, str(year)) for year in range(today_year + 1, FIRST_YEAR - 1, -1)
        ]
        self.fields["area"].choices = [("", _("All")), *((a.slug, a.name) for a in catalogue.AREAS)]
        self.fields["unit"].queryset = units
        self.fields["status"].choices = [("", _("All")), *STATUS_LABELS.items()]


class AnchorForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    anchor = forms.ChoiceField(label=_("Event the due date counts from"))
    on_date = forms.DateField(
        label=_("Date of the event"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, today_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (year, str(year)) for year in range(today_year + 1, FIRST_YEAR - 1, -1)
        ]
        self.fields["anchor"].choices = [
            (code, anchor.label) for code, anchor in catalogue.ANCHORS.items()
        ]
