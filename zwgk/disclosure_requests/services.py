"""Every write to an application: registration (staff and online), the art. 31 confirmation,
the events of the clock (补正, consultation, extension, art. 35, fees), transfer and 协办, the
reply, withdrawal, delivery, files, the audited reveal of personal data, and 复议/诉讼 cases.

Each function is one business verb (keyword-only, `by=` actor, `at=` time): it checks the actor's
right and the transition table, locks the row, writes the change, its ledger event and its audit
row in one transaction, refreshes the cached due dates, and defers side effects (hooks, mail) to
`transaction.on_commit`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.core import audit, crypto
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError
from zwgk.orgs.models import Unit

from . import deadlines, hooks, transitions
from .fees import FeeInputError, quote
from .models import (
    Appeal,
    Assistance,
    Consultation,
    Delivery,
    DisclosureRequest,
    EventKind,
    FeeNotice,
    Reply,
    RequestEvent,
    RequestFile,
    RequestSequence,
    Status,
)
from .permissions import (
    can_answer_assistance,
    can_approve_extension,
    can_handle_request,
    can_manage_appeals,
    can_register_in,
    can_reveal_personal_data,
)
from .personal import (
    Contact,
    PersonalDataError,
    check_id_type,
    id_index,
    mask_id,
    normalise_email,
    normalise_id_number,
    normalise_phone,
)
from .statute import (
    CLERK_OUTCOMES,
    MAX_EXTENSION_WORKDAYS,
    OUTCOME_RULES,
    RECEIPT_RULES,
    WITHHOLDING_GROUNDS,
    AppealKind,
    AppealResult,
    AppealStage,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    DeliveryMethod,
    InformationForm,
    Outcome,
    table3_row,
)

LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed
LOOKUP_LENGTH = 10  # 31^10 ≈ 8·10^14 codes; the portal rate-limits guesses and asks for the phone
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ITEMS = 20


class RequestError(DomainError):
    """A refused action on an application."""


class ApplicationError(RequestError):
    """Invalid application data; `errors` maps each field to its message (forms show them)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


# --- Application data (条例 art. 29) --------------------------------------------------------------


@dataclass
class ApplicationData:
    """What an applicant gives (art. 29): who, how to reach them, what, in which form."""

    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    info_title: str = ""
    info_doc_number: str = ""
    description: str = ""
    purpose: str = ""
    information_form: str = ""
    delivery_method: str = ""


