"""Every write to a document: registration, edits, the review chain, publication, withdrawal.

Each function is one business verb (keyword-only, `by=` actor, `at=` time): it checks the
transition table and the actor's right, locks the row, writes the change with its audit row and
review event in one transaction, and defers side effects (static pages, search index) to
`transaction.on_commit` through the hooks in events.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.orgs.models import Unit

from . import columns, events, transitions
from .checks import blocking_findings, consistency_problems, fingerprint, submission_problems
from .deadlines import publish_due_date
from .docnumber import DocNumberError, normalise_doc_number
from .models import (
    Document,
    DocumentIssuer,
    FindingOverride,
    IndexNumberSequence,
    ReviewEvent,
    Status,
    content_hash,
)
from .permissions import (
    can_draft_in,
    can_edit_document,
    can_override_findings,
    can_publish_document,
    can_review_document,
    can_withdraw_document,
)
from .statute import FIVE_CHECKS, DisclosureAttribute

DEFAULT_INDEX_PATTERN = "{code}/{year}-{serial:05d}"

# The fields a clerk edits; everything else is set by the services.
EDITABLE_FIELDS = (
    "title",
    "doc_number",
    "written_date",
    "signer",
    "topic",
    "genre",
    "column",
    "summary",
    "body",
    "disclosure",
    "disclosure_scope",
    "withheld_part",
    "legal_ground",
    "ground_explanation",
    "is_normative",
    "needs_interpretation",
    "interpretation_form",
    "video_url",
    "is_major_decision",
    "risk_assessment",
    "response_plan",
)


class DocumentError(DomainError):
    pass


@dataclass
class DocumentData:
    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    issuing_units: list[Unit] = field(default_factory=list)


def _snapshot(document: Document) -> dict[str, Any]:
    return {
        "status": document.status,
        "title": document.title,
        "doc_number": document.doc_number,
        "disclosure": document.disclosure,
        "legal_ground": document.legal_ground,
    }


def _hash(document: Document) -> str:
    return content_hash(document, list(document.attachments.values_list("sha256", flat=True)))


def next_index_number(*, unit: Unit, year: int) -> str:
    """The next 索引号 of `unit` for `year` from the configured pattern; never reused.

    Default `{统一社会信用代码}/{YYYY}-{NNNNN}` (rules.md §6.3); a unit without a code uses its
    system code. Must run inside a transaction (the sequence row is locked).
    """
    sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(
        unit=unit, year=year
    )
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    pattern = getattr(settings, "ZWGK_INDEX_NUMBER_PATTERN", DEFAULT_INDEX_PATTERN)
    return pattern.format(code=unit.uscc or unit.code, year=year, serial=sequence.last_serial)


def _apply(document: Document, data: DocumentData) -> None:
    previous_column = document.column
    document.title = data.title.strip()
    for name, value in data.fields.items():
        if name not in EDITABLE_FIELDS:
            raise DocumentError(f"字段“{name}”不能修改。")
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    if document.doc_number:
        try:
            document.doc_number = normalise_doc_number(document.doc_number)
        except DocNumberError as error:
            raise DocumentError(str(error)) from error
    if not document.title:
        raise DocumentError("标题不能为空。")
    # Checked when the column is chosen or changed: a document filed earlier under a column
    # the unit may no longer use stays editable (the completeness view flags it).
    if document.column != previous_column:
        refusal = columns.column_refusal(document.publishing_unit, document.column)
        if refusal:
            raise DocumentError(refusal)
    if document.disclosure == DisclosureAttribute.PROACTIVE:
        document.legal_ground = (
            document.legal_ground if document.disclosure_scope == "partial" else ""
        )
    document.formed_date = document.written_date
    document.publish_due_date = publish_due_date(document)


def _set_issuers(document: Document, units: Iterable[Unit]) -> None:
    units = list(dict.fromkeys(units)) or [document.publishing_unit]
    DocumentIssuer.objects.filter(document=document).delete()
    DocumentIssuer.objects.bulk_create(
        DocumentIssuer(document=document, unit=unit, position=i) for i, unit in enumerate(units)
    )


@transaction.atomic
def register_document(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: DocumentData,
    interprets: Document | None = None,
) -> Document:
    """登记 a draft in `unit`; its 索引号 is assigned now and never changes."""
    if not can_draft_in(by, unit):
        raise PermissionDeniedError("您不是该单位的工作人员，不能登记公文。")
    if interprets is not None and interprets.publishing_unit_id != unit.pk:
        raise DocumentError("政策解读必须由政策的发布单位登记。")
    document = Document(
        publishing_unit=unit,
        created_by=by,
        created_at=at,
        updated_at=at,
        interprets=interprets,
    )
    _apply(document, data)
    document.index_number = next_index_number(unit=unit, year=timezone.localdate(at).year)
    document.save()
    _set_issuers(document, data.issuing_units)
    audit.record(
        action="documents.document.registered",
        by=by,
        at=at,
        target=document,
        unit=unit,
        after=_snapshot(document) | {"index_number": document.index_number},
    )
    return document


def _lock(document: Document) -> Document:
    return (
        Document.objects.select_for_update().select_related("publishing_unit").get(pk=document.pk)
    )


def reopen_after_edit(document: Document) -> bool:
    """An edit after approval sends the document back to draft (what is published must be
    exactly what was approved). Changes the instance only; the caller saves and audits it.
    Used by update_document and by the attachment services."""
    if document.status not in {Status.APPROVED, Status.SCHEDULED}:
        return False
    document.status = Status.DRAFT
    document.approved_hash = ""
    document.scheduled_at = None
    return True


@transaction.atomic
def update_document(*, by: Any, at: datetime, document: Document, data: DocumentData) -> Document:
    """Edit a draft. An edit after approval sends the document back to draft: what is published
    must be exactly what was approved."""
    document = _lock(document)
    if not can_edit_document(by, document):
        raise PermissionDeniedError("您不能修改这份公文。")
    transitions.check("edit", document.status)
    before = _snapshot(document)
    _apply(document, data)
    reopen_after_edit(document)
    document.updated_at = at
    document.save()
    if data.issuing_units:
        _set_issuers(document, data.issuing_units)
    audit.record(
        action="documents.document.updated",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before=before,
        after=_snapshot(document),
    )
    return document


def _review_event(
    document: Document, *, by: Any, at: datetime, stage: str, decision: str, **extra: Any
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        document=document,
        stage=stage,
        decision=decision,
        by=by if getattr(by, "is_authenticated", False) else None,
        at=at,
        content_hash=_hash(document),
        **extra,
    )


def _move(
    document: Document, *, to: str, by: Any, at: datetime, action: str, **audit_extra: Any
) -> None:
    before = _snapshot(document)
    document.status = to
    document.updated_at = at
    document.save()
    audit.record(
        action=f"documents.document.{action}",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before=before,
        after=_snapshot(document) | audit_extra,
    )


@transaction.atomic
def submit_document(*, by: Any, at: datetime, document: Document) -> Document:
    """Submit for review. A document without a disclosure attribute, or with a non-disclosure
    attribute and no legal ground, is returned automatically (退文) with the reason; so is a policy
    that needs an interpretation without one, and a major decision without its risk assessment.
    Consistency problems and blocking findings refuse the submission (nothing changes)."""
    document = _lock(document)
    if not can_edit_document(by, document):
        raise PermissionDeniedError("您不能提交这份公文。")
    transitions.check("submit", document.status)
    if document.is_interpretation:
        raise DocumentError("政策解读随所解读的政策一并提交审核。")
    problems = consistency_problems(document)
    if problems:
        raise DocumentError("；".join(problems))
    blocking = blocking_findings(document)
    for interpretation in document.interpretations.all():
        blocking += blocking_findings(interpretation)
    if blocking:
        raise DocumentError(
            "公文含有须处理的内容，不能提交："
            + "；".join(f"{f.label}“{f.excerpt}”" for f in blocking)
            + "。请修改，或由单位主要负责人说明理由后放行。"
        )
    reasons = submission_problems(document)
    if reasons:
        document.return_reason = "；".join(reasons)
        _review_event(
            document,
            by=by,
            at=at,
            stage=document.status,
            decision=ReviewEvent.Decision.AUTO_RETURNED,
            comment=document.return_reason,
        )
        _move(
            document,
            to=Status.RETURNED,
            by=by,
            at=at,
            action="auto_returned",
            reason=document.return_reason,
        )
        return document
    document.return_reason = ""
    for item in [document, *document.interpretations.all()]:
        _review_event(
            item, by=by, at=at, stage=item.status, decision=ReviewEvent.Decision.SUBMITTED
        )
        _move(item, to=Status.DEPUTY_REVIEW, by=by, at=at, action="submitted")
    return document


def needs_office_check(document: Document) -> bool:
    """Documents issued in the name of 区政府 or 区政府办 get the district office's check."""
    issuer_units = Unit.objects.filter(pk__in=document.issuers.values("unit"))
    return any(unit.parent_id is None or unit.is_competent_office for unit in issuer_units)


