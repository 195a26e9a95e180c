"""Forms of the citizen's pages (/ysqgk/): the online application (条例 art. 29), the lookup by
查询码 + phone, and the answer to a 补正 notice.

They parse input and attach each problem to its field; the rules of an application are
services.validate_application's (its messages are shown as they are), the rules of an upload are
public_uploads.py's. Every field carries the ids of its hint and its error in aria-describedby,
and aria-invalid when it is wrong, so a screen reader announces why a field was refused.
The captcha and the honeypot are parts of the application form; the view decides what happens
when they fail (re-show everything typed, never drop a submission silently).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.core.forms import AccessibleFormMixin, ClearNullsMixin
from zwgk.core.public_forms import (
    ChallengeMixin,
    add_field_errors,
    area_field,
    char_field,
    text_field,
)
from zwgk.orgs.selectors import list_public_units

from . import public_uploads
from .services import ApplicationData, ApplicationError, validate_application
from .statute import (
    LEGAL_PERSON_GROUP,
    ApplicantType,
    DeliveryMethod,
    IdDocumentType,
    InformationForm,
)

# The annual-report columns (table 三), grouped as the form of art. 29 asks: a person, or a
# 法人或其他组织 of one of five kinds.
APPLICANT_CHOICES = [
    (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
    (
        LEGAL_PERSON_GROUP,
        [(t.value, t.label) for t in ApplicantType if t != ApplicantType.NATURAL_PERSON],
    ),
]


def _checked_upload(uploaded: Any) -> public_uploads.CheckedUpload:
    """An uploaded file read and checked by public_uploads; its refusal is the field's error."""
    try:
        data = public_uploads.read_upload(uploaded, public_uploads.max_bytes())
        return public_uploads.check_upload(uploaded.name or "", data)
    except public_uploads.UploadError as error:
        raise forms.ValidationError(str(error)) from error


