"""The checks on a file an applicant uploads through the portal (a copy of the identity document,
or material sent with a 补正): JPEG, PNG or PDF only, decided by the bytes, never by the name or
the browser's content type, within a size limit.

Refused: anything else; a file that is also a zip (any polyglot zip/image or zip/PDF that a zip
reader would open); data appended after an image's end (the usual way to hide a second file);
HTML or script markup anywhere in the file; a PDF that is encrypted, has no pages, or carries
scripts, launch actions, embedded files, rich media or XFA forms. Images are walked structurally
(PNG chunks with their CRCs, JPEG segments to the end-of-image marker), not decoded: nothing here
can be made to allocate a decompressed image.

Pure functions; nothing touches the database or the storage. The caller stores the bytes under a
generated name (services.add_request_file: the SHA-256; identity documents encrypted) and never
serves them from a public URL.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from zwgk.core.errors import DomainError

JPEG = "jpeg"
PNG = "png"
PDF = "pdf"
CONTENT_TYPES = {JPEG: "image/jpeg", PNG: "image/png", PDF: "application/pdf"}
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS_SIDE = 20_000
MAX_PDF_PAGES = 50
MAX_PNG_CHUNKS = 10_000
MAX_NAME_CHARS = 100

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_PDF_MAGIC = b"%PDF-"
# Markup that has no business in a photo or a scan: a browser that sniffed the file could run it.
# Only long tokens, so that compressed image data cannot contain one by chance.
_MARKUP = re.compile(rb"<(?:script|html|iframe|!doctype|\?php)|javascript:", re.IGNORECASE)
# PDF features that run code, start programs or smuggle other files.
_PDF_ACTIVE = re.compile(
    rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s/<>\[\]()%]|$)"
)
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
ALLOWED_TEXT = "JPG、PNG 图片或 PDF 文件"


class UploadError(DomainError):
    """A refused upload; the message tells the applicant why, in Chinese."""


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    name: str  # for display to staff only; the storage name is generated
    data: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def max_bytes() -> int:
    """ZWGK_FOI_UPLOAD_MAX_BYTES (default 5 MB)."""
    return int(getattr(settings, "ZWGK_FOI_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):g}MB" if size >= 1024 * 1024 else f"{size // 1024}KB"


def _chunks(uploaded: Any) -> Iterator[bytes]:
    if hasattr(uploaded, "chunks"):
        yield from uploaded.chunks()
    else:
        while chunk := uploaded.read(64 * 1024):
            yield chunk


def read_upload(uploaded: Any, limit: int) -> bytes:
    """The bytes of an upload, refusing it as soon as it passes `limit`."""
    too_big = UploadError(f"文件超过{size_text(limit)}的上限，请压缩或缩小后重新上传。")
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    buffer = bytearray()
    for chunk in _chunks(uploaded):
        buffer += chunk
        if len(buffer) > limit:
            raise too_big
    return bytes(buffer)


def display_name(name: str, kind: str) -> str:
    """The uploaded name without path, control or reserved characters, with the detected
    type's extension; for staff to recognise the file, never used to store it."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    base = re.sub(r'[:*?"<>|]', "_", base)
    stem = (base.rsplit(".", 1)[0] if "." in base else base).strip(" .") or "身份证明"
    suffix = "." + EXTENSIONS[kind]
    return stem[: MAX_NAME_CHARS - len(suffix)] + suffix


# --- Structure walks ------------------------------------------------------------------------


def _png_end(data: bytes) -> int:
    """Offset just after IEND, after checking every chunk's length, type and CRC."""
    position = len(_PNG_MAGIC)
    seen_header = seen_data = False
    for number in range(MAX_PNG_CHUNKS):
        if position + 12 > len(data):
            raise UploadError("PNG 图片不完整或已损坏。")
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if not kind.isalpha() or end > len(data):
            raise UploadError("PNG 图片已损坏。")
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise UploadError("PNG 图片已损坏（校验不符）。")
        if number == 0:
            if kind != b"IHDR" or length != 13:
                raise UploadError("PNG 图片已损坏（缺少文件头）。")
            width, height = struct.unpack(">II", body[:8])
            if not (0 < width <= MAX_PIXELS_SIDE and 0 < height <= MAX_PIXELS_SIDE):
                raise UploadError("图片尺寸异常。")
            seen_header = True
        seen_data = seen_data or kind == b"IDAT"
        position = end
        if kind == b"IEND":
            if not (seen_header and seen_data):
                raise UploadError("PNG 图片不完整。")
            return position
    raise UploadError("PNG 图片结构异常。")


def _jpeg_end(data: bytes, start: int = 0) -> int:
    """Offset just after the EOI of the JPEG stream that starts at `start`."""
    position = start + 2
    seen_frame = seen_scan = False
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            raise UploadError("JPG 图片已损坏。")
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            break
        marker = data[position]
        position += 1
        if marker == 0xD9:
            if not (seen_frame and seen_scan):
                raise UploadError("JPG 图片不完整。")
            return position
        if marker in _STANDALONE:
            continue
        if position + 2 > size:
            break
        (length,) = struct.unpack(">H", data[position : position + 2])
        if length < 2 or position + length > size:
            raise UploadError("JPG 图片已损坏。")
        if marker in _SOF:
            if length < 7:
                raise UploadError("JPG 图片已损坏。")
            height, width = struct.unpack(">HH", data[position + 3 : position + 7])
            if not (0 < width <= MAX_PIXELS_SIDE and 0 < height <= MAX_PIXELS_SIDE):
                raise UploadError("图片尺寸异常。")
            seen_frame = True
        position += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            seen_scan = True
            while True:
                found = data.find(b"\xff", position)
                if found < 0 or found + 1 >= size:
                    raise UploadError("JPG 图片不完整。")
                following = data[found + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position = found + (1 if following == 0xFF else 2)
                    continue
                position = found
                break
    raise UploadError("JPG 图片不完整。")


def _jpeg_trailer_ok(data: bytes, end: int) -> bool:
    """After the first image only padding or further complete JPEG images (the secondary
    images of a phone's multi-picture file) may follow."""
    for _ in range(4):
        rest = data[end:]
        if not rest.strip(b"\x00\xff"):
            return True
        if not rest.startswith(_JPEG_MAGIC):
            return False
        end = _jpeg_end(data, end)
    return False


def _check_pdf(data: bytes) -> None:
    if _PDF_ACTIVE.search(data):
        raise UploadError("PDF 文件含有脚本、附件或表单程序，不能上传。请打印为普通 PDF 后再上传。")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadError("PDF 文件已加密或设有密码，无法查看，请上传未加密的文件。")
        pages = len(reader.pages)
        root = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        names = names.get_object() if names is not None else None
        form = root.get("/AcroForm")
        form = form.get_object() if form is not None else None
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise UploadError("PDF 文件已损坏，无法打开。") from error
    except RecursionError as error:
        raise UploadError("PDF 文件结构异常。") from error
    if not 1 <= pages <= MAX_PDF_PAGES:
        raise UploadError(f"PDF 文件应为1至{MAX_PDF_PAGES}页。")
    if (hasattr(names, "get") and "/EmbeddedFiles" in names) or (
        hasattr(form, "get") and "/XFA" in form
    ):
        raise UploadError("PDF 文件含有附件或表单程序，不能上传。")


def detect_kind(data: bytes) -> str:
    if data.startswith(_PNG_MAGIC):
        return PNG
    if data.startswith(_JPEG_MAGIC):
        return JPEG
    if data.startswith(_PDF_MAGIC):
        return PDF
    raise UploadError(f"只能上传{ALLOWED_TEXT}（按文件内容识别，与扩展名无关）。")


def check_upload(name: str, data: bytes, *, limit: int | None = None) -> CheckedUpload:
    """Every check, or UploadError with a Chinese message. Never raises anything else."""
    limit = max_bytes() if limit is None else limit
    if not data:
        raise UploadError("文件是空的，请重新选择。")
    if len(data) > limit:
        raise UploadError(f"文件超过{size_text(limit)}的上限，请压缩或缩小后重新上传。")
    kind = detect_kind(data)
    try:
        if zipfile.is_zipfile(io.BytesIO(data)):
            raise UploadError("文件同时是压缩文件（多格式混合文件），不能上传。")
    except (OSError, ValueError) as error:  # a broken zip directory is still suspect
        raise UploadError("文件结构异常，不能上传。") from error
    if _MARKUP.search(data):
        raise UploadError("文件中含有网页代码，不能上传。")
    if kind == PNG:
        if _png_end(data) != len(data):
            raise UploadError("PNG 图片末尾附加了其他数据，不能上传。请重新截图或另存后上传。")
    elif kind == JPEG:
        if not _jpeg_trailer_ok(data, _jpeg_end(data)):
            raise UploadError("JPG 图片末尾附加了其他数据，不能上传。请重新截图或另存后上传。")
    else:
        _check_pdf(data)
    return CheckedUpload(kind=kind, name=display_name(name, kind), data=data)
