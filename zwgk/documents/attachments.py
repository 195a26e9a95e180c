"""Attachments of a document: what may be uploaded, how it is stored, and its text.

Owns the two write verbs (`add_attachment`, `remove_attachment`), the checks on an uploaded file
and the text extraction that feeds the checks before publication and the search index.

A file is accepted only when its content is one of PDF, DOCX, XLSX or OFD and the extension
says the same thing: the type comes from the bytes (the PDF header; for the zip-based formats
the zip directory and the part that defines the format: word/document.xml, xl/workbook.xml,
OFD.xml), never from the name or the browser's content type. A file that looks like two formats
at once (a polyglot), a zip that would unpack to too much or has too many entries, encrypted
content that cannot be checked, macros and PDF scripts are refused with a Chinese message.

The file is stored under a name derived from its SHA-256 (`models.attachment_path`); the
uploaded name is kept, cleaned, for display only. Text is extracted with the well-kept library
for each format (pypdf, python-docx, openpyxl read-only, defusedxml for the OFD page XML) and
cut to a sensible length. An extraction that fails keeps the file with an empty text and a
recorded note (`Attachment.extraction_note`): the checks before publication could not see it,
and the staff page says so. Nothing here may raise anything but an AttachmentError on any input.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import docx
import openpyxl
from defusedxml import ElementTree
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PasswordType, PdfReader
from pypdf.generic import DictionaryObject

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError

from . import transitions
from .models import Attachment, Document
from .permissions import can_draft_in, can_edit_document
from .services import reopen_after_edit

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
OFD = "ofd"

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    OFD: "application/ofd",
}
LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", OFD: "OFD"}
ALLOWED_TEXT = "PDF、DOCX、XLSX 或 OFD"

# The part that makes a zip one of the formats (GB/T 33190-2016 for OFD: OFD.xml at the root).
ZIP_MARKERS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", OFD: "OFD.xml"}

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
DEFAULT_MAX_UNZIPPED_BYTES = 100 * MB
DEFAULT_MAX_ZIP_ENTRIES = 2000
# About 150 pages of dense Chinese text; enough for the checks and search to be useful on any
# ordinary attachment without letting one file dominate the index.
DEFAULT_MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 2000
# Spreadsheet rows visited (empty ones included) and columns read: a hostile sheet can declare
# a cell at row 1,048,576 or column XFD, and openpyxl pads the rows in between.
MAX_XLSX_ROWS = 200_000
MAX_XLSX_COLUMNS = 200
MAX_NAME_CHARS = 120

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls and password-protected Office
# Names of PDF actions that run code or programs; a published government file has no use for
# them. Checked on the raw bytes and on the document catalogue.
# Only the long names: three bytes such as /JS turn up by chance in compressed streams.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|Launch)(?=[\s/<>\[\]()%]|$)")


class AttachmentError(DomainError):
    """A refused attachment; the message says why in Chinese."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
    max_zip_entries: int = DEFAULT_MAX_ZIP_ENTRIES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS


