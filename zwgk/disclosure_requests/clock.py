"""The statutory clock of an application: one pure fold of its ledger of legal events over the
working-day calendar into the due dates and an explanation of every step (with its article).

Pure Python: no Django, no database, no clock. Services turn `RequestEvent` rows into
`LedgerEvent`s and store the result only as an indexed cache (models.DisclosureRequest.due_date).

Rules (《政府信息公开条例》 2019, rules.md §1.3–§1.8, §2, §8.4):

- Receipt (art. 31): in person → the day handed in; post needing a signature → the day the
  agency signs; ordinary letter → the day the agency confirms with the applicant (on the day it
  arrives); internet, e-mail or fax → the day both sides confirm. Until then only the
  confirmation is due. A letter whose sender cannot be reached waits for contact (国办公开办函
  〔2015〕207号 一: the clock starts "自恢复与申请人的联络之日").
- Counting (民法典 art. 201, core.workdays): the start day is not counted; day 1 is the first
  working day after it.
- Reply (art. 33 para. 2): 20 working days after receipt; one extension of at most 20 working
  days approved by the head of the 政府信息公开工作机构, with a notice to the applicant.
- 补正 (art. 30): the notice is due within 7 working days of receipt, listing every item at once
  with a reasonable period set by the agency. While the applicant corrects, the reply clock does
  not run; it starts again, from zero, on the day the corrected application is received ("答复期
  限自行政机关收到补正的申请之日起计算"). No correction within the period → 视为放弃.
  补正 may be asked again after a correction that is still unclear (rules.md §1.3).
- Consultation (arts. 32, 34; art. 33 para. 3 "不计算在前款规定的期限内"): the third party or the
  co-producing agency answers within 15 working days. Convention (rules.md §1.5, the suggested
  one): the reply clock pauses **from the day after the request is sent up to and including the
  day the answer arrives**, and at most up to the end of the 15-working-day window (silence ends
  the pause there). While a consultation is unanswered, the pause is assumed to run to the end of
  its window; an earlier answer brings the due date forward. Overlapping consultations pause
  once (their paused days are united).
- Art. 35: the agency may ask for reasons (the applicant answers within a period the agency
  sets); reasons found reasonable may come with an agency-set reasonable period that replaces
  the art. 33 date. Asking for reasons does not stop the art. 33 clock.
- Fees (处理费办法, rules.md §2): payment is due within 20 working days counted from the day
  after the applicant received the notice; unpaid → 视为放弃. Whether the reply period runs
  while the fee is unpaid is **[UNCONFIRMED]** in the sources; by default (`fee_pauses_clock`)
  the clock pauses as for a consultation, from the day after the notice is sent up to and
  including the day of payment (or the last day to pay).
- A reply or a 视为放弃 ends the clock; delivery is recorded after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from zwgk.core.workdays import WorkdayCalendar

REPLY_WORKDAYS = 20
MAX_EXTENSION_WORKDAYS = 20
CORRECTION_NOTICE_WORKDAYS = 7
CONSULTATION_WORKDAYS = 15
FEE_PAYMENT_WORKDAYS = 20

# Event kinds (the values of models.EventKind).
RECEIVED = "received"
CONTACT_FAILED = "contact_failed"
CONFIRMED = "confirmed"
CORRECTION_REQUESTED = "correction_requested"
CORRECTION_RECEIVED = "correction_received"
CORRECTION_LAPSED = "correction_lapsed"
CONSULTATION_SENT = "consultation_sent"
CONSULTATION_ANSWERED = "consultation_answered"
EXTENDED = "extended"
REASONS_REQUESTED = "reasons_requested"
REASONS_ACCEPTED = "reasons_accepted"
FEE_NOTIFIED = "fee_notified"
FEE_PAID = "fee_paid"
FEE_LAPSED = "fee_lapsed"
TRANSFERRED = "transferred"
REPLIED = "replied"
DELIVERED = "delivered"

# Deadline kinds (models.DeadlineKind).
DUE_CONFIRM = "confirm"
DUE_REPLY = "reply"
DUE_CORRECTION_NOTICE = "correction_notice"
DUE_CORRECTION = "correction"
DUE_REASONS = "reasons"
DUE_FEE = "fee"

ONE_DAY = timedelta(days=1)

ART_31 = "条例第三十一条"
ART_33 = "条例第三十三条第二款"
ART_33_3 = "条例第三十三条第三款"
ART_30 = "条例第三十条"
ART_32 = "条例第三十二条"
ART_34 = "条例第三十四条"
ART_35 = "条例第三十五条"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
CIVIL_CODE_201 = "民法典第二百零一条"
RULE_2015 = "国办公开办函〔2015〕207号"


@dataclass(frozen=True)
class LedgerEvent:
    kind: str
    on: date
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: date
    label: str
    article: str
    # The 补正 notice limit binds only if the agency needs a correction: shown, never chased.
    optional: bool = False


@dataclass(frozen=True)
class Step:
    """One line of the "explain this deadline" panel."""

    on: date
    kind: str
    text: str
    article: str
    reply_due: date | None = None


@dataclass(frozen=True)
class Clock:
    receipt_date: date | None  # the legal receipt date the reply clock runs from (latest start)
    first_receipt_date: date | None  # the original application's legal receipt date
    reply_due: date | None  # art. 33 date (with extension, pauses or the art. 35 period)
    deadlines: tuple[Deadline, ...]  # open deadlines, earliest first
    steps: tuple[Step, ...]
    ended: str = ""  # "", "replied", "correction_lapsed", "fee_lapsed"
    extension_workdays: int = 0
    paused_workdays: int = 0
    waiting_for_applicant: bool = False
    replied_on: date | None = None
    warnings: tuple[str, ...] = ()

    @property
    def next_deadline(self) -> Deadline | None:
        """The earliest deadline someone must act on (the optional 补正 limit excluded)."""
        return next((d for d in self.deadlines if not d.optional), None)

    @property
    def is_paused(self) -> bool:
        return self.waiting_for_applicant


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"


@dataclass
class _Pause:
    key: str
    first: date  # first paused day (the day after sending)
    last: date  # last paused day (answer day, or the end of the window)
    is_open: bool


@dataclass
class _State:
    calendar: WorkdayCalendar
    fee_pauses_clock: bool
    start: date | None = None
    first_receipt: date | None = None
    confirm_due: date | None = None
    correction_notice_due: date | None = None
    correction_due: date | None = None
    awaiting_correction: bool = False
    extension: int = 0
    override_due: date | None = None
    reasons_due: date | None = None
    fee_due: date | None = None
    pauses: dict[str, _Pause] = field(default_factory=dict)
    ended: str = ""
    replied_on: date | None = None
    warnings: list[str] = field(default_factory=list)

    # -- the art. 33 date ---------------------------------------------------------------------

    def paused_days(self) -> set[date]:
        days: set[date] = set()
        for pause in self.pauses.values():
            day = pause.first
            while day <= pause.last:
                days.add(day)
                day += ONE_DAY
        return days

    def reply_due(self) -> date | None:
        if self.start is None or self.awaiting_correction:
            return None
        if self.override_due is not None:
            return self.override_due
        return self.count_from_start(REPLY_WORKDAYS + self.extension)

    def count_from_start(self, workdays: int) -> date:
        """`workdays` working days after the start, skipping paused working days."""
        if self.start is None:
            raise ValueError("the clock has not started")
        paused = self.paused_days()
        day, counted = self.start, 0
        while counted < workdays:
            day += ONE_DAY
            if self.calendar.is_workday(day) and day not in paused:
                counted += 1
        return day

    def paused_workdays(self) -> int:
        if self.start is None:
            return 0
        due = self.reply_due()
        return sum(
            1
            for day in self.paused_days()
            if day > self.start and self.calendar.is_workday(day) and (due is None or day <= due)
        )

    def begin(self, on: date) -> None:
        """The reply clock (re)starts from `on` (receipt or corrected receipt)."""
        self.start = on
        if self.first_receipt is None:
            self.first_receipt = on
        self.confirm_due = None
        self.awaiting_correction = False
        self.correction_due = None
        self.extension = 0
        self.override_due = None
        self.pauses.clear()
        self.correction_notice_due = self.calendar.add_workdays(on, CORRECTION_NOTICE_WORKDAYS)


def fold(
    events: Iterable[LedgerEvent],
    calendar: WorkdayCalendar,
    *,
    fee_pauses_clock: bool = True,
) -> Clock:
    """Fold the ledger (in date order; same-day events in the given order) into the clock.

    Raises core.workdays.CalendarYearMissingError when a needed year has no arrangement.
    """
    state = _State(calendar=calendar, fee_pauses_clock=fee_pauses_clock)
    steps: list[Step] = []
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].on, pair[0]))
    for _index, event in ordered:
        text, article = _apply(state, event)
        if text:
            steps.append(Step(event.on, event.kind, text, article, state.reply_due()))
    deadlines = _open_deadlines(state)
    return Clock(
        receipt_date=state.start,
        first_receipt_date=state.first_receipt,
        reply_due=state.reply_due(),
        deadlines=tuple(sorted(deadlines, key=lambda d: (d.due, d.kind))),
        steps=tuple(steps),
        ended=state.ended,
        extension_workdays=state.extension,
        paused_workdays=state.paused_workdays(),
        waiting_for_applicant=state.awaiting_correction or state.fee_due is not None,
        replied_on=state.replied_on,
        warnings=tuple(state.warnings),
    )


def _open_deadlines(state: _State) -> list[Deadline]:
    if state.ended:
        return []
    found: list[Deadline] = []
    if state.confirm_due is not None and state.start is None:
        found.append(Deadline(DUE_CONFIRM, state.confirm_due, "确认收到申请", f"{ART_31}"))
    if state.correction_notice_due is not None and not state.awaiting_correction:
        found.append(
            Deadline(
                DUE_CORRECTION_NOTICE,
                state.correction_notice_due,
                "如需补正，一次性告知补正事项",
                ART_30,
                optional=True,
            )
        )
    if state.awaiting_correction and state.correction_due is not None:
        found.append(Deadline(DUE_CORRECTION, state.correction_due, "申请人补正期限", ART_30))
    if state.reasons_due is not None:
        found.append(Deadline(DUE_REASONS, state.reasons_due, "申请人说明理由期限", ART_35))
    if state.fee_due is not None:
        found.append(Deadline(DUE_FEE, state.fee_due, "申请人缴纳信息处理费期限", FEE_RULES))
    reply_due = state.reply_due()
    if reply_due is not None:
        article = ART_35 if state.override_due is not None else ART_33
        found.append(Deadline(DUE_REPLY, reply_due, "答复申请人", article))
    return found


def _apply(state: _State, event: LedgerEvent) -> tuple[str, str]:
    cal = state.calendar
    on, data, kind = event.on, event.data, event.kind
    if kind == RECEIVED:
        channel = str(data.get("channel_label") or data.get("channel") or "")
        basis = str(data.get("basis") or ART_31)
        if data.get("needs_confirmation"):
            state.confirm_due = cal.next_workday(on)
            return (
                f"收到申请（{channel}）。依{basis}，收到申请之日以确认之日为准；"
                f"应于{_iso(state.confirm_due)}前与申请人确认。",
                ART_31,
            )
        state.begin(on)
        return (
            f"收到申请（{channel}），{on.isoformat()}为收到申请之日（{basis}）。"
            f"答复期限自次日起计算{REPLY_WORKDAYS}个工作日（{ART_33}；{CIVIL_CODE_201}），"
            f"至{_iso(state.reply_due())}；如需补正，应在{_iso(state.correction_notice_due)}前"
            f"一次性告知（{ART_30}）。",
            ART_31,
        )
    if kind == CONTACT_FAILED:
        state.confirm_due = None
        return (
            f"未能与申请人取得联系，申请已登记；自恢复联络并确认之日起算期限（{RULE_2015}）。",
            RULE_2015,
        )
    if kind == CONFIRMED:
        if state.start is not None:
            return "", ""  # already running (received in person or by signed post)
        late = state.confirm_due is not None and on > state.confirm_due
        state.begin(on)
        text = (
            f"与申请人确认收到申请，{on.isoformat()}为收到申请之日（{ART_31}）。"
            f"答复期限至{_iso(state.reply_due())}（{ART_33}）；如需补正，"
            f"应在{_iso(state.correction_notice_due)}前一次性告知（{ART_30}）。"
        )
        if late and not data.get("contact_restored"):
            state.warnings.append("确认收到申请晚于收到之日。")
        return text, ART_31
    if kind == CORRECTION_REQUESTED:
        notice_due = state.correction_notice_due
        state.awaiting_correction = True
        state.correction_due = _date(data.get("deadline"))
        count = len(data.get("items") or [])
        text = (
            f"一次性告知申请人补正{count}项内容，补正期限至{_iso(state.correction_due)}。"
            "答复期限自收到补正申请之日起重新计算。"
        )
        if notice_due is not None and on > notice_due:
            warning = f"补正告知晚于法定期限（应在{notice_due.isoformat()}前告知）。"
            state.warnings.append(warning)
            text += warning
        return text, ART_30
    if kind == CORRECTION_RECEIVED:
        state.begin(on)
        return (
            f"收到补正后的申请，{on.isoformat()}起重新计算答复期限，"
            f"至{_iso(state.reply_due())}（{ART_30}、{ART_33}）。",
            ART_30,
        )
    if kind == CORRECTION_LAPSED:
        state.ended = "correction_lapsed"
        state.awaiting_correction = False
        return "申请人无正当理由逾期不补正，视为放弃申请，不再处理。", ART_30
    if kind == CONSULTATION_SENT:
        key = str(data.get("consultation") or f"c{len(state.pauses)}")
        window_end = cal.add_workdays(on, CONSULTATION_WORKDAYS)
        state.pauses[key] = _Pause(key, on + ONE_DAY, window_end, True)
        party = str(data.get("party_label") or "第三方")
        article = ART_34 if data.get("party") == "co_producer" else ART_32
        return (
            f"书面征求{party}意见，应在{CONSULTATION_WORKDAYS}个工作日内（至{window_end.isoformat()}）"
            f"提出意见（{article}）。征求意见所需时间不计入答复期限（{ART_33_3}）："
            "自发出次日起至收到意见之日（含）暂停计算，最长至上述期满之日；"
            f"暂按期满计算，答复期限至{_iso(state.reply_due())}。",
            ART_33_3,
        )
    if kind == CONSULTATION_ANSWERED:
        key = str(data.get("consultation") or "")
        pause = state.pauses.get(key)
        if pause is None:
            open_pauses = [p for p in state.pauses.values() if p.is_open]
            pause = open_pauses[0] if open_pauses else None
        if pause is None:
            return "", ""
        pause.last = min(pause.last, on)
        pause.is_open = False
        silent = data.get("answer") == "none"
        what = "逾期未提出意见" if silent else "收到意见"
        return (
            f"征求意见{what}，恢复计算；答复期限至{_iso(state.reply_due())}（{ART_33_3}）。",
            ART_33_3,
        )
    if kind == EXTENDED:
        workdays = int(data.get("workdays") or 0)
        state.extension = max(0, min(workdays, MAX_EXTENSION_WORKDAYS))
        return (
            f"经政府信息公开工作机构负责人同意，延长答复期限{state.extension}个工作日，"
            f"并告知申请人；答复期限至{_iso(state.reply_due())}（{ART_33}）。",
            ART_33,
        )
    if kind == REASONS_REQUESTED:
        state.reasons_due = _date(data.get("deadline"))
        return (
            "申请数量、频次明显超过合理范围，要求申请人说明理由，"
            f"期限至{_iso(state.reasons_due)}（{ART_35}）。",
            ART_35,
        )
    if kind == REASONS_ACCEPTED:
        state.reasons_due = None
        due = _date(data.get("due"))
        if due is not None:
            state.override_due = due
            return (
                f"申请理由合理，但无法在第三十三条规定的期限内答复，确定延迟答复的合理期限至"
                f"{due.isoformat()}并告知申请人（{ART_35}）。",
                ART_35,
            )
        return f"申请理由合理，按原期限答复（{ART_35}）。", ART_35
    if kind == FEE_NOTIFIED:
        received = _date(data.get("received_on")) or on
        state.fee_due = cal.add_workdays(received, FEE_PAYMENT_WORKDAYS)
        text = (
            f"发出收费通知（金额{data.get('amount', '')}元），申请人{received.isoformat()}收到，"
            f"应自收到次日起{FEE_PAYMENT_WORKDAYS}个工作日内（至{state.fee_due.isoformat()}）"
            f"缴纳，逾期未缴纳的视为放弃申请（{FEE_RULES}）。"
        )
        if state.fee_pauses_clock:
            key = f"fee{data.get('fee_notice', '')}"
            state.pauses[key] = _Pause(key, on + ONE_DAY, state.fee_due, True)
            text += (
                "缴费期间暂停计算答复期限（本系统约定，规则尚待核实）；"
                f"暂按缴费期满计算，答复期限至{_iso(state.reply_due())}。"
            )
        return text, FEE_RULES
    if kind == FEE_PAID:
        state.fee_due = None
        key = f"fee{data.get('fee_notice', '')}"
        pause = state.pauses.get(key)
        if pause is not None:
            pause.last = min(pause.last, on)
            pause.is_open = False
        return f"申请人已缴纳信息处理费；答复期限至{_iso(state.reply_due())}。", FEE_RULES
    if kind == FEE_LAPSED:
        state.ended = "fee_lapsed"
        state.fee_due = None
        return "申请人逾期未缴纳信息处理费，视为放弃申请，不再处理。", FEE_RULES
    if kind == TRANSFERRED:
        return (
            f"申请转由{data.get('to_label', '')}办理，期限连续计算。",
            "",
        )
    if kind == REPLIED:
        due = state.reply_due()
        state.ended = "replied"
        state.replied_on = on
        in_time = due is None or on <= due
        label = str(data.get("outcome_label") or "")
        verdict = "在期限内" if in_time else f"超过期限（应于{_iso(due)}前答复）"
        if not in_time:
            state.warnings.append(f"答复晚于期限（{_iso(due)}）。")
        return f"作出答复：{label}，{verdict}。", str(data.get("article") or ART_33)
    if kind == DELIVERED:
        return f"送达申请人（{data.get('method_label', '')}）。", ""
    return "", ""
