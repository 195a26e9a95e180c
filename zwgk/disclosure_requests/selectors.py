"""Reads of applications, always scoped to the viewer: the handling unit's staff, the district
office's supervisors, and (for one case) the staff of a unit asked to 协办. Another unit's
application raises DoesNotExist (views answer 404).

Also the public lookup by 查询码 + phone (for the portal), similar earlier applications of the
same applicant (rapidfuzz), and the 复议/诉讼 correction shares per unit and district.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from rapidfuzz import fuzz, utils

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import memberships_of, supervised_district_paths, visible_units

from .models import (
    OPEN_STATUSES,
    Appeal,
    Assistance,
    DisclosureRequest,
    DisclosureRequestQuerySet,
    Status,
)
from .personal import phone_index
from .statute import APPEAL_ALERT_SHARE, AppealKind, AppealResult, Outcome

SIMILARITY_THRESHOLD = 60.0


def _my_unit_ids(viewer: Any) -> list[int]:
    return [m.unit_id for m in memberships_of(viewer)]


def list_requests(viewer: Any) -> DisclosureRequestQuerySet:
    """Applications handled by units the viewer may see (own units; the district for
    supervisors)."""
    return (
        DisclosureRequest.objects.of_units(visible_units(viewer))
        .select_related("handling_unit", "assigned_to")
        .order_by("-received_at", "-pk")
    )


def get_request(viewer: Any, pk: int) -> DisclosureRequest:
    """One application the viewer may see: handled by a visible unit, or by a unit that asked
    one of the viewer's units to 协办."""
    query = Q(handling_unit__in=visible_units(viewer))
    units = _my_unit_ids(viewer)
    if units:
        query |= Q(assistances__unit_id__in=units)
    return (
        DisclosureRequest.objects.filter(query)
        .select_related("handling_unit", "assigned_to", "registered_by")
        .distinct()
        .get(pk=pk)
    )


def list_assisting(viewer: Any) -> list[Assistance]:
    """协办 requests addressed to the viewer's units, unanswered first."""
    return list(
        Assistance.objects.filter(unit_id__in=_my_unit_ids(viewer))
        .select_related("request", "request__handling_unit", "unit")
        .order_by("answered_on", "asked_on", "pk")
    )


def list_open_for_units(unit_ids: Iterable[int]) -> DisclosureRequestQuerySet:
    return (
        DisclosureRequest.objects.filter(handling_unit_id__in=list(unit_ids))
        .open()
        .select_related("handling_unit")
        .order_by("due_date", "pk")
    )


def list_overdue(viewer: Any, today: date) -> DisclosureRequestQuerySet:
    return list_requests(viewer).open().filter(due_date__lt=today)


def overdue_in_units(unit_ids: Iterable[int], today: date) -> DisclosureRequestQuerySet:
    return DisclosureRequest.objects.filter(
        handling_unit_id__in=list(unit_ids), status__in=OPEN_STATUSES, due_date__lt=today
    )


def headed_unit_ids(viewer: Any) -> list[int]:
    """Units where the viewer is the head or deputy head (escalations go to them)."""
    return [m.unit_id for m in memberships_of(viewer) if m.role in (Role.HEAD, Role.DEPUTY)]


def supervised_unit_ids(viewer: Any) -> list[int]:
    ids: list[int] = []
    for path in supervised_district_paths(viewer):
        ids.extend(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))
    return ids


# --- The public lookup (for the portal) -----------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """What the applicant sees with 查询码 + phone: no personal data, no internal notes."""

    number: str
    unit_name: str
    status: str
    status_label: str
    received_on: date
    receipt_date: date | None
    reply_due: date | None
    subject: str
    outcome_label: str
    reply_date: date | None
    reply_body: str
    withheld_part: str
    withheld_reason: str
    correction_items: tuple[str, ...]
    correction_deadline: str
    request_pk: int


