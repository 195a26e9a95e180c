"""Appends from concurrent transactions keep the chain whole. (That a change rolls back with
its audit row is tested with a real service in zwgk/orgs/tests/test_audit_atomicity.py.)"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.models import AuditEvent


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
