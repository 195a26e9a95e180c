"""Attachments: real small files of each format built here, and hostile ones."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.documents import attachments, services
from zwgk.documents.attachments import AttachmentError, add_attachment, remove_attachment
from zwgk.documents.checks import blocking_findings
from zwgk.documents.models import Attachment, Document, Status, Topic
from zwgk.textcheck.pii import ID_CHECK, ID_WEIGHTS

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def valid_id() -> str:
    first = "50022419900101123"
    return first + ID_CHECK[sum(int(d) * w for d, w in zip(first, ID_WEIGHTS, strict=True)) % 11]


# --- Files built in the test -----------------------------------------------------------------


def make_pdf(*lines: str, extra_catalog: bytes = b"") -> bytes:
    """A one-page PDF with Helvetica text, offsets computed (no library involved)."""
    ops = [b"BT /F1 12 Tf 72 760 Td"]
    for line in lines:
        ops.append(b"(" + line.encode("latin-1") + b") Tj 0 -16 Td")
    ops.append(b"ET")
    content = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + extra_catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def rewrite_pdf(data: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(rows: list[list[object]], title: str = "名单") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


OFD_NS = "http://www.ofdspec.org/2016"


def make_ofd(*pages: list[tuple[float, str]]) -> bytes:
    """A minimal OFD package (GB/T 33190): OFD.xml → Document.xml → page Content.xml, each
    page a list of (y, text) text objects."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        page_refs = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
            f"<ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID></ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        for i, objects in enumerate(pages):
            texts = "".join(
                f'<ofd:TextObject ID="{10 + n}" Boundary="20 {y} 150 10" Font="1" Size="5">'
                f'<ofd:TextCode X="0" Y="8">{text}</ofd:TextCode></ofd:TextObject>'
                for n, (y, text) in enumerate(objects)
            )
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">'
                f'<ofd:Content><ofd:Layer ID="2">{texts}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return out.getvalue()