def lookup_request(code: str, phone: str) -> PublicStatus | None:
    """The application with this 查询码 whose phone matches (compared through the blind index,
    in constant time); None otherwise — the caller must not say which of the two was wrong.
    The portal rate-limits calls (anti-abuse is the caller's)."""
    from .services import normalise_lookup_code

    normal = normalise_lookup_code(code)
    wanted = phone_index(phone.strip()) if phone and phone.strip() else ""
    request = (
        DisclosureRequest.objects.select_related("handling_unit").filter(lookup_code=normal).first()
        if normal
        else None
    )
    stored = request.phone_index if request is not None else "0" * 32
    if not hmac.compare_digest(stored.encode(), (wanted or "-").encode()) or request is None:
        return None
    reply = getattr(request, "reply", None)
    items: tuple[str, ...] = ()
    deadline = ""
    if request.status == Status.CORRECTION:
        asked = request.events.filter(kind="correction_requested").order_by("-on_date", "-pk")
        event = asked.first()
        if event is not None:
            items = tuple(event.data.get("items") or ())
            deadline = str(event.data.get("deadline") or "")
    return PublicStatus(
        number=request.number,
        unit_name=request.handling_unit.name,
        status=request.status,
        status_label=str(Status(request.status).label),
        received_on=timezone.localdate(request.received_at),
        receipt_date=request.receipt_date,
        reply_due=request.reply_due_date if request.is_open else None,
        subject=request.subject,
        outcome_label=Outcome(reply.outcome).label if reply else "",
        reply_date=reply.reply_date if reply else None,
        reply_body=reply.body if reply else "",
        withheld_part=reply.withheld_part if reply else "",
        withheld_reason=reply.withheld_reason if reply else "",
        correction_items=items,
        correction_deadline=deadline,
        request_pk=request.pk,
    )


# --- Similar earlier applications (重复申请, art. 35) -------------------------------------------


@dataclass(frozen=True)
class Similar:
    request: DisclosureRequest
    score: int


def similar_requests(request: DisclosureRequest, *, limit: int = 5) -> list[Similar]:
    """Earlier applications of the same applicant (same identity-number index, else the same
    name) to the same unit, ranked by how alike the requested information is (rapidfuzz
    WRatio over title + description). Supports 重复申请 (art. 36(六)) and art. 35."""
    same = DisclosureRequest.objects.filter(
        handling_unit_id=request.handling_unit_id, received_at__lte=request.received_at
    ).exclude(pk=request.pk)
    if request.id_number_index:
        same = same.filter(id_number_index=request.id_number_index)
    else:
        same = same.filter(applicant_name=request.applicant_name)
    text = f"{request.info_title} {request.description}"
    found = []
    for other in same.select_related("reply").order_by("-received_at")[:200]:
        score = fuzz.WRatio(
            text, f"{other.info_title} {other.description}", processor=utils.default_process
        )
        if score >= SIMILARITY_THRESHOLD:
            found.append(Similar(other, round(score)))
    return sorted(found, key=lambda s: (-s.score, -s.request.pk))[:limit]


# --- 复议 and 诉讼 shares (铜府办发〔2019〕16号: under 2%) ----------------------------------------


@dataclass(frozen=True)
class AppealShare:
    unit: Unit | None  # None: the whole district
    reconsiderations_decided: int
    reconsiderations_corrected: int
    litigations_decided: int
    litigations_lost: int

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def corrected_share(self) -> float:
        return self._share(self.reconsiderations_corrected, self.reconsiderations_decided)

    @property
    def lost_share(self) -> float:
        return self._share(self.litigations_lost, self.litigations_decided)

    @property
    def is_alert(self) -> bool:
        return self.corrected_share > APPEAL_ALERT_SHARE or self.lost_share > APPEAL_ALERT_SHARE


def _share_of(qs: Any, unit: Unit | None) -> AppealShare:
    decided = ~Q(result=AppealResult.PENDING)
    counts = qs.aggregate(
        rd=Count("pk", filter=Q(kind=AppealKind.RECONSIDERATION) & decided),
        rc=Count("pk", filter=Q(kind=AppealKind.RECONSIDERATION, result=AppealResult.CORRECTED)),
        ld=Count("pk", filter=Q(kind=AppealKind.LITIGATION) & decided),
        ll=Count("pk", filter=Q(kind=AppealKind.LITIGATION, result=AppealResult.CORRECTED)),
    )
    return AppealShare(unit, counts["rd"], counts["rc"], counts["ld"], counts["ll"])


def appeal_shares(
    viewer: Any, *, year: int | None = None
) -> tuple[list[AppealShare], AppealShare | None]:
    """Per visible unit and, for supervisors, the district: the share of decided 复议 cases
    whose result was 纠正 and of decided 诉讼 cases lost (result 纠正). The denominator is the
    decided cases (尚未审结 excluded); `year` filters by the decision date."""
    units = list(visible_units(viewer).order_by("path"))
    base = Appeal.objects.filter(unit__in=units)
    if year is not None:
        base = base.filter(Q(decided_on__year=year) | Q(decided_on__isnull=True))
    rows = [
        share
        for share in (_share_of(base.filter(unit=unit), unit) for unit in units)
        if share.reconsiderations_decided or share.litigations_decided
    ]
    district = _share_of(base, None) if supervised_district_paths(viewer) else None
    return rows, district


def list_appeals(viewer: Any) -> Any:
    return (
        Appeal.objects.filter(unit__in=visible_units(viewer))
        .select_related("request", "unit")
        .order_by("-filed_on", "-pk")
    )