@transaction.atomic
def approve_document(
    *,
    by: Any,
    at: datetime,
    document: Document,
    checks: dict[str, bool],
    secrecy_review_passed: bool,
    comment: str = "",
) -> Document:
    """Approve at the current stage, confirming the five checks and the 保密审查 result."""
    document = _lock(document)
    transitions.check("approve", document.status)
    if not can_review_document(by, document):
        raise PermissionDeniedError("您不是这一审核环节的审核人（起草人不能审核自己起草的公文）。")
    missing = [label for key, label in FIVE_CHECKS if not checks.get(key)]
    if missing:
        raise DocumentError(f"请逐项确认：{'、'.join(missing)}。")
    if not secrecy_review_passed:
        raise DocumentError("保密审查未通过的公文不能审核通过，请退回修改。")
    stage = document.status
    target = transitions.next_review_stage(stage, needs_office_check(document))
    for item in [document, *document.interpretations.all()]:
        _review_event(
            item,
            by=by,
            at=at,
            stage=stage,
            decision=ReviewEvent.Decision.APPROVED,
            secrecy_review_passed=True,
            comment=comment,
            **{k: True for k, _ in FIVE_CHECKS},
        )
        if target == Status.APPROVED:
            item.approved_hash = _hash(item)
            if item.disclosure != DisclosureAttribute.PROACTIVE:
                target_for_item = Status.REGISTERED
            else:
                target_for_item = Status.APPROVED
        else:
            target_for_item = target
        _move(item, to=target_for_item, by=by, at=at, action="approved", stage=stage)
    return document


