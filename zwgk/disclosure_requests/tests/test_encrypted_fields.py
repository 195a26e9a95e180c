"""Encrypted personal data on a real model: tampering in the database is refused, and
`zwgk crypto rotate` re-encrypts every row under the current key."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.management import call_command
from django.db import connection

from zwgk.core import crypto
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests.models import DisclosureRequest
from zwgk.disclosure_requests.tests.helpers import register

KEY_B = base64.b64encode(b"B" * 32).decode()


@pytest.fixture
def stored_request(officer_a, district):
    return register(officer_a, district.unit_a, "2026-02-10")


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM disclosure_requests_disclosurerequest WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def test_tampering_in_the_database_is_refused_not_shown(stored_request):
    phone = _raw("phone", stored_request.pk)
    id_number = _raw("id_number", stored_request.pk)
    with connection.cursor() as cursor:  # swap the two columns behind the application's back
        cursor.execute(
            "UPDATE disclosure_requests_disclosurerequest SET phone = %s, id_number = %s "
            "WHERE id = %s",
            [id_number, phone, stored_request.pk],
        )
    loaded = DisclosureRequest.objects.get(pk=stored_request.pk)
    with pytest.raises(crypto.CryptoError):
        loaded.phone.reveal()


def test_rotate_command_reencrypts_under_the_current_key(settings, stored_request):
    before = _raw("id_number", stored_request.pk)
    assert before.startswith("test1:")
    settings.ZWGK_FIELD_KEYS = f"new2:{KEY_B},{settings.ZWGK_FIELD_KEYS}"
    status = io.StringIO()
    call_command("crypto", "status", stdout=status)
    assert "test1" in status.getvalue()
    out = io.StringIO()
    call_command("crypto", "rotate", stdout=out)
    after = _raw("id_number", stored_request.pk)
    assert after.startswith("new2:") and after != before
    loaded = DisclosureRequest.objects.get(pk=stored_request.pk)
    assert loaded.id_number.reveal() == stored_request.id_number.reveal()
    assert loaded.phone.key_id == "new2"
    assert "1" in out.getvalue()
    assert AuditEvent.objects.filter(action="core.crypto.rotated").count() == 1
    # a second run has nothing left to do
    again = io.StringIO()
    call_command("crypto", "rotate", stdout=again)
    assert _raw("id_number", stored_request.pk) == after
