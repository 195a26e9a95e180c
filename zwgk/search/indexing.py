"""Keeping the search index in step with the database: the after-commit hooks and the rebuild.

The index holds exactly the published documents. `sync_documents(ids)` re-reads those ids
from the database and replaces them in the index (a withdrawn document is deleted), so every
update is idempotent; the ids are first written to the change log, so an update that fails (a
busy lock, a full disk) is retried by the next one and a rebuild running meanwhile replays it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zwgk.documents.models import Attachment, Document, DocumentIssuer

from .engine import Entry, SearchIndex

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
VALIDITY_LOOKBACK_DAYS = 2


def search_dir() -> Path:
    return Path(settings.ZWGK_SEARCH_DIR)


def get_index() -> SearchIndex:
    return SearchIndex(search_dir())


def _published() -> QuerySet[Document]:
    return (
        Document.objects.published()
        .select_related("publishing_unit", "normative")
        .prefetch_related(
            Prefetch("issuers", queryset=DocumentIssuer.objects.select_related("unit")),
            Prefetch("attachments", queryset=Attachment.objects.only("document", "extracted_text")),
        )
    )


def entry_for(document: Document) -> Entry:
    """What the index holds for a published document."""
    published_at = document.published_at or document.created_at
    local = timezone.localtime(published_at)
    parts = [document.summary, document.body]
    parts.extend(a.extracted_text for a in document.attachments.all() if a.extracted_text)
    codes = [document.publishing_unit.code]
    codes.extend(issuer.unit.code for issuer in document.issuers.all())
    try:
        validity = document.normative.validity
    except ObjectDoesNotExist:
        validity = ""
    return Entry(
        id=document.pk,
        title=document.title,
        text="\n".join(part for part in parts if part),
        published_at=published_at,
        date=local.date().isoformat(),
        year=local.year,
        index_number=document.index_number,
        doc_number=document.doc_number,
        unit_name=document.publishing_unit.name,
        unit_codes=tuple(dict.fromkeys(codes)),
        topic_id=document.topic_id,
        validity=validity,
    )


def _entries(ids: Iterable[int]) -> list[Entry]:
    return [entry_for(document) for document in _published().filter(pk__in=list(ids))]


def sync_documents(ids: Iterable[int]) -> None:
    """Bring these documents' index entries in line with the database (after commit)."""
    index = get_index()
    index.record_changes(ids)
    with index.lock():
        pending = index.pending_changes()
        index.replace(pending, _entries(pending))
        index.clear_changes()


def on_documents_changed(ids: list[int]) -> None:
    """The hook registered with documents.events: never lets a publication fail.

    The ids stay in the change log when the update fails, so the next update or
    `zwgk search sync` picks them up.
    """
    try:
        sync_documents(ids)
    except Exception:
        logger.exception("search index update failed for documents %s", ids)


def refresh_changed_validity(*, at: datetime) -> int:
    """Re-index published 规范性文件 whose 有效性 changed lately (废止, 修改, 失效 at expiry,
    renewal): those changes fire no publication event. Run periodically; idempotent."""
    since = timezone.localdate(at) - timedelta(days=VALIDITY_LOOKBACK_DAYS)
    ids = list(
        Document.objects.published()
        .filter(normative__validity_changed_on__gte=since)
        .values_list("pk", flat=True)
    )
    if ids:
        sync_documents(ids)
    return len(ids)


def rebuild(
    *,
    batch_size: int = BATCH_SIZE,
    restart: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rebuild the index from the database into a staging index, then switch to it.

    Batches are committed with a checkpoint (the last document id), so a stopped rebuild
    resumes where it stopped; the live index is untouched until the final switch. Documents
    that change meanwhile are in the change log and replayed before the switch.
    `progress(done, total)` is called after each batch. Returns the number of documents.
    """
    index = get_index()
    with index.rebuild_lock():
        staging = index.staging(restart=restart)
        checkpoint = staging.open()
        total = checkpoint.done + _published().filter(pk__gt=checkpoint.last_id).count()
        if progress is not None:
            progress(checkpoint.done, total)
        with index.writer(staging.index_dir, heap=256_000_000, threads=2) as writer:
            # A batch added after the last checkpoint was not committed for sure: drop it.
            writer.delete_after(checkpoint.last_id)
            for batch in _batches(checkpoint.last_id, batch_size):
                writer.add(entry_for(document) for document in batch)
                writer.commit()
                checkpoint.last_id = batch[-1].pk
                checkpoint.done += len(batch)
                staging.save(checkpoint)
                if progress is not None:
                    progress(checkpoint.done, max(total, checkpoint.done))
        with index.lock():
            pending = index.pending_changes()
            if pending:
                with index.writer(staging.index_dir) as writer:
                    writer.delete(pending)
                    writer.add(_entries(pending))
            index.promote(staging)
        return checkpoint.done


def _batches(after: int, size: int) -> Iterator[list[Document]]:
    last = after
    while True:
        batch = list(_published().filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
