"""Every write of the mailbox app: mailboxes (district office), letters from the portal with
their 查询码, transfer to the responsible unit, the reply (drafted by the unit, approved by its
head: 先审后发, textcheck on the text), the writer's rating, publication of representative
letters (consent + no personal data left), escalation to a 舆情 case, reminders; and messages
left on websites and accounts (entered or imported).

Keyword-only, `by=` and `at=`, one transaction with the audit row; refused moves raise
MailboxError (a DomainError) with a Chinese message and change nothing.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit, crypto
from zwgk.core.errors import DomainError
from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError
from zwgk.disclosure_requests.personal import (
    PersonalDataError,
    mask_address,
    mask_email,
    mask_name,
    mask_phone,
    normalise_email,
    normalise_phone,
    phone_index,
)
from zwgk.orgs.models import Membership, Role, Unit
from zwgk.orgs.permissions import can_view_unit
from zwgk.textcheck import Finding, Severity

from . import deadlines, permissions
from .models import (
    Letter,
    LetterEvent,
    LetterKind,
    LetterSequence,
    Mailbox,
    Message,
    Satisfaction,
    Status,
)

logger = logging.getLogger(__name__)

LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
LOOKUP_LENGTH = 10  # 31^10 ≈ 8·10^14; the portal rate-limits guesses and asks for a second factor
MAX_BODY = 5000
MAX_REPLY = 10000
RULE_LABELS = {
    "pii.id_card": "公民身份号码",
    "pii.mobile": "手机号码",
    "pii.bank_card": "银行卡号",
    "secret.mark": "密级标志",
    "writer": "来信人的个人信息",
}


class MailboxError(DomainError):
    """A refused move on a mailbox, a letter or a message."""


class LetterError(MailboxError):
    """Invalid letter data; `errors` maps form fields to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise MailboxError(message)


