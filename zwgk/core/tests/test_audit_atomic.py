"""No audit row, no change; and appends from concurrent transactions keep the chain whole."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.models import AuditEvent
from zwgk.orgs import services
from zwgk.orgs.models import Unit


def _broken_hash(row):
    raise RuntimeError("audit store unavailable")


@pytest.mark.django_db
def test_change_is_rolled_back_when_its_audit_row_cannot_be_written(
    officer_a, district, monkeypatch
):
    events_before = AuditEvent.objects.count()
    monkeypatch.setattr(audit, "compute_hash", _broken_hash)
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        services.update_unit_contact(
            by=officer_a, at=timezone.now(), unit=district.unit_a, data={"office_phone": "023-1"}
        )
    with pytest.raises(RuntimeError):
        services.create_unit(
            by=officer_a,
            at=timezone.now(),
            parent=district.root,
            code="tlq-xx",
            name="重庆市铜梁区测试局",
            short_name="测试局",
            kind=Unit.Kind.DEPARTMENT,
            doc_prefix="铜测",
        )
    district.unit_a.refresh_from_db()
    assert district.unit_a.office_phone == ""
    assert not Unit.objects.filter(code="tlq-xx").exists()
    assert AuditEvent.objects.count() == events_before
    monkeypatch.undo()
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_valid():
    threads, per_thread = 2, 15
    barrier = threading.Barrier(threads)
    errors = []

    def append(name):
        try:
            barrier.wait()
            for n in range(per_thread):
                audit.record(
                    action="tests.thing.appended",
                    by=None,
                    at=timezone.now(),
                    target_label=f"{name}-{n}",
                )
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=append, args=(f"t{i}",)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    report = audit.verify_chain()
    assert report.ok and report.count == threads * per_thread
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(
        range(1, threads * per_thread + 1)
    )