def validate_application(data: ApplicationData) -> dict[str, Any]:
    """The model fields for `data`, or ApplicationError listing every problem at once."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    text = {f.name: str(getattr(data, f.name) or "").strip() for f in fields(data)}
    try:
        check_id_type(text["applicant_type"], text["id_type"])
    except PersonalDataError as error:
        errors["id_type"] = str(error)
    name = text["applicant_name"]
    if not name:
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    elif len(name) > 100:
        errors["applicant_name"] = "申请人姓名或名称不能超过100个字。"
    if "id_type" not in errors:
        try:
            number = normalise_id_number(text["id_type"], text["id_number"])
        except PersonalDataError as error:
            errors["id_number"] = str(error)
        else:
            values |= {
                "id_number": number,
                "id_number_index": id_index(number),
                "id_number_masked": mask_id(number),
            }
    contact = {}
    for key, normaliser in (("phone", normalise_phone), ("email", normalise_email)):
        try:
            contact[key] = normaliser(text[key])
        except PersonalDataError as error:
            errors[key] = str(error)
    address = text["address"][:300]
    if not errors.keys() & {"phone", "email"} and not (
        contact.get("phone") or contact.get("email") or address
    ):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）。"
    if text["postcode"] and not (len(text["postcode"]) == 6 and text["postcode"].isdigit()):
        errors["postcode"] = "邮政编码应为6位数字。"
    description = text["description"] or text["info_title"]
    if not description:
        errors["description"] = "请填写所需政府信息的名称、文号或者便于查询的其他特征性描述。"
    elif len(description) > 5000:
        errors["description"] = "所需信息描述不能超过5000字。"
    if text["information_form"] not in InformationForm.values:
        errors["information_form"] = "请选择所需信息的提供形式。"
    method = text["delivery_method"]
    if method not in DeliveryMethod.values:
        errors["delivery_method"] = "请选择获取信息的方式。"
    elif method == DeliveryMethod.POST and not address:
        errors["address"] = "选择邮寄的，请填写通信地址。"
    elif method == DeliveryMethod.EMAIL and not contact.get("email"):
        errors["email"] = "选择电子邮件的，请填写电子邮箱。"
    elif method == DeliveryMethod.FAX and not contact.get("phone"):
        errors["phone"] = "选择传真的，请填写传真号码。"
    if errors:
        raise ApplicationError(errors)
    values |= Contact(contact["phone"], contact["email"], address).fields()
    values |= {
        "applicant_type": text["applicant_type"],
        "applicant_name": name,
        "id_type": text["id_type"],
        "postcode": text["postcode"],
        "legal_representative": text["legal_representative"][:50],
        "contact_name": text["contact_name"][:50],
        "info_title": text["info_title"][:300],
        "info_doc_number": text["info_doc_number"][:100],
        "description": description,
        "purpose": text["purpose"][:2000],
        "information_form": text["information_form"],
        "delivery_method": method,
    }
    return values


# --- Helpers --------------------------------------------------------------------------------------


def _today(at: datetime) -> date:
    return timezone.localdate(at)


def _snapshot(request: DisclosureRequest) -> dict[str, Any]:
    return {
        "status": request.status,
        "handling_unit": request.handling_unit_id,
        "receipt_date": request.receipt_date,
        "due_date": request.due_date,
        "due_kind": request.due_kind,
    }


def _lock(request: DisclosureRequest) -> DisclosureRequest:
    """Re-read the row under a write lock: the status checked is the status changed."""
    return (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("handling_unit")
        .get(pk=request.pk)
    )


def _require_handler(by: Any, request: DisclosureRequest) -> None:
    if not can_handle_request(by, request):
        raise PermissionDeniedError("您不是该申请承办单位的工作人员，不能办理。")


def _check_day(day: date | None, at: datetime, what: str, not_before: date | None = None) -> date:
    if day is None:
        raise RequestError(f"请填写{what}。")
    if day > _today(at):
        raise RequestError(f"{what}不能晚于今天。")
    if not_before is not None and day < not_before:
        raise RequestError(f"{what}不能早于{not_before.isoformat()}。")
    return day


def _event(
    request: DisclosureRequest,
    kind: str,
    on: date,
    *,
    by: Any,
    at: datetime,
    data: dict[str, Any] | None = None,
    note: str = "",
    dedupe_key: str = "",
) -> RequestEvent:
    user = by if getattr(by, "is_authenticated", False) else None
    event = RequestEvent.objects.create(
        request=request,
        kind=kind,
        on_date=on,
        at=at,
        by=user,
        data=data or {},
        note=note,
        dedupe_key=dedupe_key,
    )
    transaction.on_commit(lambda: hooks.event_recorded(event.pk))
    return event


def _save(
    request: DisclosureRequest,
    *,
    by: Any,
    at: datetime,
    action: str,
    before: dict[str, Any],
    extra: dict[str, Any] | None = None,
    unit: Any = None,
) -> DisclosureRequest:
    """Save the row, refresh the cached deadlines, and audit the change."""
    request.updated_at = at
    request.save()
    deadlines.refresh(request)
    audit.record(
        action=f"disclosure_requests.request.{action}",
        by=by,
        at=at,
        target=request,
        unit=unit or (request.handling_unit if getattr(by, "is_authenticated", False) else None),
        before=before,
        after=_snapshot(request) | (extra or {}),
    )
    return request


def _calendar_add(start: date, workdays: int) -> date:
    try:
        return get_workday_calendar().add_workdays(start, workdays)
    except CalendarYearMissingError as error:
        raise RequestError(error.message) from error


def _current_clock(request: DisclosureRequest) -> Any:
    result = deadlines.clock_of(request)
    if result is None:
        raise RequestError("工作日历缺少所需年份的放假安排，无法计算期限，请联系区政府办公室。")
    return result


def _latest_event(request: DisclosureRequest, kind: str) -> RequestEvent | None:
    return request.events.filter(kind=kind).order_by("-on_date", "-at", "-pk").first()


def _next_number(unit: Unit, year: int) -> str:
    sequence, _ = RequestSequence.objects.select_for_update().get_or_create(unit=unit, year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    prefix = unit.doc_prefix or unit.short_name or unit.code
    number = f"{prefix}依申〔{year}〕{sequence.last_serial}号"
    if DisclosureRequest.objects.filter(number=number).exists():  # two units share a prefix
        number = f"{unit.code}-{number}"
    return number


def new_lookup_code() -> str:
    while True:
        code = "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_LENGTH))
        if not DisclosureRequest.objects.filter(lookup_code=code).exists():
            return code


def format_lookup_code(code: str) -> str:
    """ABCDE-FGHJK, as printed on the acknowledgement."""
    return f"{code[:5]}-{code[5:]}" if len(code) == LOOKUP_LENGTH else code


def normalise_lookup_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:16]


# --- Registration and receipt (arts. 29, 31) ------------------------------------------------------


def legal_receipt_date(channel: str, received_on: date, confirmed_on: date | None) -> date | None:
    """Art. 31: the receipt date for `channel` — the day handed in or signed for, or the day of
    the confirmation with the applicant (None while unconfirmed)."""
    if not RECEIPT_RULES[channel].needs_confirmation:
        return received_on
    return confirmed_on


def _create(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: ApplicationData,
    channel: str,
    received_at: datetime,
    action: str,
    note: str = "",
) -> DisclosureRequest:
    if channel not in Channel.values:
        raise RequestError("请选择申请的提交方式。")
    if not unit.is_active:
        raise RequestError("该单位已停用，不能受理申请。")
    if received_at > at:
        raise RequestError("收到时间不能晚于现在。")
    values = validate_application(data)
    received_on = timezone.localdate(received_at)
    rule = RECEIPT_RULES[channel]
    user = by if getattr(by, "is_authenticated", False) else None
    request = DisclosureRequest(
        handling_unit=unit,
        number=_next_number(unit, received_on.year),
        lookup_code=new_lookup_code(),
        channel=channel,
        received_at=received_at,
        registered_by=user,
        created_at=at,
        updated_at=at,
        **values,
    )
    if not rule.needs_confirmation:
        request.status = Status.PROCESSING
        request.receipt_date = received_on
        request.confirmed_at = received_at
    request.save()
    _event(
        request,
        EventKind.RECEIVED,
        received_on,
        by=by,
        at=at,
        data={
            "channel": channel,
            "channel_label": Channel(channel).label,
            "needs_confirmation": rule.needs_confirmation,
            "basis": rule.basis,
        },
        note=note,
    )
    deadlines.refresh(request)
    audit.record(
        action=f"disclosure_requests.request.{action}",
        by=by,
        at=at,
        target=request,
        unit=unit if user is not None else None,
        after=_snapshot(request)
        | {"channel": channel, "applicant_type": request.applicant_type, "number": request.number},
    )
    return request


@transaction.atomic
def register_application(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: ApplicationData,
    channel: str,
    received_at: datetime,
    confirmed_on: date | None = None,
    note: str = "",
) -> DisclosureRequest:
    """登记 an application that arrived in person, by post, letter, fax, e-mail or online.

    In person and by signed post the receipt date is the day of arrival (art. 31); otherwise the
    application waits for the confirmation with the applicant, which may be given at once
    (`confirmed_on`). An oral application is registered "in person" (art. 29 para. 1: 代为填写).
    """
    if not can_register_in(by, unit):
        raise PermissionDeniedError("您不是该单位的工作人员，不能登记申请。")
    request = _create(
        by=by,
        at=at,
        unit=unit,
        data=data,
        channel=channel,
        received_at=received_at,
        action="registered",
        note=note,
    )
    if confirmed_on is not None and request.status == Status.PENDING:
        request = _confirm(
            by=by, at=at, request=request, confirmed_on=confirmed_on, contact_restored=False
        )
    return request


@transaction.atomic
def submit_online_application(
    *, at: datetime, unit: Unit, data: ApplicationData, by: Any = None
) -> tuple[DisclosureRequest, str]:
    """The public form's submission: returns the application and its 查询码 (formatted).

    Whether the system's acknowledgement counts as the "双方确认" of art. 31(三) is a policy
    choice (rules.md §1.4): with ZWGK_FOI_ONLINE_AUTO_CONFIRM the submission day is the receipt
    date; otherwise (the default) the handling unit confirms it explicitly.
    """
    request = _create(
        by=by,
        at=at,
        unit=unit,
        data=data,
        channel=Channel.ONLINE,
        received_at=at,
        action="submitted_online",
    )
    if getattr(settings, "ZWGK_FOI_ONLINE_AUTO_CONFIRM", False):
        request = _confirm(
            by=by, at=at, request=request, confirmed_on=_today(at), contact_restored=False
        )
    return request, format_lookup_code(request.lookup_code)


def _confirm(
    *, by: Any, at: datetime, request: DisclosureRequest, confirmed_on: date, contact_restored: bool
) -> DisclosureRequest:
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("confirm", request.status)
    received_on = timezone.localdate(request.received_at)
    _check_day(confirmed_on, at, "确认日期", not_before=received_on)
    request.receipt_date = confirmed_on
    request.confirmed_at = at
    _event(
        request,
        EventKind.CONFIRMED,
        confirmed_on,
        by=by,
        at=at,
        data={"contact_restored": contact_restored},
    )
    return _save(request, by=by, at=at, action="confirmed", before=before)


@transaction.atomic
def confirm_receipt(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    confirmed_on: date,
    contact_restored: bool = False,
) -> DisclosureRequest:
    """Art. 31: the confirmation with the applicant; its day is the receipt date."""
    _require_handler(by, request)
    return _confirm(
        by=by, at=at, request=request, confirmed_on=confirmed_on, contact_restored=contact_restored
    )


@transaction.atomic
def record_contact_failure(
    *, by: Any, at: datetime, request: DisclosureRequest, note: str
) -> DisclosureRequest:
    """An ordinary letter whose sender cannot be reached: registered, the clock waits for
    contact (国办公开办函〔2015〕207号)."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    transitions.check("contact_failed", request.status)
    if not note.strip():
        raise RequestError("请说明联系的时间、方式和结果。")
    _event(request, EventKind.CONTACT_FAILED, _today(at), by=by, at=at, note=note.strip())
    return _save(request, by=by, at=at, action="contact_failed", before=before)