def make_zip(entries: dict[str, bytes], *, encrypted_flag: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in entries.items():
            z.writestr(name, body)
    data = bytearray(out.getvalue())
    if encrypted_flag:
        # Set the "encrypted" bit of the general purpose flags in every central directory
        # header (zipfile cannot write encrypted entries; the flag is what a reader trusts).
        at = data.find(b"PK\x01\x02")
        while at != -1:
            data[at + 8] |= 0x1
            at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# --- Fixtures ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(officer_a, district):
    data = services.DocumentData(
        title="关于做好2026年义务教育招生工作的通知",
        fields={
            "doc_number": "铜教发〔2026〕3号",
            "written_date": date(2026, 2, 27),
            "topic": Topic.objects.get(name="科技、教育"),
            "body": "各中小学校：现将有关事项通知如下。",
            "disclosure": "proactive",
            "disclosure_scope": "full",
        },
    )
    return services.register_document(by=officer_a, at=AT, unit=district.unit_a, data=data)


def add(by, document, name, data):
    return add_attachment(by=by, at=AT, document=document, uploaded=upload(name, data))


# --- Happy paths: each format ------------------------------------------------------------------


def test_pdf_is_stored_under_its_hash_with_text(draft, officer_a, media):
    data = make_pdf("Enrolment notice 2026", "Contact: 023-45678901")
    attachment = add(officer_a, draft, "招生公告.pdf", data)
    attachment.refresh_from_db()
    sha = attachments.hashlib.sha256(data).hexdigest()
    assert attachment.sha256 == sha
    assert attachment.file.name == f"documents/{draft.pk}/{sha}"
    assert (media / attachment.file.name).read_bytes() == data
    assert attachment.original_name == "招生公告.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(data)
    assert "Enrolment notice 2026" in attachment.extracted_text
    assert attachment.extraction_note == ""
    event = AuditEvent.objects.get(action="documents.attachment.added")
    assert event.after["sha256"] == sha and event.after["name"] == "招生公告.pdf"


def test_docx_text_includes_tables_in_order(draft, officer_a):
    data = make_docx(
        "第一段：招生范围。", "第二段：报名时间。", table=[["学校", "名额"], ["一中", "300"]]
    )
    attachment = add(officer_a, draft, "方案.docx", data)
    text = attachment.extracted_text
    assert text.index("第一段") < text.index("第二段") < text.index("学校")
    assert "学校\t名额\n一中\t300" in text
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_xlsx_text_keeps_numbers_as_digits(draft, officer_a):
    data = make_xlsx([["姓名", "电话", "日期"], ["张三", 13812345678, date(2026, 3, 1)]])
    attachment = add(officer_a, draft, "名单.xlsx", data)
    assert "名单" in attachment.extracted_text
    assert "张三\t13812345678\t2026-03-01" in attachment.extracted_text


def test_ofd_text_follows_pages_and_lines(draft, officer_a):
    data = make_ofd([(20, "铜梁区教育委员会"), (20, "通知"), (40, "第二行")], [(20, "第二页")])
    attachment = add(officer_a, draft, "通知.OFD", data)
    assert attachment.extracted_text == "铜梁区教育委员会通知\n第二行\n第二页"
    assert attachment.original_name == "通知.ofd"
    assert attachment.content_type == "application/ofd"


def test_attachment_text_feeds_the_blocking_checks(draft, officer_a):
    add(officer_a, draft, "名单.docx", make_docx(f"学生身份证号：{valid_id()}"))
    found = blocking_findings(Document.objects.get(pk=draft.pk))
    assert [(f.rule, f.source) for f in found] == [("pii.id_card", "名单.docx")]


def test_owner_password_only_pdf_is_read(draft, officer_a):
    data = rewrite_pdf(
        make_pdf("Restricted printing"),
        lambda w: w.encrypt(user_password="", owner_password="owner", algorithm="AES-128"),
    )
    attachment = add(officer_a, draft, "a.pdf", data)
    assert "Restricted printing" in attachment.extracted_text


# --- Refused files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"", "文件是空的"),
        ("a.pdf", bytes(range(256)) * 4, "无法识别文件类型"),
        ("a.txt", b"hello", "只能上传 PDF、DOCX、XLSX 或 OFD 文件"),
        ("a", make_pdf("x"), "只能上传"),
        ("a.pdf", make_docx("x"), "扩展名为 .pdf，但内容是 DOCX 文件"),
        ("a.docx", make_pdf("x"), "扩展名为 .docx，但内容是 PDF 文件"),
        ("a.xlsx", make_docx("x"), "扩展名为 .xlsx，但内容是 DOCX 文件"),
        ("a.docx", make_ofd([(1, "x")]), "内容是 OFD 文件"),
        ("a.docx", make_zip({"readme.txt": b"hi"}), "不是 DOCX、XLSX 或 OFD 文件"),
        ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Office 文件"),
        ("a.docx", b"PK\x03\x04 not really a zip", "已损坏"),
        (
            "a.docx",
            make_zip(
                {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}, encrypted_flag=True
            ),
            "已加密",
        ),
        (
            "a.docx",
            make_zip(
                {
                    "[Content_Types].xml": b"<x/>",
                    "word/document.xml": b"<x/>",
                    "word/vbaProject.bin": b"\0",
                }
            ),
            "含有宏",
        ),
        ("a.docx", make_zip({"word/document.xml": b"<x/>"}), "缺少 DOCX 的必要部件"),
    ],
    ids=[
        "empty",
        "random-bytes",
        "txt",
        "no-extension",
        "docx-named-pdf",
        "pdf-named-docx",
        "docx-named-xlsx",
        "ofd-named-docx",
        "plain-zip",
        "old-office-or-encrypted-office",
        "truncated-zip",
        "encrypted-zip-entries",
        "macro",
        "no-content-types",
    ],
)
def test_refused_files_change_nothing(draft, officer_a, media, name, data, message):
    with pytest.raises(AttachmentError, match=message):
        add(officer_a, draft, name, data)
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.attachment.added").exists()
    assert not (media / "documents").exists() or not any((media / "documents").rglob("*"))


def test_pdf_with_a_zip_appended_is_a_polyglot(draft, officer_a):
    with pytest.raises(AttachmentError, match="多格式混合文件"):
        add(officer_a, draft, "a.pdf", make_pdf("x") + make_docx("y"))


def test_zip_carrying_a_pdf_header_is_a_polyglot(draft, officer_a):
    # A stored (uncompressed) first entry puts "%PDF-" within the first 1,024 bytes, where PDF
    # readers look for the header.
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.txt", b"%PDF-1.4 hello")
        z.writestr("[Content_Types].xml", b"<x/>")
        z.writestr("word/document.xml", b"<x/>")
    with pytest.raises(AttachmentError, match="多格式混合文件"):
        add(officer_a, draft, "a.docx", stored.getvalue())