@transaction.atomic
def return_document(*, by: Any, at: datetime, document: Document, reason: str) -> Document:
    document = _lock(document)
    transitions.check("return", document.status)
    if not can_review_document(by, document):
        raise PermissionDeniedError("您不是这一审核环节的审核人。")
    reason = reason.strip()
    if not reason:
        raise DocumentError("退回时请写明理由。")
    stage = document.status
    for item in [document, *document.interpretations.all()]:
        item.return_reason = reason
        _review_event(
            item, by=by, at=at, stage=stage, decision=ReviewEvent.Decision.RETURNED, comment=reason
        )
        _move(item, to=Status.RETURNED, by=by, at=at, action="returned", reason=reason)
    return document


@transaction.atomic
def override_finding(
    *, by: Any, at: datetime, document: Document, finding_fingerprint: str, reason: str
) -> FindingOverride:
    """The unit head lets a blocking finding stand, with a reason (audited)."""
    document = _lock(document)
    if not can_override_findings(by, document):
        raise PermissionDeniedError("只有单位主要负责人可以放行含有个人信息或密级标志的内容。")
    reason = reason.strip()
    if len(reason) < 4:
        raise DocumentError("请写明放行理由。")
    finding = next(
        (
            f
            for f in blocking_findings(document, include_overridden=True)
            if fingerprint(f) == finding_fingerprint
        ),
        None,
    )
    if finding is None:
        raise DocumentError("该问题已不存在，无需放行。")
    override, _ = FindingOverride.objects.update_or_create(
        document=document,
        fingerprint=finding_fingerprint,
        defaults={
            "rule": finding.rule,
            "excerpt": finding.excerpt,
            "reason": reason,
            "by": by,
            "at": at,
        },
    )
    _review_event(
        document,
        by=by,
        at=at,
        stage=document.status,
        decision=ReviewEvent.Decision.OVERRIDDEN,
        comment=f"{finding.rule}：{reason}",
    )
    audit.record(
        action="documents.finding.overridden",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        after={"rule": finding.rule, "excerpt": finding.excerpt, "reason": reason},
    )
    return override


