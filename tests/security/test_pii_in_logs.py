"""Issue 5 item 4 (security.md T08): after the flows that touch personal data, the audit rows and
every captured log line hold 0 full identity numbers and 0 full mobile numbers.

Flows: registering an application with identity number, phone, e-mail and address; revealing
each personal field in full (audited by field name, never by value); a login attempt where the
person typed their phone number or identity number as the user name.
"""

import json
import logging
import re

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import services
from zwgk.disclosure_requests.tests.helpers import ID, PHONE, at, register
from zwgk.textcheck.pii import is_id_number

ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def full_numbers(text: str) -> list[str]:
    ids = [m for m in ID_RE.findall(text) if is_id_number(m.upper())]
    return ids + PHONE_RE.findall(text)


def test_the_scanner_finds_what_it_must():
    assert full_numbers(f"x{ID}y {PHONE}") == [ID, PHONE]
    assert full_numbers("500224********1234 138****5678") == []


@pytest.mark.django_db
def test_no_full_id_or_phone_numbers_in_audit_rows_or_logs(officer_a, district, caplog):
    caplog.set_level(logging.DEBUG)
    case = register(officer_a, district.unit_a)
    for field in services.REVEALABLE:
        value = services.reveal_personal_data(
            by=officer_a, at=at("2026-02-11"), request=case, field=field
        )
        assert value  # the full value reaches the officer, and only the officer
    request = RequestFactory().post("/staff/login/")
    for typed in (PHONE, ID):
        assert authenticate(request, username=typed, password="wrong-password") is None

    rows = list(AuditEvent.objects.values())
    assert rows  # the flows were audited
    assert sum(r["action"] == "disclosure_requests.request.personal_data_viewed" for r in rows) == 4
    assert sum(r["action"] == "auth.login.failed" for r in rows) == 2
    # The chain's SHA-256 hex digests are not personal data, and may by chance contain eleven
    # digits shaped like a mobile number; they are left out of the scan.
    scanned = [{k: v for k, v in row.items() if k not in ("hash", "prev_hash")} for row in rows]
    audit_text = json.dumps(scanned, default=str, ensure_ascii=False)
    log_text = "\n".join(
        record.getMessage() + " " + json.dumps(record.__dict__, default=str, ensure_ascii=False)
        for record in caplog.records
    )
    leaks = {"audit": full_numbers(audit_text), "logs": full_numbers(log_text)}
    print(f"audit rows scanned: {len(rows)}; log records: {len(caplog.records)}; leaks: {leaks}")
    assert leaks == {"audit": [], "logs": []}
