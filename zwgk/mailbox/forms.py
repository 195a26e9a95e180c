"""Staff forms of the mailbox app; they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit

DT_FORMAT = "%Y-%m-%dT%H:%M"


def _dt(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DT_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DT_FORMAT),
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class MailboxForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=100)
    owner_unit = UnitChoiceField(
        label=_("Unit that receives the letters"), queryset=Unit.objects.none()
    )
    reply_workdays = forms.IntegerField(
        label=_("Reply deadline in working days"), min_value=1, max_value=60
    )
    description = forms.CharField(
        label=_("Description for the public"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label=_("Open for letters"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=100)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


class TransferForm(forms.Form):
    unit = UnitChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the writer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have read the reply and approve sending it"))


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What to change"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    subject = forms.CharField(label=_("Title to publish"), max_length=200)
    body = forms.CharField(
        label=_("Letter as published (personal data removed)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reply = forms.CharField(
        label=_("Reply as published"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing it"), max_length=1000)


class EscalateForm(forms.Form):
    confirm = forms.BooleanField(label=_("Open a public-opinion case for this letter"))


class MessageForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    channel = forms.CharField(
        label=_("Channel key"),
        max_length=80,
        help_text=_("newmedia.account:<number>, monitoring.site:<number> or portal"),
    )
    channel_label = forms.CharField(label=_("Channel name"), max_length=200)
    external_id = forms.CharField(
        label=_("Original number (optional)"), max_length=100, required=False
    )
    author = forms.CharField(label=_("Author (nickname, optional)"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    left_at = _dt(_("Left at"))
    answer = forms.CharField(
        label=_("Answer (if already answered)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answered_at = _dt(_("Answered at"), required=False)
    answered_by_label = forms.CharField(label=_("Answered by"), max_length=100, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    answered_at = _dt(_("Answered at"))
    answered_by_label = forms.CharField(label=_("Answered by"), max_length=100)


class ImportForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    channel = forms.CharField(label=_("Channel key"), max_length=80)
    channel_label = forms.CharField(label=_("Channel name"), max_length=200)
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