@transaction.atomic
def claim_request(*, by: Any, at: datetime, request: DisclosureRequest) -> DisclosureRequest:
    """认领: the first clerk to claim a case handles it (compare-and-swap on `assigned_to`)."""
    _require_handler(by, request)
    transitions.check("claim", request.status)
    claimed = DisclosureRequest.objects.filter(pk=request.pk, assigned_to__isnull=True).update(
        assigned_to=by, updated_at=at
    )
    if claimed != 1:
        raise RequestError("该申请已由他人认领。")
    request.refresh_from_db()
    audit.record(
        action="disclosure_requests.request.claimed",
        by=by,
        at=at,
        target=request,
        unit=request.handling_unit,
        after={"assigned_to": by.pk},
    )
    return request


# --- 补正 (art. 30) -------------------------------------------------------------------------------


def _items(items: Iterable[str]) -> list[str]:
    cleaned = [item.strip() for item in items if item and item.strip()]
    if not cleaned:
        raise RequestError("请列明需要补正的全部事项（应一次性告知）。")
    if len(cleaned) > MAX_ITEMS:
        raise RequestError(f"补正事项不能超过{MAX_ITEMS}项。")
    return cleaned


@transaction.atomic
def request_correction(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    items: Sequence[str],
    deadline: date,
    sent_on: date,
) -> DisclosureRequest:
    """Art. 30: one notice listing every item, with a reasonable period set by the agency.
    Due within 7 working days of receipt; a later notice is recorded and flagged."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("request_correction", request.status)
    cleaned = _items(items)
    start = _current_clock(request).receipt_date
    _check_day(sent_on, at, "告知日期", not_before=start)
    if deadline is None or deadline <= sent_on:
        raise RequestError("补正期限应晚于告知日期。")
    _event(
        request,
        EventKind.CORRECTION_REQUESTED,
        sent_on,
        by=by,
        at=at,
        data={"items": cleaned, "deadline": deadline.isoformat()},
    )
    return _save(
        request,
        by=by,
        at=at,
        action="correction_requested",
        before=before,
        extra={"items": len(cleaned), "deadline": deadline},
    )


@transaction.atomic
def receive_correction(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    received_on: date,
    description: str = "",
    note: str = "",
) -> DisclosureRequest:
    """The corrected application arrived: the 20-working-day clock starts again from that day
    (art. 30). `description` replaces the description when the correction rewrites it. `by` may
    be None when the applicant corrects through the portal (authenticated by 查询码 + phone)."""
    if by is not None and getattr(by, "is_authenticated", False):
        _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("receive_correction", request.status)
    asked = _latest_event(request, EventKind.CORRECTION_REQUESTED)
    _check_day(received_on, at, "收到补正日期", not_before=asked.on_date if asked else None)
    corrected = description.strip()
    if corrected:
        if len(corrected) > 5000:
            raise RequestError("补正内容不能超过5000字。")
        request.description = corrected
    _event(
        request,
        EventKind.CORRECTION_RECEIVED,
        received_on,
        by=by,
        at=at,
        data={"description_changed": bool(corrected)},
        note=note.strip(),
    )
    return _save(request, by=by, at=at, action="correction_received", before=before)


def _close_with(
    request: DisclosureRequest, *, outcome: str, on: date, by: Any, at: datetime, body: str
) -> Reply:
    user = by if getattr(by, "is_authenticated", False) else None
    reply = Reply.objects.create(
        request=request,
        outcome=outcome,
        table3_row=table3_row(outcome),
        reply_date=on,
        body=body,
        by=user,
        at=at,
    )
    request.closed_at = at
    transaction.on_commit(lambda: hooks.reply_recorded(reply.pk))
    return reply


@transaction.atomic
def lapse_correction(*, by: Any, at: datetime, request: DisclosureRequest) -> DisclosureRequest:
    """Art. 30: no correction within the period without good reason → 视为放弃, 不再处理
    (table 三 （六）1). Only after the period has passed."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("lapse_correction", request.status)
    asked = _latest_event(request, EventKind.CORRECTION_REQUESTED)
    deadline = date.fromisoformat(asked.data["deadline"]) if asked else None
    today = _today(at)
    if deadline is None or today <= deadline:
        raise RequestError(f"补正期限（{deadline}）尚未届满，不能按逾期不补正处理。")
    _event(request, EventKind.CORRECTION_LAPSED, today, by=by, at=at)
    _close_with(
        request,
        outcome=Outcome.CORRECTION_TIMEOUT,
        on=today,
        by=by,
        at=at,
        body=OUTCOME_RULES[Outcome.CORRECTION_TIMEOUT].must_say,
    )
    return _save(request, by=by, at=at, action="correction_lapsed", before=before)


