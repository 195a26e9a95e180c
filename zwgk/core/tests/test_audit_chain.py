"""The hash chain: honest rows verify; a row altered, deleted or inserted behind the
application's back, or a cut tail, is found and the first broken row is named."""

import re
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from zwgk.core import audit, context
from zwgk.core.models import AuditChainHead, AuditEvent

from .audit_helpers import build_chain, triggers_off

pytestmark = pytest.mark.django_db


def verify_command():
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def first_break():
    return audit.verify_chain(batch=3).first_break  # small batches cross batch borders


# --- Writing ---------------------------------------------------------------------------------


def test_record_links_each_row_to_the_previous_one():
    first, second = build_chain(2)
    assert first.seq == 1 and first.prev_hash == audit.GENESIS_HASH
    assert second.seq == 2 and second.prev_hash == first.hash
    head = AuditChainHead.objects.get(id=1)
    assert (head.last_seq, head.last_hash) == (2, second.hash)


def test_record_masks_personal_data_and_never_stores_nul():
    event = audit.record(
        action="tests.person.updated",
        by=None,
        at=timezone.now(),
        target_label="申请人 13812345678",
        before={"phone": "13812345678"},
        after={"id_number": "500101199001011234", "note": "a\x00b"},
    )
    event.refresh_from_db()
    assert event.before == {"phone": "138****5678"}
    assert event.after == {"id_number": "5001**********1234", "note": "ab"}
    assert event.target_label == "申请人 138****5678"


def test_record_stores_time_in_utc_and_normalised_ip():
    token = context.set_current(context.RequestFacts(ip="::ffff:10.1.2.3", channel="web"))
    try:
        shanghai = timezone.get_fixed_timezone(8 * 60)
        event = audit.record(
            action="tests.thing.done", by=None, at=datetime(2026, 3, 2, 9, 15, tzinfo=shanghai)
        )
    finally:
        context.reset(token)
    event.refresh_from_db()
    assert event.ip == "10.1.2.3" and event.channel == "web"
    assert audit.format_time(event.occurred_at) == "2026-03-02 09:15:00 +08:00"
    assert audit.verify_chain().ok


def test_record_refuses_naive_times_and_bad_codes():
    with pytest.raises(ValueError):
        audit.record(action="tests.thing.done", by=None, at=datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        audit.record(action="Not a code", by=None, at=timezone.now())
    assert not AuditEvent.objects.exists()


def test_actor_unit_comes_from_the_users_membership(officer_a, district):
    event = audit.record(action="tests.thing.done", by=officer_a, at=timezone.now())
    assert (event.actor_id, event.actor_label) == (officer_a.pk, "张敏")
    assert (event.unit_id, event.unit_label) == (district.unit_a.pk, "重庆市铜梁区教育委员会")
    explicit = audit.record(
        action="tests.thing.done", by=officer_a, at=timezone.now(), unit=district.unit_b
    )
    assert explicit.unit_label == "重庆市铜梁区民政局"
    system = audit.record(
        action="tests.thing.done", by=None, at=timezone.now(), unit=district.unit_b
    )
    assert (system.actor_label, system.unit_id) == ("系统", district.unit_b.pk)


# --- Verification ----------------------------------------------------------------------------


def test_untouched_chain_verifies():
    build_chain(7)
    report = audit.verify_chain(batch=3)
    assert report.ok and report.count == 7 and report.last_seq == 7
    out, _ = verify_command()
    assert "审计链完整：共 7 条记录" in out


def test_empty_chain_verifies():
    assert "审计链完整：共 0 条记录" in verify_command()[0]


def test_altered_row_is_named():
    build_chain(7)
    with triggers_off() as cursor:
        cursor.execute("UPDATE core_auditevent SET target_label = '改过的' WHERE seq = 4")
    found = first_break()
    assert (found.kind, found.seq, found.action) == (audit.ALTERED, 4, "tests.thing.step4")
    with pytest.raises(CommandError) as error:
        verify_command()
    assert error.value.returncode != 0
    message = str(error.value)
    assert "第 4 条" in message and "tests.thing.step4" in message and "篡改" in message
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", message)


def test_altered_row_with_recomputed_hash_is_named():
    """A forger who also recomputes the row's own hash still breaks the next row's link."""
    build_chain(7)
    row = AuditEvent.objects.filter(seq=3).values(*audit.HASHED_FIELDS).get()
    row["target_label"] = "改过的"
    with triggers_off() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET target_label = %s, hash = %s WHERE seq = 3",
            ["改过的", audit.compute_hash(row)],
        )
    found = first_break()
    assert (found.kind, found.seq) == (audit.ALTERED, 3)


