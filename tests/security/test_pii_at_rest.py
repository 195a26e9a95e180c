"""Personal data at rest (issue 5 item 5, security.md T11): after applications are registered,
answered, revealed and exported through the services, the database FILE (SQLite: the file and
its WAL, read as bytes; PostgreSQL: a plain-text `pg_dump`) and a Django `dumpdata` dump hold
no plaintext identity number, phone number, e-mail or postal address.

The figure is printed with -s: "[pii at rest] N plaintext hits in M bytes (file) and K bytes
(dump)"; it must be 0. A control proves the scan can find text: the application's title (not
personal data, stored in clear) is found in the same bytes.
"""

from __future__ import annotations

import io
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from zwgk.core import backup
from zwgk.disclosure_requests import services
from zwgk.disclosure_requests.tests.helpers import at, id_number, register

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

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


def _database_bytes(tmp_path: Path) -> bytes:
    target = backup.Target.from_alias()
    if target.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        files = [Path(target.name), Path(target.name + "-wal")]
        # The online-backup copy too: what `zwgk backup` puts in the archive before encrypting.
        copy = tmp_path / "copy.sqlite3"
        source, dest = sqlite3.connect(target.name), sqlite3.connect(copy)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return b"".join(path.read_bytes() for path in [*files, copy] if path.exists())
    done = subprocess.run(  # noqa: S603
        [backup.pg_tool("pg_dump"), "--format=plain"],
        env=target.pg_env(),
        capture_output=True,
        check=True,
    )
    return done.stdout


def _dump() -> bytes:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().encode()


def _hits(data: bytes) -> list[str]:
    return [label for label, needle in _needles().items() if needle in data]


def test_no_plaintext_personal_data_in_database_or_dump(filled, tmp_path, capsys):
    stored = _database_bytes(tmp_path)
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


def test_the_scan_finds_a_planted_value(filled, tmp_path):
    """Negative control: the same needle written in clear is found (the scan can fail)."""
    from zwgk.disclosure_requests.models import DisclosureRequest

    DisclosureRequest.objects.filter(pk=filled.pk).update(info_title=f"{TITLE} {PHONE}")
    assert "phone" in _hits(_database_bytes(tmp_path))
    assert "phone" in _hits(_dump())