def _check_publishable(document: Document) -> None:
    if document.disclosure != DisclosureAttribute.PROACTIVE:
        raise DocumentError("只有主动公开的公文可以发布。")
    if document.approved_hash != _hash(document):
        raise DocumentError("公文内容与审核通过的内容不一致，请重新提交审核。")
    blocking = blocking_findings(document)
    if blocking:
        raise DocumentError(
            "公文含有须处理的内容，不能发布：" + "；".join(f.label for f in blocking) + "。"
        )
    pending = [
        i
        for i in document.interpretations.all()
        if i.status not in {Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED}
    ]
    if pending:
        raise DocumentError("政策解读尚未审核通过，政策与解读须同步发布。")


@transaction.atomic
def publish_document(*, by: Any, at: datetime, document: Document) -> Document:
    """Publish exactly what was approved, with its interpretations (同步发布)."""
    document = _lock(document)
    transitions.check("publish", document.status)
    if not can_publish_document(by, document):
        raise PermissionDeniedError("您不能发布这份公文。")
    _check_publishable(document)
    items = [document, *document.interpretations.exclude(status=Status.PUBLISHED)]
    for item in items:
        item.published_at = at
        item.scheduled_at = None
        _move(
            item,
            to=Status.PUBLISHED,
            by=by,
            at=at,
            action="published",
            content_hash=item.approved_hash,
        )
    ids = [item.pk for item in items]
    transaction.on_commit(lambda: events.published(ids))
    return document


@transaction.atomic
def schedule_publication(
    *, by: Any, at: datetime, document: Document, publish_at: datetime
) -> Document:
    document = _lock(document)
    transitions.check("schedule", document.status)
    if not can_publish_document(by, document):
        raise PermissionDeniedError("您不能发布这份公文。")
    if publish_at <= at:
        raise DocumentError("定时发布的时间必须晚于现在。")
    _check_publishable(document)
    document.scheduled_at = publish_at
    _move(
        document,
        to=Status.SCHEDULED,
        by=by,
        at=at,
        action="scheduled",
        publish_at=publish_at.isoformat(),
    )
    return document


def publish_due_scheduled(*, at: datetime) -> int:
    """Publish every scheduled document whose time has come (run by the worker)."""
    count = 0
    for pk in Document.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=at).values_list(
        "pk", flat=True
    ):
        document = Document.objects.get(pk=pk)
        try:
            publish_document(by=document.created_by, at=at, document=document)
        except DomainError:
            continue
        count += 1
    return count


@transaction.atomic
def withdraw_document(*, by: Any, at: datetime, document: Document, reason: str) -> Document:
    """撤稿: the public page then says the document was withdrawn, and why."""
    document = _lock(document)
    transitions.check("withdraw", document.status)
    if not can_withdraw_document(by, document):
        raise PermissionDeniedError("撤稿须由单位负责人或区政府办操作。")
    reason = reason.strip()
    if not reason:
        raise DocumentError("请写明撤稿理由。")
    document.withdrawn_at = at
    document.withdraw_reason = reason
    _move(document, to=Status.WITHDRAWN, by=by, at=at, action="withdrawn", reason=reason)
    pk = document.pk
    transaction.on_commit(lambda: events.withdrawn([pk]))
    return document
