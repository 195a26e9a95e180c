"""Issuing a letter: compose it from the case, pass it (and the information files that go with a
答复书) through textcheck, number it from the unit's sequence, render DOCX and PDF, store both
as the application's files, and audit — all in one transaction. A blocking finding refuses the
issue with a Chinese message and changes nothing (no number is used up).

Also the audited download of an issued letter's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.documents.attachments import AttachmentError, detect_kind, extract_text
from zwgk.textcheck import Finding, Severity

from ..models import DisclosureRequest, EventKind, Reply, RequestEvent, RequestFile
from ..permissions import can_handle_request, can_view_request
from ..services import add_request_file, read_request_file
from . import compose, render, wording
from .models import Letter, LetterSequence
from .wording import SERIES, LetterKind

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
MAX_BODY_CHARS = 20_000

RULE_LABELS = {
    "pii.id_card": "公民身份号码",
    "pii.mobile": "手机号码",
    "pii.bank_card": "银行卡号",
    "secret.mark": "密级标志",
    "sensitive.word": "敏感词",
    "expression.wrong_form": "错误表述",
    "expression.leader_title": "领导职务错误",
}


class LetterError(DomainError):
    """A letter could not be issued; the message says why."""


class LetterBlockedError(LetterError):
    """Textcheck found content that must not go out (personal data, secrecy marks)."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class CheckedItem:
    source: str  # "函件正文" or an attachment's name
    label: str
    excerpt: str
    blocking: bool

    def describe(self) -> str:
        quoted = f"“{self.excerpt}”" if self.excerpt else ""
        return f"{self.source}：{self.label}{quoted}"


def _items(findings: list[Finding], source: str) -> list[CheckedItem]:
    return [
        CheckedItem(
            source=source,
            label=RULE_LABELS.get(f.rule, f.rule),
            excerpt=f.excerpt,
            blocking=f.severity is Severity.BLOCK,
        )
        for f in findings
    ]


def check_letter(content: compose.LetterContent, request: DisclosureRequest) -> list[CheckedItem]:
    """Textcheck over the letter's text and, for a 答复书, the information files sent with it.
    A file whose text cannot be read is reported as blocking: it cannot be shown to be clean."""
    checker = get_checker()
    items = _items(checker.check(content.text()), "函件正文")
    if content.kind == LetterKind.REPLY:
        for record in request.files.filter(kind=RequestFile.Kind.INFORMATION).order_by("pk"):
            data = read_request_file(record)
            try:
                extracted = extract_text(data, detect_kind(data))
            except AttachmentError as error:
                items.append(CheckedItem(record.original_name, error.message, "", True))
                continue
            if extracted.note:
                items.append(CheckedItem(record.original_name, extracted.note, "", True))
            items += _items(checker.check(extracted.text), record.original_name)
    return items


def preview(request: DisclosureRequest, kind: str, source: str) -> compose.LetterContent:
    """The letter as it would be issued now (without its number)."""
    try:
        return compose.compose(request, kind, source)
    except compose.LetterSourceError as error:
        raise LetterError("该函件对应的办理事项不存在。") from error
    except wording.ReconsiderationBodyError as error:
        raise LetterError(str(error)) from error


def _next_serial(request: DisclosureRequest, series: str, year: int) -> int:
    sequence, _ = LetterSequence.objects.select_for_update().get_or_create(
        unit=request.handling_unit, series=series, year=year
    )
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return sequence.last_serial


def _event_for(request: DisclosureRequest, source: str) -> RequestEvent | None:
    """The ledger event a notice belongs to: the portal shows the applicant the letters filed
    with an event before the reply (public_views._letters)."""
    head, _, tail = source.partition(":")
    if head == "event":
        return request.events.filter(pk=int(tail)).first()
    wanted = {
        "receipt": (EventKind.RECEIVED, None),
        "consultation": (EventKind.CONSULTATION_SENT, "consultation"),
        "fee": (EventKind.FEE_NOTIFIED, "fee_notice"),
    }.get(head)
    if wanted is None:
        return None
    kind, key = wanted
    for event in request.events.filter(kind=kind).order_by("on_date", "pk"):
        if key is None or str(event.data.get(key)) == tail:
            return event
    return None


def _file_name(content: compose.LetterContent, extension: str) -> str:
    short = LetterKind(content.kind).label.replace("政府信息公开申请", "")
    return f"{content.number}{short}.{extension}"