# --- Consultation (arts. 32–34) -----------------------------------------------------------------


@transaction.atomic
def send_consultation(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    party: str,
    party_name: str,
    question: str,
    sent_on: date,
) -> Consultation:
    """书面征求意见 of a third party (art. 32) or a co-producing agency (art. 34); the reply clock
    pauses (art. 33 para. 3; convention in clock.py)."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    transitions.check("consult", request.status)
    if party not in ConsultationParty.values:
        raise RequestError("请选择征求意见的对象类型。")
    if not party_name.strip():
        raise RequestError("请填写被征求意见的第三方或机关名称。")
    _check_day(sent_on, at, "发出日期", not_before=request.receipt_date)
    consultation = Consultation.objects.create(
        request=request,
        party=party,
        party_name=party_name.strip()[:200],
        question=question.strip(),
        sent_on=sent_on,
        window_end=_calendar_add(sent_on, 15),
        created_at=at,
    )
    _event(
        request,
        EventKind.CONSULTATION_SENT,
        sent_on,
        by=by,
        at=at,
        data={
            "consultation": consultation.pk,
            "party": party,
            "party_label": ConsultationParty(party).label,
        },
    )
    _save(
        request,
        by=by,
        at=at,
        action="consultation_sent",
        before=before,
        extra={"party": party, "window_end": consultation.window_end},
    )
    return consultation


@transaction.atomic
def record_consultation_answer(
    *,
    by: Any,
    at: datetime,
    consultation: Consultation,
    answer: str,
    answered_on: date | None = None,
    note: str = "",
) -> Consultation:
    """The answer arrived (or the 15 working days passed in silence: answer "none", the pause
    ends with the window)."""
    request = consultation.request
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    transitions.check("answer_consultation", request.status)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        raise RequestError("该征求意见已登记结果。")
    if answer not in ConsultationAnswer.values:
        raise RequestError("请选择征求意见的结果。")
    if answer == ConsultationAnswer.NONE:
        if _today(at) <= consultation.window_end:
            raise RequestError(
                f"答复期（至{consultation.window_end.isoformat()}）尚未届满，"
                "不能登记为逾期未提出意见。"
            )
        answered_on = consultation.window_end
    else:
        answered_on = _check_day(answered_on, at, "收到意见日期", not_before=consultation.sent_on)
    consultation.answer = answer
    consultation.answered_on = answered_on
    consultation.answer_note = note.strip()
    consultation.save()
    _event(
        request,
        EventKind.CONSULTATION_ANSWERED,
        answered_on,
        by=by,
        at=at,
        data={"consultation": consultation.pk, "answer": answer},
        note=note.strip(),
    )
    _save(
        request,
        by=by,
        at=at,
        action="consultation_answered",
        before=before,
        extra={"answer": answer},
    )
    return consultation


# --- Extension (art. 33) and art. 35 -------------------------------------------------------------


@transaction.atomic
def extend_deadline(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    workdays: int,
    reason: str,
    approved_on: date,
) -> DisclosureRequest:
    """Art. 33: once, at most 20 working days, approved by the head of the 工作机构 within the
    reply period, with a notice (延期答复告知书) to the applicant."""
    if not can_approve_extension(by, request):
        raise PermissionDeniedError("延长答复期限须经政府信息公开工作机构负责人同意。")
    request = _lock(request)
    before = _snapshot(request)
    transitions.check("extend", request.status)
    if request.events.filter(kind=EventKind.EXTENDED).exists():
        raise RequestError("答复期限只能延长一次（条例第三十三条）。")
    if not isinstance(workdays, int) or not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise RequestError(f"延长期限应为1至{MAX_EXTENSION_WORKDAYS}个工作日。")
    if not reason.strip():
        raise RequestError("请说明延长答复期限的理由。")
    current = _current_clock(request)
    _check_day(approved_on, at, "批准日期", not_before=current.receipt_date)
    if current.reply_due is None or approved_on > current.reply_due:
        raise RequestError("答复期限已届满，不能再延长。")
    _event(
        request,
        EventKind.EXTENDED,
        approved_on,
        by=by,
        at=at,
        data={"workdays": workdays, "approved_by": getattr(by, "display_name", str(by))},
        note=reason.strip(),
    )
    return _save(
        request, by=by, at=at, action="extended", before=before, extra={"workdays": workdays}
    )


@transaction.atomic
def request_reasons(
    *, by: Any, at: datetime, request: DisclosureRequest, sent_on: date, deadline: date
) -> DisclosureRequest:
    """Art. 35: quantity or frequency clearly beyond a reasonable range → ask for reasons."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("request_reasons", request.status)
    _check_day(sent_on, at, "告知日期", not_before=request.receipt_date)
    if deadline is None or deadline <= sent_on:
        raise RequestError("说明理由的期限应晚于告知日期。")
    _event(
        request,
        EventKind.REASONS_REQUESTED,
        sent_on,
        by=by,
        at=at,
        data={"deadline": deadline.isoformat()},
    )
    return _save(request, by=by, at=at, action="reasons_requested", before=before)


