"""A letter writer's personal data at rest: after letters are written, revealed, answered and
published, the SQLite pages this connection sees (sqlite3_serialize; PostgreSQL: every row as
text) hold no plaintext name, phone, e-mail or address; a planted value is found (control)."""

from __future__ import annotations

import pytest
from django.db import connection

from zwgk.mailbox import services
from zwgk.mailbox.models import Letter
from zwgk.mailbox.tests.helpers import at, mailbox

pytestmark = pytest.mark.django_db

NAME = "欧阳明珠"
PHONE = "13698761234"
EMAIL = "ouyang.pii@example.cn"
ADDRESS = "重庆市铜梁区东城街道白龙大道二段88号"
SUBJECT = "关于白龙大道路灯不亮的来信"


def _bytes() -> bytes:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return connection.connection.serialize()
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - catalogue names
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks).encode()


def _hits(data: bytes) -> list[str]:
    needles = {"name": NAME, "phone": PHONE, "e-mail": EMAIL, "address": ADDRESS}
    return [
        label
        for label, value in needles.items()
        if value.encode() in data or value.encode("unicode_escape") in data
    ]


@pytest.fixture
def filled(district, supervisor, officer_a, head_a):
    box = mailbox(district, supervisor, unit=district.unit_a, code="jwxx")
    letter, _ = services.submit_letter(
        at=at("2026-03-02"),
        mailbox=box,
        data=services.LetterData(
            kind="complaint",
            subject=SUBJECT,
            body="路灯已坏一周。",
            writer_name=NAME,
            phone=PHONE,
            email=EMAIL,
            address=ADDRESS,
            consents_to_publication=True,
        ),
    )
    for field in services.PERSONAL_FIELDS:
        assert services.reveal_personal_data(
            by=officer_a, at=at("2026-03-02", 11), letter=letter, field=field
        )
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter, text="已修复。")
    services.approve_reply(by=head_a, at=at("2026-03-03"), letter=letter)
    services.publish_letter(
        by=supervisor,
        at=at("2026-03-04"),
        letter=letter,
        subject=SUBJECT,
        body="路灯已坏一周。",
        reply="已修复。",
    )
    return letter


def test_no_plaintext_personal_data_of_writers(filled):
    stored = _bytes()
    assert SUBJECT.encode() in stored  # control: clear text is found
    assert _hits(stored) == []


def test_the_scan_finds_a_planted_value(filled):
    Letter.objects.filter(pk=filled.pk).update(subject=f"{SUBJECT} {PHONE}")
    assert "phone" in _hits(_bytes())