@transaction.atomic
def issue_letter(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    kind: str,
    source: str,
    body: str | None = None,
) -> Letter:
    """Issue the letter `kind` about `source` (compose.list_sources). `body` replaces the
    editable part of the letter (the receipt sentence and the remedy clause stay fixed)."""
    if not can_handle_request(by, request):
        raise PermissionDeniedError("您不是该申请承办单位的工作人员，不能出具函件。")
    if kind not in LetterKind.values:
        raise LetterError("函件类型不正确。")
    # Lock the application: one letter per source, even when two clerks click at once.
    request = (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("handling_unit")
        .get(pk=request.pk)
    )
    existing = Letter.objects.filter(request=request, kind=kind, source=source).first()
    if existing is not None:
        raise LetterError(f"该函件已出具（{existing.number}），不能重复出具。")
    content = preview(request, kind, source)
    edited = False
    if body is not None:
        if not body.strip():
            raise LetterError("函件正文不能为空。")
        if len(body) > MAX_BODY_CHARS:
            raise LetterError(f"函件正文不能超过{MAX_BODY_CHARS}字。")
        changed = content.with_body(body)
        edited = changed.body != content.body
        content = changed
    checked = check_letter(content, request)
    blocking = [item for item in checked if item.blocking]
    if blocking:
        problems = [item.describe() for item in blocking]
        raise LetterBlockedError(
            "函件或其附件含有不能发出的内容，未出具：" + "；".join(problems) + "。请修改后再出具。",
            problems,
        )
    year = content.letter_date.year
    if kind == LetterKind.RECEIPT:
        series, serial, number = "", None, request.number
    else:
        series = SERIES[kind]
        serial = _next_serial(request, series, year)
        number = wording.letter_number(
            compose.doc_prefix(request.handling_unit), series, year, serial
        )
    content = content.with_number(number)
    docx_bytes = render.to_docx(content)
    pdf_bytes = render.to_pdf(content)
    reply = Reply.objects.filter(request=request).first() if kind == LetterKind.REPLY else None
    # A letter to a third party or another agency is correspondence, never shown to the
    # applicant; the applicant's notices are filed with their ledger event, the 答复书 with the
    # reply.
    file_kind = RequestFile.Kind.LETTER if content.to_applicant else RequestFile.Kind.CORRESPONDENCE
    event = _event_for(request, source) if reply is None else None
    docx = add_request_file(
        by=by,
        at=at,
        request=request,
        kind=file_kind,
        name=_file_name(content, "docx"),
        content=docx_bytes,
        content_type=DOCX_TYPE,
        event=event,
        reply=reply,
    )
    pdf = add_request_file(
        by=by,
        at=at,
        request=request,
        kind=file_kind,
        name=_file_name(content, "pdf"),
        content=pdf_bytes,
        content_type=PDF_TYPE,
        event=event,
        reply=reply,
    )
    warnings = [{"source": i.source, "label": i.label, "excerpt": i.excerpt} for i in checked]
    letter = Letter.objects.create(
        request=request,
        kind=kind,
        source=source,
        reply=reply,
        number=number,
        series=series,
        year=year,
        serial=serial,
        addressee=content.addressee[:200],
        letter_date=content.letter_date,
        text=content.text(),
        body_edited=edited,
        warnings=warnings,
        docx=docx,
        pdf=pdf,
        issued_at=at,
        issued_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if reply is not None:
        Reply.objects.filter(pk=reply.pk).update(letter_number=number)
    audit.record(
        action="disclosure_requests.letter.issued",
        by=by,
        at=at,
        target=request,
        unit=request.handling_unit,
        after={
            "kind": kind,
            "source": source,
            "number": number,
            "body_edited": edited,
            "warnings": len(warnings),
            "docx_sha256": docx.sha256,
            "pdf_sha256": pdf.sha256,
        },
    )
    return letter


def can_download_letter(user: Any, letter: Letter) -> bool:
    return can_view_request(user, letter.request)


@transaction.atomic
def download_letter(
    *, by: Any, at: datetime, letter: Letter, fmt: str
) -> tuple[RequestFile, bytes]:
    """The stored DOCX or PDF of an issued letter, with an audit row naming who took it."""
    if not can_download_letter(by, letter):
        raise PermissionDeniedError("您不能下载该函件。")
    if fmt not in ("docx", "pdf"):
        raise LetterError("文件格式不正确。")
    record = letter.docx if fmt == "docx" else letter.pdf
    data = read_request_file(record)
    audit.record(
        action="disclosure_requests.letter.downloaded",
        by=by,
        at=at,
        target=letter.request,
        unit=letter.request.handling_unit,
        after={"number": letter.number, "format": fmt},
    )
    return record, data