@transaction.atomic
def accept_reasons(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    decided_on: date,
    reasonable_due: date | None,
    note: str = "",
) -> DisclosureRequest:
    """Art. 35: the reasons are reasonable; if the art. 33 period cannot be kept, the agency sets
    a reasonable later date and tells the applicant. (Unreasonable reasons: reply 不予处理.)"""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("accept_reasons", request.status)
    _check_day(decided_on, at, "决定日期", not_before=request.receipt_date)
    if reasonable_due is not None and reasonable_due <= decided_on:
        raise RequestError("延迟答复的合理期限应晚于决定日期。")
    _event(
        request,
        EventKind.REASONS_ACCEPTED,
        decided_on,
        by=by,
        at=at,
        data={"due": reasonable_due.isoformat() if reasonable_due else None},
        note=note.strip(),
    )
    return _save(request, by=by, at=at, action="reasons_accepted", before=before)


# --- Fees (处理费办法) ----------------------------------------------------------------------------


def earlier_items_in_month(request: DisclosureRequest) -> int:
    """Items the same applicant applied for earlier in the calendar month of this application's
    receipt (办法 art. 4: counted per applicant and natural month). An application counts as one
    item, or as the items a per-item fee notice split it into (一事一申请)."""
    if not request.receipt_date or not (request.id_number_index or request.applicant_name):
        return 0
    same = DisclosureRequest.objects.filter(
        receipt_date__year=request.receipt_date.year,
        receipt_date__month=request.receipt_date.month,
        handling_unit=request.handling_unit,
    ).exclude(pk=request.pk)
    if request.id_number_index:
        same = same.filter(id_number_index=request.id_number_index)
    else:
        same = same.filter(applicant_name=request.applicant_name)
    earlier = [
        r
        for r in same.only("pk", "receipt_date")
        if (r.receipt_date, r.pk) < (request.receipt_date, request.pk)
    ]
    total = 0
    for other in earlier:
        split = (
            FeeNotice.objects.filter(request=other, method="per_item")
            .order_by("-pk")
            .values_list("items", flat=True)
            .first()
        )
        total += max(1, split or 1)
    return total


@transaction.atomic
def notify_fee(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    method: str,
    items: int = 0,
    pages: int = 0,
    sent_on: date,
    received_on: date,
) -> FeeNotice:
    """收费通知 within the reply period: the amount is computed (fees.py), never typed; payment
    within 20 working days from the day after the applicant received it."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("notify_fee", request.status)
    current = _current_clock(request)
    _check_day(sent_on, at, "发出日期", not_before=current.receipt_date)
    if received_on is None or received_on < sent_on:
        raise RequestError("申请人收到通知的日期不能早于发出日期。")
    if current.reply_due is not None and sent_on > current.reply_due:
        raise RequestError("收费通知应在答复期限内发出。")
    earlier = earlier_items_in_month(request) if method == "per_item" else 0
    try:
        fee = quote(method=method, earlier_items=earlier, items=items, pages=pages)
    except FeeInputError as error:
        raise RequestError(str(error)) from error
    if fee.is_free:
        raise RequestError(f"按规定不收费：{fee.explanation}")
    notice = FeeNotice.objects.create(
        request=request,
        method=method,
        items=items if method == "per_item" else 0,
        earlier_items=earlier,
        pages=pages if method == "per_volume" else 0,
        amount=fee.amount,
        explanation=fee.explanation,
        sent_on=sent_on,
        received_on=received_on,
        pay_by=_calendar_add(received_on, 20),
        created_at=at,
    )
    _event(
        request,
        EventKind.FEE_NOTIFIED,
        sent_on,
        by=by,
        at=at,
        data={
            "fee_notice": notice.pk,
            "amount": str(notice.amount),
            "received_on": received_on.isoformat(),
        },
    )
    _save(
        request,
        by=by,
        at=at,
        action="fee_notified",
        before=before,
        extra={"amount": str(notice.amount), "method": method},
    )
    return notice


def _open_fee(request: DisclosureRequest) -> FeeNotice:
    notice = (
        request.fee_notices.filter(paid_on__isnull=True, lapsed_on__isnull=True)
        .order_by("-pk")
        .first()
    )
    if notice is None:
        raise RequestError("没有待缴费的收费通知。")
    return notice


@transaction.atomic
def record_fee_payment(
    *, by: Any, at: datetime, request: DisclosureRequest, paid_on: date
) -> DisclosureRequest:
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("record_payment", request.status)
    notice = _open_fee(request)
    _check_day(paid_on, at, "缴费日期", not_before=notice.received_on)
    if paid_on > notice.pay_by:
        raise RequestError(f"缴费期限已于{notice.pay_by.isoformat()}届满，视为放弃申请。")
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    _event(request, EventKind.FEE_PAID, paid_on, by=by, at=at, data={"fee_notice": notice.pk})
    return _save(request, by=by, at=at, action="fee_paid", before=before)


@transaction.atomic
def lapse_fee(*, by: Any, at: datetime, request: DisclosureRequest) -> DisclosureRequest:
    """Unpaid after 20 working days → 视为放弃 (table 三 （六）2)."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("lapse_fee", request.status)
    notice = _open_fee(request)
    today = _today(at)
    if today <= notice.pay_by:
        raise RequestError(f"缴费期限（{notice.pay_by.isoformat()}）尚未届满。")
    notice.lapsed_on = today
    notice.save(update_fields=["lapsed_on"])
    _event(request, EventKind.FEE_LAPSED, today, by=by, at=at, data={"fee_notice": notice.pk})
    _close_with(
        request,
        outcome=Outcome.FEE_TIMEOUT,
        on=today,
        by=by,
        at=at,
        body=OUTCOME_RULES[Outcome.FEE_TIMEOUT].must_say,
    )
    return _save(request, by=by, at=at, action="fee_lapsed", before=before)


