"""Background work of newmedia (django-tasks): one task per activity source, enqueued by the
periodic job `newmedia.ingest` (apps.py), so the worker(s) fetch outside the scheduler's
transaction and several workers share the sources."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .ingest import run_source
from .models import ActivitySource, SourceKind, Status


@task()
def fetch_source(source_id: int) -> int:
    source = ActivitySource.objects.select_related("account").filter(pk=source_id).first()
    if source is None or not source.is_enabled:
        return 0
    return run_source(source, at=timezone.now())


def enqueue_due_sources(at: datetime) -> int:
    """Periodic job: every enabled automatic source of a live account is fetched."""
    ids = list(
        ActivitySource.objects.filter(
            is_enabled=True,
            account__status__in=(Status.OPEN, Status.CHANGING, Status.SUSPENSION_NOTICE),
        )
        .exclude(kind=SourceKind.UPLOAD)
        .values_list("pk", flat=True)
    )

    def enqueue() -> None:
        for pk in ids:
            fetch_source.enqueue(pk)

    transaction.on_commit(enqueue)
    return len(ids)
