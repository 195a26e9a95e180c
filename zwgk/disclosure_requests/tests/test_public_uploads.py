"""The checks on files applicants upload (public_uploads.py): genuine scans and photos pass,
hostile files are refused with a Chinese message, and nothing but UploadError ever escapes."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.disclosure_requests import public_uploads
from zwgk.disclosure_requests.public_uploads import UploadError, check_upload

from . import public_files as files


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("身份证正面.png", files.png(), "png"),
        ("photo.JPG", files.jpeg(), "jpeg"),
        ("scan.pdf", files.pdf(), "pdf"),
        # The type is the content's, whatever the name says.
        ("scan.png", files.pdf(), "pdf"),
        ("no-extension", files.jpeg(), "jpeg"),
        # A phone's multi-picture JPEG: further complete images after the first.
        ("mpf.jpg", files.jpeg() + files.jpeg(4, 4), "jpeg"),
        ("padded.jpg", files.jpeg() + b"\x00\x00", "jpeg"),
    ],
)
def test_genuine_files_pass(name, data, kind):
    checked = check_upload(name, data)
    assert checked.kind == kind
    assert checked.data == data
    assert checked.name.endswith("." + public_uploads.EXTENSIONS[kind])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (files.exe(), "只能上传JPG、PNG 图片或 PDF 文件"),
        (files.zip_bytes(), "只能上传"),
        (files.html_as_png(), "只能上传"),
        (b"GIF89a" + b"\x00" * 20, "只能上传"),
        (files.png_zip_polyglot(), "压缩文件"),
        (files.jpeg_zip_polyglot(), "压缩文件"),
        (files.png_zip_in_chunk(), "压缩文件"),
        (files.png_with_script(), "网页代码"),
        (files.png_bad_crc(), "PNG 图片已损坏"),
        (files.png()[:-6], "PNG 图片"),
        (files.png() + b"trailing", "末尾附加"),
        (files.jpeg() + b"MZ trailing bytes", "末尾附加"),
        (files.jpeg()[:-2], "JPG 图片不完整"),
        (b"\xff\xd8\xff\xd9", "JPG 图片"),
        (files.pdf(javascript=True), "脚本"),
        (files.pdf_with_embedded_file(), "PDF 文件含有"),
        (files.pdf_with_open_action_launch(), "脚本"),
        (b"%PDF-1.7\n garbage", "PDF 文件已损坏"),
    ],
)
def test_hostile_or_broken_files_are_refused(data, message):
    with pytest.raises(UploadError) as refused:
        check_upload("file.png", data)
    assert message in refused.value.message


def test_size_limit():
    data = files.png()
    assert check_upload("a.png", data, limit=len(data)).kind == "png"
    with pytest.raises(UploadError, match="上限"):
        check_upload("a.png", data, limit=len(data) - 1)


def test_read_upload_stops_at_the_limit():
    class Stream(io.BytesIO):
        size = None

    with pytest.raises(UploadError, match="上限"):
        public_uploads.read_upload(Stream(b"x" * 1000), 999)
    assert public_uploads.read_upload(Stream(b"x" * 999), 999) == b"x" * 999


def test_display_name_drops_paths_and_controls():
    assert public_uploads.display_name("../../etc/pass\x00wd.png", "pdf") == "passwd.pdf"
    assert public_uploads.display_name('C:\\a\\"b".jpg', "jpeg") == "_b_.jpg"
    assert public_uploads.display_name("", "png") == "身份证明.png"


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"%PDF-1.4\n"]),
    body=st.binary(max_size=2000),
)
def test_arbitrary_bytes_never_escape_as_anything_but_upload_error(prefix, body):
    with contextlib.suppress(UploadError):
        check_upload("x.png", prefix + body)