class ApplicationForm(ChallengeMixin, AccessibleFormMixin, ClearNullsMixin, forms.Form):
    """The online application: the content of 条例 art. 29 para. 2."""

    unit = forms.ChoiceField(
        label=_("Apply to"),
        help_text=_("The organ that holds the information you want."),
    )
    applicant_type = forms.ChoiceField(
        label=_("Applicant type"), choices=APPLICANT_CHOICES, widget=forms.RadioSelect
    )
    applicant_name = text_field(_("Name of the applicant"), required=True, autocomplete="name")
    legal_representative = text_field(_("Legal representative"), max_length=50)
    contact_name = text_field(_("Contact person"), max_length=50)
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", "——"), *IdDocumentType.choices],
        help_text=_("Organisations: the unified social credit code."),
    )
    id_number = text_field(_("Identity document number"), required=True, max_length=40)
    phone = text_field(
        _("Contact phone"),
        required=True,
        max_length=30,
        autocomplete="tel",
        inputmode="tel",
    )
    email = char_field(_("E-mail"), False, 200, forms.EmailInput(attrs={"autocomplete": "email"}))
    address = text_field(_("Postal address"), max_length=300, autocomplete="street-address")
    postcode = text_field(
        _("Postcode"), max_length=6, autocomplete="postal-code", inputmode="numeric"
    )
    info_title = text_field(_("Name of the information"), max_length=300)
    info_doc_number = text_field(_("Document number (文号)"), max_length=100)
    description = area_field(_("Description of the information"))
    purpose = area_field(_("Purpose (optional)"), max_length=2000, rows=2)
    information_form = forms.ChoiceField(
        label=_("Requested form"), choices=InformationForm.choices, widget=forms.RadioSelect
    )
    delivery_method = forms.ChoiceField(
        label=_("Way to receive it"), choices=DeliveryMethod.choices, widget=forms.RadioSelect
    )
    identity_file = forms.FileField(
        label=_("Copy of the identity document (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to the use of my personal data described above"),
        error_messages={"required": _("Please read the note on personal data and tick the box.")},
    )
    captcha_answer = text_field(
        _("Answer to the question"),
        required=False,
        max_length=10,
        autocomplete="off",
        inputmode="numeric",
    )
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    website = text_field(
        _("Leave this field empty"), max_length=200, autocomplete="off", tabindex="-1"
    )

    DESCRIBED_BY = {"consent": "privacy-notice"}

    FIELDSETS = (
        ("unit", _("Where to apply"), ("unit",)),
        (
            "applicant",
            _("The applicant"),
            (
                "applicant_type",
                "applicant_name",
                "legal_representative",
                "contact_name",
                "id_type",
                "id_number",
                "identity_file",
            ),
        ),
        ("contact", _("Contact details"), ("phone", "email", "address", "postcode")),
        (
            "information",
            _("The information you ask for"),
            ("info_title", "info_doc_number", "description", "purpose"),
        ),
        ("form", _("Form and way of receiving it"), ("information_form", "delivery_method")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.code: unit for unit in list_public_units()}
        self.fields["unit"].choices = [("", "——")] + [
            (unit.code, unit.name) for unit in self.units.values()
        ]
        self.fields["identity_file"].help_text = _(
            "JPG, PNG or PDF, at most %(size)s. It is stored encrypted and seen only by the "
            "staff handling your application. You may also show the document later."
        ) % {"size": public_uploads.size_text(public_uploads.max_bytes())}
        self.fields["applicant_name"].help_text = _(
            "A person's full name, or an organisation's full registered name."
        )
        self.fields["phone"].help_text = _(
            "A mobile or landline number. You need it, with the lookup code, to follow your "
            "application."
        )
        self.fields["description"].help_text = _(
            "Give the name or the document number of the information, or describe it so that "
            "it can be found: who made it, when, about what."
        )
        self.fields["purpose"].help_text = _(
            "Optional. You do not have to say why you want the information."
        )
        self.fields["legal_representative"].help_text = _("Organisations only.")
        self.fields["contact_name"].help_text = _("Organisations only.")
        self.fields["postcode"].help_text = _("Six digits; needed when the reply is posted.")
        self.fields["captcha_answer"].help_text = _(
            "Type the answer in digits, for example 12. This question keeps automated "
            "submissions out."
        )
        self.checked_upload: public_uploads.CheckedUpload | None = None

    def fieldsets(self) -> list[tuple[str, Any, list[Any]]]:
        return [
            (key, legend, [self[name] for name in names]) for key, legend, names in self.FIELDSETS
        ]

    def clean_unit(self) -> Any:
        code = self.cleaned_data["unit"]
        return self.units[code]

    def clean_identity_file(self) -> Any:
        uploaded = self.cleaned_data.get("identity_file")
        if not uploaded:
            return None
        self.checked_upload = _checked_upload(uploaded)
        return uploaded

    def application_data(self) -> ApplicationData:
        values = {
            name: self.cleaned_data.get(name) or "" for name in ApplicationData.__dataclass_fields__
        }
        return ApplicationData(**values)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors.keys() & set(ApplicationData.__dataclass_fields__):
            return cleaned  # the basics first: the service would repeat the same complaints
        try:
            validate_application(self.application_data())
        except ApplicationError as error:
            add_field_errors(self, error.errors)
        return cleaned


class LookupForm(AccessibleFormMixin, ClearNullsMixin, forms.Form):
    code = text_field(
        _("Lookup code"),
        required=True,
        max_length=20,
        autocomplete="off",
        autocapitalize="characters",
    )
    phone = text_field(
        _("Contact phone given in the application"),
        required=True,
        max_length=30,
        autocomplete="tel",
        inputmode="tel",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The ten letters and digits on your acknowledgement, e.g. ABCDE-23456."
        )


class CorrectionAnswerForm(AccessibleFormMixin, ClearNullsMixin, forms.Form):
    """The applicant's 补正 (条例 art. 30) through the portal."""

    description = area_field(_("Your corrected description of the information"), rows=6)
    note = area_field(_("Anything else you want to tell the office"), max_length=2000, rows=3)
    attachment = forms.FileField(
        label=_("Supporting document (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _(
            "Answer every item of the notice. Leave empty only if the items concern something "
            "else (for example a copy of your identity document, which you can attach below)."
        )
        self.fields["attachment"].help_text = _("JPG, PNG or PDF, at most %(size)s.") % {
            "size": public_uploads.size_text(public_uploads.max_bytes())
        }
        self.checked_upload: public_uploads.CheckedUpload | None = None

    def clean_attachment(self) -> Any:
        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return None
        self.checked_upload = _checked_upload(uploaded)
        return uploaded

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("description", "").strip()
            or cleaned.get("note", "").strip()
            or self.checked_upload
        ):
            raise forms.ValidationError(
                _("Please write your correction or attach the document asked for.")
            )
        return cleaned