# --- Routing and 协办 -----------------------------------------------------------------------------


def _same_district(a: Unit, b: Unit) -> bool:
    return a.root_id == b.root_id


@transaction.atomic
def transfer_request(
    *, by: Any, at: datetime, request: DisclosureRequest, to_unit: Unit, reason: str
) -> DisclosureRequest:
    """转办 to the responsible unit inside the district. The ledger and the clock continue (the
    applicant does not lose time because the application was routed)."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    transitions.check("transfer", request.status)
    old = request.handling_unit
    if to_unit.pk == old.pk:
        raise RequestError("请选择另一个承办单位。")
    if not to_unit.is_active or not _same_district(old, to_unit):
        raise RequestError("只能转给本区内在用的单位；其他机关的信息请答复告知申请人。")
    if not reason.strip():
        raise RequestError("请说明转办理由。")
    request.handling_unit = to_unit
    request.assigned_to = None
    _event(
        request,
        EventKind.TRANSFERRED,
        _today(at),
        by=by,
        at=at,
        data={"from": old.pk, "to": to_unit.pk, "from_label": old.name, "to_label": to_unit.name},
        note=reason.strip(),
    )
    return _save(
        request,
        by=by,
        at=at,
        action="transferred",
        before=before,
        extra={"from": old.name, "to": to_unit.name},
        unit=old,
    )


@transaction.atomic
def ask_assistance(
    *, by: Any, at: datetime, request: DisclosureRequest, unit: Unit, question: str
) -> Assistance:
    """协办: ask another unit of the district to contribute; it may then read the case."""
    _require_handler(by, request)
    request = _lock(request)
    transitions.check("ask_assistance", request.status)
    if unit.pk == request.handling_unit_id or not _same_district(unit, request.handling_unit):
        raise RequestError("请选择本区内的其他单位协办。")
    if not question.strip():
        raise RequestError("请说明需要协办的事项。")
    if request.assistances.filter(unit=unit).exists():
        raise RequestError("已请该单位协办。")
    assistance = Assistance.objects.create(
        request=request, unit=unit, asked_on=_today(at), question=question.strip(), created_at=at
    )
    _event(
        request,
        EventKind.ASSISTANCE_REQUESTED,
        _today(at),
        by=by,
        at=at,
        data={"unit": unit.pk, "unit_label": unit.name},
    )
    audit.record(
        action="disclosure_requests.assistance.requested",
        by=by,
        at=at,
        target=request,
        unit=request.handling_unit,
        after={"unit": unit.name},
    )
    return assistance


@transaction.atomic
def answer_assistance(*, by: Any, at: datetime, assistance: Assistance, answer: str) -> Assistance:
    if not can_answer_assistance(by, assistance):
        raise PermissionDeniedError("您不是协办单位的工作人员。")
    assistance = Assistance.objects.select_for_update().get(pk=assistance.pk)
    if assistance.answered_on is not None:
        raise RequestError("已提交协办意见。")
    if not answer.strip():
        raise RequestError("请填写协办意见。")
    assistance.answer = answer.strip()
    assistance.answered_on = _today(at)
    assistance.answered_by = by
    assistance.save()
    audit.record(
        action="disclosure_requests.assistance.answered",
        by=by,
        at=at,
        target=assistance.request,
        unit=assistance.unit,
    )
    return assistance


# --- Reply, withdrawal, delivery ------------------------------------------------------------------


@dataclass
class ReplyData:
    outcome: str
    reply_date: date
    body: str = ""
    withheld_part: str = ""
    withheld_grounds: Sequence[str] = ()
    withheld_reason: str = ""
    other_agency: str = ""
    other_agency_contact: str = ""


def _validate_reply(request: DisclosureRequest, data: ReplyData) -> None:
    outcome = data.outcome
    if outcome not in CLERK_OUTCOMES:
        raise RequestError("请选择答复类型。")
    rule = OUTCOME_RULES[outcome]
    if outcome == Outcome.PARTIAL:
        grounds = list(data.withheld_grounds)
        if not data.withheld_part.strip() or not data.withheld_reason.strip():
            raise RequestError("部分公开的，应写明不予公开的内容及理由（条例第三十七条）。")
        if not grounds or any(g not in WITHHOLDING_GROUNDS for g in grounds):
            raise RequestError("请选择不予公开部分的法律依据（条例第十四条、第十五条、第十六条）。")
    elif rule.is_refusal and not data.body.strip():
        raise RequestError("不予公开的，应说明理由（条例第三十六条第（三）项）。")
    if outcome == Outcome.NOT_OUR_INFO and not (data.other_agency.strip() or data.body.strip()):
        raise RequestError(
            "请写明负责公开该信息的机关名称和联系方式，或说明理由（第三十六条第（五）项）。"
        )
    if (
        outcome == Outcome.EXCESSIVE
        and not request.events.filter(kind=EventKind.REASONS_REQUESTED).exists()
    ):
        raise RequestError("不予处理大量反复申请前，应先要求申请人说明理由（条例第三十五条）。")
    if (
        outcome == Outcome.STILL_UNCLEAR
        and not request.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    ):
        raise RequestError("只有补正后申请内容仍不明确的，才能按此答复（条例第三十条）。")


@transaction.atomic
def reply_to_request(
    *, by: Any, at: datetime, request: DisclosureRequest, data: ReplyData
) -> Reply:
    """Record the reply (arts. 30, 35–39) and its annual-report row. The letter (答复书) is
    generated by listeners of hooks.on_reply_recorded; this records the decision and its text."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("reply", request.status)
    _validate_reply(request, data)
    current = _current_clock(request)
    _check_day(data.reply_date, at, "答复日期", not_before=current.receipt_date)
    rule = OUTCOME_RULES[data.outcome]
    reply = Reply.objects.create(
        request=request,
        outcome=data.outcome,
        table3_row=rule.row,
        reply_date=data.reply_date,
        body=data.body.strip(),
        withheld_part=data.withheld_part.strip(),
        withheld_grounds=list(data.withheld_grounds) if data.outcome == Outcome.PARTIAL else [],
        withheld_reason=data.withheld_reason.strip(),
        other_agency=data.other_agency.strip()[:200],
        other_agency_contact=data.other_agency_contact.strip()[:200],
        by=by,
        at=at,
    )
    _event(
        request,
        EventKind.REPLIED,
        data.reply_date,
        by=by,
        at=at,
        data={
            "outcome": data.outcome,
            "outcome_label": Outcome(data.outcome).label,
            "article": rule.article,
            "reply": reply.pk,
        },
    )
    transaction.on_commit(lambda: hooks.reply_recorded(reply.pk))
    _save(
        request,
        by=by,
        at=at,
        action="replied",
        before=before,
        extra={"outcome": data.outcome, "row": rule.row},
    )
    return reply


