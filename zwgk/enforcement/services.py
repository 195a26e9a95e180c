"""Writes of 行政执法公示: standing information versions, decisions (record, edit, publish,
withdraw) and the bulk import. Every service is keyword-only, takes the actor `by=` and the
time `at=`, runs in one transaction with its audit row, and refuses with a Chinese message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.core.selectors import get_workday_calendar
from zwgk.orgs.models import Unit
from zwgk.textcheck import Finding, Severity
from zwgk.textcheck.pii import is_id_number

from . import checks, permissions
from .deadlines import is_late, publication_due
from .models import Decision, DecisionStatus, InfoVersion
from .statute import DecisionKind, InfoKind, PartyKind

MAX_INFO_CHARS = 20_000
MAX_SUMMARY_CHARS = 2_000


class EnforcementError(DomainError):
    """A refused action of 行政执法公示."""


class PublicationBlockedError(EnforcementError):
    """Personal data (or another blocking finding) remains in what the public would see."""

    def __init__(self, message: str, *, text: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.text = text
        self.findings = findings


def _clean(value: str) -> str:
    # No NFKC here: it would turn the full-width punctuation of 文号 and names （） into ASCII.
    return " ".join((value or "").replace("\x00", "").split())


def _require_manage(by: Any, unit: Unit) -> None:
    if not permissions.can_manage(by, unit):
        raise PermissionDeniedError("只有本单位的工作人员可以维护本单位的行政执法公示信息。")


# --- 事前公开: standing information -------------------------------------------------------------


@transaction.atomic
def publish_info(*, by: Any, at: datetime, unit: Unit, kind: str, body: str) -> InfoVersion:
    """Publish a new version of one kind of the unit's standing information."""
    _require_manage(by, unit)
    if kind not in InfoKind.values:
        raise EnforcementError("公示信息类别不正确。")
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise EnforcementError("请填写公示内容。")
    if len(body) > MAX_INFO_CHARS:
        raise EnforcementError(f"公示内容不能超过 {MAX_INFO_CHARS} 字。")
    found = [f for f in get_checker().check(body) if f.severity is Severity.BLOCK]
    if found:
        raise PublicationBlockedError(
            "公示内容含有个人信息或其他不得公开的内容，不能发布，请先处理下列问题。",
            text=body,
            findings=found,
        )
    last = (
        InfoVersion.objects.select_for_update()
        .filter(unit=unit, kind=kind)
        .order_by("-number")
        .first()
    )
    if last is not None and last.body == body:
        raise EnforcementError("内容与当前公开的版本相同，无需发布新版本。")
    version = InfoVersion.objects.create(
        unit=unit,
        kind=kind,
        number=(last.number + 1) if last else 1,
        body=body,
        published_at=at,
        published_by=by,
    )
    audit.record(
        action="enforcement.info.published",
        by=by,
        at=at,
        target=version,
        target_label=f"{unit.short_name} {InfoKind(kind).label} 第{version.number}版",
        unit=unit,
        after={"kind": kind, "number": version.number, "chars": len(body)},
    )
    return version


# --- 事后公开: decisions ------------------------------------------------------------------------


@dataclass
class DecisionData:
    kind: str
    number: str
    party_kind: str
    party_name: str
    decision_date: date | None
    summary: str
    basis: str = ""
    party_id_number: str = field(default="", repr=False)


def validate(data: DecisionData, *, today: date) -> DecisionData:
    """The data in its stored form, or EnforcementError naming the first problem."""
    problems = problems_of(data, today=today)
    if problems:
        raise EnforcementError(problems[0])
    return normalised(data)


def normalised(data: DecisionData) -> DecisionData:
    return DecisionData(
        kind=data.kind,
        number=_clean(data.number),
        party_kind=data.party_kind,
        party_name=_clean(data.party_name),
        decision_date=data.decision_date,
        summary=(data.summary or "").replace("\x00", "").strip(),
        basis=_clean(data.basis),
        party_id_number=re.sub(
            r"[\s-]", "", unicodedata.normalize("NFKC", data.party_id_number or "")
        ).upper(),
    )


def problems_of(data: DecisionData, *, today: date) -> list[str]:
    """Every problem of the data, in Chinese (the importer lists them per row)."""
    data = normalised(data)
    problems = []
    if data.kind not in DecisionKind.values:
        problems.append("执法类别应为：" + "、".join(DecisionKind.labels) + "。")
    if not data.number:
        problems.append("请填写决定书文号。")
    elif len(data.number) > 100:
        problems.append("决定书文号不能超过100字。")
    if data.party_kind not in PartyKind.values:
        problems.append("当事人类型应为：" + "、".join(PartyKind.labels) + "。")
    if not data.party_name:
        problems.append("请填写当事人名称或姓名。")
    elif len(data.party_name) > 200:
        problems.append("当事人名称不能超过200字。")
    if data.party_id_number:
        if data.party_kind != PartyKind.NATURAL:
            problems.append("只有自然人当事人填写身份证号码。")
        elif not is_id_number(data.party_id_number):
            problems.append("身份证号码不正确（应为18位，且校验位正确）。")
    if data.decision_date is None:
        problems.append("请填写作出决定日期（YYYY-MM-DD）。")
    elif data.decision_date > today:
        problems.append("作出决定日期不能晚于今天。")
    elif data.decision_date.year < 2000:
        problems.append("作出决定日期不正确。")
    if not data.summary:
        problems.append("请填写决定的主要内容。")
    elif len(data.summary) > MAX_SUMMARY_CHARS:
        problems.append(f"主要内容不能超过 {MAX_SUMMARY_CHARS} 字。")
    if len(data.basis) > 500:
        problems.append("执法依据不能超过500字。")
    return problems


