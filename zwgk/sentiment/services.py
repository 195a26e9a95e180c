"""Every write of the 舆情 app: collect a case (`open_case`, the contract other apps call),
change its responsible unit, invite units to 会商 and record their opinions, 研判, record a
回应 (textcheck-reviewed), 评估, and the timer alerts (periodic job).

Services are keyword-only with `by=` and `at=`, run in one transaction with their audit row, and
raise CaseError (a DomainError) with a Chinese message, changing nothing, when refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit
from zwgk.core.errors import DomainError
from zwgk.orgs.models import Membership, Role, Unit
from zwgk.orgs.permissions import can_view_unit
from zwgk.textcheck import Finding, Severity

from . import permissions, rules
from .models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseOpinion,
    CaseResponse,
    CaseTimer,
    Effect,
    ResponseKind,
    RiskLevel,
    RiskPlan,
    Status,
)

logger = logging.getLogger(__name__)

SOURCE_RE = re.compile(r"^(manual|[a-z_]+(\.[a-z_]+)+:\d{1,12})$")
MAX_TITLE = 200
MAX_TEXT = 10000


class CaseError(DomainError):
    """A refused move on a 舆情 case."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CaseError(message)


def _text(value: str, *, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise CaseError(f"请填写{label}。")
    if len(text) > limit:
        raise CaseError(f"{label}不能超过{limit}个字。")
    return text


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _event(case: Case, kind: str, *, by: Any, at: datetime, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, at=at, by=_user(by), **fields)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _make_timers(case: Case, *, at: datetime) -> list[CaseTimer]:
    """The timers of the rules that apply to the case, counted from its collection; rules that
    no longer apply are set inactive (kept on record)."""
    wanted = {rule.code: rule for rule in rules.rules_for(major_emergency=case.is_major_emergency)}
    existing = {timer.rule_code: timer for timer in case.timers.all()}
    made = []
    for code, timer in existing.items():
        active = code in wanted
        if timer.is_active != active:
            timer.is_active = active
            timer.save(update_fields=["is_active"])
    for code, rule in wanted.items():
        if code in existing:
            continue
        due = case.collected_at + timedelta(hours=rule.hours)
        made.append(
            CaseTimer.objects.create(
                case=case,
                rule_code=code,
                label=rule.label,
                source=rule.source,
                hours=rule.hours,
                starts_at=case.collected_at,
                due_at=due,
                warn_at=due - rule.warn_before,
            )
        )
    return made


# --- Collection -------------------------------------------------------------------------------


def open_case(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    source: str,
    title: str,
    summary: str,
    is_major_emergency: bool = False,
    collected_at: datetime | None = None,
) -> Case:
    """Collect a 舆情 case for `unit` (the responsible unit, 属地管理、谁主管谁负责).

    `source` is "manual" or a key of the object it came from ("mailbox.letter:12",
    "participation.comment:5", "monitoring.finding:9"). Escalating the same object again while
    its case is open returns that case instead of opening a second one. `by` may be None (a
    system job escalating a finding). Timers start at `collected_at` (default `at`)."""
    source = (source or "").strip()
    _require(bool(SOURCE_RE.match(source)), "舆情来源标识不正确。")
    title = _text(title, label="舆情标题", limit=MAX_TITLE)
    summary = _text(summary, label="舆情摘要", limit=MAX_TEXT)
    _require(unit is not None and unit.is_active, "请选择有效的责任单位。")
    collected = collected_at or at
    _require(collected <= at, "收集时间不能晚于现在。")
    with transaction.atomic():
        if source != "manual":
            existing = Case.objects.open().filter(source=source).first()
            if existing is not None:
                return existing
        case = Case.objects.create(
            unit=unit,
            title=title,
            summary=summary,
            source=source,
            is_major_emergency=is_major_emergency,
            collected_at=collected,
            created_by=_user(by),
            updated_at=at,
        )
        _make_timers(case, at=at)
        _event(case, CaseEvent.Kind.COLLECTED, by=by, at=at, to_unit=unit, note=source)
        audit.record(
            action="sentiment.case.opened",
            by=by,
            at=at,
            target=case,
            unit=unit if by is None else None,
            after={"unit": unit.pk, "source": source, "major_emergency": is_major_emergency},
        )
    return case


def reassign_case(*, by: Any, at: datetime, case: Case, unit: Unit, reason: str) -> Case:
    """Change the responsible unit (district office only), with the reason on record."""
    reason = _text(reason, label="变更理由", limit=1000)
    with transaction.atomic():
        case = _locked(case)
        _require(permissions.can_reassign_case(by, case), "只有区政府办可以变更责任单位。")
        _require(case.is_open, "舆情已评估办结，不能再变更责任单位。")
        _require(unit.is_active and unit.pk != case.unit_id, "请选择另一个有效的责任单位。")
        _require(can_view_unit(by, unit), "不能指定本区以外的单位。")
        before = case.unit
        case.unit = unit
        case.updated_at = at
        case.save(update_fields=["unit", "updated_at"])
        _event(
            case,
            CaseEvent.Kind.REASSIGNED,
            by=by,
            at=at,
            from_unit=before,
            to_unit=unit,
            note=reason,
        )
        audit.record(
            action="sentiment.case.reassigned",
            by=by,
            at=at,
            target=case,
            before={"unit": before.pk},
            after={"unit": unit.pk, "reason": reason},
        )
    return case


# --- 会商 -------------------------------------------------------------------------------------


def invite_units(
    *, by: Any, at: datetime, case: Case, units: Iterable[Unit], question: str = ""
) -> list[CaseOpinion]:
    question = _text(question, label="会商事项", limit=2000, required=False)
    units = [u for u in units if u.pk != case.unit_id]
    _require(bool(units), "请选择至少一个其他单位参加会商。")
    with transaction.atomic():
        case = _locked(case)
        _require(permissions.can_coordinate_case(by, case), "您不能为该舆情组织会商。")
        _require(case.is_open, "舆情已评估办结。")
        already = set(case.opinions.values_list("unit_id", flat=True))
        made = [
            CaseOpinion.objects.create(
                case=case, unit=u, question=question, invited_by=_user(by), invited_at=at
            )
            for u in units
            if u.pk not in already and u.is_active
        ]
        _require(bool(made), "所选单位已在会商之列。")
        names = "、".join(o.unit.short_name or o.unit.name for o in made)
        _event(case, CaseEvent.Kind.INVITED, by=by, at=at, note=f"{names}：{question}")
        audit.record(
            action="sentiment.case.invited",
            by=by,
            at=at,
            target=case,
            after={"units": [o.unit_id for o in made]},
        )
    return made


def record_opinion(*, by: Any, at: datetime, opinion: CaseOpinion, text: str) -> CaseOpinion:
    text = _text(text, label="会商意见", limit=MAX_TEXT)
    with transaction.atomic():
        opinion = (
            CaseOpinion.objects.select_for_update()
            .select_related("case", "unit")
            .get(pk=opinion.pk)
        )
        _require(
            opinion.unit_id in permissions.staff_unit_ids(by), "只有受邀单位可以填写会商意见。"
        )
        _require(opinion.case.is_open, "舆情已评估办结。")
        opinion.opinion = text
        opinion.answered_by = _user(by)
        opinion.answered_at = at
        opinion.save(update_fields=["opinion", "answered_by", "answered_at"])
        _event(opinion.case, CaseEvent.Kind.OPINION, by=by, at=at, from_unit=opinion.unit)
        audit.record(
            action="sentiment.case.opinion",
            by=by,
            at=at,
            target=opinion.case,
            unit=opinion.unit,
            after={"unit": opinion.unit_id},
        )
    return opinion


# --- 研判, 回应, 评估 -------------------------------------------------------------------------


def assess_case(
    *, by: Any, at: datetime, case: Case, risk_level: str, is_major_emergency: bool, note: str
) -> Case:
    """研判: the risk level and whether the case is a major emergency (which switches the
    timers to 5 h / 24 h; rules.py)."""
    _require(risk_level in RiskLevel.values, "请选择风险等级。")
    note = _text(note, label="研判意见", limit=MAX_TEXT)
    with transaction.atomic():
        case = _locked(case)
        _require(permissions.can_handle_case(by, case), "只有责任单位可以研判。")
        _require(case.is_open, "舆情已评估办结。")
        before = {"risk_level": case.risk_level, "major_emergency": case.is_major_emergency}
        case.risk_level = risk_level
        case.is_major_emergency = is_major_emergency
        case.assessment_note = note
        case.assessed_at = at
        if case.status == Status.COLLECTED:
            case.status = Status.ASSESSED
        case.updated_at = at
        case.save()
        _make_timers(case, at=at)
        _satisfy_timers(case)
        _event(case, CaseEvent.Kind.ASSESSED, by=by, at=at, note=note)
        audit.record(
            action="sentiment.case.assessed",
            by=by,
            at=at,
            target=case,
            before=before,
            after={"risk_level": risk_level, "major_emergency": is_major_emergency},
        )
    return case


RULE_LABELS = {
    "pii.id_card": "公民身份号码",
    "pii.mobile": "手机号码",
    "pii.bank_card": "银行卡号",
    "secret.mark": "密级标志",
}


def blocking_findings(text: str) -> list[Finding]:
    return [f for f in get_checker().check(text) if f.severity is Severity.BLOCK]


def _satisfy_timers(case: Case) -> None:
    """Mark met the active timers a recorded response satisfies (the earliest one counts)."""
    responses = list(case.responses.order_by("published_at", "pk"))
    for timer in case.timers.filter(is_active=True, met_at__isnull=True):
        rule = rules.RULES_BY_CODE.get(timer.rule_code)
        accepted = rule.met_by if rule else frozenset()
        first = next((r for r in responses if r.kind in accepted), None)
        if first is not None:
            timer.met_at = first.published_at
            timer.save(update_fields=["met_at"])


def record_response(
    *,
    by: Any,
    at: datetime,
    case: Case,
    kind: str,
    text: str,
    channel: str,
    url: str = "",
    published_at: datetime,
) -> CaseResponse:
    """回应: record what was published. Text with personal data or a secrecy mark is refused
    (textcheck, 先审后发); sensitive words are the reviewer's to look at on the page."""
    _require(kind in ResponseKind.values, "请选择回应方式。")
    text = _text(text, label="回应内容", limit=MAX_TEXT)
    channel = _text(channel, label="发布渠道", limit=100)
    _require(len(url or "") <= 500, "链接地址过长。")
    _require(published_at <= at + timedelta(minutes=5), "发布时间不能晚于现在。")
    found = blocking_findings(text)
    if found:
        kinds = "、".join(sorted({RULE_LABELS.get(f.rule, f.rule) for f in found}))
        raise CaseError(f"回应内容含有{kinds}，不能发布。请删除后再提交。")
    with transaction.atomic():
        case = _locked(case)
        _require(permissions.can_handle_case(by, case), "只有责任单位可以登记回应。")
        _require(case.is_open, "舆情已评估办结。")
        _require(published_at >= case.collected_at, "发布时间不能早于舆情收集时间。")
        response = CaseResponse.objects.create(
            case=case,
            kind=kind,
            text=text,
            channel=channel,
            url=url or "",
            published_at=published_at,
            recorded_by=_user(by),
            recorded_at=at,
        )
        _satisfy_timers(case)
        case.status = Status.RESPONDED
        case.updated_at = at
        case.save(update_fields=["status", "updated_at"])
        _event(case, CaseEvent.Kind.RESPONDED, by=by, at=at, note=response.get_kind_display())
        audit.record(
            action="sentiment.case.responded",
            by=by,
            at=at,
            target=case,
            after={"kind": kind, "channel": channel, "published_at": published_at.isoformat()},
        )
    return response


def evaluate_case(*, by: Any, at: datetime, case: Case, effect: str, note: str) -> Case:
    """评估: the effect of the response; closes the case. A case needs a response first."""
    _require(effect in Effect.values, "请选择回应效果。")
    note = _text(note, label="评估意见", limit=MAX_TEXT)
    with transaction.atomic():
        case = _locked(case)
        _require(permissions.can_handle_case(by, case), "只有责任单位可以评估。")
        _require(case.status == Status.RESPONDED, "舆情须先登记回应，才能评估效果。")
        case.effect = effect
        case.evaluation_note = note
        case.evaluated_at = at
        case.status = Status.EVALUATED
        case.updated_at = at
        case.save()
        _event(case, CaseEvent.Kind.EVALUATED, by=by, at=at, note=note)
        audit.record(
            action="sentiment.case.evaluated", by=by, at=at, target=case, after={"effect": effect}
        )
    return case


# --- Policies flagged as sensitive ------------------------------------------------------------


def save_risk_plan(*, by: Any, at: datetime, document: Any, assessment: str, plan: str) -> RiskPlan:
    """The 舆情风险评估 and 应对预案 of a policy document, kept by its drafting unit."""
    assessment = _text(assessment, label="舆情风险评估", limit=MAX_TEXT)
    plan = _text(plan, label="应对处置预案", limit=MAX_TEXT)
    unit = document.publishing_unit
    _require(bool(permissions.staff_unit_ids(by) & {unit.pk}), "只有起草单位可以填写舆情风险评估。")
    with transaction.atomic():
        record, created = RiskPlan.objects.select_for_update().get_or_create(
            document=document,
            defaults={
                "unit": unit,
                "assessment": assessment,
                "plan": plan,
                "created_by": _user(by),
                "created_at": at,
                "updated_at": at,
            },
        )
        if not created:
            record.assessment, record.plan, record.updated_at = assessment, plan, at
            record.save(update_fields=["assessment", "plan", "updated_at"])
        audit.record(
            action="sentiment.plan.saved",
            by=by,
            at=at,
            target=record,
            after={"document": document.pk, "created": created},
        )
    return record


def link_risk_plan(*, by: Any, at: datetime, case: Case, plan: RiskPlan | None) -> Case:
    with transaction.atomic():
        case = _locked(case)
        _require(permissions.can_coordinate_case(by, case), "您不能修改该舆情。")
        case.risk_plan = plan
        case.updated_at = at
        case.save(update_fields=["risk_plan", "updated_at"])
        note = str(plan.document.title) if plan else ""
        _event(case, CaseEvent.Kind.PLAN_LINKED, by=by, at=at, note=note)
        audit.record(
            action="sentiment.case.plan_linked",
            by=by,
            at=at,
            target=case,
            after={"plan": plan.pk if plan else None},
        )
    return case


# --- Timer alerts (periodic job) --------------------------------------------------------------


def _alert_recipients(case: Case) -> list[str]:
    units = Membership.objects.active().filter(unit=case.unit, role__in=list(Role.values))
    root = "/" + case.unit.path.strip("/").split("/")[0] + "/"
    office = Membership.objects.active().filter(
        role=Role.SUPERVISOR, unit__is_competent_office=True, unit__path__startswith=root
    )
    emails = {m.user.email for m in units.select_related("user") if m.user.email}
    emails |= {m.user.email for m in office.select_related("user") if m.user.email}
    return sorted(emails)


def _mail_after_commit(subject: str, body: str, to: list[str]) -> None:
    if not to:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        except Exception:
            logger.exception("sentiment alert mail could not be sent")

    transaction.on_commit(send)


def send_timer_alerts(*, at: datetime) -> dict[str, int]:
    """Alert before and at expiry of every unmet timer of an open case, once each (the claim is a
    compare-and-swap UPDATE, so two workers never send the same alert twice). The 工作台 shows
    the same timers (inbox.py)."""
    counts = {"before": 0, "expired": 0}
    timers = CaseTimer.objects.filter(
        is_active=True, met_at__isnull=True, case__status__in=OPEN_STATUSES
    )
    for timer in timers.filter(warn_at__lte=at).select_related("case", "case__unit"):
        expired = timer.due_at <= at
        field = "alerted_expired_at" if expired else "alerted_before_at"
        claimed = CaseTimer.objects.filter(pk=timer.pk, **{f"{field}__isnull": True}).update(
            **{field: at}
        )
        if not claimed:
            continue
        counts["expired" if expired else "before"] += 1
        case = timer.case
        due = timer.due_at.astimezone(at.tzinfo).strftime("%Y-%m-%d %H:%M")
        what = "已到期" if expired else "即将到期"
        _event(case, CaseEvent.Kind.ALERTED, by=None, at=at, note=f"{timer.label}{what}（{due}）")
        audit.record(
            action="sentiment.case.alerted",
            by=None,
            at=at,
            target=case,
            unit=case.unit,
            after={"timer": timer.rule_code, "expired": expired},
        )
        url = reverse("sentiment:detail", args=[case.pk])
        _mail_after_commit(
            f"【舆情{'逾期' if expired else '提醒'}】{case.title}：{timer.label}{what}",
            f"{case.unit.name}负责的舆情“{case.title}”：{timer.label}，期限 {due}，{what}。\n"
            f"依据：{timer.source}\n{url}",
            _alert_recipients(case),
        )
    return counts
