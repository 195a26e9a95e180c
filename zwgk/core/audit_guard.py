"""The database's side of the append-only audit trail: which triggers must exist, and the one
sanctioned way to suspend them (emptying a test database).

The triggers themselves are installed by migration core.0005_auditevent_append_only; this
module only names them, checks that they are still there (`zwgk audit verify` reports a
missing one) and, for `zwgk flush` where settings.ZWGK_AUDIT_ALLOW_FLUSH is true, lifts them
for the duration of one transaction. The application never calls `suspended()` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TRIGGERS = {
    "sqlite": (
        "core_auditevent_no_update",
        "core_auditevent_no_delete",
        "core_auditchainhead_no_delete",
        "core_auditchainhead_forward",
    ),
    "postgresql": (
        "core_auditevent_no_update_delete",
        "core_auditevent_no_truncate",
        "core_auditchainhead_forward",
        "core_auditchainhead_no_truncate",
    ),
}
TABLES = ("core_auditevent", "core_auditchainhead")


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                TABLES,
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgrelid IN (%s::regclass, %s::regclass)",
                TABLES,
            )
        else:
            return set()
        return {name for (name,) in cursor.fetchall()}


def missing_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """Names of the append-only triggers that are absent or disabled on this database."""
    present = installed_triggers(connection)
    return [name for name in TRIGGERS.get(connection.vendor, ()) if name not in present]


@contextmanager
def suspended(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Lift the triggers inside one transaction and put them back before it commits.

    PostgreSQL disables and re-enables them (ALTER TABLE is transactional there); SQLite has no
    disabled state, so its trigger definitions are read, dropped and created again.
    """
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN (%s, %s)",
                TABLES,
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield
            for _name, sql in saved:
                cursor.execute(sql)
        else:
            yield