def _snapshot(decision: Decision) -> dict[str, Any]:
    # The party's name and number never enter the audit trail in clear.
    return {
        "kind": decision.kind,
        "number": decision.number,
        "party_kind": decision.party_kind,
        "party": decision.public_party_name,
        "decision_date": decision.decision_date.isoformat() if decision.decision_date else "",
        "status": decision.status,
        "has_id_number": bool(decision.party_id_number),
    }


def _apply(decision: Decision, data: DecisionData) -> None:
    if data.decision_date is None:  # validate() refuses it first
        raise EnforcementError("请填写作出决定日期（YYYY-MM-DD）。")
    decision.kind = data.kind
    decision.number = data.number
    decision.party_kind = data.party_kind
    decision.party_name = data.party_name
    decision.decision_date = data.decision_date
    decision.summary = data.summary
    decision.basis = data.basis
    if data.party_id_number or data.party_kind != PartyKind.NATURAL:
        decision.party_id_number = data.party_id_number
    decision.publish_due_date = publication_due(
        get_workday_calendar(), data.kind, data.decision_date
    )


def _save(decision: Decision) -> None:
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:
        raise EnforcementError(
            f"本单位已有文号为“{decision.number}”的执法决定，请核对文号。"
        ) from error


@transaction.atomic
def record_decision(*, by: Any, at: datetime, unit: Unit, data: DecisionData) -> Decision:
    """Record a decision of the unit (not yet public)."""
    _require_manage(by, unit)
    data = validate(data, today=timezone.localdate(at))
    decision = Decision(unit=unit, created_at=at, created_by=by)
    _apply(decision, data)
    _save(decision)
    audit.record(
        action="enforcement.decision.recorded",
        by=by,
        at=at,
        target=decision,
        unit=unit,
        after=_snapshot(decision),
    )
    return decision


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


@transaction.atomic
def update_decision(*, by: Any, at: datetime, decision: Decision, data: DecisionData) -> Decision:
    decision = _lock(decision)
    _require_manage(by, decision.unit)
    if decision.status != DecisionStatus.DRAFT:
        raise TransitionError("已公开或已撤回的执法决定不能修改；如有错误请撤回后重新录入。")
    data = validate(data, today=timezone.localdate(at))
    before = _snapshot(decision)
    _apply(decision, data)
    _save(decision)
    audit.record(
        action="enforcement.decision.updated",
        by=by,
        at=at,
        target=decision,
        unit=decision.unit,
        before=before,
        after=_snapshot(decision),
    )
    return decision


@transaction.atomic
def publish_decision(*, by: Any, at: datetime, decision: Decision) -> Decision:
    """Make a decision public; refused while personal data remain in the public text."""
    decision = _lock(decision)
    _require_manage(by, decision.unit)
    if decision.status != DecisionStatus.DRAFT:
        raise TransitionError("只有尚未公开的执法决定可以公开。")
    text, found = checks.findings(decision)
    block = checks.blocking(found)
    if block:
        raise PublicationBlockedError(
            "公开内容中仍有未隐去的个人信息或其他不得公开的内容，不能公开，请先修改。",
            text=text,
            findings=found,
        )
    today = timezone.localdate(at)
    decision.publish_due_date = publication_due(
        get_workday_calendar(), decision.kind, decision.decision_date
    )
    decision.status = DecisionStatus.PUBLISHED
    decision.published_at = at
    decision.published_by = by
    decision.is_late = is_late(decision.publish_due_date, today, today)
    decision.save()
    audit.record(
        action="enforcement.decision.published",
        by=by,
        at=at,
        target=decision,
        unit=decision.unit,
        after={
            **_snapshot(decision),
            "due": decision.publish_due_date.isoformat() if decision.publish_due_date else "",
            "late": decision.is_late,
        },
    )
    return decision


@transaction.atomic
def withdraw_decision(*, by: Any, at: datetime, decision: Decision, reason: str) -> Decision:
    decision = _lock(decision)
    _require_manage(by, decision.unit)
    if decision.status != DecisionStatus.PUBLISHED:
        raise TransitionError("只有已公开的执法决定可以撤回。")
    reason = _clean(reason)
    if not reason:
        raise EnforcementError("请说明撤回的理由。")
    if len(reason) > 500:
        raise EnforcementError("撤回理由不能超过500字。")
    decision.status = DecisionStatus.WITHDRAWN
    decision.save(update_fields=["status"])
    audit.record(
        action="enforcement.decision.withdrawn",
        by=by,
        at=at,
        target=decision,
        unit=decision.unit,
        after={**_snapshot(decision), "reason": reason},
    )
    return decision