def test_docx_and_xlsx_markers_together_are_a_polyglot(draft, officer_a):
    data = make_zip(
        {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    )
    with pytest.raises(AttachmentError, match="DOCX、XLSX的特征"):
        add(officer_a, draft, "a.docx", data)


def test_zip_bomb_by_size_is_refused_before_reading(draft, officer_a, settings):
    settings.ZWGK_ATTACHMENT_MAX_UNZIPPED_BYTES = 1024 * 1024
    data = make_zip(
        {
            "[Content_Types].xml": b"<x/>",
            "word/document.xml": b"<x/>",
            "word/media/zeros.bin": b"\0" * (2 * 1024 * 1024),
        }
    )
    assert len(data) < 20 * 1024  # small on the wire
    with pytest.raises(AttachmentError, match="压缩炸弹"):
        add(officer_a, draft, "a.docx", data)


def test_zip_bomb_by_size_at_the_default_limit(draft, officer_a):
    data = make_zip(
        {
            "[Content_Types].xml": b"<x/>",
            "word/document.xml": b"<x/>",
            "word/media/zeros.bin": b"\0" * (101 * 1024 * 1024),
        }
    )
    with pytest.raises(AttachmentError, match="解压后超过 100 MB"):
        add(officer_a, draft, "a.docx", data)


def test_zip_bomb_by_entry_count(draft, officer_a):
    entries = {f"word/part{i}.xml": b"" for i in range(2000)}
    entries |= {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}
    with pytest.raises(AttachmentError, match="2002 个部件，超过 2000 个"):
        add(officer_a, draft, "a.docx", make_zip(entries))


def test_pdf_that_needs_a_password_is_refused(draft, officer_a):
    data = rewrite_pdf(
        make_pdf("secret"),
        lambda w: w.encrypt(user_password="open", owner_password="owner", algorithm="AES-128"),
    )
    with pytest.raises(AttachmentError, match="设有打开密码"):
        add(officer_a, draft, "a.pdf", data)
    assert not Attachment.objects.exists()


def pdf_with_javascript() -> bytes:
    return rewrite_pdf(make_pdf("x"), lambda w: w.add_open_action(JavaScript("app.alert(1);")))


def test_pdf_with_javascript_is_refused(draft, officer_a):
    with pytest.raises(AttachmentError, match="脚本"):
        add(officer_a, draft, "a.pdf", pdf_with_javascript())


def test_pdf_javascript_is_found_in_the_catalogue_too():
    # The raw-bytes scan misses names inside compressed object streams; the catalogue check
    # during extraction still finds document-level scripts.
    with pytest.raises(AttachmentError, match="脚本"):
        attachments.extract_text(pdf_with_javascript(), "pdf")


def test_pdf_with_launch_action_is_refused(draft, officer_a):
    data = make_pdf("x", extra_catalog=b" /OpenAction << /S /Launch /F (calc.exe) >>")
    with pytest.raises(AttachmentError, match="启动程序"):
        add(officer_a, draft, "a.pdf", data)


def test_size_limit_is_configurable(draft, officer_a, settings):
    settings.ZWGK_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(AttachmentError, match="附件超过 1000 字节 的上限"):
        add(officer_a, draft, "a.docx", make_docx("x"))


def test_default_size_limit_is_20_mb(draft, officer_a):
    data = make_pdf("x") + b"%" + b"0" * (20 * 1024 * 1024)
    with pytest.raises(AttachmentError, match="附件超过 20 MB 的上限"):
        add(officer_a, draft, "a.pdf", data)


def test_same_file_twice_is_refused(draft, officer_a):
    data = make_pdf("x")
    add(officer_a, draft, "a.pdf", data)
    with pytest.raises(AttachmentError, match="已经是本公文的附件"):
        add(officer_a, draft, "b.pdf", data)
    assert Attachment.objects.count() == 1


# --- Extraction failures keep the file --------------------------------------------------------


def test_damaged_pdf_is_kept_with_a_note(draft, officer_a):
    attachment = add(officer_a, draft, "a.pdf", b"%PDF-1.4\nthis is not a pdf at all")
    assert attachment.pk and attachment.extracted_text == ""
    assert "无法提取文字" in attachment.extraction_note
    event = AuditEvent.objects.get(action="documents.attachment.added")
    assert "无法提取文字" in event.after["extraction_note"]


def test_damaged_docx_is_kept_with_a_note(draft, officer_a):
    data = make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not closed"})
    attachment = add(officer_a, draft, "a.docx", data)
    assert attachment.extracted_text == "" and "无法提取文字" in attachment.extraction_note


def test_ofd_with_a_dtd_is_not_expanded(draft, officer_a):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ofd:OFD xmlns:ofd="x">&b;</ofd:OFD>'
    )
    data = make_zip({"OFD.xml": bomb.encode()})
    attachment = add(officer_a, draft, "a.ofd", data)
    assert attachment.extracted_text == "" and "无法提取文字" in attachment.extraction_note


