"""Helpers for the audit tests: building a chain and tampering with it behind the app's back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.models import AuditEvent

TABLES = ("core_auditevent", "core_auditchainhead")


def build_chain(count: int) -> list[AuditEvent]:
    """`count` events by the system, one minute apart, after whatever the chain holds."""
    start = timezone.now() - timedelta(days=1)
    return [
        audit.record(
            action=f"tests.thing.step{n}",
            by=None,
            at=start + timedelta(minutes=n),
            target_type="tests.thing",
            target_id=n,
            target_label=f"事项{n}",
            before={"n": n - 1},
            after={"n": n},
        )
        for n in range(1, count + 1)
    ]


@contextmanager
def triggers_off() -> Iterator[object]:
    """Switch the append-only triggers off with raw SQL, as a DB owner could, then back on.

    PostgreSQL: ALTER TABLE … DISABLE/ENABLE TRIGGER USER. SQLite has no disabled state, so the
    trigger definitions are saved, dropped and created again. Runs inside the test's
    transaction, which is rolled back afterwards anyway.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred foreign-key checks of this transaction wait.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('core_auditevent', 'core_auditchainhead')"
            )
            saved = cursor.fetchall()
            assert saved, "no triggers to switch off"
            for name, _sql in saved:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield cursor
            for _name, sql in saved:
                cursor.execute(sql)
