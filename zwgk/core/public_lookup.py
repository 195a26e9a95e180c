"""A citizen's lookup of their own case on the public site by a 查询码 and a second factor (the
phone, or its last four digits), and the session grant that a successful lookup gives. Used by
依申请公开 (/ysqgk/) and the public mailbox (/xx/); owns only what the two had in common.

Security (security.md §2, 等保 2.0 第三级 identification and anti-enumeration):
- every attempt counts against a per-address limit, and an address with too many failed lookups
  is refused before the form is read;
- a failure counts against the address and against the code; a code locked after failures is not
  looked up at all, so that even the right second factor gets the refusal then;
- a wrong code, a wrong second factor and a locked code get one and the same message;
- on success the session key is cycled first (no session fixation), then the session holds a
  grant to that one record ({"pk", "until"}) for `grant_seconds`.

It knows no domain: the caller says how to find the record, which rate-limit scope and rates to
use and what to tell the citizen. It does not render, redirect or read records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.functional import Promise

from . import ratelimit
from .middleware import client_ip

# The names under which `PublicLookup.rates` is asked for its rates.
RATE_ATTEMPT = "lookup"
RATE_FAIL = "lookup_fail"
RATE_FAIL_CODE = "lookup_fail_code"


@dataclass(frozen=True)
class Refusal:
    """A lookup that gave no grant: the form is shown again with this status and alert (no alert
    when the form's own field errors say what is wrong)."""

    status: int
    alert: str = ""


@dataclass(frozen=True)
class PublicLookup:
    """One public lookup flow. `scope` names the rate limits: attempts are counted under `scope`,
    failures under `scope + ".fail"` (per address) and `scope + ".fail.code"` (per code).
    `rates(name)` gives the rates for RATE_ATTEMPT, RATE_FAIL and RATE_FAIL_CODE (read at each
    request, so that settings apply at once). `normalise_code` turns the form's `code` field into
    the stored form of a code; `find(code, cleaned_data)` returns the pk of the record that
    matches the code and the second factor, or None (compared in constant time by the caller's
    finder). `too_many` holds %(minutes)s."""

    scope: str
    rates: Callable[[str], tuple[ratelimit.Rate, ...]]
    normalise_code: Callable[[str], str]
    find: Callable[[str, Mapping[str, Any]], int | None]
    session_key: str
    grant_seconds: int
    too_many: str | Promise
    no_match: str | Promise

    def attempt(self, request: HttpRequest, form: forms.Form) -> Refusal | None:
        """Check the limits, validate `form` and look the record up. None: the grant is in the
        session (the session key was cycled first); otherwise the refusal to show."""
        ip = client_ip(request) or "unknown"
        fail, fail_code = f"{self.scope}.fail", f"{self.scope}.fail.code"
        verdict = ratelimit.hit_all(self.scope, ip, self.rates(RATE_ATTEMPT))
        if verdict.allowed:
            verdict = ratelimit.check_all(fail, ip, self.rates(RATE_FAIL))
        if not verdict.allowed:
            return Refusal(429, str(self.too_many) % {"minutes": verdict.retry_minutes})
        if not form.is_valid():
            return Refusal(400)
        code = self.normalise_code(form.cleaned_data["code"])
        found = None
        if ratelimit.check_all(fail_code, code, self.rates(RATE_FAIL_CODE)).allowed:
            found = self.find(code, form.cleaned_data)
        if found is None:
            ratelimit.hit_all(fail, ip, self.rates(RATE_FAIL))
            ratelimit.hit_all(fail_code, code, self.rates(RATE_FAIL_CODE))
            # One message for a wrong code, a wrong second factor and a code locked after failures.
            return Refusal(400, str(self.no_match))
        request.session.cycle_key()
        request.session[self.session_key] = {"pk": found, "until": time.time() + self.grant_seconds}
        return None

    def granted_pk(self, request: HttpRequest) -> int | None:
        """The pk of the record this session was granted, while the grant lasts."""
        grant = request.session.get(self.session_key)
        if not isinstance(grant, dict) or not grant.get("until", 0) > time.time():
            return None
        pk = grant.get("pk")
        return pk if isinstance(pk, int) else None
