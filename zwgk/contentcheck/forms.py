"""Forms of the dictionary pages. They check the shape of the input only; the rules for an
entry live in lists.clean_values (called by the services), so the form, the CSV import and the
services refuse the same things with the same messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from . import csvio
from .lists import DictionaryList
from .selectors import STATUS_ACTIVE, STATUS_ALL, STATUS_INACTIVE

MAX_TRY_CHARS = 200_000


class EntryForm(forms.Form):
    """One entry of a list: one text field per column of the list."""

    def __init__(self, spec: DictionaryList, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        for column in spec.columns:
            self.fields[column.field] = forms.CharField(
                label=column.label,
                max_length=column.max_length,
                required=column.required,
                help_text=column.help_text,
                strip=True,
            )
            if column.required:
                self.fields[column.field].widget.attrs["required"] = True


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STATUS_ACTIVE, _("In use")),
            (STATUS_INACTIVE, _("Deactivated")),
            (STATUS_ALL, _("All")),
        ],
    )

    def filters(self) -> tuple[str, str]:
        """(query, status), with defaults when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return "", STATUS_ACTIVE
        return self.cleaned_data["q"], self.cleaned_data["status"] or STATUS_ACTIVE


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or GBK (as Excel saves it), with the header line first."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > csvio.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB)."),
                params={"mb": csvio.MAX_BYTES // 1024 // 1024},
            )
        data: bytes = upload.read()
        return data


class TryForm(forms.Form):
    text = forms.CharField(
        label=_("Text to check"),
        max_length=MAX_TRY_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Paste a text: it is checked against the current lists and the rules for personal "
            "data and secrecy marks. Nothing is saved."
        ),
    )
