"""Personal data at rest (issue 5 item 5, security.md T11): after applications are registered,
answered and revealed through the services, the stored database (SQLite: the database file's pages
as the test's own connection sees them, `sqlite3_serialize`, read as bytes; PostgreSQL: every
row of every table in its text form) and a Django `dumpdata` dump hold no plaintext identity
number, phone number, e-mail or postal address.

The test runs inside the usual rolled-back transaction (a committed, flushed run would remove
the working-day calendar the other tests need), so the bytes are read through the same
connection, which sees its own uncommitted rows.

The figure is printed with -s: "[pii at rest] N plaintext hits in M bytes (file) and K bytes
(dump)"; it must be 0. A control proves the scan can find text: the application's title (not
personal data, stored in clear) is found in the same bytes.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from zwgk.disclosure_requests import services
from zwgk.disclosure_requests.tests.helpers import at, id_number, register

pytestmark = pytest.mark.django_db

ID = id_number("50022419850612345")
PHONE = "13698765432"
EMAIL = "li.hongmei.pii@example.cn"
ADDRESS = "重庆市铜梁区东城街道白龙大道二段77号"
TITLE = "区教委2025年度校车安全检查记录公开申请"


def _needles() -> dict[str, bytes]:
    return {
        "identity number": ID.encode(),
        "phone": PHONE.encode(),
        "e-mail": EMAIL.encode(),
        "address": ADDRESS.encode(),
        # the JSON escapes of dumpdata and of the audit rows' before/after values
        "address (escaped)": ADDRESS.encode("unicode_escape"),
    }


@pytest.fixture
def filled(district, officer_a, head_a):
    """Applications with personal data, a reply, a revealed field, and an exported list."""
    case = register(
        officer_a,
        district.unit_a,
        "2026-02-10",
        id_number=ID,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        info_title=TITLE,
    )
    register(officer_a, district.unit_a, "2026-02-11", phone=PHONE, address=ADDRESS)
    for field in ("phone", "id_number", "address", "email"):
        assert services.reveal_personal_data(
            by=officer_a, at=at("2026-02-12"), request=case, field=field
        )
    services.reply_to_request(
        by=officer_a,
        at=at("2026-03-10"),
        request=case,
        data=services.ReplyData(
            outcome="disclose", reply_date=at("2026-03-10").date(), body="予以公开。"
        ),
    )
    return case


def _database_bytes() -> bytes:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # sqlite3_serialize: the database file's pages as this connection sees them.
        return connection.connection.serialize()
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - catalogue names
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks).encode()


def _dump() -> bytes:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().encode()


def _hits(data: bytes) -> list[str]:
    return [label for label, needle in _needles().items() if needle in data]


def test_no_plaintext_personal_data_in_database_or_dump(filled, capsys):
    stored = _database_bytes()
    dumped = _dump()
    # control: the scan finds clear text that is in the database (the title is not personal)
    assert TITLE.encode() in stored or TITLE.encode("unicode_escape") in stored
    assert TITLE.encode("unicode_escape") in dumped or TITLE.encode() in dumped
    hits = _hits(stored) + _hits(dumped)
    with capsys.disabled():
        print(
            f"\n[pii at rest] {len(hits)} plaintext hits in {len(stored)} bytes "
            f"({connection.vendor} file/dump) and {len(dumped)} bytes (dumpdata) at "
            f"{datetime.now(UTC):%Y-%m-%d}"
        )
    assert hits == []


def test_the_scan_finds_a_planted_value(filled):
    """Negative control: the same needle written in clear is found (the scan can fail)."""
    from zwgk.disclosure_requests.models import DisclosureRequest

    DisclosureRequest.objects.filter(pk=filled.pk).update(info_title=f"{TITLE} {PHONE}")
    assert "phone" in _hits(_database_bytes())
    assert "phone" in _hits(_dump())
