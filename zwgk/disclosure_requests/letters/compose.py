"""Which letters a case can have, and the content of each, composed from the case record.

Reads the application, its ledger, consultations, fee notices and reply; writes nothing. The
result is a `LetterContent` (plain data) that render.py turns into DOCX and PDF and services.py
checks, numbers and stores. The words come from wording.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import CalendarYearMissingError
from zwgk.orgs.models import Unit

from .. import clock, deadlines
from ..models import Consultation, DisclosureRequest, EventKind, FeeNotice, RequestEvent
from ..statute import WITHHOLDING_GROUNDS, ApplicantType, Channel, DeliveryMethod, Outcome
from . import wording
from .wording import LetterKind

PLACEHOLDER_NUMBER = "（发出时编号）"


class LetterSourceError(ValueError):
    """The letter's source is not (or no longer) part of the case."""


@dataclass(frozen=True)
class LetterContent:
    """A letter as paragraphs. `body` is the part a clerk may edit before issuing; `opening`
    and `closing` (the receipt sentence, the remedy clause) are fixed."""

    kind: str
    source: str
    title: str
    number: str
    addressee: str
    opening: tuple[str, ...]
    body: tuple[str, ...]
    closing: tuple[str, ...]
    signature: str
    letter_date: date
    to_applicant: bool = True
    attachments: tuple[str, ...] = field(default_factory=tuple)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return (*self.opening, *self.body, *self.closing)

    @property
    def date_text(self) -> str:
        return wording.chinese_date(self.letter_date)

    def text(self) -> str:
        """Every word of the letter, as textcheck sees it."""
        lines = [self.title, self.number, f"{self.addressee}：", *self.paragraphs]
        if self.attachments:
            lines.append("附件：" + "；".join(self.attachments))
        lines += [self.signature, self.date_text]
        return "\n".join(lines)

    def with_number(self, number: str) -> LetterContent:
        return replace(self, number=number)

    def with_body(self, text: str) -> LetterContent:
        lines = tuple(line.strip() for line in text.splitlines() if line.strip())
        return replace(self, body=lines)


@dataclass(frozen=True)
class LetterSource:
    kind: str
    source: str
    on: date
    label: str  # e.g. "补正告知书（2026-02-12）", for the case page


def _is_org(request: DisclosureRequest) -> bool:
    return request.applicant_type != ApplicantType.NATURAL_PERSON


def _received_on(request: DisclosureRequest) -> date:
    return timezone.localdate(request.received_at)


def _short(kind: str) -> str:
    return LetterKind(kind).label.replace("政府信息公开申请", "")


def list_sources(request: DisclosureRequest) -> list[LetterSource]:
    """Every letter the case calls for so far, in the order of the ledger."""
    found = [LetterSource(LetterKind.RECEIPT, "receipt", _received_on(request), "")]
    letter_events = {
        EventKind.CORRECTION_REQUESTED: LetterKind.CORRECTION,
        EventKind.EXTENDED: LetterKind.EXTENSION,
        EventKind.REASONS_REQUESTED: LetterKind.REASONS,
    }
    for event in request.events.filter(kind__in=list(letter_events)).order_by("on_date", "pk"):
        found.append(
            LetterSource(letter_events[event.kind], f"event:{event.pk}", event.on_date, "")
        )
    for consultation in request.consultations.all():
        key = f"consultation:{consultation.pk}"
        found.append(LetterSource(LetterKind.CONSULTATION, key, consultation.sent_on, ""))
        found.append(LetterSource(LetterKind.CONSULTATION_NOTICE, key, consultation.sent_on, ""))
    for notice in request.fee_notices.all():
        found.append(LetterSource(LetterKind.FEE, f"fee:{notice.pk}", notice.sent_on, ""))
    reply = getattr(request, "reply", None)
    if reply is not None:
        found.append(LetterSource(LetterKind.REPLY, "reply", reply.reply_date, ""))
    found.sort(key=lambda s: s.on)
    return [replace(s, label=f"{_short(s.kind)}（{s.on.isoformat()}）") for s in found]


# --- The unit: name, 机关代字, 复议机关 ---------------------------------------------------


def doc_prefix(unit: Unit) -> str:
    return unit.doc_prefix or unit.short_name or unit.code


def own_government(unit: Unit) -> Unit | None:
    """The people's government the unit belongs to: itself if it is one, else the nearest
    government above it."""
    if unit.kind == Unit.Kind.GOVERNMENT:
        return unit
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    governments = Unit.objects.filter(pk__in=ids, kind=Unit.Kind.GOVERNMENT)
    return max(governments, key=lambda u: u.depth, default=None)


