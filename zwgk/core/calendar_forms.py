"""Forms of the working-day calendar pages: CSV upload and the working-day calculator.

Forms only check the shape of the input; the rules live in calendar_services (import) and
workdays.py (arithmetic).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from . import calendar_csv, calendar_services

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]


class HolidayImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=calendar_services.MIN_YEAR,
        max_value=calendar_services.MAX_YEAR,
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=calendar_services.MAX_SOURCE,
        help_text=_("The State Council notice, e.g. its document number."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns 日期,类型,名称 (名称 optional); 类型 is 放假 or 上班. "
            "UTF-8 or GBK (as Excel saves it)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > calendar_csv.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(kb)s KB)."),
                params={"kb": calendar_csv.MAX_BYTES // 1024},
            )
        data: bytes = upload.read()
        return data


class CalculatorForm(forms.Form):
    WORKDAYS = "workdays"
    CALENDAR_DAYS = "days"

    start = forms.DateField(
        label=_("Start date (not counted)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    count = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=3660)
    mode = forms.ChoiceField(
        label=_("Count"),
        choices=[
            (WORKDAYS, _("working days")),
            (CALENDAR_DAYS, _("calendar days (a last day on a rest day moves on)")),
        ],
        initial=WORKDAYS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start", "count"):
            self.fields[name].widget.attrs["required"] = True
