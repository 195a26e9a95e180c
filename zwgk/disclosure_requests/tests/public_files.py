"""Small genuine and hostile files for the upload tests, built in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 2, height: int = 2) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def jpeg(width: int = 8, height: int = 8) -> bytes:
    """A structurally complete baseline JPEG (segments only; the scan data is filler)."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    sos = b"\x01\x01\x00\x00\x3f\x00"
    scan = b"\x12\x34\xff\x00\x56\xff\xd0\x78"  # stuffed FF00 and a restart marker
    return (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", len(app0) + 2)
        + app0
        + b"\xff\xc0"
        + struct.pack(">H", len(sof) + 2)
        + sof
        + b"\xff\xda"
        + struct.pack(">H", len(sos) + 2)
        + sos
        + scan
        + b"\xff\xd9"
    )


def pdf(javascript: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x');"),
            }
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_open_action_launch() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def png_zip_polyglot() -> bytes:
    """A PNG with a zip appended: opens as an image and as an archive."""
    return png() + zip_bytes()


def jpeg_zip_polyglot() -> bytes:
    return jpeg() + zip_bytes()


def png_zip_in_chunk() -> bytes:
    """A zip hidden in an ancillary chunk just before IEND (its directory still found by a zip
    reader): no trailing data, valid CRCs."""
    image = png()
    end = image.rindex(b"\x00\x00\x00\x00IEND")
    return image[:end] + _chunk(b"zzZz", zip_bytes()) + image[end:]


def png_with_script() -> bytes:
    image = png()
    end = image.rindex(b"\x00\x00\x00\x00IEND")
    return image[:end] + _chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>") + image[end:]


def png_bad_crc() -> bytes:
    image = bytearray(png())
    image[-5] ^= 0xFF  # the IEND CRC
    return bytes(image)


def html_as_png() -> bytes:
    return b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