def configured_limits() -> Limits:
    """Limits from settings: ZWGK_ATTACHMENT_MAX_BYTES (default 20 MB),
    ZWGK_ATTACHMENT_MAX_UNZIPPED_BYTES (100 MB), ZWGK_ATTACHMENT_MAX_ZIP_ENTRIES (2,000),
    ZWGK_ATTACHMENT_MAX_TEXT_CHARS (200,000)."""
    return Limits(
        max_bytes=getattr(settings, "ZWGK_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES),
        max_unzipped_bytes=getattr(
            settings, "ZWGK_ATTACHMENT_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES
        ),
        max_zip_entries=getattr(
            settings, "ZWGK_ATTACHMENT_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES
        ),
        max_text_chars=getattr(settings, "ZWGK_ATTACHMENT_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS),
    )


def _size_text(size: int) -> str:
    if size >= MB:
        return f"{size / MB:g} MB"
    return f"{size / 1024:g} KB" if size >= 1024 else f"{size} 字节"


# --- Names ------------------------------------------------------------------------------------

_UNSAFE_NAME_CHARS = re.compile(r'[\\/:*?"<>|]')


def extension_of(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].strip().lower() if "." in base else ""


def sanitise_name(name: str, kind: str) -> str:
    """The uploaded name for display: no path, no control or reserved characters, NFC, at most
    MAX_NAME_CHARS characters, ending in the extension of the detected type."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE_NAME_CHARS.sub("_", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"\s+", " ", stem).strip(" .") or "附件"
    suffix = f".{kind}"
    return stem[: MAX_NAME_CHARS - len(suffix)].rstrip(" .") + suffix


# --- Type detection ---------------------------------------------------------------------------


def inspect_zip(
    data: bytes, *, max_unzipped_bytes: int, max_entries: int, what: str = "文件"
) -> zipfile.ZipFile:
    """Open a zip from memory after checking its directory only: entry count, total unpacked
    size, encryption, duplicate names. Reading an entry afterwards cannot produce more than its
    declared size (zipfile stops there and checks the CRC), so these checks bound the work."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise AttachmentError(f"{what}已损坏，无法读取其压缩结构。") from error
    if len(infos) > max_entries:
        raise AttachmentError(
            f"{what}包含 {len(infos)} 个部件，超过 {max_entries} 个的上限，"
            "可能是恶意构造的压缩文件。"
        )
    total = sum(info.file_size for info in infos)
    if total > max_unzipped_bytes:
        raise AttachmentError(
            f"{what}解压后超过 {_size_text(max_unzipped_bytes)} 的上限，可能是恶意构造的压缩文件"
            "（“压缩炸弹”）。"
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise AttachmentError(f"{what}已加密，无法检查其内容，请上传未加密的文件。")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise AttachmentError(f"{what}的压缩结构异常（存在重名部件），可能是恶意构造的文件。")
    return archive


def detect_kind(data: bytes, limits: Limits | None = None) -> str:
    """The format of `data` from its content: PDF, DOCX, XLSX or OFD, or AttachmentError."""
    limits = limits or configured_limits()
    if not data:
        raise AttachmentError("文件是空的。")
    head = data[:1024]
    if data.startswith(_PDF_MAGIC):
        if zipfile.is_zipfile(io.BytesIO(data)):
            raise AttachmentError(
                "文件同时具有 PDF 和压缩文件的特征（多格式混合文件），不能作为附件发布。"
            )
        return PDF
    if data.startswith(_ZIP_MAGIC):
        if _PDF_MAGIC in head:
            raise AttachmentError(
                "文件同时具有压缩文件和 PDF 的特征（多格式混合文件），不能作为附件发布。"
            )
        archive = inspect_zip(
            data,
            max_unzipped_bytes=limits.max_unzipped_bytes,
            max_entries=limits.max_zip_entries,
        )
        names = set(archive.namelist())
        kinds = [kind for kind, marker in ZIP_MARKERS.items() if marker in names]
        if len(kinds) > 1:
            raise AttachmentError(
                "文件同时具有"
                + "、".join(LABELS[k] for k in kinds)
                + "的特征（多格式混合文件），不能作为附件发布。"
            )
        if not kinds:
            raise AttachmentError(
                f"这是一个压缩文件，但不是 DOCX、XLSX 或 OFD 文件。只能上传 {ALLOWED_TEXT} 文件。"
            )
        kind = kinds[0]
        if kind in (DOCX, XLSX) and "[Content_Types].xml" not in names:
            raise AttachmentError(f"文件缺少 {LABELS[kind]} 的必要部件，可能已损坏。")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise AttachmentError("文件含有宏，不能作为附件发布。请另存为不含宏的文件后上传。")
        return kind
    if data.startswith(_CFB_MAGIC):
        raise AttachmentError(
            "这是旧版 Office 文件（.doc/.xls）或设有密码的 Office 文件。"
            "请另存为不设密码的 .docx 或 .xlsx 后上传。"
        )
    raise AttachmentError(f"无法识别文件类型。只能上传 {ALLOWED_TEXT} 文件。")


# --- Text extraction --------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str = ""


class _Collector:
    """Gathers text up to a limit; `full` says when to stop reading."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    @property
    def full(self) -> bool:
        return self.size > self.limit

    def add(self, text: str) -> None:
        if text and not self.full:
            self.parts.append(text)
            self.size += len(text)

    def result(self) -> Extracted:
        text = _tidy("".join(self.parts))
        if len(text) <= self.limit:
            return Extracted(text)
        cut = text[: self.limit]
        newline = cut.rfind("\n")
        if newline > self.limit * 0.9:
            cut = cut[:newline]
        return Extracted(
            cut.rstrip(),
            f"文字超过 {self.limit} 字，只提取了前 {len(cut.rstrip())} 字用于检查和检索。",
        )


def _tidy(text: str) -> str:
    """No NUL (PostgreSQL refuses it), no trailing spaces, at most one blank line in a row."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _resolved(value: Any) -> Any:
    return value.get_object() if value is not None else None


def _pdf_text(data: bytes, limit: int) -> Extracted:
    reader = PdfReader(io.BytesIO(data))
    # An owner password only restricts printing or copying; the text is readable with the
    # empty user password. A file that needs a password to open cannot be checked, and the
    # public could not read it either.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise AttachmentError(
            "PDF 文件设有打开密码，无法检查其内容，公众也无法打开。请上传未设密码的文件。"
        )
    root = reader.root_object
    names = _resolved(root.get("/Names"))
    action = _resolved(root.get("/OpenAction"))
    if (isinstance(names, DictionaryObject) and "/JavaScript" in names) or (
        isinstance(action, DictionaryObject) and action.get("/S") in ("/JavaScript", "/Launch")
    ):
        raise AttachmentError("PDF 文件含有脚本或启动程序的动作，不能作为附件发布。")
    collector = _Collector(limit)
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or collector.full:
            break
        collector.add(page.extract_text() + "\n")
    result = collector.result()
    if len(reader.pages) > MAX_PDF_PAGES and not result.note:
        return Extracted(
            result.text, f"PDF 超过 {MAX_PDF_PAGES} 页，只提取了前 {MAX_PDF_PAGES} 页。"
        )
    return result


def _docx_text(data: bytes, limit: int) -> Extracted:
    """Body text in reading order: paragraphs, tables and text boxes (the VML fallback copy of
    a text box is skipped so its text is not counted twice)."""
    document = docx.Document(io.BytesIO(data))
    tags = {
        "t": qn("w:t"),
        "tab": qn("w:tab"),
        "br": qn("w:br"),
        "cr": qn("w:cr"),
        "p": qn("w:p"),
        "tc": qn("w:tc"),
        "tr": qn("w:tr"),
        "fallback": "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
    collector = _Collector(limit)
    walker = etree.iterwalk(document.element.body, events=("start", "end"))
    # Inside a table cell, paragraphs are joined by a space; cells by a tab, rows by a newline.
    cell_depth = 0
    pending = ""

    def add(text: str) -> None:
        nonlocal pending
        if text:
            collector.add(pending + text)
            pending = ""

    for event, element in walker:
        tag = element.tag
        if event == "start":
            if tag == tags["fallback"]:
                walker.skip_subtree()
            elif tag == tags["t"]:
                add(element.text or "")
            elif tag == tags["tab"]:
                add("\t")
            elif tag in (tags["br"], tags["cr"]):
                add("\n")
            elif tag == tags["tc"]:
                cell_depth += 1
        elif tag == tags["p"]:
            if cell_depth:
                pending = " "
            else:
                collector.add("\n")
        elif tag == tags["tc"]:
            cell_depth -= 1
            pending = ""
            collector.add("\t")
        elif tag == tags["tr"]:
            collector.add("\n")
        if collector.full:
            break
    return collector.result()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # An ID or phone number typed into a cell is stored as a number; write its digits.
        return str(int(value))
    return str(value)


def _xlsx_text(data: bytes, limit: int) -> Extracted:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        collector = _Collector(limit)
        budget = MAX_XLSX_ROWS
        for sheet in workbook.worksheets:
            collector.add(f"{sheet.title}\n")
            # The declared dimensions may lie; read the rows that are there.
            sheet.reset_dimensions()
            for row in sheet.iter_rows(max_col=MAX_XLSX_COLUMNS, values_only=True):
                budget -= 1
                if budget < 0 or collector.full:
                    break
                if any(value is not None for value in row):
                    collector.add("\t".join(_cell_text(v) for v in row).rstrip("\t") + "\n")
            if budget < 0 or collector.full:
                break
        result = collector.result()
        if budget < 0 and not result.note:
            return Extracted(result.text, f"表格超过 {MAX_XLSX_ROWS} 行，只提取了前面的部分。")
        return result
    finally:
        workbook.close()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _resolve(base_dir: str, location: str) -> str | None:
    """An OFD location (absolute from the package root, or relative to the referring part)
    as a zip entry name; None for one that leaves the package."""
    location = location.strip().replace("\\", "/")
    path = location.lstrip("/") if location.startswith("/") else f"{base_dir}/{location}"
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or path == ".":
        return None
    return path


def _ofd_page_parts(archive: zipfile.ZipFile, parse: Any) -> list[str]:
    """The page content parts in document order: OFD.xml → DocRoot → Pages/Page@BaseLoc.
    A package whose structure cannot be followed falls back to every Pages/*/Content.xml."""
    names = set(archive.namelist())
    parts: list[str] = []
    root = parse(archive.read("OFD.xml"))
    for element in root.iter():
        if _local(element.tag) != "DocRoot" or not element.text:
            continue
        doc_path = _resolve("", element.text)
        if doc_path is None or doc_path not in names:
            continue
        doc_dir = posixpath.dirname(doc_path)
        document = parse(archive.read(doc_path))
        for page in document.iter():
            if _local(page.tag) != "Page":
                continue
            location = page.get("BaseLoc") or ""
            content = _resolve(doc_dir, location)
            if content is not None and content in names:
                parts.append(content)
    if parts:
        return parts

    def natural(name: str) -> list[Any]:
        return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]

    pattern = re.compile(r"(?i)(^|/)pages/[^/]+/content\.xml$")
    return sorted((name for name in names if pattern.search(name)), key=natural)


def _ofd_text(data: bytes, limit: int, limits: Limits) -> Extracted:
    archive = inspect_zip(
        data, max_unzipped_bytes=limits.max_unzipped_bytes, max_entries=limits.max_zip_entries
    )
    collector = _Collector(limit)
    for part in _ofd_page_parts(archive, ElementTree.fromstring):
        page = ElementTree.fromstring(archive.read(part))
        last_y: float | None = None
        for element in page.iter():
            if _local(element.tag) != "TextObject":
                continue
            text = "".join(
                code.text or "" for code in element.iter() if _local(code.tag) == "TextCode"
            )
            y = _boundary_y(element.get("Boundary", ""))
            # Text objects on the same line (same top edge) join without a break.
            if last_y is not None and (y is None or abs(y - last_y) > 1.0):
                collector.add("\n")
            collector.add(text)
            last_y = y
        collector.add("\n")
        if collector.full:
            break
    return collector.result()


def _boundary_y(boundary: str) -> float | None:
    parts = boundary.split()
    try:
        return float(parts[1]) if len(parts) == 4 else None
    except ValueError:
        return None


def extract_text(data: bytes, kind: str, limits: Limits | None = None) -> Extracted:
    """The text of a file of a detected kind. Refusals (a PDF that needs a password, active
    PDF content) raise AttachmentError; any other failure returns an empty text with a note."""
    limits = limits or configured_limits()
    try:
        if kind == PDF:
            return _pdf_text(data, limits.max_text_chars)
        if kind == DOCX:
            return _docx_text(data, limits.max_text_chars)
        if kind == XLSX:
            return _xlsx_text(data, limits.max_text_chars)
        if kind == OFD:
            return _ofd_text(data, limits.max_text_chars, limits)
    except AttachmentError:
        raise
    except Exception as error:
        # A damaged or unusual file: keep it, but say that the checks could not read it.
        return Extracted("", f"无法提取文字（{type(error).__name__}），发布前请人工检查该附件。")
    raise ValueError(f"unknown attachment kind {kind!r}")


def check_pdf_active_content(data: bytes) -> None:
    if _PDF_ACTIVE.search(data):
        raise AttachmentError("PDF 文件含有脚本或启动程序的动作，不能作为附件发布。")


# --- Reading the upload -----------------------------------------------------------------------


def _chunks(uploaded: Any) -> Iterator[bytes]:
    if hasattr(uploaded, "chunks"):
        yield from uploaded.chunks()
    else:
        while chunk := uploaded.read(64 * 1024):
            yield chunk


def read_upload(uploaded: Any, max_bytes: int) -> bytes:
    """The bytes of an upload, refusing anything over `max_bytes` without reading it all."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise AttachmentError(f"附件超过 {_size_text(max_bytes)} 的上限。")
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    buffer = bytearray()
    for chunk in _chunks(uploaded):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise AttachmentError(f"附件超过 {_size_text(max_bytes)} 的上限。")
    return bytes(buffer)


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    name: str
    data: bytes
    sha256: str
    text: Extracted


def check_upload(name: str, data: bytes, limits: Limits | None = None) -> CheckedFile:
    """Every check on an uploaded file, without touching the database or the storage."""
    limits = limits or configured_limits()
    extension = extension_of(name)
    if extension not in CONTENT_TYPES:
        raise AttachmentError(f"只能上传 {ALLOWED_TEXT} 文件（扩展名 .pdf、.docx、.xlsx、.ofd）。")
    if len(data) > limits.max_bytes:
        raise AttachmentError(f"附件超过 {_size_text(limits.max_bytes)} 的上限。")
    kind = detect_kind(data, limits)
    if kind != extension:
        raise AttachmentError(
            f"文件扩展名为 .{extension}，但内容是 {LABELS[kind]} 文件。请确认文件后重新上传。"
        )
    if kind == PDF:
        check_pdf_active_content(data)
    text = extract_text(data, kind, limits)
    return CheckedFile(
        kind=kind,
        name=sanitise_name(name, kind),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
    )


# --- Services ---------------------------------------------------------------------------------


def _check_editable(by: Any, document: Document) -> None:
    if not can_draft_in(by, document.publishing_unit):
        raise PermissionDeniedError("您不是该单位的工作人员，不能修改这份公文的附件。")
    transitions.check("edit", document.status)
    if not can_edit_document(by, document):
        raise PermissionDeniedError("您不能修改这份公文的附件。")


def _lock_editable(by: Any, document: Document) -> Document:
    document = (
        Document.objects.select_for_update().select_related("publishing_unit").get(pk=document.pk)
    )
    _check_editable(by, document)
    return document


def _delete_file_later(storage: Any, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def add_attachment(*, by: Any, at: datetime, document: Document, uploaded: Any) -> Attachment:
    """Attach an uploaded file (PDF, DOCX, XLSX or OFD) to an editable document of the actor's
    unit. Adding a file after approval sends the document back to draft, like any edit
    (services.reopen_after_edit): what is published must be exactly what was approved.

    The file is read, checked and its text extracted before the transaction starts (that may
    take seconds, and a write transaction on SQLite holds up every other writer); the rights
    and the status are checked again under the row lock."""
    _check_editable(by, document)
    limits = configured_limits()
    checked = check_upload(
        getattr(uploaded, "name", "") or "", read_upload(uploaded, limits.max_bytes), limits
    )
    with transaction.atomic():
        return _store(by=by, at=at, document=_lock_editable(by, document), checked=checked)


def _store(*, by: Any, at: datetime, document: Document, checked: CheckedFile) -> Attachment:
    if document.attachments.filter(sha256=checked.sha256).exists():
        raise AttachmentError("这个文件已经是本公文的附件。")
    attachment = Attachment(
        document=document,
        original_name=checked.name,
        content_type=CONTENT_TYPES[checked.kind],
        size=len(checked.data),
        sha256=checked.sha256,
        extracted_text=checked.text.text,
        extraction_note=checked.text.note,
        uploaded_at=at,
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    stored = attachment.file.name or ""
    # The file is written before the row: if writing the row or its audit fails, remove it.
    try:
        attachment.save()
        before_status = document.status
        reopened = reopen_after_edit(document)
        document.updated_at = at
        document.save(update_fields=["status", "approved_hash", "scheduled_at", "updated_at"])
        audit.record(
            action="documents.attachment.added",
            by=by,
            at=at,
            target=document,
            unit=document.publishing_unit,
            before={"status": before_status},
            after={
                "status": document.status,
                "reopened": reopened,
                "attachment": attachment.pk,
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "text_chars": len(attachment.extracted_text),
                "extraction_note": attachment.extraction_note,
            },
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, by: Any, at: datetime, attachment: Attachment) -> Document:
    """Remove an attachment from an editable document; the file goes once the change commits.
    Removing one after approval sends the document back to draft."""
    document = _lock_editable(by, attachment.document)
    try:
        attachment = document.attachments.get(pk=attachment.pk)
    except Attachment.DoesNotExist:
        raise AttachmentError("该附件已被删除。") from None
    storage, name = attachment.file.storage, attachment.file.name
    info = {
        "attachment": attachment.pk,
        "name": attachment.original_name,
        "sha256": attachment.sha256,
        "size": attachment.size,
    }
    attachment.delete()
    before_status = document.status
    reopened = reopen_after_edit(document)
    document.updated_at = at
    document.save(update_fields=["status", "approved_hash", "scheduled_at", "updated_at"])
    audit.record(
        action="documents.attachment.removed",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before={"status": before_status, **info},
        after={"status": document.status, "reopened": reopened},
    )
    if name and not document.attachments.filter(sha256=info["sha256"]).exists():
        _delete_file_later(storage, name)
    return document
