"""Every write of participation: one business verb each, keyword-only, with the actor (`by=`,
None for the system or a citizen on the portal) and the time (`at=`). Each checks the
transition table and the actor's rights, claims the row, writes the change and its audit event
in the same transaction, and raises a ParticipationError (Chinese message) changing nothing.

Nothing a commenter sent is deleted: moderation only holds a comment back from publication, with
the reason, and staff see it. A registration for a meeting takes a seat by a compare-and-swap
UPDATE that must touch one row (`seats_taken < public_seats`), so concurrent registrations never
exceed the seat limit on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.selectors import get_workday_calendar
from zwgk.documents.attachments import (
    CONTENT_TYPES,
    check_upload,
    configured_limits,
    read_upload,
)
from zwgk.orgs.models import Unit
from zwgk.textcheck import Severity

from . import clock, transitions
from .models import (
    Comment,
    CommentGroup,
    Consultation,
    ConsultationFile,
    Hearing,
    Invitation,
    Meeting,
    MeetingFile,
    MeetingStatus,
    Registration,
    Status,
)
from .permissions import can_approve, can_draft_in, can_handle
from .statute import (
    HEARING_MATERIALS_DAYS,
    MIN_COMMENT_DAYS,
    STAFF_CHANNELS,
    SUMMARY_CHANNELS,
    Channel,
    Disposition,
    InviteeGroup,
)

MAX_PERIOD_DAYS = 366
MAX_COMMENT = 5000
RULE_LABELS = {
    "pii.id_card": "身份证号码",
    "pii.mobile": "手机号码",
    "pii.bank_card": "银行卡号",
    "secret.mark": "密级标志",
    "sensitive.word": "敏感词",
}


class ParticipationError(DomainError):
    """A refused participation action (message in Chinese)."""


def _local(at: datetime) -> date:
    return timezone.localdate(at)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDeniedError(message)


# --- Consultations ----------------------------------------------------------------------------


@dataclass
class ConsultationData:
    title: str
    draft: str
    background: str
    basis: str
    main_content: str
    ways_to_comment: str
    start_date: date
    period_days: int
    urgency_reason: str = ""


def compute_end_date(start_date: date, period_days: int) -> date:
    """The last day of comments (条例 art. 15; 民法典 arts. 201, 203) from the calendar."""
    return clock.comment_period_end(get_workday_calendar(), start_date, period_days)


def validate_consultation(data: ConsultationData) -> date:
    """Check the data; return the computed end date."""
    for name, label in (
        ("title", "决策事项名称"),
        ("draft", "决策草案"),
        ("background", "背景"),
        ("basis", "依据"),
        ("main_content", "主要内容"),
        ("ways_to_comment", "意见反馈方式"),
    ):
        if not str(getattr(data, name) or "").strip():
            raise ParticipationError(f"请填写{label}。")
    if not 1 <= data.period_days <= MAX_PERIOD_DAYS:
        raise ParticipationError(f"征求意见期限应在1至{MAX_PERIOD_DAYS}日之间。")
    data.urgency_reason = (data.urgency_reason or "").strip()
    if clock.needs_urgency_reason(data.period_days) and not data.urgency_reason:
        raise ParticipationError(
            f"公开征求意见的期限一般不少于{MIN_COMMENT_DAYS}日；因情况紧急等原因需要缩短期限的，"
            "应当说明理由（《重大行政决策程序暂行条例》第十五条）。"
        )
    if not clock.needs_urgency_reason(data.period_days):
        data.urgency_reason = ""
    try:
        return compute_end_date(data.start_date, data.period_days)
    except DomainError as error:  # a year missing from the calendar
        raise ParticipationError(str(error)) from error


def _snapshot(c: Consultation) -> dict[str, Any]:
    return {
        "status": c.status,
        "title": c.title,
        "start_date": str(c.start_date),
        "period_days": c.period_days,
        "end_date": str(c.end_date),
        "urgency_reason": c.urgency_reason,
    }


@transaction.atomic
def create_consultation(
    *, by: Any, at: datetime, unit: Unit, data: ConsultationData
) -> Consultation:
    _require(can_draft_in(by, unit), "您不是该单位的工作人员，不能起草征求意见稿。")
    end_date = validate_consultation(data)
    c = Consultation.objects.create(
        unit=unit, end_date=end_date, created_by=by, created_at=at, **asdict(data)
    )
    audit.record(
        action="participation.consultation.created",
        by=by,
        at=at,
        target=c,
        unit=unit,
        after=_snapshot(c),
    )
    return c


def _lock(c: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().select_related("unit").get(pk=c.pk)


@transaction.atomic
def update_consultation(
    *, by: Any, at: datetime, consultation: Consultation, data: ConsultationData
) -> Consultation:
    c = _lock(consultation)
    _require(can_handle(by, c), "您不能修改这份征求意见稿。")
    transitions.check("edit", c.status)
    end_date = validate_consultation(data)
    before = _snapshot(c)
    for name, value in asdict(data).items():
        setattr(c, name, value)
    c.end_date = end_date
    c.save()
    audit.record(
        action="participation.consultation.updated",
        by=by,
        at=at,
        target=c,
        unit=c.unit,
        before=before,
        after=_snapshot(c),
    )
    return c


def _move(c: Consultation, action: str, *, by: Any, at: datetime, **after: Any) -> Consultation:
    before = {"status": c.status}
    c.status = transitions.check(action, c.status)
    c.save()
    audit.record(
        action=f"participation.consultation.{_PAST[action]}",
        by=by,
        at=at,
        target=c,
        unit=c.unit,
        before=before,
        after={"status": c.status, **after},
    )
    return c


_PAST = {
    "submit": "submitted",
    "return": "returned",
    "approve": "approved",
    "open": "opened",
    "close": "closed",
    "publish_results": "results_published",
}


@transaction.atomic
def submit_consultation(*, by: Any, at: datetime, consultation: Consultation) -> Consultation:
    c = _lock(consultation)
    _require(can_handle(by, c), "您不能提交这份征求意见稿。")
    transitions.check("submit", c.status)
    validate_consultation(ConsultationData(**{k: getattr(c, k) for k in _FIELDS}))
    c.return_reason = ""
    return _move(c, "submit", by=by, at=at)


_FIELDS = list(ConsultationData.__dataclass_fields__)


@transaction.atomic
def return_consultation(
    *, by: Any, at: datetime, consultation: Consultation, reason: str
) -> Consultation:
    c = _lock(consultation)
    _require(can_approve(by, c), "只有本单位主要负责人可以审核征求意见稿。")
    transitions.check("return", c.status)
    reason = (reason or "").strip()
    if not reason:
        raise ParticipationError("退回修改时请写明理由。")
    c.return_reason = reason[:2000]
    return _move(c, "return", by=by, at=at, reason=c.return_reason)


@transaction.atomic
def approve_consultation(*, by: Any, at: datetime, consultation: Consultation) -> Consultation:
    """The head approves; if the first day has come the consultation opens at once (the period
    is recomputed from today if the planned first day has passed: a period never shrinks)."""
    c = _lock(consultation)
    _require(can_approve(by, c), "只有本单位主要负责人可以审核征求意见稿。")
    transitions.check("approve", c.status)
    c.approved_by = by
    c.approved_at = at
    _move(c, "approve", by=by, at=at)
    if c.start_date <= _local(at):
        _open(c, at=at, by=by)
    return c


def _open(c: Consultation, *, at: datetime, by: Any) -> None:
    today = _local(at)
    if c.start_date < today:
        # Published later than planned: the full period runs from the actual first day.
        c.start_date = today
        c.end_date = compute_end_date(today, c.period_days)
    c.opened_at = at
    _move(c, "open", by=by, at=at, start_date=str(c.start_date), end_date=str(c.end_date))


def open_and_close_due(*, at: datetime) -> str:
    """Periodic job: open approved consultations whose first day has come; close open ones
    whose last day has passed (the last day ends at 24:00, 民法典 art. 203 para. 2). Each move
    is its own transaction with its audit event (by the system)."""
    today = _local(at)
    opened = closed = 0
    failed: list[int] = []
    for pk in Consultation.objects.filter(
        status=Status.APPROVED, start_date__lte=today
    ).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                c = Consultation.objects.select_for_update().select_related("unit").get(pk=pk)
                if c.status == Status.APPROVED and c.start_date <= today:
                    _open(c, at=at, by=None)
                    opened += 1
        except DomainError:
            # E.g. the calendar lacks the year the recomputed end date falls in: this one waits
            # (and is reported), the others open.
            failed.append(pk)
    for pk in Consultation.objects.filter(status=Status.OPEN, end_date__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            c = Consultation.objects.select_for_update().select_related("unit").get(pk=pk)
            if c.status == Status.OPEN and c.end_date < today:
                c.closed_at = at
                _move(c, "close", by=None, at=at, comments=c.comment_count)
                closed += 1
    if failed:
        return f"opened {opened}, closed {closed}, not opened {failed}"
    return f"opened {opened}, closed {closed}"


# --- Files ------------------------------------------------------------------------------------


def _checked(uploaded: Any) -> Any:
    limits = configured_limits()
    try:
        return check_upload(
            getattr(uploaded, "name", "") or "", read_upload(uploaded, limits.max_bytes), limits
        )
    except DomainError as error:
        raise ParticipationError(str(error)) from error


def _stored(model: Any, checked: Any, *, by: Any, at: datetime, **owner: Any) -> Any:
    """A checked upload saved as a row of `model` (a consultation's or a meeting's file): the
    file itself, its name, type, size and SHA-256, who added it and when."""
    item = model(
        original_name=checked.name,
        content_type=CONTENT_TYPES[checked.kind],
        size=len(checked.data),
        sha256=checked.sha256,
        added_by=by,
        added_at=at,
        **owner,
    )
    item.file.save(checked.name, ContentFile(checked.data), save=False)
    item.save()
    return item


def add_consultation_file(
    *, by: Any, at: datetime, consultation: Consultation, kind: str, uploaded: Any
) -> ConsultationFile:
    """A file (PDF, DOCX, XLSX, OFD; the documents app's checks) for the draft, a background
    material, or the decision as made."""
    _require(can_handle(by, consultation), "您不能为这份征求意见稿添加附件。")
    if kind not in ConsultationFile.Kind.values:
        raise ParticipationError("请选择附件类别。")
    checked = _checked(uploaded)  # outside the transaction: may take seconds
    with transaction.atomic():
        c = _lock(consultation)
        if c.status == Status.RESULTS_PUBLISHED:
            raise ParticipationError("意见采纳情况已公布，不能再添加附件。")
        item = _stored(ConsultationFile, checked, by=by, at=at, consultation=c, kind=kind)
        audit.record(
            action="participation.file.added",
            by=by,
            at=at,
            target=c,
            unit=c.unit,
            after={"file": item.pk, "kind": kind, "name": item.original_name, "size": item.size},
        )
    return item


# --- Comments ---------------------------------------------------------------------------------


def moderate(text: str) -> tuple[str, str]:
    """textcheck on a comment: personal data, secrecy marks or sensitive words hold it back
    from publication with the reason (names of the rules, never the matched text)."""
    findings = get_checker().check(text)
    rules = sorted(
        {
            RULE_LABELS.get(f.rule, f.rule)
            for f in findings
            if f.severity is Severity.BLOCK or f.rule == "sensitive.word"
        }
    )
    if rules:
        return Comment.Moderation.HELD, "自动审查：含有" + "、".join(rules)
    return Comment.Moderation.VISIBLE, ""


@dataclass
class CommentData:
    body: str
    author_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    participants: int | None = None
    received_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ParticipationError("请填写意见内容。")
    if len(body) > MAX_COMMENT:
        raise ParticipationError(f"意见内容不能超过{MAX_COMMENT}字。")
    return body


def _add_comment(
    c: Consultation, *, by: Any, at: datetime, channel: str, data: CommentData
) -> Comment:
    body = _clean_body(data.body)
    moderation, hold_reason = moderate(body)
    # Claim the next number with an atomic increment (one row must change).
    Consultation.objects.filter(pk=c.pk).update(comment_count=F("comment_count") + 1)
    number = Consultation.objects.values_list("comment_count", flat=True).get(pk=c.pk)
    comment = Comment.objects.create(
        consultation=c,
        number=number,
        channel=channel,
        body=body,
        author_name=(data.author_name or "").strip()[:50],
        phone=(data.phone or "").strip()[:30],
        email=(data.email or "").strip()[:100],
        address=(data.address or "").strip()[:200],
        participants=data.participants,
        received_at=data.received_at or at,
        entered_by=by,
        moderation=moderation,
        hold_reason=hold_reason,
    )
    audit.record(
        action="participation.comment.received"
        if channel == Channel.PORTAL
        else "participation.comment.recorded",
        by=by,
        at=at,
        target=comment,
        unit=c.unit,
        after={
            "consultation": c.pk,
            "number": number,
            "channel": channel,
            "moderation": moderation,
            "hold_reason": hold_reason,
            "chars": len(body),
            "has_contact": bool(data.phone or data.email or data.address),
        },
    )
    return comment


@transaction.atomic
def submit_public_comment(
    *, at: datetime, consultation: Consultation, data: CommentData
) -> Comment:
    """A comment sent through the portal while the period runs (by=None: the public)."""
    c = _lock(consultation)
    if c.status != Status.OPEN or _local(at) > c.end_date or _local(at) < c.start_date:
        raise ParticipationError("该事项不在征求意见期内，不能提交意见。")
    data.participants = None
    data.received_at = at
    return _add_comment(c, by=None, at=at, channel=Channel.PORTAL, data=data)


@transaction.atomic
def record_comment(
    *, by: Any, at: datetime, consultation: Consultation, channel: str, data: CommentData
) -> Comment:
    """A comment received by e-mail or letter, or the summary of a 座谈会 / 网上调查 / 听证会,
    entered by the unit's staff. Received while the period ran (a letter posted in time may
    arrive after the close: its receipt date is what the clerk enters)."""
    c = _lock(consultation)
    _require(can_handle(by, c), "您不能为这份征求意见稿登记意见。")
    transitions.check("add_comment", c.status)
    if channel not in [ch.value for ch in STAFF_CHANNELS]:
        raise ParticipationError("请选择意见来源。")
    if channel in [ch.value for ch in SUMMARY_CHANNELS]:
        if not data.participants or data.participants < 1:
            raise ParticipationError("座谈会、网上调查、听证会的意见汇总请填写参加人数。")
    else:
        data.participants = None
    received = data.received_at or at
    if received > at:
        raise ParticipationError("收到日期不能晚于今天。")
    if _local(received) < c.start_date:
        raise ParticipationError("收到日期不能早于征求意见开始之日。")
    return _add_comment(c, by=by, at=at, channel=channel, data=data)


def _lock_comment(comment: Comment) -> Comment:
    # Only the comment's row: PostgreSQL refuses FOR UPDATE on the nullable side of the join to
    # its group.
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation", "consultation__unit", "group")
        .get(pk=comment.pk)
    )


@transaction.atomic
def set_moderation(
    *, by: Any, at: datetime, comment: Comment, visible: bool, reason: str = ""
) -> Comment:
    """Release a held comment for publication (its excerpt is published with personal data
    masked) or hold one back, with the reason. The comment itself is never deleted."""
    cm = _lock_comment(comment)
    c = cm.consultation
    _require(can_handle(by, c), "您不能审查这条意见。")
    if c.status == Status.RESULTS_PUBLISHED:
        raise ParticipationError("意见采纳情况已公布，不能再改变意见的公开状态。")
    reason = (reason or "").strip()[:300]
    if not visible and not reason:
        raise ParticipationError("不公开意见原文时请写明理由。")
    before = {"moderation": cm.moderation, "hold_reason": cm.hold_reason}
    cm.moderation = Comment.Moderation.VISIBLE if visible else Comment.Moderation.HELD
    cm.hold_reason = "" if visible else reason
    cm.moderated_by = by
    cm.save(update_fields=["moderation", "hold_reason", "moderated_by"])
    audit.record(
        action="participation.comment.released" if visible else "participation.comment.held",
        by=by,
        at=at,
        target=cm,
        unit=c.unit,
        before=before,
        after={"moderation": cm.moderation, "hold_reason": cm.hold_reason},
    )
    return cm


def _clean_disposition(disposition: str, reason: str) -> tuple[str, str]:
    if disposition not in Disposition.values:
        raise ParticipationError("请选择处理结果：采纳、部分采纳或未采纳。")
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ParticipationError("理由不能超过2000字。")
    if disposition in (Disposition.NOT_ADOPTED, Disposition.PARTLY) and not reason:
        # Seed notice §一(二)1: 不予采纳的要说明理由 (a partial adoption says what was not taken).
        raise ParticipationError("未采纳或部分采纳的意见必须说明理由（不予采纳的要说明理由）。")
    return disposition, reason


def _check_answerable(by: Any, c: Consultation) -> None:
    _require(can_handle(by, c), "您不能答复这份征求意见稿的意见。")
    if c.status == Status.RESULTS_PUBLISHED:
        raise ParticipationError("意见采纳情况已公布，处理结果不能再修改。")
    transitions.check("answer", c.status)


@transaction.atomic
def answer_comment(
    *, by: Any, at: datetime, comment: Comment, disposition: str, reason: str
) -> Comment:
    cm = _lock_comment(comment)
    _check_answerable(by, cm.consultation)
    if cm.group_id:
        raise ParticipationError("这条意见已归入一组，请在该组统一答复。")
    disposition, reason = _clean_disposition(disposition, reason)
    before = {"disposition": cm.disposition, "reason": cm.reason}
    cm.disposition, cm.reason = disposition, reason
    cm.answered_by, cm.answered_at = by, at
    cm.save(update_fields=["disposition", "reason", "answered_by", "answered_at"])
    audit.record(
        action="participation.comment.answered",
        by=by,
        at=at,
        target=cm,
        unit=cm.consultation.unit,
        before=before,
        after={"disposition": disposition, "reason": reason},
    )
    return cm


@transaction.atomic
def group_comments(
    *, by: Any, at: datetime, consultation: Consultation, comments: Iterable[Comment], title: str
) -> CommentGroup:
    """Put similar comments in a new group, answered together. An individual answer they had
    is moved to the group only if they all had the same one; otherwise the group starts
    unanswered (nothing is silently chosen)."""
    c = _lock(consultation)
    _check_answerable(by, c)
    title = (title or "").strip()
    if not title:
        raise ParticipationError("请概括这组意见的内容。")
    ids = sorted({cm.pk for cm in comments})
    members = list(Comment.objects.select_for_update().filter(consultation=c, pk__in=ids))
    if len(members) < 2 or len(members) != len(ids):
        raise ParticipationError("请至少选择本事项的两条意见归为一组。")
    if any(m.group_id for m in members):
        raise ParticipationError("所选意见中有已归组的意见。")
    answers = {(m.disposition, m.reason) for m in members}
    disposition, reason = answers.pop() if len(answers) == 1 else ("", "")
    group = CommentGroup.objects.create(
        consultation=c,
        title=title[:200],
        disposition=disposition,
        reason=reason,
        answered_by=by if disposition else None,
        answered_at=at if disposition else None,
        created_at=at,
    )
    Comment.objects.filter(pk__in=ids).update(group=group, disposition="", reason="")
    audit.record(
        action="participation.comment.grouped",
        by=by,
        at=at,
        target=group,
        unit=c.unit,
        after={"consultation": c.pk, "comments": [m.number for m in members], "title": title},
    )
    return group


@transaction.atomic
def answer_group(
    *, by: Any, at: datetime, group: CommentGroup, disposition: str, reason: str
) -> CommentGroup:
    g = (
        CommentGroup.objects.select_for_update()
        .select_related("consultation", "consultation__unit")
        .get(pk=group.pk)
    )
    _check_answerable(by, g.consultation)
    disposition, reason = _clean_disposition(disposition, reason)
    before = {"disposition": g.disposition, "reason": g.reason}
    g.disposition, g.reason, g.answered_by, g.answered_at = disposition, reason, by, at
    g.save(update_fields=["disposition", "reason", "answered_by", "answered_at"])
    audit.record(
        action="participation.group.answered",
        by=by,
        at=at,
        target=g,
        unit=g.consultation.unit,
        before=before,
        after={"disposition": disposition, "reason": reason},
    )
    return g


@transaction.atomic
def ungroup(*, by: Any, at: datetime, group: CommentGroup) -> Consultation:
    """Dissolve a group: its comments become unanswered individual comments again."""
    g = (
        CommentGroup.objects.select_for_update()
        .select_related("consultation", "consultation__unit")
        .get(pk=group.pk)
    )
    c = g.consultation
    _check_answerable(by, c)
    numbers = list(g.comments.values_list("number", flat=True))
    g.comments.update(group=None)
    audit.record(
        action="participation.group.dissolved",
        by=by,
        at=at,
        target=c,
        unit=c.unit,
        before={"group": g.pk, "title": g.title, "comments": numbers},
    )
    g.delete()
    return c


def unanswered_comments(c: Consultation) -> Any:
    return c.comments.filter(group__isnull=True, disposition="") | c.comments.filter(
        group__disposition=""
    )


@transaction.atomic
def publish_results(
    *, by: Any, at: datetime, consultation: Consultation, decision: str, note: str = ""
) -> Consultation:
    """Publish the 意见采纳情况 with the decision (条例 art. 32; seed notice §一(二)1). Refused
    while any comment has no disposition; a consultation without comments says so."""
    c = _lock(consultation)
    _require(can_handle(by, c), "您不能公布这份征求意见稿的意见采纳情况。")
    transitions.check("publish_results", c.status)
    decision = (decision or "").strip()
    if not decision:
        raise ParticipationError("请填写最终决策内容（意见采纳情况与决策一并公布）。")
    missing = sorted(unanswered_comments(c).values_list("number", flat=True))
    if missing:
        shown = "、".join(f"第{n}条" for n in missing[:20])
        raise ParticipationError(
            f"还有{len(missing)}条意见没有处理结果（{shown}），每条意见都要答复后才能公布。"
        )
    c.decision = decision[:20000]
    c.results_note = (note or "").strip()[:5000]
    c.results_published_at = at
    return _move(c, "publish_results", by=by, at=at, comments=c.comment_count)


def escalate_comment(*, by: Any, at: datetime, comment: Comment) -> Any:
    """Open a 舆情 case for a comment (zwgk.sentiment.services.open_case, 属地管理: the
    consultation's unit is responsible). Escalating it again returns the case still open. The
    case summary carries the comment with personal numbers masked."""
    from zwgk.sentiment.services import open_case

    from .reports import public_excerpt

    cm = Comment.objects.select_related("consultation", "consultation__unit").get(pk=comment.pk)
    c = cm.consultation
    _require(can_handle(by, c), "您不能将这条意见转为舆情。")
    with transaction.atomic():
        case = open_case(
            by=by,
            at=at,
            unit=c.unit,
            source=f"participation.comment:{cm.pk}",
            title=f"征求意见第{cm.number}条：{c.title}"[:200],
            summary=public_excerpt(cm.body, limit=9000),
        )
        audit.record(
            action="participation.comment.escalated",
            by=by,
            at=at,
            target=cm,
            unit=c.unit,
            after={"sentiment_case": case.pk},
        )
    return case


# --- Hearings ---------------------------------------------------------------------------------


@dataclass
class HearingData:
    held_on: date
    place: str
    selection_method: str
    participants: str
    materials_sent_on: date


def validate_hearing(data: HearingData) -> None:
    for name, label in (
        ("place", "听证地点"),
        ("selection_method", "听证参加人遴选办法"),
        ("participants", "听证参加人名单"),
    ):
        if not str(getattr(data, name) or "").strip():
            raise ParticipationError(f"请填写{label}。")
    earliest = clock.earliest_hearing_date(data.materials_sent_on)
    if data.held_on < earliest:
        raise ParticipationError(
            f"听证会材料应当于召开听证会{HEARING_MATERIALS_DAYS}日前送达听证参加人"
            f"（《重大行政决策程序暂行条例》第十六条）：材料{data.materials_sent_on:%Y-%m-%d}"
            f"送达，听证会最早可于{earliest:%Y-%m-%d}召开。"
        )


@transaction.atomic
def plan_hearing(
    *, by: Any, at: datetime, consultation: Consultation, data: HearingData
) -> Hearing:
    c = _lock(consultation)
    _require(can_handle(by, c), "您不能为这份征求意见稿安排听证会。")
    if c.status == Status.RESULTS_PUBLISHED:
        raise ParticipationError("意见采纳情况已公布，不能再安排听证会。")
    validate_hearing(data)
    h = Hearing.objects.create(consultation=c, created_by=by, created_at=at, **asdict(data))
    audit.record(
        action="participation.hearing.planned",
        by=by,
        at=at,
        target=h,
        unit=c.unit,
        after={k: str(v) for k, v in asdict(data).items() if k != "participants"},
    )
    return h


def _lock_hearing(h: Hearing) -> Hearing:
    return (
        Hearing.objects.select_for_update()
        .select_related("consultation", "consultation__unit")
        .get(pk=h.pk)
    )


@transaction.atomic
def update_hearing(*, by: Any, at: datetime, hearing: Hearing, data: HearingData) -> Hearing:
    h = _lock_hearing(hearing)
    _require(can_handle(by, h.consultation), "您不能修改这次听证会。")
    if h.notice_published_at:
        raise ParticipationError("听证公告已发布，遴选办法和名单不能再修改。")
    validate_hearing(data)
    for name, value in asdict(data).items():
        setattr(h, name, value)
    h.save()
    audit.record(
        action="participation.hearing.updated",
        by=by,
        at=at,
        target=h,
        unit=h.consultation.unit,
        after={k: str(v) for k, v in asdict(data).items() if k != "participants"},
    )
    return h


@transaction.atomic
def publish_hearing_notice(*, by: Any, at: datetime, hearing: Hearing) -> Hearing:
    """Publish the selection method, the participant list, time and place in advance (条例
    art. 16): refused on or after the hearing day."""
    h = _lock_hearing(hearing)
    _require(can_handle(by, h.consultation), "您不能发布这次听证会的公告。")
    if h.consultation.status not in (Status.OPEN, Status.CLOSED):
        raise ParticipationError("征求意见开始后才能发布听证公告。")
    if h.notice_published_at:
        raise ParticipationError("听证公告已经发布。")
    if _local(at) >= h.held_on:
        raise ParticipationError("听证参加人遴选办法和名单应当在听证会召开前公布。")
    h.notice_published_at = at
    h.save(update_fields=["notice_published_at"])
    audit.record(
        action="participation.hearing.notice_published",
        by=by,
        at=at,
        target=h,
        unit=h.consultation.unit,
        after={"held_on": str(h.held_on)},
    )
    return h


def attach_hearing_record(*, by: Any, at: datetime, hearing: Hearing, uploaded: Any) -> Hearing:
    """Attach the record signed by the participants (条例 art. 17), after the hearing."""
    _require(can_handle(by, hearing.consultation), "您不能为这次听证会上传笔录。")
    checked = _checked(uploaded)
    with transaction.atomic():
        h = _lock_hearing(hearing)
        if not h.notice_published_at:
            raise ParticipationError("听证公告发布并召开听证会后才能上传笔录。")
        if _local(at) < h.held_on:
            raise ParticipationError("听证会召开后才能上传经参加人确认签字的笔录。")
        h.sha256 = checked.sha256
        h.record_name = checked.name
        h.record.save(checked.name, ContentFile(checked.data), save=False)
        h.record_signed = True
        h.save(update_fields=["sha256", "record_name", "record", "record_signed"])
        audit.record(
            action="participation.hearing.record_attached",
            by=by,
            at=at,
            target=h,
            unit=h.consultation.unit,
            after={"name": h.record_name, "sha256": h.sha256},
        )
    return h


# --- Meetings (会议公开) ------------------------------------------------------------------------


@dataclass
class MeetingData:
    title: str
    topic: str
    agenda: str
    starts_at: datetime
    place: str
    public_seats: int
    registration_closes_at: datetime


def validate_meeting(data: MeetingData, *, seats_taken: int = 0) -> None:
    for name, label in (
        ("title", "会议名称"),
        ("topic", "民生议题"),
        ("agenda", "会议议程"),
        ("place", "会议地点"),
    ):
        if not str(getattr(data, name) or "").strip():
            raise ParticipationError(f"请填写{label}。")
    if not 0 <= data.public_seats <= 1000:
        raise ParticipationError("公众报名名额应在0至1000之间。")
    if data.public_seats < seats_taken:
        raise ParticipationError(f"已有{seats_taken}人报名，名额不能少于已报名人数。")
    if data.registration_closes_at > data.starts_at:
        raise ParticipationError("报名截止时间不能晚于会议开始时间。")


@transaction.atomic
def create_meeting(*, by: Any, at: datetime, unit: Unit, data: MeetingData) -> Meeting:
    _require(can_draft_in(by, unit), "您不是该单位的工作人员，不能登记会议。")
    validate_meeting(data)
    m = Meeting.objects.create(unit=unit, created_by=by, created_at=at, **asdict(data))
    audit.record(
        action="participation.meeting.created",
        by=by,
        at=at,
        target=m,
        unit=unit,
        after={"title": m.title, "starts_at": str(m.starts_at), "seats": m.public_seats},
    )
    return m


def _lock_meeting(m: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("unit").get(pk=m.pk)


@transaction.atomic
def update_meeting(*, by: Any, at: datetime, meeting: Meeting, data: MeetingData) -> Meeting:
    m = _lock_meeting(meeting)
    _require(can_handle(by, m), "您不能修改这次会议。")
    transitions.check_meeting("edit", m.status)
    validate_meeting(data, seats_taken=m.seats_taken)
    for name, value in asdict(data).items():
        setattr(m, name, value)
    m.save()
    audit.record(
        action="participation.meeting.updated",
        by=by,
        at=at,
        target=m,
        unit=m.unit,
        after={"title": m.title, "starts_at": str(m.starts_at), "seats": m.public_seats},
    )
    return m


@transaction.atomic
def invite(*, by: Any, at: datetime, meeting: Meeting, group: str, name: str) -> Invitation:
    m = _lock_meeting(meeting)
    _require(can_handle(by, m), "您不能为这次会议发出邀请。")
    transitions.check_meeting("invite", m.status)
    if group not in InviteeGroup.values:
        raise ParticipationError("请选择列席人员类别：利益相关方、公众代表、专家或媒体。")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ParticipationError("请填写被邀请人或单位的名称（不超过100字）。")
    inv = Invitation.objects.create(meeting=m, group=group, name=name, created_at=at)
    audit.record(
        action="participation.meeting.invited",
        by=by,
        at=at,
        target=m,
        unit=m.unit,
        after={"group": group, "name": name},
    )
    return inv


def _meeting_move(m: Meeting, action: str, code: str, *, by: Any, at: datetime) -> Meeting:
    before = {"status": m.status}
    m.status = transitions.check_meeting(action, m.status)
    m.save()
    audit.record(
        action=f"participation.meeting.{code}",
        by=by,
        at=at,
        target=m,
        unit=m.unit,
        before=before,
        after={"status": m.status},
    )
    return m


@transaction.atomic
def announce_meeting(*, by: Any, at: datetime, meeting: Meeting) -> Meeting:
    """Publish the agenda and the invitations and open public registration. The notice says
    who is invited (利益相关方、公众代表、专家、媒体, seed notice §一(二)1)."""
    m = _lock_meeting(meeting)
    _require(can_handle(by, m), "您不能发布这次会议的公告。")
    transitions.check_meeting("announce", m.status)
    if m.starts_at <= at:
        raise ParticipationError("会议开始时间已过，不能再发布会议公告。")
    m.announced_at = at
    return _meeting_move(m, "announce", "announced", by=by, at=at)


@dataclass
class RegistrationData:
    group: str
    name: str
    phone: str
    note: str = ""


def register_for_meeting(*, at: datetime, meeting: Meeting, data: RegistrationData) -> Registration:
    """A member of the public registers to attend (by=None). The seat is taken by a
    compare-and-swap UPDATE that must touch exactly one row, so the limit holds under any
    concurrency; when it touches none the meeting is full (or closed) and nothing is written."""
    if data.group not in (InviteeGroup.STAKEHOLDER, InviteeGroup.PUBLIC, InviteeGroup.MEDIA):
        raise ParticipationError("请选择报名身份：利益相关方、公众代表或媒体。")
    name, phone = (data.name or "").strip(), (data.phone or "").strip()
    if not name or len(name) > 50:
        raise ParticipationError("请填写姓名（不超过50字）。")
    if not phone or len(phone) > 30:
        raise ParticipationError("请填写联系电话。")
    with transaction.atomic():
        m = Meeting.objects.select_related("unit").get(pk=meeting.pk)
        if m.status != MeetingStatus.ANNOUNCED or at >= m.registration_closes_at:
            raise ParticipationError("这次会议不在报名期内。")
        taken = Meeting.objects.filter(
            pk=m.pk,
            status=MeetingStatus.ANNOUNCED,
            seats_taken__lt=F("public_seats"),
        ).update(seats_taken=F("seats_taken") + 1)
        if taken != 1:
            raise ParticipationError("报名名额已满，欢迎关注会议议定事项的公开。")
        number = Meeting.objects.values_list("seats_taken", flat=True).get(pk=m.pk)
        reg = Registration.objects.create(
            meeting=m,
            number=number,
            group=data.group,
            name=name,
            phone=phone,
            note=(data.note or "").strip()[:500],
            registered_at=at,
        )
        audit.record(
            action="participation.meeting.registered",
            by=None,
            at=at,
            target=m,
            unit=m.unit,
            after={"registration": reg.pk, "number": number, "group": data.group},
        )
    return reg


@transaction.atomic
def mark_meeting_held(*, by: Any, at: datetime, meeting: Meeting) -> Meeting:
    m = _lock_meeting(meeting)
    _require(can_handle(by, m), "您不能登记这次会议。")
    transitions.check_meeting("mark_held", m.status)
    if m.starts_at > at:
        raise ParticipationError("会议尚未开始。")
    return _meeting_move(m, "mark_held", "held", by=by, at=at)


@transaction.atomic
def publish_meeting_outcome(*, by: Any, at: datetime, meeting: Meeting, outcome: str) -> Meeting:
    """Publish the 议定事项 (and the related documents attached) (seed notice §一(二)1)."""
    m = _lock_meeting(meeting)
    _require(can_handle(by, m), "您不能公开这次会议的议定事项。")
    transitions.check_meeting("publish_outcome", m.status)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ParticipationError("请填写会议议定事项。")
    m.outcome = outcome[:20000]
    m.outcome_published_at = at
    return _meeting_move(m, "publish_outcome", "outcome_published", by=by, at=at)


def add_meeting_file(*, by: Any, at: datetime, meeting: Meeting, uploaded: Any) -> MeetingFile:
    _require(can_handle(by, meeting), "您不能为这次会议添加文件。")
    checked = _checked(uploaded)
    with transaction.atomic():
        m = _lock_meeting(meeting)
        if m.status == MeetingStatus.OUTCOME_PUBLISHED:
            raise ParticipationError("议定事项已公开，不能再添加文件。")
        item = _stored(MeetingFile, checked, by=by, at=at, meeting=m)
        audit.record(
            action="participation.meeting.file_added",
            by=by,
            at=at,
            target=m,
            unit=m.unit,
            after={"file": item.pk, "name": item.original_name, "size": item.size},
        )
    return item


def results_due_workdays() -> int:
    from .statute import RESULTS_DUE_WORKDAYS

    return int(getattr(settings, "ZWGK_PARTICIPATION_RESULTS_WORKDAYS", RESULTS_DUE_WORKDAYS))
