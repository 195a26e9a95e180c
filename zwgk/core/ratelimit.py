"""Rate limits for public forms (anti-automation, security.md §2 / issue 5 item 6), over
Django's cache.

Fixed-window counters: a key per scope, client and window, created with `cache.add` and
counted with `cache.incr`. The cache must be shared by every process that serves the site
(settings.CACHES: a file cache under ZWGK_VAR_DIR by default, see config/settings/base.py); a
per-process memory cache would multiply every limit by the number of workers. With the file
cache, `incr` is a read and a write, not atomic: two requests racing in the same millisecond may
both be counted as one, so a limit may be exceeded by the number of concurrent workers at most.
That is acceptable for anti-automation; it must never be used as a quota of legal weight.

Clients are keyed by a keyed hash of their address (no IP address is written to the cache).
A limiter says only "allowed" or "over the limit, retry in N seconds"; what to do then is the
caller's: a public form must re-show what was typed and never drop a genuine submission.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_SALT = "zwgk.core.ratelimit"


@dataclass(frozen=True)
class Rate:
    """At most `limit` hits per `window` seconds."""

    limit: int
    window: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "5/3600" → Rate(5, 3600) (for settings)."""
        limit, _, window = text.partition("/")
        rate = cls(int(limit), int(window))
        if rate.limit < 1 or rate.window < 1:
            raise ValueError(f"bad rate {text!r}")
        return rate


def configured(
    setting: str, defaults: Mapping[str, tuple[str, ...]], name: str
) -> tuple[Rate, ...]:
    """The rates called `name`: settings.<setting> ({name: ("limit/seconds", …)}) overrides
    `defaults` per name. Read at each call, so that a changed setting applies at once."""
    texts = getattr(settings, setting, {}).get(name, defaults[name])
    return tuple(Rate.parse(text) for text in texts)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the current window ends (when not allowed)

    @property
    def retry_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def client_key(identity: str) -> str:
    """A stable, non-reversible key for a client address or any other identity."""
    return salted_hmac(KEY_SALT, identity or "-").hexdigest()[:24]


def _window(rate: Rate, now: float) -> tuple[int, int]:
    start = int(now // rate.window) * rate.window
    return start, start + rate.window - int(now)


def _key(scope: str, identity: str, rate: Rate, start: int) -> str:
    return f"rl:{scope}:{client_key(identity)}:{rate.window}:{start}"


def count(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> int:
    """Hits counted so far in the current window."""
    start, _ = _window(rate, time.time() if now is None else now)
    value = cache.get(_key(scope, identity, rate, start), 0)
    return int(value) if isinstance(value, int) else 0


def check(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> Verdict:
    """Whether one more hit would be allowed, without counting it."""
    moment = time.time() if now is None else now
    _, remaining = _window(rate, moment)
    if count(scope, identity, rate, now=moment) >= rate.limit:
        return Verdict(False, remaining)
    return Verdict(True)


def hit(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> Verdict:
    """Count one hit; not allowed once the window already holds `limit` hits (the refused hit
    is counted too, so hammering does not reopen the window early)."""
    moment = time.time() if now is None else now
    start, remaining = _window(rate, moment)
    key = _key(scope, identity, rate, start)
    cache.add(key, 0, timeout=rate.window + 5)
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.window + 5)
        value = 1
    if value > rate.limit:
        return Verdict(False, remaining)
    return Verdict(True)


def check_all(
    scope: str, identity: str, rates: tuple[Rate, ...], *, now: float | None = None
) -> Verdict:
    """`check` for several rates (e.g. per hour and per day): the longest wait wins."""
    refused = [check(scope, identity, rate, now=now) for rate in rates]
    waits = [v.retry_after for v in refused if not v.allowed]
    return Verdict(False, max(waits)) if waits else Verdict(True)


def hit_all(
    scope: str, identity: str, rates: tuple[Rate, ...], *, now: float | None = None
) -> Verdict:
    verdicts = [hit(scope, identity, rate, now=now) for rate in rates]
    waits = [v.retry_after for v in verdicts if not v.allowed]
    return Verdict(False, max(waits)) if waits else Verdict(True)
