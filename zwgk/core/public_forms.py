"""Plumbing shared by the forms of the citizen's pages (依申请公开, the public mailbox, 政策直通车,
public participation): bounded text fields, the captcha question and the honeypot field on the
form, the captcha answer remembered in the session, a service's field errors carried onto the
form, the message for a wrong captcha answer, and the headers that keep such pages out of every
cache.

It knows no domain and no page: what else a refused submission says, its status code and its
rate limits are each view's. The captcha itself is captcha.py's.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core import validators
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import captcha

# A field a person never sees (hidden by the page's CSS, out of the tab order) and a bot fills.
HONEYPOT = "website"
# A correct answer spares the session further questions for this long (fixing a typo in a
# refused form must not need a second question); the view uses it up with the submission.
CAPTCHA_PASS_SECONDS = 30 * 60

LENGTH_MESSAGE = _("At most %(limit_value)d characters (you typed %(show_value)d).")


def char_field(
    label: Any, required: bool, max_length: int, widget: forms.Widget
) -> forms.CharField:
    """A bounded text field that says how much was typed when it is too long. Control characters,
    NUL included, are left to the form's ClearNullsMixin (core.forms), whose
    message is clearer than Django's."""
    field = forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={"max_length": LENGTH_MESSAGE},
    )
    field.validators = [
        v for v in field.validators if not isinstance(v, validators.ProhibitNullCharactersValidator)
    ]
    return field


def text_field(
    label: Any, *, required: bool = False, max_length: int = 100, **attrs: Any
) -> forms.CharField:
    """char_field with a one-line input; `attrs` are the input's (autocomplete, inputmode …)."""
    return char_field(label, required, max_length, forms.TextInput(attrs=attrs))


def area_field(
    label: Any, *, required: bool = False, max_length: int = 5000, rows: int = 4
) -> forms.CharField:
    """char_field with a text area of `rows` rows."""
    return char_field(label, required, max_length, forms.Textarea(attrs={"rows": rows}))


class ChallengeMixin:
    """For a form with the fields captcha_token, captcha_answer and HONEYPOT."""

    challenge: captcha.Challenge

    def set_challenge(self, challenge: captcha.Challenge) -> None:
        """A new question; the old answer (and anything in the honeypot) is never shown again."""
        form: Any = self
        form.challenge = challenge
        if form.is_bound:
            form.data = form.data.copy()
            form.data["captcha_token"] = challenge.token
            form.data["captcha_answer"] = ""
            form.data[HONEYPOT] = ""
        else:
            form.initial["captcha_token"] = challenge.token


def captcha_passed(request: HttpRequest, session_key: str) -> bool:
    """Whether this session answered a question within CAPTCHA_PASS_SECONDS."""
    until = request.session.get(session_key)
    return isinstance(until, (int, float)) and until > time.time()


def answer_captcha(request: HttpRequest, session_key: str) -> bool:
    """Whether this POST may pass the captcha: the session passed it already, or the POST answers
    its question right (remembered under `session_key`, which the view pops once the submission
    went through). A token is tried only when needed: each can be tried once (captcha.py)."""
    if captcha_passed(request, session_key):
        return True
    if captcha.verify(
        request.POST.get("captcha_token", ""), request.POST.get("captcha_answer", "")
    ):
        request.session[session_key] = time.time() + CAPTCHA_PASS_SECONDS
        return True
    return False


def refuse_captcha(form: forms.BaseForm) -> None:
    """The captcha was not passed: said at its field (the page then asks a new question)."""
    form.add_error(
        "captcha_answer",
        gettext("The answer to the question is not right. Please answer the new question."),
    )


def add_field_errors(form: forms.BaseForm, errors: Mapping[str, str]) -> None:
    """A service's {field: message} on the form: each under its field, or above the form when
    the form has no such field."""
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


def no_store(response: HttpResponse) -> HttpResponse:
    """No copy in any cache: the page shows what a person typed or the state of their case."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response
