"""Forms of 执行公开. They parse input only; the rules live in services.py."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from .services import MAX_TEXT
from .statute import (
    DEFAULT_REPORT_WORKDAYS,
    MAX_REPORT_WORKDAYS,
    Cadence,
    ProgressStatus,
    SourceKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STEP_LINE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(.+?)\s*$")


def _area(label: Any, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class TaskForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source_kind = forms.ChoiceField(label=_("Kind of source"), choices=SourceKind.choices)
    source_title = forms.CharField(
        label=_("Source (e.g. the 2026 government work report)"), max_length=200
    )
    number = forms.CharField(label=_("Item number"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Target task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    measures = _area(_("Work measures"))
    steps = forms.CharField(
        label=_("Steps, one per line: YYYY-MM-DD step"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    division_of_work = _area(_("Division of work"), required=False, rows=3)
    supervision_method = _area(_("Supervision method"), required=False, rows=3)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-operating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    cadence = forms.ChoiceField(label=_("Reporting cadence"), choices=Cadence.choices)
    report_workdays = forms.IntegerField(
        label=_("Report due (working days after each period)"),
        min_value=1,
        max_value=MAX_REPORT_WORKDAYS,
        initial=DEFAULT_REPORT_WORKDAYS,
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("Deadline for completion"), widget=DATE)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = units if units is not None else Unit.objects.none()
        self.fields["lead_unit"].queryset = queryset
        self.fields["co_units"].queryset = queryset

    def clean_steps(self) -> list[tuple[date, str]]:
        steps = []
        for number, line in enumerate(self.cleaned_data.get("steps", "").splitlines(), start=1):
            if not line.strip():
                continue
            match = STEP_LINE.match(line)
            day = None
            if match:
                try:
                    day = date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    day = None
            if match is None or day is None:
                raise forms.ValidationError(
                    _("Line %(number)s: write a date YYYY-MM-DD, a space, then the step.")
                    % {"number": number}
                )
            steps.append((day, match[4]))
        return steps


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ProgressStatus.choices, widget=forms.RadioSelect
    )
    percent = forms.IntegerField(
        label=_("Percentage complete"), min_value=0, max_value=100, required=False
    )
    progress = _area(_("Progress in this period"), rows=6)
    evidence = _area(_("Evidence (documents, links, photos described)"), required=False, rows=3)
