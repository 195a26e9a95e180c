"""The public addresses of documents and their attachments, for every app that links to them.

The scheme is part of the published site (file names on disk, links in feeds and search
results), so it never changes:

- a document: /xxgk/<publishing unit code>/content/<pk>.html — the unit code and the primary
  key never change, and the address needs nothing but them (a search hit knows both);
- an attachment: /files/<attachment pk>-<first 16 hex digits of its SHA-256>.<ext> — a generated
  name (the uploaded name may hold anything), served as a download (Content-Disposition:
  attachment, nosniff) by nginx from the published copy or, under `make run`, by the app.

Use `document_url(document)` for a Document, `document_path(unit_code, pk)` when only those two
are at hand.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.urls import reverse

# Attachments are PDF, DOCX, XLSX or OFD (zwgk.documents.attachments); the extension comes from
# the checked content type, never from the uploaded name.
EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/ofd": "ofd",
}
HASH_CHARS = 16


def document_path(unit_code: str, pk: int) -> str:
    return reverse("portal:document", args=[unit_code, pk])


def document_url(document: Any) -> str:
    """The public page of a document (a Document, or anything with `pk` or `id` and either
    `publishing_unit` or a `unit_codes` sequence whose first item is the publishing unit)."""
    pk = getattr(document, "pk", None) or document.id
    unit = getattr(document, "publishing_unit", None)
    code = unit.code if unit is not None else document.unit_codes[0]
    return document_path(code, pk)


def attachment_extension(attachment: Any) -> str:
    extension = EXTENSIONS.get(attachment.content_type)
    if extension is None:  # not one of the four kinds: keep a safe suffix of the name
        suffix = PurePosixPath(attachment.original_name).suffix.lower().lstrip(".")
        extension = suffix if suffix.isalnum() and len(suffix) <= 5 else "bin"
    return extension


def attachment_name(attachment: Any) -> str:
    """The generated file name of an attachment on the public site."""
    return f"{attachment.pk}-{attachment.sha256[:HASH_CHARS]}.{attachment_extension(attachment)}"


def attachment_path(attachment: Any) -> str:
    return reverse("portal:attachment", args=[attachment_name(attachment)])
