"""Reads of supervision, scoped to the viewer: annual reports and their status per unit (the
overdue list), for the 工作台 and the district office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone

from zwgk.documents.models import Status
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import memberships_of, supervised_district_paths

from . import statute
from .models import AnnualReport
from .permissions import DRAFT_ROLES, can_view_report

# Report status, derived from the register's document (services.py).
NOT_STARTED = "not_started"
DRAFT = "draft"
RETURNED = "returned"
IN_REVIEW = "in_review"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
STATUS_LABELS = {
    NOT_STARTED: "未编制",
    DRAFT: "编制中",
    RETURNED: "已退回",
    IN_REVIEW: "审核中",
    PUBLISHED: "已发布",
    WITHDRAWN: "已撤回",
}


def status_of(report: AnnualReport | None) -> str:
    if report is None:
        return NOT_STARTED
    document = report.document
    if document is None or document.status == Status.DRAFT:
        return DRAFT
    if document.status == Status.RETURNED:
        return RETURNED
    if document.status == Status.PUBLISHED:
        return PUBLISHED
    if document.status == Status.WITHDRAWN:
        return WITHDRAWN
    return IN_REVIEW


def published_on(report: AnnualReport | None) -> date | None:
    if report is None or report.document is None or report.document.published_at is None:
        return None
    if report.document.status != Status.PUBLISHED:
        return None
    return timezone.localdate(report.document.published_at)


@dataclass(frozen=True)
class ReportStatus:
    unit: Unit
    year: int
    is_district: bool
    report: AnnualReport | None
    status: str
    due: date
    published: date | None
    today: date

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_overdue(self) -> bool:
        """Not published by the statutory date (条例 art. 49)."""
        return self.published is None and self.today > self.due

    @property
    def is_late(self) -> bool:
        return self.published is not None and self.published > self.due


def _status(unit: Unit, year: int, is_district: bool, report: Any, today: date) -> ReportStatus:
    return ReportStatus(
        unit=unit,
        year=year,
        is_district=is_district,
        report=report,
        status=status_of(report),
        due=statute.due_date(year, is_district=is_district),
        published=published_on(report),
        today=today,
    )


def supervised_roots(user: Any) -> list[Unit]:
    return list(Unit.objects.filter(path__in=supervised_district_paths(user)))


def list_report_status(user: Any, year: int, today: date) -> list[ReportStatus]:
    """The viewer's rows: the district report and every unit for a district supervisor; the
    units the viewer belongs to otherwise (and the district report for the office's staff)."""
    rows: list[ReportStatus] = []
    reports = {
        r.unit_id: r
        for r in AnnualReport.objects.filter(year=year).select_related("document", "unit")
    }
    roots = supervised_roots(user)
    seen: set[int] = set()
    for root in roots:
        rows.append(_status(root, year, True, reports.get(root.pk), today))
        seen.add(root.pk)
        for unit in Unit.objects.within(root).filter(is_active=True).exclude(pk=root.pk):
            rows.append(_status(unit, year, False, reports.get(unit.pk), today))
            seen.add(unit.pk)
    for membership in memberships_of(user):
        unit = membership.unit
        if unit.is_competent_office and unit.parent_id and unit.parent_id not in seen:
            root = Unit.objects.get(pk=unit.parent_id)
            rows.insert(0, _status(root, year, True, reports.get(root.pk), today))
            seen.add(root.pk)
        if unit.pk not in seen and unit.parent_id is not None:
            rows.append(_status(unit, year, False, reports.get(unit.pk), today))
            seen.add(unit.pk)
    return rows


def get_report(user: Any, pk: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("unit", "document").filter(pk=pk).first()
    if report is None or not can_view_report(user, report):
        raise Http404
    return report


def reports_due_for(user: Any, today: date) -> list[ReportStatus]:
    """Reports on last year the viewer has to write and has not published (工作台 reminders)."""
    year = today.year - 1
    rows = []
    for row in list_report_status_for_writer(user, year, today):
        if row.published is None:
            rows.append(row)
    return rows


def list_report_status_for_writer(user: Any, year: int, today: date) -> list[ReportStatus]:
    rows = []
    reports = {
        r.unit_id: r
        for r in AnnualReport.objects.filter(year=year).select_related("document", "unit")
    }
    for membership in memberships_of(user):
        if membership.role not in DRAFT_ROLES:
            continue
        unit = membership.unit
        if unit.parent_id is not None:
            rows.append(_status(unit, year, False, reports.get(unit.pk), today))
        if unit.is_competent_office and unit.parent_id:
            root = Unit.objects.get(pk=unit.parent_id)
            rows.append(_status(root, year, True, reports.get(root.pk), today))
    return rows


# --- 通报 ---------------------------------------------------------------------------------------


def list_bulletins(user: Any) -> Any:
    from django.db.models import Q

    from .models import Bulletin

    roots = supervised_roots(user)
    unit_ids = [m.unit_id for m in memberships_of(user)]
    query = Q(district__in=roots) | Q(
        status=Bulletin.Status.ISSUED, items__unit_id__in=unit_ids, items__is_included=True
    )
    return Bulletin.objects.filter(query).distinct().select_related("district")


def get_bulletin(user: Any, pk: int) -> Any:
    from .bulletins import can_view_bulletin
    from .models import Bulletin

    bulletin = Bulletin.objects.select_related("district").filter(pk=pk).first()
    if bulletin is None or not can_view_bulletin(user, bulletin):
        raise Http404
    return bulletin


def visible_items(user: Any, bulletin: Any) -> Any:
    """Every item for the district office; a unit's own included items for its staff."""
    from .bulletins import can_manage

    items = bulletin.items.select_related("unit")
    if can_manage(user, bulletin):
        return items
    unit_ids = [m.unit_id for m in memberships_of(user)]
    return items.filter(unit_id__in=unit_ids, is_included=True)


def get_item(user: Any, pk: int) -> Any:
    from .models import BulletinItem

    item = BulletinItem.objects.select_related("bulletin", "unit").filter(pk=pk).first()
    if (
        item is None
        or not visible_items(user, get_bulletin(user, item.bulletin_id)).filter(pk=pk).exists()
    ):
        raise Http404
    return item


def open_items_for(user: Any) -> Any:
    """Issued items of the user's units without a rectification report (工作台)."""
    from .models import Bulletin, BulletinItem

    unit_ids = [m.unit_id for m in memberships_of(user) if m.role in DRAFT_ROLES]
    return BulletinItem.objects.filter(
        unit_id__in=unit_ids,
        is_included=True,
        bulletin__status=Bulletin.Status.ISSUED,
        responded_at__isnull=True,
    ).select_related("bulletin", "unit")
