"""Forms of the citizen's mailbox pages (/xx/): writing a letter, the lookup by 查询码 and the
phone's last four digits, and the rating. Every field is bounded; control characters are refused
with a message (the mixins of the 依申请公开 forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.core import captcha
from zwgk.disclosure_requests.public_forms import (
    LENGTH_MESSAGE,
    AccessibleFormMixin,
    ClearNullsMixin,
)

from .models import LetterKind, Satisfaction
from .selectors import list_open_mailboxes
from .services import LetterData, LetterError, validate_letter

HONEYPOT = "website"


def _char(label: Any, required: bool, max_length: int, widget: forms.Widget) -> Any:
    field = forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={"max_length": LENGTH_MESSAGE},
    )
    # Control characters, NUL included, get ClearNullsMixin's clearer message.
    field.validators = [
        v for v in field.validators if type(v).__name__ != "ProhibitNullCharactersValidator"
    ]
    return field


def _text(label: Any, *, required: bool = False, max_length: int = 100, **attrs: Any) -> Any:
    return _char(label, required, max_length, forms.TextInput(attrs=attrs))


def _area(label: Any, *, required: bool = False, max_length: int = 5000, rows: int = 4) -> Any:
    return _char(label, required, max_length, forms.Textarea(attrs={"rows": rows}))


class LetterForm(AccessibleFormMixin, ClearNullsMixin, forms.Form):
    mailbox = forms.ChoiceField(label=_("Write to"))
    kind = forms.ChoiceField(
        label=_("Kind of letter"), choices=LetterKind.choices, widget=forms.RadioSelect
    )
    subject = _text(_("Subject"), required=True, max_length=200)
    body = _area(_("Your letter"), max_length=5000, rows=8)
    writer_name = _text(_("Your name"), required=True, max_length=50, autocomplete="name")
    phone = _text(
        _("Your phone"), required=True, max_length=30, autocomplete="tel", inputmode="tel"
    )
    email = _text(_("E-mail (optional)"), max_length=200, autocomplete="email")
    address = _text(_("Address (optional)"), max_length=300, autocomplete="street-address")
    consents_to_publication = forms.BooleanField(
        label=_("The letter and its reply may be published without my personal data"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to the use of my personal data described above"),
        error_messages={"required": _("Please read the note on personal data and tick the box.")},
    )
    captcha_answer = _text(
        _("Answer to the question"), max_length=10, autocomplete="off", inputmode="numeric"
    )
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    website = _text(_("Leave this field empty"), max_length=200, autocomplete="off", tabindex="-1")

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

    def set_challenge(self, challenge: captcha.Challenge) -> None:
        self.challenge = challenge
        if self.is_bound:
            self.data = self.data.copy()
            self.data["captcha_token"] = challenge.token
            self.data["captcha_answer"] = ""
            self.data[HONEYPOT] = ""
        else:
            self.initial["captcha_token"] = challenge.token

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
            for name, message in error.errors.items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class LookupForm(AccessibleFormMixin, ClearNullsMixin, forms.Form):
    code = _text(
        _("Lookup code"),
        required=True,
        max_length=20,
        autocomplete="off",
        autocapitalize="characters",
    )
    tail = _text(
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
    comment = _area(_("Anything you want to add (optional)"), max_length=500, rows=3)
