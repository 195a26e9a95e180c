"""Plumbing of the public forms: bounded fields, the question and the honeypot on the form, the
captcha pass remembered in the session, and a service's field errors on the form."""

from __future__ import annotations

import pytest
import time_machine
from django import forms
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from zwgk.core import captcha
from zwgk.core.public_forms import (
    CAPTCHA_PASS_SECONDS,
    HONEYPOT,
    ChallengeMixin,
    add_field_errors,
    answer_captcha,
    area_field,
    captcha_passed,
    no_store,
    refuse_captcha,
    text_field,
)
from zwgk.core.tests.test_captcha import solve

SESSION_KEY = "test_captcha_ok_until"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


class Form(ChallengeMixin, forms.Form):
    name = text_field("Name", required=True, max_length=5, autocomplete="name")
    body = area_field("Body", rows=6)
    captcha_answer = text_field("Answer", max_length=10)
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput)
    website = text_field("Leave this field empty", max_length=200)


def test_fields_are_bounded_and_say_how_much_was_typed():
    form = Form({"name": "一二三四五六七", "body": "x" * 5001})
    with translation.override("zh-hans"):
        assert not form.is_valid()
        assert form.errors["name"] == ["最多填写5个字（已填写7个）。"]
        assert form.errors["body"] == ["最多填写5000个字（已填写5001个）。"]
    assert form.fields["name"].widget.attrs == {"autocomplete": "name", "maxlength": "5"}
    assert form.fields["body"].widget.attrs["rows"] == 6


def test_nul_is_left_to_the_form_not_djangos_validator():
    field = text_field("Name")
    assert not any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators)
    assert any(isinstance(v, ProhibitNullCharactersValidator) for v in forms.CharField().validators)
    assert field.clean("a\x00b") == "a\x00b"


def test_a_new_challenge_on_a_bound_form_clears_the_answer_and_the_honeypot():
    data = {"name": "张三", "captcha_token": "old", "captcha_answer": "12", HONEYPOT: "spam"}
    request = RequestFactory().post("/", data)
    form = Form(request.POST)
    challenge = captcha.new_challenge()
    form.set_challenge(challenge)
    assert form.challenge is challenge
    assert form.data["captcha_token"] == challenge.token
    assert form.data["captcha_answer"] == "" and form.data[HONEYPOT] == ""
    assert form.data["name"] == "张三"  # everything else as typed
    assert request.POST["captcha_answer"] == "12"  # the request's own data is not changed


def test_a_new_challenge_on_an_empty_form_is_its_initial_token():
    form = Form()
    challenge = captcha.new_challenge()
    form.set_challenge(challenge)
    assert form.initial["captcha_token"] == challenge.token and not form.is_bound


def _request(**post: str):
    request = RequestFactory().post("/", post)
    SessionMiddleware(lambda r: None).process_request(request)
    return request


def test_a_right_answer_passes_and_is_remembered_for_a_while():
    with time_machine.travel(1_800_000_000.0, tick=False):
        challenge = captcha.new_challenge()
        answer = str(solve(challenge.question))
        request = _request(captcha_token=challenge.token, captcha_answer=answer)
        assert not captcha_passed(request, SESSION_KEY)
        assert answer_captcha(request, SESSION_KEY)
        assert request.session[SESSION_KEY] == 1_800_000_000.0 + CAPTCHA_PASS_SECONDS
        assert captcha_passed(request, SESSION_KEY)
    with time_machine.travel(1_800_000_000.0 + CAPTCHA_PASS_SECONDS - 1, tick=False):
        later = _request()  # no token at all: the session has passed
        later.session[SESSION_KEY] = request.session[SESSION_KEY]
        assert answer_captcha(later, SESSION_KEY)
    with time_machine.travel(1_800_000_000.0 + CAPTCHA_PASS_SECONDS + 1, tick=False):
        assert not captcha_passed(request, SESSION_KEY)
        assert not answer_captcha(later, SESSION_KEY)


def test_a_wrong_answer_fails_and_uses_the_question_up():
    challenge = captcha.new_challenge()
    right = solve(challenge.question)
    request = _request(captcha_token=challenge.token, captcha_answer=str(right + 1))
    assert not answer_captcha(request, SESSION_KEY)
    assert SESSION_KEY not in request.session
    again = _request(captcha_token=challenge.token, captcha_answer=str(right))
    assert not answer_captcha(again, SESSION_KEY)


def test_a_passed_session_does_not_spend_the_token():
    challenge = captcha.new_challenge()
    request = _request(captcha_token=challenge.token, captcha_answer="0")
    request.session[SESSION_KEY] = 4e9
    assert answer_captcha(request, SESSION_KEY)
    fresh = _request(captcha_token=challenge.token, captcha_answer=str(solve(challenge.question)))
    assert answer_captcha(fresh, SESSION_KEY)  # the token was never tried


@pytest.mark.parametrize("stored", ["4000000000", None, [4e9]])
def test_only_a_time_in_the_session_is_a_pass(stored):
    request = _request()
    request.session[SESSION_KEY] = stored
    assert not captcha_passed(request, SESSION_KEY)


def test_service_errors_go_under_their_fields_or_above_the_form():
    form = Form({"name": "张三"})
    assert form.is_valid()
    add_field_errors(form, {"name": "姓名不对", "unit": "单位不存在"})
    assert form.errors["name"] == ["姓名不对"]
    assert form.non_field_errors() == ["单位不存在"]


def test_no_store_keeps_the_page_out_of_every_cache():
    response = no_store(HttpResponse("张三的申请"))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache", "max-age=0"} <= directives
    assert "Expires" in response


def test_a_refused_captcha_is_said_at_its_field_in_chinese():
    form = Form({"name": "张三"})
    assert form.is_valid()
    with translation.override("zh-hans"):
        refuse_captcha(form)
    assert form.errors["captcha_answer"] == ["问题的答案不正确，请回答新的问题。"]
    assert not form.is_valid() and form.data["name"] == "张三"