@transaction.atomic
def withdraw_request(
    *, by: Any, at: datetime, request: DisclosureRequest, withdrawn_on: date, note: str
) -> DisclosureRequest:
    """The applicant withdrew the application: closed, counted as （六）3 其他."""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("withdraw", request.status)
    _check_day(withdrawn_on, at, "撤回日期", not_before=timezone.localdate(request.received_at))
    if not note.strip():
        raise RequestError("请记录申请人撤回申请的方式和时间。")
    _close_with(
        request,
        outcome=Outcome.OTHER,
        on=withdrawn_on,
        by=by,
        at=at,
        body=f"申请人撤回申请：{note.strip()}",
    )
    if request.receipt_date is None:  # withdrawn before the art. 31 confirmation
        request.receipt_date = timezone.localdate(request.received_at)
    _event(
        request,
        EventKind.REPLIED,
        withdrawn_on,
        by=by,
        at=at,
        data={"outcome": Outcome.OTHER, "outcome_label": "申请人撤回申请", "article": ""},
        note=note.strip(),
    )
    return _save(request, by=by, at=at, action="withdrawn", before=before)


@transaction.atomic
def record_delivery(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    method: str,
    delivered_on: date,
    tracking_number: str = "",
    note: str = "",
) -> DisclosureRequest:
    """送达 of the reply: by post (tracking number), e-mail, fax, collection in person …"""
    _require_handler(by, request)
    request = _lock(request)
    before = _snapshot(request)
    request.status = transitions.check("deliver", request.status)
    reply = Reply.objects.filter(request=request).first()
    if method not in DeliveryMethod.values:
        raise RequestError("请选择送达方式。")
    if method == DeliveryMethod.POST and not tracking_number.strip():
        raise RequestError("邮寄送达的，请填写邮件单号。")
    _check_day(delivered_on, at, "送达日期", not_before=reply.reply_date if reply else None)
    Delivery.objects.create(
        request=request,
        reply=reply,
        method=method,
        tracking_number=tracking_number.strip()[:60],
        delivered_on=delivered_on,
        note=note.strip(),
        by=by,
        at=at,
    )
    if request.closed_at is None:
        request.closed_at = at
    _event(
        request,
        EventKind.DELIVERED,
        delivered_on,
        by=by,
        at=at,
        data={"method": method, "method_label": DeliveryMethod(method).label},
    )
    return _save(request, by=by, at=at, action="delivered", before=before)


# --- Files and personal data ----------------------------------------------------------------------


def file_context(request_pk: int, sha256: str) -> str:
    return f"disclosure_requests.requestfile:{request_pk}:{sha256}"


