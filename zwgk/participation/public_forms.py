"""Forms of the public pages (/hdjl/): a comment on an open draft and a registration for an
open meeting. Every field is bounded; captcha and honeypot as on /ysqgk/ (zwgk.core.captcha);
the view decides what happens when they fail (re-show everything typed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.core.forms import AccessibleFormMixin, ClearNullsMixin
from zwgk.core.public_forms import LENGTH_MESSAGE, ChallengeMixin

from .statute import InviteeGroup


# Not core.public_forms.text_field: these fields keep Django's own refusal of NUL characters.
def _text(label: Any, *, required: bool = False, max_length: int = 100, **attrs: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"max_length": LENGTH_MESSAGE},
    )


class CommentForm(ChallengeMixin, AccessibleFormMixin, ClearNullsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": LENGTH_MESSAGE},
    )
    author_name = _text(_("Your name (optional)"), max_length=50, autocomplete="name")
    phone = _text(_("Phone (optional)"), max_length=30, autocomplete="tel", inputmode="tel")
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        max_length=100,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    captcha_answer = _text(
        _("Answer to the question"), max_length=10, autocomplete="off", inputmode="numeric"
    )
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    website = _text(_("Leave this field empty"), max_length=200, autocomplete="off", tabindex="-1")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "At most 5000 characters. Your comment is published, without your name or contact "
            "details, with the answer of the unit when the adoption results are published."
        )
        self.fields["phone"].help_text = _(
            "Optional: only if you want the unit to be able to reach you. Stored encrypted and "
            "never published."
        )


class RegistrationForm(ChallengeMixin, AccessibleFormMixin, ClearNullsMixin, forms.Form):
    group = forms.ChoiceField(
        label=_("You register as"),
        choices=[
            (InviteeGroup.STAKEHOLDER.value, InviteeGroup.STAKEHOLDER.label),
            (InviteeGroup.PUBLIC.value, InviteeGroup.PUBLIC.label),
            (InviteeGroup.MEDIA.value, InviteeGroup.MEDIA.label),
        ],
        widget=forms.RadioSelect,
    )
    name = _text(_("Your name"), required=True, max_length=50, autocomplete="name")
    phone = _text(_("Phone"), required=True, max_length=30, autocomplete="tel", inputmode="tel")
    note = forms.CharField(
        label=_("Why you wish to attend (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": LENGTH_MESSAGE},
    )
    captcha_answer = _text(
        _("Answer to the question"), max_length=10, autocomplete="off", inputmode="numeric"
    )
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    website = _text(_("Leave this field empty"), max_length=200, autocomplete="off", tabindex="-1")
