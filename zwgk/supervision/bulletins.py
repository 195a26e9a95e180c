"""通报: drafted from the problem registry (problems.collect) for a period, edited, reviewed by
another supervisor of the district, issued to the units; each unit reports its rectification.

TRANSITIONS is the one table of legal moves. Services are keyword-only with `by=` and `at=`,
audited in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import roles_in

from . import problems
from .models import Bulletin, BulletinItem
from .permissions import DRAFT_ROLES, supervises

S = Bulletin.Status
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({S.DRAFT}), S.DRAFT),
    "submit": (frozenset({S.DRAFT}), S.IN_REVIEW),
    "return": (frozenset({S.IN_REVIEW}), S.DRAFT),
    "issue": (frozenset({S.IN_REVIEW}), S.ISSUED),
    "respond": (frozenset({S.ISSUED}), S.ISSUED),
}
LABELS = {
    "edit": "修改",
    "submit": "提交审核",
    "return": "退回",
    "issue": "印发",
    "respond": "报送整改情况",
}
DEFAULT_RECTIFY_DAYS = 30
MAX_TEXT = 5000
MAX_PERIOD_DAYS = 366


class BulletinError(DomainError):
    pass


def check(action: str, status: str) -> None:
    allowed, _to = TRANSITIONS[action]
    if status not in allowed:
        raise TransitionError(f"通报当前状态“{S(status).label}”下不能{LABELS[action]}。")


def can_manage(user: Any, bulletin: Bulletin) -> bool:
    return supervises(user, bulletin.district)


def can_view_bulletin(user: Any, bulletin: Bulletin) -> bool:
    if can_manage(user, bulletin):
        return True
    if bulletin.status != S.ISSUED:
        return False
    unit_ids = {item.unit_id for item in bulletin.items.all() if item.is_included}
    return any(roles_in(user, unit) for unit in Unit.objects.filter(pk__in=unit_ids))


def can_respond(user: Any, item: BulletinItem) -> bool:
    return bool(roles_in(user, item.unit) & DRAFT_ROLES)


def _snapshot(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "status": bulletin.status,
        "title": bulletin.title,
        "period": [str(bulletin.period_start), str(bulletin.period_end)],
        "items": bulletin.items.filter(is_included=True).count(),
    }


def _lock(bulletin: Bulletin) -> Bulletin:
    return Bulletin.objects.select_for_update().select_related("district").get(pk=bulletin.pk)


@transaction.atomic
def draft_bulletin(
    *,
    by: Any,
    at: datetime,
    district: Unit,
    title: str,
    period_start: date,
    period_end: date,
    rectify_by: date | None = None,
) -> Bulletin:
    """A draft with every registered source's problems of the district's units in the period."""
    if not supervises(by, district) or district.parent_id is not None:
        raise PermissionDeniedError("只有区政府办的督查人员可以起草通报。")
    title = title.strip()
    if not title or len(title) > 200:
        raise BulletinError("请填写通报标题（不超过200字）。")
    if period_start > period_end:
        raise BulletinError("统计期间的开始日期不能晚于结束日期。")
    if (period_end - period_start).days > MAX_PERIOD_DAYS:
        raise BulletinError("统计期间不能超过一年。")
    today = timezone.localdate(at)
    if period_start > today:
        raise BulletinError("统计期间尚未开始。")
    rectify_by = rectify_by or today + timedelta(days=DEFAULT_RECTIFY_DAYS)
    if rectify_by <= today:
        raise BulletinError("整改期限应晚于今天。")
    bulletin = Bulletin.objects.create(
        district=district,
        title=title,
        period_start=period_start,
        period_end=period_end,
        drafted_by=by,
        created_at=at,
        updated_at=at,
    )
    unit_ids = list(Unit.objects.within(district).values_list("pk", flat=True))
    found = problems.collect(period_start, period_end, unit_ids)
    seen: set[tuple[str, str, str]] = set()
    items = []
    for problem in found:
        key = (problem.source, problem.reference, problem.kind)
        if problem.reference and key in seen:
            continue
        seen.add(key)
        items.append(
            BulletinItem(
                bulletin=bulletin,
                unit_id=problem.unit_id,
                source=problem.source,
                kind=problem.kind[:100],
                summary=problem.summary,
                severity=problem.severity,
                occurred_on=problem.occurred_on,
                evidence_url=problem.evidence_url[:300],
                reference=problem.reference[:120],
                rectify_by=rectify_by,
            )
        )
    BulletinItem.objects.bulk_create(items)
    audit.record(
        action="supervision.bulletin.drafted",
        by=by,
        at=at,
        target=bulletin,
        after=_snapshot(bulletin) | {"sources": problems.source_names()},
    )
    return bulletin


@dataclass(frozen=True)
class BulletinText:
    title: str
    intro: str
    requirements: str


@transaction.atomic
def update_bulletin(*, by: Any, at: datetime, bulletin: Bulletin, text: BulletinText) -> Bulletin:
    bulletin = _lock(bulletin)
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以修改通报。")
    check("edit", bulletin.status)
    title = text.title.strip()
    if not title or len(title) > 200:
        raise BulletinError("请填写通报标题（不超过200字）。")
    if len(text.intro) > MAX_TEXT or len(text.requirements) > MAX_TEXT:
        raise BulletinError(f"正文各部分不超过{MAX_TEXT}字。")
    before = _snapshot(bulletin)
    bulletin.title, bulletin.intro = title, text.intro.strip()
    bulletin.requirements = text.requirements.strip()
    bulletin.updated_at = at
    bulletin.save()
    audit.record(
        action="supervision.bulletin.updated",
        by=by,
        at=at,
        target=bulletin,
        before=before,
        after=_snapshot(bulletin),
    )
    return bulletin


@transaction.atomic
def update_item(
    *, by: Any, at: datetime, item: BulletinItem, is_included: bool, rectify_by: date, note: str
) -> BulletinItem:
    bulletin = _lock(item.bulletin)
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以修改通报。")
    check("edit", bulletin.status)
    if rectify_by <= timezone.localdate(at):
        raise BulletinError("整改期限应晚于今天。")
    if len(note) > MAX_TEXT:
        raise BulletinError(f"说明不超过{MAX_TEXT}字。")
    item = BulletinItem.objects.select_for_update().get(pk=item.pk)
    before = {"included": item.is_included, "rectify_by": str(item.rectify_by), "note": item.note}
    item.is_included, item.rectify_by, item.note = is_included, rectify_by, note.strip()
    item.save()
    audit.record(
        action="supervision.bulletin.item_updated",
        by=by,
        at=at,
        target=bulletin,
        unit=item.unit,
        before=before,
        after={"included": is_included, "rectify_by": str(rectify_by), "note": item.note},
    )
    return item


def _move(bulletin: Bulletin, *, by: Any, at: datetime, action: str, to: str, **extra: Any) -> None:
    before = _snapshot(bulletin)
    bulletin.status = to
    bulletin.updated_at = at
    bulletin.save()
    audit.record(
        action=f"supervision.bulletin.{action}",
        by=by,
        at=at,
        target=bulletin,
        before=before,
        after=_snapshot(bulletin) | extra,
    )


@transaction.atomic
def submit_bulletin(*, by: Any, at: datetime, bulletin: Bulletin) -> Bulletin:
    bulletin = _lock(bulletin)
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以提交通报。")
    check("submit", bulletin.status)
    if not bulletin.items.filter(is_included=True).exists():
        raise BulletinError("通报没有列入任何问题，不能提交。")
    bulletin.return_reason = ""
    _move(bulletin, by=by, at=at, action="submitted", to=S.IN_REVIEW)
    return bulletin


def _check_reviewer(by: Any, bulletin: Bulletin) -> None:
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以审核通报。")
    if bulletin.drafted_by_id == getattr(by, "pk", None):
        raise PermissionDeniedError("起草人不能审核自己起草的通报，请由另一位督查人员审核。")


@transaction.atomic
def return_bulletin(*, by: Any, at: datetime, bulletin: Bulletin, reason: str) -> Bulletin:
    bulletin = _lock(bulletin)
    _check_reviewer(by, bulletin)
    check("return", bulletin.status)
    reason = reason.strip()
    if not reason or len(reason) > MAX_TEXT:
        raise BulletinError("退回时请写明理由。")
    bulletin.return_reason = reason
    bulletin.reviewed_by = by
    _move(bulletin, by=by, at=at, action="returned", to=S.DRAFT, reason=reason)
    return bulletin


@transaction.atomic
def issue_bulletin(*, by: Any, at: datetime, bulletin: Bulletin) -> Bulletin:
    """The reviewer (another supervisor) approves and issues: the units see their items."""
    bulletin = _lock(bulletin)
    _check_reviewer(by, bulletin)
    check("issue", bulletin.status)
    bulletin.reviewed_by = by
    bulletin.issued_at = at
    _move(bulletin, by=by, at=at, action="issued", to=S.ISSUED)
    return bulletin


@transaction.atomic
def respond_item(*, by: Any, at: datetime, item: BulletinItem, response: str) -> BulletinItem:
    """The unit reports its rectification of one item (may be updated until accepted)."""
    item = (
        BulletinItem.objects.select_for_update().select_related("bulletin", "unit").get(pk=item.pk)
    )
    if not can_respond(by, item) or not item.is_included:
        raise PermissionDeniedError("只有被通报单位的工作人员可以报送整改情况。")
    check("respond", item.bulletin.status)
    response = response.strip()
    if len(response) < 4 or len(response) > MAX_TEXT:
        raise BulletinError("请写明整改措施和结果（4至5000字）。")
    before = {"response_chars": len(item.response)}
    item.response, item.responded_by, item.responded_at = response, by, at
    item.save()
    audit.record(
        action="supervision.bulletin.responded",
        by=by,
        at=at,
        target=item.bulletin,
        unit=item.unit,
        before=before,
        after={"item": item.pk, "response_chars": len(response)},
    )
    return item


def items_by_unit(items: Any) -> list[tuple[Unit, list[BulletinItem]]]:
    grouped: dict[int, list[BulletinItem]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for item in items:
        grouped[item.unit_id].append(item)
        units[item.unit_id] = item.unit
    return [(units[k], grouped[k]) for k in sorted(grouped, key=lambda k: units[k].path)]
