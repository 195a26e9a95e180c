"""The database itself refuses to change or remove audit rows (security.md L3-CES1-14)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from zwgk.core import audit_guard
from zwgk.core.models import AuditChainHead, AuditEvent

from .audit_helpers import build_chain, triggers_off

pytestmark = pytest.mark.django_db


def refused(statement):
    """Run `statement` in a savepoint and say whether the database refused it."""
    try:
        with transaction.atomic():
            statement()
    except IntegrityError as error:
        assert "append-only" in str(error) or "only moves forward" in str(error)
        return True
    return False


def raw(sql, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


def test_all_triggers_are_installed():
    assert audit_guard.missing_triggers(connection) == []


def test_orm_update_and_delete_are_refused():
    event = build_chain(2)[0]
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="x.y"))
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    event.target_label = "篡改"
    assert refused(event.save)
    assert refused(event.delete)
    assert AuditEvent.objects.get(pk=event.pk).target_label == "事项1"
    assert AuditEvent.objects.count() == 2


def test_raw_sql_update_and_delete_are_refused():
    build_chain(2)
    assert refused(raw("UPDATE core_auditevent SET target_label = %s WHERE seq = 1", ["篡改"]))
    assert refused(raw("DELETE FROM core_auditevent WHERE seq = 2"))
    assert refused(raw("DELETE FROM core_auditevent"))
    assert sorted(AuditEvent.objects.values_list("target_label", flat=True)) == ["事项1", "事项2"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql():
    build_chain(1)
    raw("SET CONSTRAINTS ALL IMMEDIATE")()  # TRUNCATE waits for no deferred checks
    assert refused(raw("TRUNCATE core_auditevent CASCADE"))
    assert AuditEvent.objects.count() == 1


def test_chain_head_only_moves_forward():
    build_chain(3)
    assert refused(lambda: AuditChainHead.objects.filter(id=1).update(last_seq=2))
    assert refused(lambda: AuditChainHead.objects.filter(id=1).delete())
    assert AuditChainHead.objects.get(id=1).last_seq == 3


def test_tampering_helper_switches_the_triggers_back_on():
    build_chain(1)
    with triggers_off() as cursor:
        assert audit_guard.missing_triggers(connection)
        cursor.execute("UPDATE core_auditevent SET target_label = 'x' WHERE seq = 1")
    assert audit_guard.missing_triggers(connection) == []
    assert refused(raw("UPDATE core_auditevent SET target_label = 'y' WHERE seq = 1"))


def test_flush_is_refused_outside_the_test_settings(settings):
    build_chain(1)
    settings.ZWGK_AUDIT_ALLOW_FLUSH = False
    with pytest.raises(CommandError, match="flush"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 1
