"""The self-hosted arithmetic challenge: right answers pass once, everything else fails."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.signing import dumps

from zwgk.core import captcha


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def solve(question: str) -> int:
    """The answer to a question, as a person would work it out (Chinese or English text)."""
    match = re.match(r"^(?:What is )?(\S+?)\s*(加|减|plus|minus)\s*(\S+?)\s*(?:等于|\?)", question)
    assert match, question
    a, b = captcha.parse_answer(match.group(1)), captcha.parse_answer(match.group(3))
    assert a is not None and b is not None
    return a + b if match.group(2) in ("加", "plus") else a - b


@pytest.mark.parametrize(
    ("number", "words"),
    [(0, "零"), (7, "七"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")],
)
def test_numbers_in_words(number, words):
    assert captcha.in_words(number) == words
    assert captcha.parse_answer(words) == number


@pytest.mark.parametrize(("text", "value"), [("12", 12), (" １２ ", 12), ("十二", 12), ("x", None)])
def test_answers_in_digits_or_words(text, value):
    assert captcha.parse_answer(text) == value


def test_right_answer_passes_once():
    challenge = captcha.new_challenge()
    answer = str(solve(challenge.question))
    assert captcha.verify(challenge.token, answer)
    assert not captcha.verify(challenge.token, answer)  # single use


def test_wrong_answer_uses_the_token_up():
    challenge = captcha.new_challenge()
    right = solve(challenge.question)
    assert not captcha.verify(challenge.token, str(right + 1))
    assert not captcha.verify(challenge.token, str(right))


def test_the_token_does_not_contain_the_answer_and_is_signed():
    challenge = captcha.new_challenge()
    assert not captcha.verify(challenge.token + "x", str(solve(challenge.question)))
    forged = dumps({"n": "nonce", "d": "0" * 32}, salt=captcha.SALT + "-other")
    assert not captcha.verify(forged, "1")
    assert not captcha.verify("", "1")
    assert not captcha.verify("garbage", "1")


def test_expired_token_fails():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        challenge = captcha.new_challenge()
    with time_machine.travel("2026-03-02 12:01 +0800", tick=False):
        assert not captcha.verify(challenge.token, str(solve(challenge.question)))
