"""Background tasks of the portal (django-tasks): incremental publishing after a document is
published or withdrawn, then the catalogue downloads it changed.

`on_documents_changed` is the after-commit hook registered with zwgk.documents.events in
PortalConfig.ready(); it only enqueues, so the request that published returns at once and the
pages are written by the worker (immediately, in tests). `republish_validity_changes` is a
periodic job for the changes of 有效性 that fire no hook.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from . import incremental
from .selectors import changed_validity_documents


@task()
def publish_documents(document_ids: list[int]) -> list[list[str]]:
    """Re-render the pages these documents touch; then refresh the catalogue files."""
    plan = incremental.publish_changes(document_ids)
    scopes = sorted([kind, key] for kind, key in plan.downloads)
    if scopes:
        refresh_catalogue_downloads.enqueue(scopes)
    return scopes


@task()
def refresh_catalogue_downloads(scopes: list[list[str]]) -> int:
    return incremental.refresh_downloads((kind, key) for kind, key in scopes)


def on_documents_changed(document_ids: list[int]) -> None:
    publish_documents.enqueue(list(document_ids))


def republish_validity_changes(at: datetime) -> int:
    """Periodic job: re-render the pages of 规范性文件 whose 有效性 changed since yesterday
    (expiry, repeal, amendment, renewal — zwgk.documents.normative does not fire the
    published/withdrawn hooks). Pages whose bytes are unchanged are not rewritten."""
    ids = changed_validity_documents(timezone.localdate(at) - timedelta(days=1))
    if ids:
        publish_documents.enqueue(ids)
    return len(ids)