def reconsideration_body(unit: Unit) -> str:
    """The 行政复议机关 for the unit's replies (wording.reconsideration_body; raises
    wording.ReconsiderationBodyError with a Chinese message when it cannot be derived)."""
    government = own_government(unit)
    if government is None:
        raise wording.ReconsiderationBodyError(
            f"{unit.name}不在任何人民政府之下，无法确定行政复议机关。"
        )
    return wording.reconsideration_body(
        unit.kind,
        government.name,
        getattr(settings, "ZWGK_FOI_SUPERIOR_GOVERNMENT", ""),
        unit.name,
    )


def _closing_contact(unit: Unit) -> tuple[str, ...]:
    if unit.office_phone:
        return (wording.contact_sentence(unit.office_name or unit.name, unit.office_phone),)
    return ()


# --- Composition per kind ---------------------------------------------------------------------


def _base(request: DisclosureRequest, kind: str, source: str, on: date, **values: Any) -> Any:
    unit = request.handling_unit
    return LetterContent(
        kind=kind,
        source=source,
        title=f"{unit.name}{LetterKind(kind).label}",
        number=values.pop("number", PLACEHOLDER_NUMBER),
        addressee=values.pop("addressee", request.applicant_name),
        signature=unit.name,
        letter_date=on,
        **values,
    )


def _event(request: DisclosureRequest, source: str, kind: str) -> RequestEvent:
    pk = _pk(source, "event")
    event = request.events.filter(pk=pk, kind=kind).first()
    if event is None:
        raise LetterSourceError(source)
    return event


def _pk(source: str, prefix: str) -> int:
    head, _, tail = source.partition(":")
    if head != prefix or not tail.isdigit():
        raise LetterSourceError(source)
    return int(tail)


def _reply_letter(request: DisclosureRequest) -> LetterContent:
    reply = getattr(request, "reply", None)
    if reply is None:
        raise LetterSourceError("reply")
    org = _is_org(request)
    body = [wording.outcome_text(reply.outcome, is_organisation=org)]
    if reply.outcome == Outcome.PARTIAL:
        grounds = [WITHHOLDING_GROUNDS.get(g, g) for g in reply.withheld_grounds]
        body += wording.withheld_text(reply.withheld_part, reply.withheld_reason, grounds)
    if reply.outcome == Outcome.NOT_OUR_INFO and reply.other_agency:
        body.append(wording.other_agency_sentence(reply.other_agency, reply.other_agency_contact))
    body += [line.strip() for line in reply.body.splitlines() if line.strip()]
    if reply.outcome in (Outcome.DISCLOSE, Outcome.PARTIAL) and request.delivery_method:
        label = DeliveryMethod(request.delivery_method).label
        body.append(wording.delivery_sentence(label, is_organisation=org))
    attachments = tuple(
        f.original_name for f in request.files.filter(kind="information").order_by("pk")
    )
    remedy = wording.remedy_clause(
        reply.outcome,
        body=reconsideration_body(request.handling_unit),
        is_organisation=org,
    )
    return _base(
        request,
        LetterKind.REPLY,
        "reply",
        reply.reply_date,
        opening=(
            wording.receipt_sentence(
                received=_received_on(request), subject=request.subject, is_organisation=org
            ),
            wording.ANSWER_INTRO,
        ),
        body=tuple(body),
        closing=(remedy, *_closing_contact(request.handling_unit)),
        attachments=attachments,
    )


def _correction_letter(request: DisclosureRequest, source: str) -> LetterContent:
    event = _event(request, source, EventKind.CORRECTION_REQUESTED)
    paragraphs = wording.correction_paragraphs(
        received=_received_on(request),
        items=list(event.data.get("items") or []),
        deadline=date.fromisoformat(event.data["deadline"]),
        is_organisation=_is_org(request),
    )
    return _base(
        request,
        LetterKind.CORRECTION,
        source,
        event.on_date,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
    )


def _clock_until(request: DisclosureRequest, event: RequestEvent) -> clock.Clock | None:
    """The clock as it stood right after `event` (so the letter states the date then due)."""
    events = list(
        request.events.exclude(kind__in=deadlines.NOT_LEGAL).order_by("on_date", "at", "pk")
    )
    cut = [e for e in events if (e.on_date, e.at, e.pk) <= (event.on_date, event.at, event.pk)]
    ledger = [clock.LedgerEvent(kind=e.kind, on=e.on_date, data=e.data) for e in cut]
    try:
        return clock.fold(
            ledger,
            get_workday_calendar(),
            fee_pauses_clock=deadlines.fee_pauses_clock(),
        )
    except CalendarYearMissingError:
        return None


