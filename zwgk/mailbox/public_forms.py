"""Forms of the citizen's mailbox pages (/xx/): writing a letter, the lookup by 查询码 and the
phone's last four digits, and the rating. Every field is bounded; control characters are refused
with a message (core.forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.core.forms import AccessibleFormMixin, ClearNullsMixin
from zwgk.core.public_forms import ChallengeMixin, add_field_errors, area_field, text_field

from .models import LetterKind, Satisfaction
from .selectors import list_open_mailboxes
from .services import LetterData, LetterError, validate_letter


class LetterForm(ChallengeMixin, AccessibleFormMixin, ClearNullsMixin, forms.Form):
    mailbox = forms.ChoiceField(label=_("Write to"))
    kind = forms.ChoiceField(
        label=_("Kind of letter"), choices=LetterKind.choices, widget=forms.RadioSelect
    )
    subject = text_field(_("Subject"), required=True, max_length=200)
    body = area_field(_("Your letter"), max_length=5000, rows=8)
    writer_name = text_field(_("Your name"), required=True, max_length=50, autocomplete="name")
    phone = text_field(
        _("Your phone"), required=True, max_length=30, autocomplete="tel", inputmode="tel"
    )
    email = text_field(_("E-mail (optional)"), max_length=200, autocomplete="email")
    address = text_field(_("Address (optional)"), max_length=300, autocomplete="street-address")
    consents_to_publication = forms.BooleanField(
        label=_("The letter and its reply may be published without my personal data"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to the use of my personal data described above"),
        error_messages={"required": _("Please read the note on personal data and tick the box.")},
    )
    captcha_answer = text_field(
        _("Answer to the question"), max_length=10, autocomplete="off", inputmode="numeric"
    )
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    website = text_field(
        _("Leave this field empty"), max_length=200, autocomplete="off", tabindex="-1"
    )

    DESCRIBED_BY = {"consent": "privacy-notice"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mailboxes = {m.code: m for m in list_open_mailboxes()}
        self.fields["mailbox"].choices = [("", "——")] + [
            (m.code, m.name) for m in self.mailboxes.values()
        ]
        self.fields["body"].required = True
        self.fields["phone"].help_text = _(
            "A mobile or landline number. With the lookup code, its last four digits let you "
            "read the reply."
        )
        self.fields["captcha_answer"].help_text = _(
            "Type the answer in digits, for example 12. This question keeps automated "
            "submissions out."
        )

    def clean_mailbox(self) -> Any:
        code = self.cleaned_data["mailbox"]
        if code not in self.mailboxes:
            raise forms.ValidationError(_("Please choose a mailbox."))
        return self.mailboxes[code]

    def letter_data(self) -> LetterData:
        cd = self.cleaned_data
        return LetterData(
            kind=cd.get("kind") or "",
            subject=cd.get("subject") or "",
            body=cd.get("body") or "",
            writer_name=cd.get("writer_name") or "",
            phone=cd.get("phone") or "",
            email=cd.get("email") or "",
            address=cd.get("address") or "",
            consents_to_publication=bool(cd.get("consents_to_publication")),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            validate_letter(self.letter_data())
        except LetterError as error:
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
    tail = text_field(
        _("Last four digits of your phone"),
        required=True,
        max_length=4,
        autocomplete="off",
        inputmode="numeric",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The ten letters and digits shown when you sent the letter, e.g. ABCDE-23456."
        )

    def clean_tail(self) -> str:
        tail = self.cleaned_data["tail"].strip()
        if len(tail) != 4 or not tail.isascii() or not tail.isdigit():
            raise forms.ValidationError(_("Four digits, please."))
        return tail


class RatingForm(AccessibleFormMixin, ClearNullsMixin, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = area_field(_("Anything you want to add (optional)"), max_length=500, rows=3)
