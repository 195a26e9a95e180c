"""Forms of supervision. Every field bounded; the services validate the figures again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.disclosure_requests import reports as foi

from .annual import ENTERED_2019
from .services import MAX_TEXT, ReportChanges


class AnnualReportForm(forms.Form):
    overview = forms.CharField(
        label=_("Section 1: overview"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    problems_text = forms.CharField(
        label=_("Section 5: main problems and improvements"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    other_text = forms.CharField(
        label=_("Section 6: other matters to report"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    license_count = forms.CharField(
        label=_("Administrative licences"), required=False, max_length=9
    )
    penalty_count = forms.CharField(
        label=_("Administrative penalties"), required=False, max_length=9
    )
    coercion_count = forms.CharField(
        label=_("Administrative coercive measures"), required=False, max_length=9
    )
    charges_wan = forms.CharField(
        label=_("Administrative fees collected (10,000 yuan)"), required=False, max_length=20
    )
    figures_evidence = forms.CharField(
        label=_("Evidence for the figures entered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if year is not None and foi.format_for(year) == foi.FORMAT_2019:
            # The 2019 试行 format's table 二 (rules.md §3.6): no 收费金额; 项目数量, 增/减,
            # 其他对外管理服务事项 and 政府集中采购 instead.
            del self.fields["charges_wan"]
            evidence = self.fields.pop("figures_evidence")
            for key, (row, column, _kind) in ENTERED_2019.items():
                self.fields[field_2019(key)] = forms.CharField(
                    label=f"{row}：{column}", required=False, max_length=20
                )
            self.fields["figures_evidence"] = evidence

    @staticmethod
    def initial_for(report: Any, overview: str) -> dict[str, Any]:
        def text(value: Any) -> str:
            return "" if value is None else str(value)

        figures_2019 = {
            field_2019(key): str(report.figures_2019.get(key, "")) for key in ENTERED_2019
        }
        return figures_2019 | {
            "overview": overview,
            "problems_text": report.problems_text,
            "other_text": report.other_text,
            "license_count": text(report.license_count),
            "penalty_count": text(report.penalty_count),
            "coercion_count": text(report.coercion_count),
            "charges_wan": text(report.charges_wan),
            "figures_evidence": report.figures_evidence,
        }

    def changes(self) -> ReportChanges:
        # A field missing from the request leaves the stored value alone (never lost).
        data = self.cleaned_data
        plain = [name for name in self.fields if not name.startswith("f2019_")]
        figures_2019 = {
            key: data.get(field_2019(key), "")
            for key in ENTERED_2019
            if field_2019(key) in self.fields and field_2019(key) in self.data
        }
        return ReportChanges(
            **{name: data.get(name, "") if name in self.data else None for name in plain},
            figures_2019=figures_2019 or None,
        )


def field_2019(key: str) -> str:
    return "f2019_" + key.replace(".", "_")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BulletinDraftForm(forms.Form):
    title = forms.CharField(label=_("Title of the circular"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period to"), widget=DATE_WIDGET)
    rectify_by = forms.DateField(label=_("Rectify by"), widget=DATE_WIDGET)


class BulletinTextForm(forms.Form):
    title = forms.CharField(label=_("Title of the circular"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    requirements = forms.CharField(
        label=_("Rectification requirements"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BulletinItemForm(forms.Form):
    is_included = forms.BooleanField(label=_("Included in the circular"), required=False)
    rectify_by = forms.DateField(label=_("Rectify by"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Rectification measures and results"),
        min_length=4,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