def _extension_letter(request: DisclosureRequest, source: str) -> LetterContent:
    event = _event(request, source, EventKind.EXTENDED)
    state = _clock_until(request, event)
    paragraphs = wording.extension_paragraphs(
        received=_received_on(request),
        workdays=int(event.data.get("workdays") or 0),
        reason=event.note or "工作需要",
        new_due=state.reply_due if state is not None else None,
        is_organisation=_is_org(request),
    )
    return _base(
        request,
        LetterKind.EXTENSION,
        source,
        event.on_date,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
    )


def _consultation(request: DisclosureRequest, source: str) -> Consultation:
    consultation = request.consultations.filter(pk=_pk(source, "consultation")).first()
    if consultation is None:
        raise LetterSourceError(source)
    return consultation


def _consultation_letter(request: DisclosureRequest, source: str) -> LetterContent:
    consultation = _consultation(request, source)
    paragraphs = wording.consultation_paragraphs(
        party=consultation.party,
        received=_received_on(request),
        subject=request.subject,
        question=consultation.question,
        answer_by=consultation.window_end,
    )
    return _base(
        request,
        LetterKind.CONSULTATION,
        source,
        consultation.sent_on,
        addressee=consultation.party_name,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
        to_applicant=False,
    )


def _consultation_notice(request: DisclosureRequest, source: str) -> LetterContent:
    consultation = _consultation(request, source)
    paragraphs = wording.consultation_notice_paragraphs(
        party=consultation.party,
        received=_received_on(request),
        sent=consultation.sent_on,
        is_organisation=_is_org(request),
    )
    return _base(
        request,
        LetterKind.CONSULTATION_NOTICE,
        source,
        consultation.sent_on,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
    )


def _reasons_letter(request: DisclosureRequest, source: str) -> LetterContent:
    event = _event(request, source, EventKind.REASONS_REQUESTED)
    paragraphs = wording.reasons_paragraphs(
        received=_received_on(request),
        deadline=date.fromisoformat(event.data["deadline"]),
        is_organisation=_is_org(request),
    )
    return _base(
        request,
        LetterKind.REASONS,
        source,
        event.on_date,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
    )


def fee_payment_text() -> str:
    return getattr(settings, "ZWGK_FOI_FEE_PAYMENT", "") or wording.FEE_PAYMENT_DEFAULT


def _fee_letter(request: DisclosureRequest, source: str) -> LetterContent:
    notice: FeeNotice | None = request.fee_notices.filter(pk=_pk(source, "fee")).first()
    if notice is None:
        raise LetterSourceError(source)
    paragraphs = wording.fee_paragraphs(
        received=_received_on(request),
        method=notice.method,
        amount=f"{notice.amount:.2f}",
        explanation=notice.explanation,
        pay_by=notice.pay_by,
        payment=fee_payment_text(),
        is_organisation=_is_org(request),
    )
    # No remedy clause (rules.md §2): the fee decision cannot be challenged on its own.
    return _base(
        request,
        LetterKind.FEE,
        source,
        notice.sent_on,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
    )


def _receipt_letter(request: DisclosureRequest) -> LetterContent:
    from ..services import format_lookup_code

    paragraphs = wording.receipt_paragraphs(
        received=_received_on(request),
        channel_label=Channel(request.channel).label,
        number=request.number,
        lookup_code=format_lookup_code(request.lookup_code),
        receipt_date=request.receipt_date,
        is_organisation=_is_org(request),
    )
    return _base(
        request,
        LetterKind.RECEIPT,
        "receipt",
        _received_on(request),
        number=request.number,
        opening=(),
        body=tuple(paragraphs),
        closing=_closing_contact(request.handling_unit),
    )


def compose(request: DisclosureRequest, kind: str, source: str) -> LetterContent:
    """The letter `kind` about `source` (see list_sources). LetterSourceError when the case has
    no such source; wording.ReconsiderationBodyError when the 复议机关 cannot be derived."""
    if kind == LetterKind.REPLY and source == "reply":
        return _reply_letter(request)
    if kind == LetterKind.RECEIPT and source == "receipt":
        return _receipt_letter(request)
    builders = {
        LetterKind.CORRECTION: _correction_letter,
        LetterKind.EXTENSION: _extension_letter,
        LetterKind.CONSULTATION: _consultation_letter,
        LetterKind.CONSULTATION_NOTICE: _consultation_notice,
        LetterKind.REASONS: _reasons_letter,
        LetterKind.FEE: _fee_letter,
    }
    builder = builders.get(kind)
    if builder is None:
        raise LetterSourceError(f"{kind}/{source}")
    return builder(request, source)