def test_altered_last_row_is_found_through_the_chain_head():
    build_chain(4)
    row = AuditEvent.objects.filter(seq=4).values(*audit.HASHED_FIELDS).get()
    row["action"] = "tests.thing.other"
    with triggers_off() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET action = %s, hash = %s WHERE seq = 4",
            ["tests.thing.other", audit.compute_hash(row)],
        )
    found = first_break()
    assert (found.kind, found.seq) == (audit.ALTERED, 4)


def test_deleted_row_is_named():
    build_chain(7)
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = 5")
    found = first_break()
    assert (found.kind, found.seq) == (audit.DELETED, 5)
    assert found.before[0] == 4 and found.after[0] == 6
    with pytest.raises(CommandError) as error:
        verify_command()
    message = str(error.value)
    assert "第 5 条" in message and "删除" in message and "tests.thing.step6" in message


@pytest.mark.parametrize("forger_knows_the_hash", [True, False])
def test_row_inserted_in_the_middle_is_named(forger_knows_the_hash):
    events = build_chain(6)
    with triggers_off() as cursor:
        # Make room after row 2 (two steps: seq is unique), then slip a row in.
        cursor.execute("UPDATE core_auditevent SET seq = seq + 1000000 WHERE seq > 2")
        cursor.execute("UPDATE core_auditevent SET seq = seq - 999999 WHERE seq > 1000000")
        cursor.execute("UPDATE core_auditchainhead SET last_seq = 7 WHERE id = 1")
        forged = {
            "seq": 3,
            "occurred_at": events[1].occurred_at + timedelta(seconds=30),
            "actor_id": None,
            "actor_label": "系统",
            "unit_id": None,
            "unit_label": "",
            "ip": None,
            "channel": "cli",
            "request_id": "",
            "action": "tests.thing.forged",
            "outcome": "success",
            "target_type": "tests.thing",
            "target_id": "99",
            "target_label": "伪造",
            "before": None,
            "after": {"n": 99},
            "prev_hash": events[1].hash,
        }
        forged["hash"] = audit.compute_hash(forged) if forger_knows_the_hash else "f" * 64
        AuditEvent.objects.create(**forged)
    found = first_break()
    assert (found.kind, found.seq, found.action) == (audit.INSERTED, 3, "tests.thing.forged")
    with pytest.raises(CommandError) as error:
        verify_command()
    assert "第 3 条" in str(error.value) and "插入" in str(error.value)


def test_row_appended_past_the_head_is_named():
    events = build_chain(3)
    with triggers_off():
        AuditEvent.objects.create(
            seq=4,
            occurred_at=timezone.now(),
            actor_label="系统",
            channel="cli",
            action="tests.thing.forged",
            prev_hash=events[-1].hash,
            hash="e" * 64,
        )
    found = first_break()
    assert (found.kind, found.seq) == (audit.INSERTED, 4)


def test_deleted_last_row_is_a_cut_tail():
    build_chain(5)
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = 5")
    found = first_break()
    assert (found.kind, found.seq) == (audit.TRUNCATED, 5)
    assert found.before[0] == 4
    with pytest.raises(CommandError) as error:
        verify_command()
    assert "第 5 条" in str(error.value) and "截断" in str(error.value)


def test_first_of_several_breaks_is_named():
    build_chain(8)
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = 6")
        cursor.execute("UPDATE core_auditevent SET target_label = 'x' WHERE seq = 2")
    assert (first_break().kind, first_break().seq) == (audit.ALTERED, 2)


def test_verify_fails_when_the_triggers_are_gone():
    build_chain(2)
    with triggers_off(), pytest.raises(CommandError, match="core_auditevent"):
        verify_command()


def test_progress_bar_goes_to_stderr_on_request():
    build_chain(3)
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", "--progress", "--batch", "2", stdout=out, stderr=err)
    assert "3/3" in err.getvalue()
    assert "审计链完整：共 3 条记录" in out.getvalue()
