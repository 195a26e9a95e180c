"""Make the audit trail append-only in the database itself (security.md L3-CES1-14).

core_auditevent refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL); the chain head refuses
DELETE and moving backwards. The SQL is frozen here on purpose: later code changes must not
change what this migration installed. Tests that need to tamper disable the triggers with raw
SQL inside their own transaction; `zwgk flush` suspends them only where settings allow it
(ZWGK_AUDIT_ALLOW_FLUSH, the test settings).

On SQLite, a later migration that alters core_auditevent or core_auditchainhead rebuilds the
table and so drops its triggers: such a migration must install them again (`zwgk audit verify`
reports missing triggers, see audit_guard.py). No SQL here contains "%": the statements pass
through the drivers' parameter formatting.
"""

from django.db import migrations

MESSAGE = "audit events are append-only"
HEAD_MESSAGE = "the audit chain head only moves forward"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER core_auditchainhead_no_delete BEFORE DELETE ON core_auditchainhead
    BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
    f"""CREATE TRIGGER core_auditchainhead_forward BEFORE UPDATE ON core_auditchainhead
    WHEN NEW.last_seq <= OLD.last_seq OR NEW.id <> OLD.id
    BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS core_auditchainhead_no_delete",
    "DROP TRIGGER IF EXISTS core_auditchainhead_forward",
]

# restrict_violation (23001) reaches Django as IntegrityError, as SQLite's RAISE(ABORT) does.
POSTGRESQL_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            MESSAGE = '{MESSAGE} (' || TG_OP || ' refused)', ERRCODE = 'restrict_violation';
    END;
    $$""",
    """CREATE TRIGGER core_auditevent_no_update_delete
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
    """CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()""",
    f"""CREATE OR REPLACE FUNCTION core_auditchainhead_forward() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.last_seq > OLD.last_seq AND NEW.id = OLD.id THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = '{HEAD_MESSAGE} (' || TG_OP || ' refused)', ERRCODE = 'restrict_violation';
    END;
    $$""",
    """CREATE TRIGGER core_auditchainhead_forward
    BEFORE UPDATE OR DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION core_auditchainhead_forward()""",
    """CREATE TRIGGER core_auditchainhead_no_truncate
    BEFORE TRUNCATE ON core_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditchainhead_forward()""",
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditchainhead_no_truncate ON core_auditchainhead",
    "DROP TRIGGER IF EXISTS core_auditchainhead_forward ON core_auditchainhead",
    "DROP FUNCTION IF EXISTS core_auditchainhead_forward()",
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_no_update_delete ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"no append-only audit triggers for the {vendor} database")
    for sql in STATEMENTS[vendor][index]:
        schema_editor.execute(sql)


def install(apps, schema_editor):
    _run(schema_editor, 0)


def remove(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_ship_holiday_years"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
