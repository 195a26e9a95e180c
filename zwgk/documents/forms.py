from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from .columns import column_choices
from .models import Document
from .services import EDITABLE_FIELDS
from .statute import FIVE_CHECKS


def _formfield(field: Any, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class DocumentForm(forms.ModelForm):
    issuing_units = forms.ModelMultipleChoiceField(
        label=_("Issuing units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "For joint issuance choose every issuing unit; the publishing unit by default."
        ),
    )

    class Meta:
        model = Document
        fields = list(EDITABLE_FIELDS)
        formfield_callback = _formfield
        widgets = {
            "written_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 14}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "withheld_part": forms.Textarea(attrs={"rows": 2}),
            "ground_explanation": forms.Textarea(attrs={"rows": 2}),
            "risk_assessment": forms.Textarea(attrs={"rows": 3}),
            "response_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root_path = "/" + unit.path.strip("/").split("/")[0] + "/"
        self.fields["issuing_units"].queryset = Unit.objects.active().filter(
            path__startswith=root_path
        )
        if self.instance.pk:
            self.fields["issuing_units"].initial = [i.unit_id for i in self.instance.issuers.all()]
        choices = column_choices(unit)
        self.fields["column"] = forms.ChoiceField(
            label=_("Column"), required=False, choices=[("", "——"), *choices]
        )
        self.fields["disclosure"].help_text = _(
            "A document without an attribute, or not for proactive disclosure without a legal "
            "ground and explanation, is returned automatically."
        )
        for name in ("title", "written_date", "topic", "disclosure"):
            self.fields[name].required = False  # checked on submission, not on saving a draft


FIELD_GROUPS = (
    (
        _("The document"),
        (
            "title",
            "doc_number",
            "written_date",
            "signer",
            "genre",
            "topic",
            "column",
            "issuing_units",
            "summary",
            "body",
        ),
    ),
    (
        _("Disclosure attribute (decided at the source)"),
        ("disclosure", "disclosure_scope", "withheld_part", "legal_ground", "ground_explanation"),
    ),
    (
        _("Normative document and interpretation"),
        ("is_normative", "needs_interpretation", "interpretation_form", "video_url"),
    ),
    (
        _("Major decision"),
        ("is_major_decision", "risk_assessment", "response_plan"),
    ),
)


class ApproveForm(forms.Form):
    check_political = forms.BooleanField(label="政治关", required=False)
    check_legal = forms.BooleanField(label="法律关", required=False)
    check_policy = forms.BooleanField(label="政策关", required=False)
    check_secrecy = forms.BooleanField(label="保密关", required=False)
    check_wording = forms.BooleanField(label="文字关", required=False)
    secrecy_review_passed = forms.BooleanField(label=_("Secrecy review passed"), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def checks(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(key)) for key, _label in FIVE_CHECKS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class OverrideForm(forms.Form):
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def grouped(form: DocumentForm) -> list[tuple[Any, list[forms.BoundField]]]:
    """The form's fields in the fieldsets the editor shows."""
    return [
        (legend, [form[name] for name in names if name in form.fields])
        for legend, names in FIELD_GROUPS
    ]
