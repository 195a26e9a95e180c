"""Staff forms of participation: they parse and bound input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.core.forms import ClearNullsMixin

from .models import ConsultationFile
from .statute import STAFF_CHANNELS, Disposition, InviteeGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _area(label: Any, *, required: bool = True, max_length: int = 20000, rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ConsultationForm(ClearNullsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title of the decision"), max_length=200)
    draft = _area(_("Draft decision"), rows=8)
    background = _area(_("Background"))
    basis = _area(_("Basis"))
    main_content = _area(_("Main content"), rows=6)
    ways_to_comment = _area(_("Ways to comment"), max_length=2000, rows=3)
    start_date = forms.DateField(label=_("First day of comments"), widget=DATE)
    period_days = forms.IntegerField(
        label=_("Comment period (calendar days)"), min_value=1, max_value=366, initial=30
    )
    urgency_reason = _area(_("Reason for a shorter period"), required=False, max_length=2000)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["period_days"].help_text = _(
            "At least 30 days (article 15 of the Interim Regulations on Major Administrative "
            "Decision Procedures); a shorter period needs the reason, published with the draft."
        )


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=ConsultationFile.Kind.choices)
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX or OFD)"))


class StaffCommentForm(ClearNullsMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Received through"), choices=[(c.value, c.label) for c in STAFF_CHANNELS]
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    body = _area(_("Comment or summary"), max_length=5000, rows=6)
    participants = forms.IntegerField(
        label=_("Participants (meetings and surveys)"),
        required=False,
        min_value=1,
        max_value=10_000_000,
    )
    author_name = forms.CharField(label=_("Name of the commenter"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=100, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)


class DispositionForm(ClearNullsMixin, forms.Form):
    disposition = forms.ChoiceField(
        label=_("Disposition"), choices=Disposition.choices, widget=forms.RadioSelect
    )
    reason = _area(
        _("Reason (required when not or partly adopted)"), required=False, max_length=2000, rows=3
    )


class ModerationForm(ClearNullsMixin, forms.Form):
    visible = forms.TypedChoiceField(
        choices=[("1", _("Show in the results")), ("0", _("Hold back from publication"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason for holding back"), max_length=300, required=False)


class GroupForm(ClearNullsMixin, forms.Form):
    title = forms.CharField(label=_("Summary of the similar comments"), max_length=200)
    comments = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args: Any, numbers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = numbers


class ResultsForm(ClearNullsMixin, forms.Form):
    decision = _area(_("The decision as made"), rows=6)
    note = _area(_("Note on the adoption results"), required=False, max_length=5000, rows=3)


class ReturnForm(ClearNullsMixin, forms.Form):
    reason = _area(_("Reason for returning"), required=False, max_length=2000, rows=2)


class HearingForm(ClearNullsMixin, forms.Form):
    held_on = forms.DateField(label=_("Hearing date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200)
    selection_method = _area(_("How participants are selected"), max_length=5000, rows=3)
    participants = _area(_("List of participants (one a line)"), max_length=10000, rows=5)
    materials_sent_on = forms.DateField(label=_("Materials sent to participants on"), widget=DATE)


class RecordForm(forms.Form):
    file = forms.FileField(label=_("Signed record (PDF, DOCX or OFD)"))


class MeetingForm(ClearNullsMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit holding the meeting"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Meeting"), max_length=200)
    topic = _area(_("Livelihood matter on the agenda"), max_length=5000, rows=3)
    agenda = _area(_("Agenda"), max_length=10000, rows=5)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    public_seats = forms.IntegerField(
        label=_("Seats for public registration"), min_value=0, max_value=1000
    )
    registration_closes_at = forms.DateTimeField(label=_("Registration closes at"), widget=DATETIME)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class InvitationForm(ClearNullsMixin, forms.Form):
    group = forms.ChoiceField(label=_("Invited as"), choices=InviteeGroup.choices)
    name = forms.CharField(label=_("Name or organisation"), max_length=100)


class OutcomeForm(ClearNullsMixin, forms.Form):
    outcome = _area(_("Matters decided"), rows=8)


class MeetingFileForm(forms.Form):
    file = forms.FileField(label=_("Related document (PDF, DOCX, XLSX or OFD)"))
