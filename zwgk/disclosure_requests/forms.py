"""Forms of the staff pages. They parse input only; the rules live in services.py, whose
Chinese messages the views show when a form is valid but the action is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

from .statute import (
    CLERK_OUTCOMES,
    MAX_EXTENSION_WORKDAYS,
    WITHHOLDING_GROUNDS,
    AppealKind,
    AppealResult,
    AppealStage,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    DeliveryMethod,
    FeeMethod,
    IdDocumentType,
    InformationForm,
    Outcome,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def text_area(label: Any, required: bool = True, rows: int = 3, max_length: int = 5000) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ApplicationForm(forms.Form):
    """The fields of 条例 art. 29, shared by staff registration (and usable by the portal)."""

    applicant_type = forms.ChoiceField(label=_("Applicant type"), choices=ApplicantType.choices)
    applicant_name = forms.CharField(label=_("Name of the applicant"), max_length=100)
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdDocumentType.choices)
    id_number = forms.CharField(label=_("Identity document number"), max_length=40)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=200, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)
    info_title = forms.CharField(label=_("Name of the information"), max_length=300, required=False)
    info_doc_number = forms.CharField(
        label=_("Document number of the information"), max_length=100, required=False
    )
    description = text_area(_("Description of the information"), required=False, rows=4)
    purpose = text_area(_("Purpose (optional)"), required=False, rows=2, max_length=2000)
    information_form = forms.ChoiceField(label=_("Requested form"), choices=InformationForm.choices)
    delivery_method = forms.ChoiceField(
        label=_("Way to receive it"), choices=DeliveryMethod.choices
    )


class RegisterForm(ApplicationForm):
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=Unit.objects.none())
    channel = forms.ChoiceField(label=_("How it was submitted"), choices=Channel.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    confirmed_on = date_field(_("Confirmed with the applicant on"), required=False)
    note = text_area(_("Note"), required=False, rows=2, max_length=2000)

    field_order = ["unit", "channel", "received_at", "confirmed_on"]

    FIELDSETS = (
        (_("Receipt"), ("unit", "channel", "received_at", "confirmed_on", "note")),
        (
            _("Applicant"),
            (
                "applicant_type",
                "applicant_name",
                "legal_representative",
                "contact_name",
                "id_type",
                "id_number",
                "phone",
                "email",
                "address",
                "postcode",
            ),
        ),
        (
            _("Information asked for"),
            (
                "info_title",
                "info_doc_number",
                "description",
                "purpose",
                "information_form",
                "delivery_method",
            ),
        ),
    )

    def fieldsets(self) -> list[tuple[Any, list[Any]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        self.fields["unit"].queryset = queryset
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class ConfirmForm(forms.Form):
    confirmed_on = date_field(_("Confirmed with the applicant on"))
    contact_restored = forms.BooleanField(label=_("Contact was restored"), required=False)


class NoteForm(forms.Form):
    note = text_area(_("Note"), rows=2, max_length=2000)


class CorrectionForm(forms.Form):
    items = text_area(_("Items to correct (one per line, all at once)"), rows=4)
    sent_on = date_field(_("Notice sent on"))
    deadline = date_field(_("Correction period ends on"))

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class CorrectionReceivedForm(forms.Form):
    received_on = date_field(_("Corrected application received on"))
    description = text_area(_("Corrected description (if it changed)"), required=False)
    note = text_area(_("Note"), required=False, rows=2, max_length=2000)


class ConsultForm(forms.Form):
    party = forms.ChoiceField(label=_("Consulted party"), choices=ConsultationParty.choices)
    party_name = forms.CharField(label=_("Name of the consulted party"), max_length=200)
    question = text_area(_("What is asked"), required=False)
    sent_on = date_field(_("Sent on"))


class ConsultAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=ConsultationAnswer.choices)
    answered_on = date_field(_("Answer received on"), required=False)
    note = text_area(_("Reasons given"), required=False, rows=2, max_length=2000)


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(
        label=_("Working days"), min_value=1, max_value=MAX_EXTENSION_WORKDAYS, initial=20
    )
    approved_on = date_field(_("Approved on"))
    reason = text_area(_("Reason"), rows=2, max_length=2000)


class ReasonsForm(forms.Form):
    sent_on = date_field(_("Notice sent on"))
    deadline = date_field(_("Reasons due by"))


class ReasonsAcceptForm(forms.Form):
    decided_on = date_field(_("Decided on"))
    reasonable_due = date_field(_("Reasonable later reply date (if needed)"), required=False)
    note = text_area(_("Note"), required=False, rows=2, max_length=2000)


class FeeForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=FeeMethod.choices)
    items = forms.IntegerField(
        label=_("Items of this application"), min_value=0, required=False, initial=1
    )
    pages = forms.IntegerField(label=_("Number of pages"), min_value=0, required=False, initial=0)
    sent_on = date_field(_("Notice sent on"))
    received_on = date_field(_("Received by the applicant on"))


class PaidForm(forms.Form):
    paid_on = date_field(_("Paid on"))


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("Transfer to"), queryset=Unit.objects.none())
    reason = text_area(_("Reason"), rows=2, max_length=2000)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units


class AssistForm(TransferForm):
    question = text_area(_("What is asked"), rows=2, max_length=2000)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["to_unit"].label = _("Assisting unit")
        del self.fields["reason"]


class AssistAnswerForm(forms.Form):
    answer = text_area(_("Contribution"), rows=3)


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Reply outcome"), choices=[(o, Outcome(o).label) for o in CLERK_OUTCOMES]
    )
    reply_date = date_field(_("Reply date"))
    body = text_area(_("Reply text (reasons, how to obtain the information)"), required=False)
    withheld_part = text_area(_("What is withheld"), required=False, rows=2)
    withheld_grounds = forms.MultipleChoiceField(
        label=_("Grounds for withholding"),
        choices=list(WITHHOLDING_GROUNDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    withheld_reason = text_area(_("Why it is withheld"), required=False, rows=2)
    other_agency = forms.CharField(label=_("Responsible agency"), max_length=200, required=False)
    other_agency_contact = forms.CharField(
        label=_("Its contact details"), max_length=200, required=False
    )


class WithdrawForm(forms.Form):
    withdrawn_on = date_field(_("Withdrawn on"))
    note = text_area(_("How the applicant withdrew"), rows=2, max_length=2000)


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=DeliveryMethod.choices)
    delivered_on = date_field(_("Delivered on"))
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)
    note = text_area(_("Note"), required=False, rows=2, max_length=2000)


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=AppealKind.choices)
    after = forms.TypedChoiceField(
        label=_("After the reconsideration"), coerce=int, required=False, empty_value=None
    )
    body = forms.CharField(label=_("Reconsideration body or court"), max_length=200)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    filed_on = date_field(_("Applied or sued on"))
    accepted_on = date_field(_("Accepted on"), required=False)
    stage = forms.ChoiceField(label=_("Stage of the case"), choices=AppealStage.choices)
    result = forms.ChoiceField(label=_("Result of the case"), choices=AppealResult.choices)
    decided_on = date_field(_("Case decided on"), required=False)
    note = text_area(_("Note"), required=False, rows=2, max_length=2000)

    def __init__(self, *args: Any, reconsiderations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = [("", "——")] + [
            (a.pk, f"{a.body} {a.case_number}".strip()) for a in reconsiderations
        ]