def _clean(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def _text(value: str, *, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise MailboxError(f"请填写{label}。")
    if len(text) > limit:
        raise MailboxError(f"{label}不能超过{limit}个字。")
    return text


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


# --- Mailboxes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailboxData:
    code: str
    name: str
    owner_unit: Unit
    description: str
    reply_workdays: int
    is_active: bool
    order: int = 100


def save_mailbox(
    *, by: Any, at: datetime, data: MailboxData, mailbox: Mailbox | None = None
) -> Mailbox:
    """Create or change a mailbox (district office). A new reply period applies to letters
    received from then on; open letters keep the period they were received under."""
    _require(permissions.can_manage_mailboxes(by), "只有区政府办可以设置信箱。")
    _require(can_view_unit(by, data.owner_unit), "请选择本区的单位。")
    _require(
        bool(re.match(r"^[a-z0-9-]{2,40}$", data.code)),
        "信箱代码应为2至40位小写字母、数字或连字符。",
    )
    name = _text(data.name, label="信箱名称", limit=100)
    _require(1 <= data.reply_workdays <= 60, "答复期限应为1至60个工作日。")
    values = {
        "code": data.code,
        "name": name,
        "owner_unit": data.owner_unit,
        "description": _text(data.description, label="说明", limit=2000, required=False),
        "reply_workdays": data.reply_workdays,
        "is_active": data.is_active,
        "order": data.order,
    }
    with transaction.atomic():
        clash = Mailbox.objects.filter(code=data.code)
        if mailbox is not None:
            clash = clash.exclude(pk=mailbox.pk)
        _require(not clash.exists(), "信箱代码已被使用。")
        if mailbox is None:
            mailbox = Mailbox.objects.create(created_at=at, updated_at=at, **values)
            action, before = "mailbox.mailbox.created", None
        else:
            mailbox = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
            before = {"reply_workdays": mailbox.reply_workdays, "is_active": mailbox.is_active}
            for name_, value in values.items():
                setattr(mailbox, name_, value)
            mailbox.updated_at = at
            mailbox.save()
            action = "mailbox.mailbox.updated"
        audit.record(
            action=action,
            by=by,
            at=at,
            target=mailbox,
            before=before,
            after={
                "code": mailbox.code,
                "unit": data.owner_unit.pk,
                "reply_workdays": data.reply_workdays,
                "is_active": data.is_active,
            },
        )
    return mailbox


# --- Letters: the 查询码 ------------------------------------------------------------------------


def new_lookup_code() -> str:
    while True:
        code = "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_LENGTH))
        if not Letter.objects.filter(lookup_code=code).exists():
            return code


def format_lookup_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == LOOKUP_LENGTH else code


def normalise_lookup_code(text: str) -> str:
    return "".join(ch for ch in _clean(text).upper() if ch.isascii() and ch.isalnum())[:16]


def phone_tail(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-4:]


def lookup_check(code: str, tail: str) -> str:
    """The keyed digest of the code and the phone's last four digits (the second factor)."""
    return crypto.blind_index(f"{code}:{tail}", kind="mailbox.lookup")


def find_letter(code: str, tail: str) -> Letter | None:
    """The letter with this 查询码 whose phone ends in `tail`; None otherwise (the caller must
    not say which was wrong). Compared in constant time; the portal rate-limits calls."""
    normal = normalise_lookup_code(code)
    tail = "".join(ch for ch in _clean(tail) if ch.isdigit())
    letter = Letter.objects.filter(lookup_code=normal).first() if normal else None
    wanted = lookup_check(normal, tail) if len(tail) == 4 and normal else "-"
    stored = letter.lookup_check if letter is not None else "0" * 32
    if not hmac.compare_digest(stored.encode(), wanted.encode()) or letter is None:
        return None
    return letter


# --- Letters: writing ------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterData:
    kind: str
    subject: str
    body: str
    writer_name: str
    phone: str
    email: str = ""
    address: str = ""
    consents_to_publication: bool = False


def validate_letter(data: LetterData) -> dict[str, Any]:
    """The model values of a letter's text and writer, or LetterError with a message per field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if data.kind not in LetterKind.values:
        errors["kind"] = "请选择来信类别。"
    subject = _clean(data.subject)
    if not subject:
        errors["subject"] = "请填写标题。"
    elif len(subject) > 200:
        errors["subject"] = "标题不能超过200个字。"
    body = (data.body or "").strip()
    if len(body) < 5:
        errors["body"] = "请写明来信内容（至少5个字）。"
    elif len(body) > MAX_BODY:
        errors["body"] = f"来信内容不能超过{MAX_BODY}个字。"
    name = _clean(data.writer_name)
    if not name:
        errors["writer_name"] = "请填写姓名。"
    elif len(name) > 50:
        errors["writer_name"] = "姓名不能超过50个字。"
    try:
        phone = normalise_phone(data.phone)
        if not phone:
            errors["phone"] = "请填写联系电话，查询办理结果时需要用到它。"
    except PersonalDataError as error:
        errors["phone"], phone = str(error), ""
    try:
        email = normalise_email(data.email)
        if len(email) > 200:
            errors["email"] = "电子邮箱过长。"
    except PersonalDataError as error:
        errors["email"], email = str(error), ""
    address = _clean(data.address)
    if len(address) > 300:
        errors["address"] = "地址不能超过300个字。"
    if errors:
        raise LetterError(errors)
    values.update(
        kind=data.kind,
        subject=subject,
        body=body,
        writer_name=name,
        writer_name_masked=mask_name(name),
        phone=phone,
        phone_index=phone_index(phone),
        phone_masked=mask_phone(phone),
        email=email,
        email_masked=mask_email(email),
        address=address,
        address_masked=mask_address(address),
        consents_to_publication=bool(data.consents_to_publication),
    )
    return values


def _next_number(year: int) -> str:
    seq, _ = LetterSequence.objects.select_for_update().get_or_create(year=year)
    seq.last_serial += 1
    seq.save(update_fields=["last_serial"])
    return f"XX{year}-{seq.last_serial:06d}"


def submit_letter(*, at: datetime, mailbox: Mailbox, data: LetterData) -> tuple[Letter, str]:
    """A letter written through the portal; returns it and its formatted 查询码 (shown once)."""
    values = validate_letter(data)
    _require(mailbox.is_active, "该信箱暂停受理来信，请选择其他信箱。")
    code = new_lookup_code()
    with transaction.atomic():
        letter = Letter(
            mailbox=mailbox,
            handling_unit=mailbox.owner_unit,
            number=_next_number(timezone.localdate(at).year),
            lookup_code=code,
            lookup_check=lookup_check(code, phone_tail(values["phone"])),
            received_at=at,
            updated_at=at,
            **values,
        )
        letter.due_date = deadlines.due_date_of(letter)
        letter.save()
        LetterEvent.objects.create(
            letter=letter, kind=LetterEvent.Kind.RECEIVED, at=at, to_unit=mailbox.owner_unit
        )
        audit.record(
            action="mailbox.letter.received",
            by=None,
            at=at,
            target=letter,
            unit=mailbox.owner_unit,
            after={"mailbox": mailbox.code, "due": str(letter.due_date or "")},
        )
    return letter, format_lookup_code(code)


def _locked(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update()
        .select_related("mailbox", "handling_unit")
        .get(pk=letter.pk)
    )


def transfer_letter(*, by: Any, at: datetime, letter: Letter, unit: Unit, reason: str) -> Letter:
    """Route the letter to the responsible unit (district office), with the reason on record.
    The reply period runs on (deadlines.py)."""
    reason = _text(reason, label="转办理由", limit=1000)
    with transaction.atomic():
        letter = _locked(letter)
        _require(permissions.can_transfer_letter(by, letter), "只有区政府办可以转办来信。")
        _require(
            letter.status == Status.OPEN, "只有办理中的来信可以转办（答复待审核或已答复的不能）。"
        )
        _require(unit.is_active and unit.pk != letter.handling_unit_id, "请选择另一个有效的单位。")
        _require(can_view_unit(by, unit), "不能转给本区以外的单位。")
        before = letter.handling_unit
        letter.handling_unit = unit
        letter.draft_reply = ""
        letter.updated_at = at
        letter.save(update_fields=["handling_unit", "draft_reply", "updated_at"])
        LetterEvent.objects.create(
            letter=letter,
            kind=LetterEvent.Kind.TRANSFERRED,
            at=at,
            by=_user(by),
            from_unit=before,
            to_unit=unit,
            note=reason,
        )
        audit.record(
            action="mailbox.letter.transferred",
            by=by,
            at=at,
            target=letter,
            before={"unit": before.pk},
            after={"unit": unit.pk, "reason": reason},
        )
    return letter


def _writer_values(letter: Letter) -> list[str]:
    values = []
    for field in ("writer_name", "phone", "email", "address"):
        secret = getattr(letter, field)
        value = secret.reveal() if secret else ""
        if value and len(value) >= 2:
            values.append(value)
    return values


def blocking_findings(text: str, letter: Letter | None = None) -> list[Finding]:
    """Findings that stop a text going out: personal data and secrecy marks (textcheck), and
    the writer's own name, phone, e-mail or address anywhere in it."""
    found = [f for f in get_checker().check(text) if f.severity is Severity.BLOCK]
    if letter is not None:
        for value in _writer_values(letter):
            start = text.find(value)
            if start >= 0:
                found.append(Finding("writer", Severity.BLOCK, start, start + len(value), "***"))
    return found


def _refuse_findings(found: list[Finding], what: str) -> None:
    if found:
        kinds = "、".join(sorted({RULE_LABELS.get(f.rule, f.rule) for f in found}))
        raise MailboxError(f"{what}含有{kinds}，不能发出。请删除后再提交。")


def submit_reply(*, by: Any, at: datetime, letter: Letter, text: str) -> Letter:
    """The unit's reply goes to its head for approval (先审后发)."""
    text = _text(text, label="答复内容", limit=MAX_REPLY)
    with transaction.atomic():
        letter = _locked(letter)
        _require(permissions.can_handle_letter(by, letter), "只有承办单位可以答复。")
        _require(letter.status == Status.OPEN, "这封来信不在办理中。")
        _refuse_findings(blocking_findings(text, letter), "答复内容")
        letter.draft_reply = text
        letter.drafted_by = by
        letter.drafted_at = at
        letter.status = Status.REVIEW
        letter.updated_at = at
        letter.save()
        LetterEvent.objects.create(
            letter=letter, kind=LetterEvent.Kind.REPLY_SUBMITTED, at=at, by=_user(by)
        )
        audit.record(action="mailbox.letter.reply_submitted", by=by, at=at, target=letter)
    return letter


def return_reply(*, by: Any, at: datetime, letter: Letter, reason: str) -> Letter:
    reason = _text(reason, label="退回理由", limit=1000)
    with transaction.atomic():
        letter = _locked(letter)
        _require(permissions.can_approve_reply(by, letter), "只有单位负责人可以审核答复。")
        _require(letter.status == Status.REVIEW, "这封来信没有待审核的答复。")
        letter.status = Status.OPEN
        letter.updated_at = at
        letter.save(update_fields=["status", "updated_at"])
        LetterEvent.objects.create(
            letter=letter, kind=LetterEvent.Kind.REPLY_RETURNED, at=at, by=_user(by), note=reason
        )
        audit.record(
            action="mailbox.letter.reply_returned",
            by=by,
            at=at,
            target=letter,
            after={"reason": reason},
        )
    return letter


def approve_reply(*, by: Any, at: datetime, letter: Letter) -> Letter:
    """The head (or deputy head) approves: the reply goes out and the writer sees it with the
    查询码. The approver is not the drafter (four eyes)."""
    with transaction.atomic():
        letter = _locked(letter)
        _require(permissions.can_approve_reply(by, letter), "只有单位负责人可以审核答复。")
        _require(letter.status == Status.REVIEW, "这封来信没有待审核的答复。")
        _require(
            letter.drafted_by_id != getattr(by, "pk", None), "答复须由拟稿人以外的负责人审核。"
        )
        _refuse_findings(blocking_findings(letter.draft_reply, letter), "答复内容")
        letter.reply_body = letter.draft_reply
        letter.replied_at = at
        letter.replied_by_unit = letter.handling_unit
        letter.approved_by = by
        letter.status = Status.REPLIED
        letter.updated_at = at
        letter.save()
        LetterEvent.objects.create(letter=letter, kind=LetterEvent.Kind.REPLIED, at=at, by=by)
        audit.record(
            action="mailbox.letter.replied",
            by=by,
            at=at,
            target=letter,
            after={"in_time": letter.replied_in_time},
        )
    return letter


def rate_letter(*, at: datetime, letter: Letter, satisfaction: str, comment: str = "") -> Letter:
    """The writer's rating of the reply (once; through the portal with the 查询码)."""
    _require(satisfaction in Satisfaction.values, "请选择满意程度。")
    comment = _text(comment, label="意见", limit=500, required=False)
    with transaction.atomic():
        letter = _locked(letter)
        _require(letter.status == Status.REPLIED, "来信答复后才能评价。")
        _require(not letter.satisfaction, "您已经评价过这次答复。")
        letter.satisfaction = satisfaction
        letter.satisfaction_comment = comment
        letter.rated_at = at
        letter.updated_at = at
        letter.save(
            update_fields=["satisfaction", "satisfaction_comment", "rated_at", "updated_at"]
        )
        LetterEvent.objects.create(
            letter=letter, kind=LetterEvent.Kind.RATED, at=at, note=satisfaction
        )
        audit.record(
            action="mailbox.letter.rated",
            by=None,
            at=at,
            target=letter,
            unit=letter.handling_unit,
            after={"satisfaction": satisfaction},
        )
    return letter


def publish_letter(
    *, by: Any, at: datetime, letter: Letter, subject: str, body: str, reply: str
) -> Letter:
    """Publish a representative letter and its reply: only with the writer's consent, and only
    when the texts to publish carry no personal data (textcheck, and the writer's own details)."""
    subject = _text(subject, label="公开标题", limit=200)
    body = _text(body, label="公开的来信内容", limit=MAX_BODY)
    reply = _text(reply, label="公开的答复内容", limit=MAX_REPLY)
    with transaction.atomic():
        letter = _locked(letter)
        _require(permissions.can_publish_letter(by, letter), "只有区政府办可以公开来信。")
        _require(letter.consents_to_publication, "来信人没有同意公开，不能公开。")
        _require(letter.status == Status.REPLIED, "答复后才能公开。")
        _refuse_findings(blocking_findings(f"{subject}\n{body}\n{reply}", letter), "公开内容")
        letter.public_subject, letter.public_body, letter.public_reply = subject, body, reply
        letter.is_published = True
        letter.published_at = letter.published_at or at
        letter.updated_at = at
        letter.save()
        LetterEvent.objects.create(letter=letter, kind=LetterEvent.Kind.PUBLISHED, at=at, by=by)
        audit.record(action="mailbox.letter.published", by=by, at=at, target=letter)
    return letter


def unpublish_letter(*, by: Any, at: datetime, letter: Letter, reason: str) -> Letter:
    reason = _text(reason, label="撤下理由", limit=1000)
    with transaction.atomic():
        letter = _locked(letter)
        _require(permissions.can_publish_letter(by, letter), "只有区政府办可以撤下公开的来信。")
        _require(letter.is_published, "这封来信没有公开。")
        letter.is_published = False
        letter.updated_at = at
        letter.save(update_fields=["is_published", "updated_at"])
        LetterEvent.objects.create(
            letter=letter, kind=LetterEvent.Kind.UNPUBLISHED, at=at, by=by, note=reason
        )
        audit.record(
            action="mailbox.letter.unpublished",
            by=by,
            at=at,
            target=letter,
            after={"reason": reason},
        )
    return letter


def escalate_letter(*, by: Any, at: datetime, letter: Letter) -> Any:
    """Open (or find) the 舆情 case of this letter for its handling unit."""
    from zwgk.sentiment.services import open_case

    with transaction.atomic():
        letter = _locked(letter)
        _require(
            permissions.can_handle_letter(by, letter)
            or permissions.can_transfer_letter(by, letter),
            "您不能把这封来信转为舆情。",
        )
        case = open_case(
            by=by,
            at=at,
            unit=letter.handling_unit,
            source=f"mailbox.letter:{letter.pk}",
            title=f"来信：{letter.subject}",
            summary=f"{letter.number}（{letter.mailbox.name}）\n{letter.body}"[:10000],
        )
        LetterEvent.objects.create(
            letter=letter,
            kind=LetterEvent.Kind.SENTIMENT,
            at=at,
            by=_user(by),
            note=f"sentiment.case:{case.pk}",
        )
        audit.record(
            action="mailbox.letter.sentiment",
            by=by,
            at=at,
            target=letter,
            after={"case": case.pk},
        )
    return case


PERSONAL_FIELDS = ("writer_name", "phone", "email", "address")


def reveal_personal_data(*, by: Any, at: datetime, letter: Letter, field: str) -> str:
    """The full value of one personal field, for the handling unit to contact the writer;
    every look is audited and noted in the letter's history."""
    _require(field in PERSONAL_FIELDS, "没有这一项个人信息。")
    _require(
        permissions.can_reveal_personal_data(by, letter), "只有承办单位可以查看完整的联系方式。"
    )
    with transaction.atomic():
        LetterEvent.objects.create(
            letter=letter, kind=LetterEvent.Kind.PERSONAL_DATA_VIEWED, at=at, by=by, note=field
        )
        audit.record(
            action="mailbox.letter.personal_data_viewed",
            by=by,
            at=at,
            target=letter,
            after={"field": field},
        )
    secret = getattr(letter, field)
    return secret.reveal() if secret else ""


# --- Reminders and escalation (periodic job) --------------------------------------------------

REMIND_WORKDAYS = (2, 1)  # working days before the due date


def _emails(unit: Unit, roles: tuple[str, ...]) -> list[str]:
    members = Membership.objects.active().filter(unit=unit, role__in=roles).select_related("user")
    return sorted({m.user.email for m in members if m.user.email})


def _office_emails(unit: Unit) -> list[str]:
    root = "/" + unit.path.strip("/").split("/")[0] + "/"
    members = Membership.objects.active().filter(
        role=Role.SUPERVISOR, unit__is_competent_office=True, unit__path__startswith=root
    )
    return sorted({m.user.email for m in members.select_related("user") if m.user.email})


def _mail_after_commit(subject: str, body: str, to: list[str]) -> None:
    if not to:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        except Exception:
            logger.exception("mailbox reminder mail could not be sent")

    transaction.on_commit(send)


def _event_once(letter: Letter, kind: str, key: str, at: datetime, note: str) -> bool:
    if LetterEvent.objects.filter(letter=letter, dedupe_key=key).exists():
        return False
    try:
        with transaction.atomic():
            LetterEvent.objects.create(letter=letter, kind=kind, at=at, note=note, dedupe_key=key)
    except IntegrityError:
        return False
    return True


def send_reminders(*, at: datetime) -> dict[str, int]:
    """Remind the handling unit 2 and 1 working days before the due date; once it has passed,
    escalate to the unit's head and deputy and to the district office. Once each (dedupe key)."""
    today = timezone.localdate(at)
    calendar = get_workday_calendar()
    counts = {"reminded": 0, "escalated": 0}
    letters = Letter.objects.open().filter(due_date__isnull=False).select_related("handling_unit")
    for letter in letters:
        due = letter.due_date
        if due is None:
            continue
        url = reverse("mailbox:detail", args=[letter.pk])
        if due < today:
            key = f"escalate:{due.isoformat()}"
            if _event_once(letter, LetterEvent.Kind.ESCALATED, key, at, due.isoformat()):
                counts["escalated"] += 1
                audit.record(
                    action="mailbox.letter.escalated",
                    by=None,
                    at=at,
                    target=letter,
                    unit=letter.handling_unit,
                    after={"due": due.isoformat()},
                )
                _mail_after_commit(
                    f"【逾期】来信 {letter.number} 超过答复期限",
                    f"{letter.handling_unit.name}办理的来信 {letter.number}（{letter.subject}）"
                    f"应于 {due.isoformat()} 前答复，已逾期，请督促办理。\n{url}",
                    _emails(letter.handling_unit, (Role.HEAD, Role.DEPUTY))
                    + _office_emails(letter.handling_unit),
                )
            continue
        try:
            left = calendar.workdays_between(today, due)
        except CalendarYearMissingError:
            logger.warning("mailbox reminders: the working-day calendar lacks a year")
            continue
        for threshold in REMIND_WORKDAYS:
            if left != threshold:
                continue
            key = f"remind:{due.isoformat()}:{threshold}"
            if not _event_once(letter, LetterEvent.Kind.REMINDED, key, at, f"{left}"):
                continue
            counts["reminded"] += 1
            audit.record(
                action="mailbox.letter.reminded",
                by=None,
                at=at,
                target=letter,
                unit=letter.handling_unit,
                after={"due": due.isoformat(), "workdays_left": left},
            )
            _mail_after_commit(
                f"【提醒】来信 {letter.number} 还有{left}个工作日到期",
                f"来信 {letter.number}（{letter.subject}）应于 {due.isoformat()} 前答复。\n{url}",
                _emails(letter.handling_unit, (Role.CLERK, Role.DEPUTY, Role.HEAD)),
            )
    return counts


# --- Messages left on websites and accounts ---------------------------------------------------

CHANNEL_RE = re.compile(r"^(portal|[a-z_]+(\.[a-z_]+)+:\d{1,12})$")


@dataclass(frozen=True)
class MessageData:
    channel: str
    channel_label: str
    content: str
    left_at: datetime
    author: str = ""
    external_id: str = ""
    answer: str = ""
    answered_at: datetime | None = None
    answered_by_label: str = ""


def _message_values(data: MessageData, at: datetime) -> dict[str, Any]:
    channel = (data.channel or "").strip()
    _require(
        bool(CHANNEL_RE.match(channel)),
        "留言渠道标识不正确（如 newmedia.account:3、monitoring.site:5 或 portal）。",
    )
    values: dict[str, Any] = {
        "channel": channel,
        "channel_label": _text(data.channel_label, label="渠道名称", limit=200),
        "content": _text(data.content, label="留言内容", limit=MAX_BODY),
        "author": _text(data.author, label="留言人", limit=100, required=False),
        "external_id": _text(data.external_id, label="原编号", limit=100, required=False),
        "left_at": data.left_at,
    }
    _require(data.left_at <= at, "留言时间不能晚于现在。")
    answer = _text(data.answer, label="答复内容", limit=MAX_REPLY, required=False)
    if answer or data.answered_at:
        _require(bool(answer), "请填写答复内容。")
        if data.answered_at is None:
            raise MailboxError("请填写答复时间。")
        _require(data.left_at <= data.answered_at <= at, "答复时间应在留言时间之后、现在之前。")
        values["answer"] = answer
        values["answered_at"] = data.answered_at
        values["answered_by_label"] = _text(
            data.answered_by_label, label="答复人（单位）", limit=100
        )
    return values


def record_message(*, by: Any, at: datetime, unit: Unit, data: MessageData) -> Message:
    _require(permissions.can_record_messages_in(by, unit), "您不能为该单位登记留言。")
    values = _message_values(data, at)
    with transaction.atomic():
        if values["external_id"]:
            _require(
                not Message.objects.filter(
                    channel=values["channel"], external_id=values["external_id"]
                ).exists(),
                "该渠道已登记过这一编号的留言。",
            )
        message = Message.objects.create(
            unit=unit,
            source=Message.Source.ENTERED,
            entered_by=_user(by),
            created_at=at,
            updated_at=at,
            **values,
        )
        audit.record(
            action="mailbox.message.recorded",
            by=by,
            at=at,
            target=message,
            after={"channel": message.channel, "answered": message.is_answered},
        )
    return message


def answer_message(
    *,
    by: Any,
    at: datetime,
    message: Message,
    answer: str,
    answered_at: datetime,
    answered_by_label: str,
) -> Message:
    answer = _text(answer, label="答复内容", limit=MAX_REPLY)
    label = _text(answered_by_label, label="答复人（单位）", limit=100)
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("unit").get(pk=message.pk)
        _require(permissions.can_answer_message(by, message), "您不能答复该留言。")
        _require(not message.is_answered, "这条留言已登记答复。")
        _require(message.left_at <= answered_at <= at, "答复时间应在留言时间之后、现在之前。")
        message.answer, message.answered_at, message.answered_by_label = answer, answered_at, label
        message.updated_at = at
        message.save()
        audit.record(
            action="mailbox.message.answered",
            by=by,
            at=at,
            target=message,
            after={"answered_at": answered_at.isoformat(), "by": label},
        )
    return message


def escalate_message(*, by: Any, at: datetime, message: Message) -> Any:
    from zwgk.sentiment.services import open_case

    _require(permissions.can_answer_message(by, message), "您不能把这条留言转为舆情。")
    with transaction.atomic():
        case = open_case(
            by=by,
            at=at,
            unit=message.unit,
            source=f"mailbox.message:{message.pk}",
            title=f"留言：{message.content[:60]}",
            summary=f"{message.channel_label}\n{message.content}"[:10000],
        )
        audit.record(
            action="mailbox.message.sentiment",
            by=by,
            at=at,
            target=message,
            after={"case": case.pk},
        )
    return case


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())
