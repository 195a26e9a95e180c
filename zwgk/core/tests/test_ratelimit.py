"""Fixed-window rate limits over the shared cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from zwgk.core import ratelimit
from zwgk.core.ratelimit import Rate


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_settings_cache_is_shared_between_processes(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith(("FileBasedCache", "DatabaseCache"))


def test_limit_is_exact_and_the_window_reopens():
    rate = Rate(3, 60)
    t0 = 1_000_040.0  # 40 s left in the window starting at 1,000,020
    assert [ratelimit.hit("s", "1.2.3.4", rate, now=t0).allowed for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    refused = ratelimit.check("s", "1.2.3.4", rate, now=t0)
    assert not refused.allowed and refused.retry_after == 40 and refused.retry_minutes == 1
    assert ratelimit.hit("s", "5.6.7.8", rate, now=t0).allowed  # another client
    assert ratelimit.hit("t", "1.2.3.4", rate, now=t0).allowed  # another scope
    assert ratelimit.hit("s", "1.2.3.4", rate, now=t0 + 40).allowed  # next window


def test_check_does_not_count():
    rate = Rate(1, 60)
    for _ in range(5):
        assert ratelimit.check("s", "a", rate, now=0.0).allowed
    assert ratelimit.hit("s", "a", rate, now=0.0).allowed
    assert not ratelimit.check("s", "a", rate, now=0.0).allowed


def test_several_rates_longest_wait_wins():
    rates = (Rate(10, 60), Rate(2, 3600))
    assert ratelimit.hit_all("s", "a", rates, now=0.0).allowed
    assert ratelimit.hit_all("s", "a", rates, now=1.0).allowed
    verdict = ratelimit.hit_all("s", "a", rates, now=2.0)
    assert not verdict.allowed and verdict.retry_after == 3598


def test_no_address_in_the_cache_keys():
    ratelimit.hit("s", "203.0.113.7", Rate(1, 60), now=0.0)
    assert "203.0.113.7" not in ratelimit._key("s", "203.0.113.7", Rate(1, 60), 0)


@pytest.mark.parametrize("text", ["5", "0/60", "5/0", "a/b"])
def test_bad_rate_text(text):
    with pytest.raises(ValueError):
        Rate.parse(text)


def test_configured_rates_come_from_settings_per_name_at_each_call(settings):
    defaults = {"post": ("30/3600",), "ok": ("5/3600", "20/86400")}
    assert ratelimit.configured("ZWGK_TEST_RATES", defaults, "ok") == (
        Rate(5, 3600),
        Rate(20, 86400),
    )
    settings.ZWGK_TEST_RATES = {"post": ("2/60",)}
    assert ratelimit.configured("ZWGK_TEST_RATES", defaults, "post") == (Rate(2, 60),)
    assert ratelimit.configured("ZWGK_TEST_RATES", defaults, "ok") == (
        Rate(5, 3600),
        Rate(20, 86400),
    )
    with pytest.raises(KeyError):
        ratelimit.configured("ZWGK_TEST_RATES", defaults, "unknown")
