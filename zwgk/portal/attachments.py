"""Attachments of published documents on the public site: copied into the published site under
their generated names (urls_for.attachment_name) so that nginx serves them as downloads, and
removed again when their document is withdrawn.

The uploaded name never becomes a file name here (it may hold anything); the link on the
document page offers it to the browser through the `download` attribute.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from zwgk.documents.models import Attachment, Status

from . import urls_for
from .publishing import TMP_SUFFIX, remove_file
from .selectors import public_documents


def relative_path(attachment: Attachment) -> str:
    return urls_for.attachment_path(attachment).lstrip("/")


def published_attachments(unit_pks: Iterable[int], document_pks: Iterable[int] | None = None):
    """Attachments of published documents (of these documents, when given)."""
    documents = public_documents(unit_pks)
    if document_pks is not None:
        documents = documents.filter(pk__in=list(document_pks))
    return Attachment.objects.filter(document__in=documents).only(
        "pk", "file", "original_name", "content_type", "sha256", "size"
    )


def withdrawn_attachments(document_pks: Iterable[int]):
    """Attachments of these documents that must leave the site (their document is no longer
    published: withdrawn)."""
    return Attachment.objects.filter(document_id__in=list(document_pks)).exclude(
        document__status=Status.PUBLISHED
    )


def copy_attachment(root: Path, attachment: Attachment) -> bool:
    """Copy one attachment into the site (atomically); False when it is there already. The name
    holds the attachment's key and hash, so a file of the right size is the right file."""
    target = root / relative_path(attachment)
    if target.is_file() and target.stat().st_size == attachment.size:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with attachment.file.open("rb") as source, open(tmp, "wb") as handle:
            shutil.copyfileobj(source, handle, 1024 * 1024)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def copy_attachments(root: Path, attachments: Iterable[Attachment]) -> Iterator[str]:
    """Copy each attachment; yields the relative path of every one (copied or already there)."""
    for attachment in attachments:
        copy_attachment(root, attachment)
        yield relative_path(attachment)


def remove_attachments(root: Path, attachments: Iterable[Attachment]) -> int:
    return sum(remove_file(root, relative_path(a)) for a in attachments)
