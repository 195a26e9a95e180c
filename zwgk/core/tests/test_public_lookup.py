"""The public lookup by 查询码 + second factor: limits per address and per code, one refusal for
every kind of miss, the session key cycled before the grant, and the grant's expiry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import time_machine
from django import forms
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.test import RequestFactory
from django.utils.functional import lazystr

from zwgk.core import ratelimit
from zwgk.core.public_lookup import PublicLookup, Refusal
from zwgk.core.ratelimit import Rate

pytestmark = pytest.mark.django_db

RECORDS = {"ABCDE12345": ("5678", 41), "FGHIJ67890": ("4321", 42)}  # code → (second factor, pk)
TOO_MANY = "Too many attempts, wait %(minutes)s minutes."
NO_MATCH = "Nothing matches this code and these digits."


class Form(forms.Form):
    code = forms.CharField(max_length=20)
    tail = forms.CharField(min_length=4, max_length=4)


class Finder:
    """Records the codes it was asked for (a locked code must not be looked up)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, code: str, data: Mapping[str, Any]) -> int | None:
        self.asked.append(code)
        tail, pk = RECORDS.get(code, ("", 0))
        return pk if tail and data["tail"] == tail else None


RATES = {"lookup": "5/900", "lookup_fail": "3/3600", "lookup_fail_code": "2/86400"}


def _rates(name: str) -> tuple[Rate, ...]:
    return (Rate.parse(RATES[name]),)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def finder() -> Finder:
    return Finder()


@pytest.fixture
def gate(finder: Finder) -> PublicLookup:
    return PublicLookup(
        scope="test.lookup",
        rates=_rates,
        normalise_code=lambda text: text.replace("-", "").upper(),
        find=finder,
        session_key="test_grant",
        grant_seconds=600,
        too_many=lazystr(TOO_MANY),
        no_match=NO_MATCH,
    )


def _request(data: dict[str, str] | None = None, *, ip: str = "203.0.113.5"):
    request = RequestFactory().post("/lookup/", data or {}, REMOTE_ADDR=ip)
    SessionMiddleware(lambda r: None).process_request(request)
    request.session["before"] = "kept"  # cycle_key keeps the data, changes the key
    request.session.save()
    return request


def _attempt(gate: PublicLookup, code: str, tail: str, *, ip: str = "203.0.113.5"):
    request = _request({"code": code, "tail": tail}, ip=ip)
    return request, gate.attempt(request, Form(request.POST))


def test_a_match_cycles_the_session_key_then_grants_that_record(gate):
    request = _request({"code": "abcde-12345", "tail": "5678"})
    old_key = request.session.session_key
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        assert gate.attempt(request, Form(request.POST)) is None
        assert request.session.session_key != old_key
        assert request.session["before"] == "kept"
        assert request.session["test_grant"]["pk"] == 41
        assert gate.granted_pk(request) == 41
    with time_machine.travel("2026-03-02 10:09:59 +0800", tick=False):
        assert gate.granted_pk(request) == 41
    with time_machine.travel("2026-03-02 10:10:01 +0800", tick=False):
        assert gate.granted_pk(request) is None  # grant_seconds are over


def test_wrong_code_and_wrong_digits_get_one_refusal_and_no_grant(gate):
    wrong_code_request, wrong_code = _attempt(gate, "ZZZZZ99999", "5678")
    wrong_tail_request, wrong_tail = _attempt(gate, "ABCDE12345", "0000")
    assert wrong_code == wrong_tail == Refusal(400, NO_MATCH)
    for request in (wrong_code_request, wrong_tail_request):
        assert "test_grant" not in request.session
        assert gate.granted_pk(request) is None


def test_an_invalid_form_is_refused_without_an_alert_and_is_no_failure(gate, finder):
    _, refusal = _attempt(gate, "ABCDE12345", "56")
    assert refusal == Refusal(400, "")
    assert finder.asked == []
    assert ratelimit.count("test.lookup.fail", "203.0.113.5", Rate(3, 3600)) == 0
    assert ratelimit.count("test.lookup", "203.0.113.5", Rate(5, 900)) == 1


def test_failures_lock_a_code_even_for_the_right_digits_from_elsewhere(gate, finder):
    for n in range(2):  # lookup_fail_code: 2 a day, from two different addresses
        assert _attempt(gate, "ABCDE12345", "0000", ip=f"198.51.100.{n}")[1] == Refusal(
            400, NO_MATCH
        )
    finder.asked.clear()
    request, refusal = _attempt(gate, "abcde-12345", "5678", ip="192.0.2.9")
    assert refusal == Refusal(400, NO_MATCH)  # the same words as a wrong code
    assert finder.asked == []  # a locked code is not looked up
    assert gate.granted_pk(request) is None
    # Another code is not locked.
    assert _attempt(gate, "FGHIJ67890", "4321", ip="192.0.2.9")[1] is None


@time_machine.travel(1_800_002_400.0, tick=False)  # 1,200 s left in the hour's window
def test_failures_from_one_address_refuse_it_before_the_form_is_read(gate, finder):
    for code in ("AAAAA00001", "AAAAA00002", "AAAAA00003"):  # lookup_fail: 3 an hour
        assert _attempt(gate, code, "0000")[1] == Refusal(400, NO_MATCH)
    finder.asked.clear()
    request, refusal = _attempt(gate, "ABCDE12345", "5678")
    assert refusal == Refusal(429, "Too many attempts, wait 20 minutes.")
    assert finder.asked == [] and gate.granted_pk(request) is None
    assert _attempt(gate, "ABCDE12345", "5678", ip="192.0.2.9")[1] is None  # another address


def test_every_attempt_counts_against_the_address(gate):
    for _ in range(5):  # lookup: 5 in 15 minutes, right or wrong
        assert _attempt(gate, "ABCDE12345", "5678")[1] is None
    refusal = _attempt(gate, "ABCDE12345", "5678")[1]
    assert refusal is not None and refusal.status == 429


def test_the_rate_limit_scopes_keep_their_names(gate):
    _attempt(gate, "ABCDE12345", "0000")
    assert ratelimit.count("test.lookup", "203.0.113.5", Rate(5, 900)) == 1
    assert ratelimit.count("test.lookup.fail", "203.0.113.5", Rate(3, 3600)) == 1
    assert ratelimit.count("test.lookup.fail.code", "ABCDE12345", Rate(2, 86400)) == 1


@pytest.mark.parametrize(
    "grant",
    [None, "41", {"pk": 41}, {"pk": 41, "until": 0}, {"pk": "41", "until": 4e9}],
)
def test_no_usable_grant_gives_no_pk(gate, grant):
    request = _request()
    if grant is not None:
        request.session["test_grant"] = grant
    assert gate.granted_pk(request) is None