def test_long_text_is_cut_with_a_note(draft, officer_a, settings):
    settings.ZWGK_ATTACHMENT_MAX_TEXT_CHARS = 50
    attachment = add(officer_a, draft, "a.docx", make_docx(*[f"第{i}段内容。" for i in range(40)]))
    assert 0 < len(attachment.extracted_text) <= 50
    assert attachment.extracted_text.startswith("第0段内容。")
    assert "只提取了前" in attachment.extraction_note


def test_sheet_declaring_far_cells_is_read_within_bounds(draft, officer_a, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_XLSX_ROWS", 1000)
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "开头"
    workbook.active["A1048576"] = "末尾"
    workbook.active["XFD1"] = "最右"
    out = io.BytesIO()
    workbook.save(out)
    attachment = add(officer_a, draft, "a.xlsx", out.getvalue())
    assert "开头" in attachment.extracted_text and "末尾" not in attachment.extracted_text
    assert "只提取了前面的部分" in attachment.extraction_note


# --- Names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\张敏\\桌面\\通知.PDF", "通知.pdf"),
        ("报告\u202etxt.pdf", "报告txt.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("  ..  .pdf", "附件.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("名单\x00\x1f.pdf", "名单.pdf"),
    ],
)
def test_names_are_sanitised(raw, clean):
    assert attachments.sanitise_name(raw, "pdf") == clean


# --- Who and when -------------------------------------------------------------------------------


def test_another_units_staff_cannot_attach(draft, officer_b):
    with pytest.raises(PermissionDeniedError):
        add(officer_b, draft, "a.pdf", make_pdf("x"))


def test_citizen_cannot_attach(draft, citizen):
    with pytest.raises(PermissionDeniedError):
        add(citizen, draft, "a.pdf", make_pdf("x"))


def test_no_attachment_while_in_review(draft, officer_a):
    services.submit_document(by=officer_a, at=AT, document=draft)
    with pytest.raises(TransitionError):
        add(officer_a, draft, "a.pdf", make_pdf("x"))


def approve(document, officer, deputy, head):
    checks = dict.fromkeys(("check_political", "check_legal", "check_policy"), True)
    checks |= {"check_secrecy": True, "check_wording": True}
    services.submit_document(by=officer, at=AT, document=document)
    for reviewer in (deputy, head):
        services.approve_document(
            by=reviewer, at=AT, document=document, checks=checks, secrecy_review_passed=True
        )
    document.refresh_from_db()
    assert document.status == Status.APPROVED and document.approved_hash


def test_attaching_after_approval_sends_back_to_draft(draft, officer_a, deputy_a, head_a):
    approve(draft, officer_a, deputy_a, head_a)
    add(officer_a, draft, "a.pdf", make_pdf("x"))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.approved_hash == ""
    event = AuditEvent.objects.get(action="documents.attachment.added")
    assert event.before == {"status": "approved"}
    assert event.after["status"] == "draft" and event.after["reopened"] is True


def test_removing_after_approval_sends_back_to_draft_and_deletes_the_file(
    draft, officer_a, deputy_a, head_a, media, django_capture_on_commit_callbacks
):
    attachment = add(officer_a, draft, "a.pdf", make_pdf("x"))
    path = media / attachment.file.name
    approve(draft, officer_a, deputy_a, head_a)
    with django_capture_on_commit_callbacks(execute=True):
        remove_attachment(by=officer_a, at=AT, attachment=attachment)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.approved_hash == ""
    assert not Attachment.objects.exists()
    assert not path.exists()
    event = AuditEvent.objects.get(action="documents.attachment.removed")
    assert event.before["name"] == "a.pdf" and event.after["reopened"] is True


def test_remove_refused_for_another_unit_and_after_publication(
    draft, officer_a, officer_b, deputy_a, head_a
):
    attachment = add(officer_a, draft, "a.pdf", make_pdf("x"))
    with pytest.raises(PermissionDeniedError):
        remove_attachment(by=officer_b, at=AT, attachment=attachment)
    approve(draft, officer_a, deputy_a, head_a)
    services.publish_document(by=officer_a, at=AT, document=draft)
    with pytest.raises(TransitionError):
        remove_attachment(by=officer_a, at=AT, attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_removing_twice_says_so(draft, officer_a):
    attachment = add(officer_a, draft, "a.pdf", make_pdf("x"))
    remove_attachment(by=officer_a, at=AT, attachment=attachment)
    with pytest.raises(AttachmentError, match="已被删除"):
        remove_attachment(by=officer_a, at=AT, attachment=attachment)


def test_published_hash_covers_the_attachment(draft, officer_a, deputy_a, head_a):
    add(officer_a, draft, "a.pdf", make_pdf("x"))
    approve(draft, officer_a, deputy_a, head_a)
    services.publish_document(by=officer_a, at=AT, document=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.approved_hash == services._hash(draft)