@transaction.atomic
def add_request_file(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    kind: str,
    name: str,
    content: bytes,
    content_type: str = "application/octet-stream",
    event: RequestEvent | None = None,
    reply: Reply | None = None,
) -> RequestFile:
    """Attach a file. Identity documents are encrypted at rest (security.md §3.2). `by` may be
    None for the applicant's own upload through the portal or a generated letter."""
    if by is not None and getattr(by, "is_authenticated", False):
        _require_handler(by, request)
    if kind not in RequestFile.Kind.values:
        raise RequestError("文件类型不正确。")
    if not content:
        raise RequestError("文件是空的。")
    if len(content) > MAX_FILE_BYTES:
        raise RequestError("文件不能超过20MB。")
    sha256 = hashlib.sha256(content).hexdigest()
    encrypt = kind == RequestFile.Kind.IDENTITY
    stored = (
        crypto.encrypt_bytes(content, context=file_context(request.pk, sha256))
        if encrypt
        else content
    )
    record = RequestFile(
        request=request,
        event=event,
        reply=reply,
        kind=kind,
        original_name=(name or "file")[:200],
        content_type=content_type[:100],
        size=len(content),
        sha256=sha256,
        is_encrypted=encrypt,
        uploaded_at=at,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record.file.save(sha256, ContentFile(stored), save=False)
    record.save()
    audit.record(
        action="disclosure_requests.file.added",
        by=by,
        at=at,
        target=request,
        unit=request.handling_unit if getattr(by, "is_authenticated", False) else None,
        after={"kind": kind, "name": record.original_name, "size": record.size},
    )
    return record


def read_request_file(record: RequestFile) -> bytes:
    """The file's content, decrypted when stored encrypted (callers audit who downloads)."""
    with record.file.open("rb") as handle:
        data = handle.read()
    if record.is_encrypted:
        return crypto.decrypt_bytes(data, context=file_context(record.request_id, record.sha256))
    return data


REVEALABLE = {
    "id_number": "身份证明号码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通信地址",
}


@transaction.atomic
def reveal_personal_data(*, by: Any, at: datetime, request: DisclosureRequest, field: str) -> str:
    """The full value of one personal field, for the handling unit only, with an audit row that
    names the field (never the value)."""
    if field not in REVEALABLE:
        raise RequestError("该字段不能查看。")
    if not can_reveal_personal_data(by, request):
        raise PermissionDeniedError("只有承办单位的工作人员可以查看完整的个人信息。")
    secret = getattr(request, field)
    value = secret.reveal() if isinstance(secret, crypto.Secret) else str(secret or "")
    audit.record(
        action="disclosure_requests.request.personal_data_viewed",
        by=by,
        at=at,
        target=request,
        unit=request.handling_unit,
        after={"field": field},
    )
    return value


# --- 复议 and 诉讼 --------------------------------------------------------------------------------


@dataclass
class AppealData:
    kind: str
    body: str
    filed_on: date
    case_number: str = ""
    accepted_on: date | None = None
    stage: str = AppealStage.FILED
    result: str = AppealResult.PENDING
    decided_on: date | None = None
    note: str = ""


def _validate_appeal(data: AppealData, at: datetime) -> None:
    if data.kind not in AppealKind.values:
        raise RequestError("请选择行政复议或行政诉讼。")
    if not data.body.strip():
        raise RequestError("请填写复议机关或人民法院名称。")
    _check_day(data.filed_on, at, "申请或起诉日期")
    if data.accepted_on is not None:
        _check_day(data.accepted_on, at, "受理日期", not_before=data.filed_on)
    if data.stage not in AppealStage.values:
        raise RequestError("请选择案件阶段。")
    if data.result not in AppealResult.values:
        raise RequestError("请选择案件结果。")
    if data.result == AppealResult.PENDING:
        if data.decided_on is not None:
            raise RequestError("尚未审结的案件不能填写审结日期。")
    else:
        _check_day(data.decided_on, at, "审结日期", not_before=data.filed_on)


@transaction.atomic
def record_appeal(
    *,
    by: Any,
    at: datetime,
    request: DisclosureRequest,
    data: AppealData,
    after: Appeal | None = None,
) -> Appeal:
    """A 复议 or 诉讼 case about `request`; litigation after a 复议 names it (`after`)."""
    if not can_manage_appeals(by, request):
        raise PermissionDeniedError("您不能登记该申请的复议、诉讼案件。")
    _validate_appeal(data, at)
    if after is not None:
        if data.kind != AppealKind.LITIGATION:
            raise RequestError("只有行政诉讼可以关联在先的行政复议。")
        if after.kind != AppealKind.RECONSIDERATION or after.request_id != request.pk:
            raise RequestError("请选择本申请的行政复议案件。")
    if request.status == Status.PENDING:
        raise RequestError("申请尚未确认收到，不能登记复议、诉讼。")
    appeal = Appeal.objects.create(
        kind=data.kind,
        request=request,
        unit=request.handling_unit,
        after=after,
        is_after_reconsideration=after is not None,
        body=data.body.strip()[:200],
        case_number=data.case_number.strip()[:100],
        applicant_name=request.applicant_name,
        filed_on=data.filed_on,
        accepted_on=data.accepted_on,
        stage=data.stage,
        result=data.result,
        decided_on=data.decided_on,
        note=data.note.strip(),
        created_at=at,
        updated_at=at,
    )
    audit.record(
        action="disclosure_requests.appeal.recorded",
        by=by,
        at=at,
        target=appeal,
        unit=request.handling_unit,
        after={"kind": data.kind, "result": data.result, "request": request.number},
    )
    return appeal


@transaction.atomic
def update_appeal(*, by: Any, at: datetime, appeal: Appeal, data: AppealData) -> Appeal:
    """Record the progress and the result (维持 / 纠正 / 其他 / 尚未审结)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)  # no outer join under FOR UPDATE
    if appeal.request is None or not can_manage_appeals(by, appeal.request):
        raise PermissionDeniedError("您不能修改该复议、诉讼案件。")
    if data.kind != appeal.kind:
        raise RequestError("不能改变案件类型。")
    _validate_appeal(data, at)
    before = {"stage": appeal.stage, "result": appeal.result, "decided_on": appeal.decided_on}
    appeal.body = data.body.strip()[:200]
    appeal.case_number = data.case_number.strip()[:100]
    appeal.filed_on = data.filed_on
    appeal.accepted_on = data.accepted_on
    appeal.stage = data.stage
    appeal.result = data.result
    appeal.decided_on = data.decided_on
    appeal.note = data.note.strip()
    appeal.updated_at = at
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError as error:
        raise RequestError("案件信息不一致，请检查结果和日期。") from error
    audit.record(
        action="disclosure_requests.appeal.updated",
        by=by,
        at=at,
        target=appeal,
        unit=appeal.unit,
        before=before,
        after={"stage": appeal.stage, "result": appeal.result, "decided_on": appeal.decided_on},
    )
    return appeal
