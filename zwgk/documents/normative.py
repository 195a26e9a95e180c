"""行政规范性文件 lifecycle: registration number and validity period, filing (备案), expiry,
renewal, repeal and amendment, 清理 campaigns, and the annual-report table 二 counts.

The district's rules follow 《重庆市行政规范性文件管理办法》 (重庆市人民政府令第290号, cited by
铜府办发〔2019〕16号 一(二)1): a validity period (five years unless the document says otherwise),
filing with the reviewing body, periodic clean-up, and public validity on the document page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import is_supervisor

from .models import CleanupCampaign, CleanupItem, Document, NormativeRecord, Status
from .permissions import can_draft_in
from .statute import CleanupDecision, Validity

DEFAULT_VALIDITY_YEARS = 5
REMINDER_DAYS = (90, 30)


def default_valid_until(valid_from: date, years: int = DEFAULT_VALIDITY_YEARS) -> date:
    """The last day of a period of `years` years starting on `valid_from`."""
    try:
        end = valid_from.replace(year=valid_from.year + years)
    except ValueError:  # 29 February
        end = valid_from.replace(year=valid_from.year + years, day=28)
    return end - timedelta(days=1)


def _values(record: NormativeRecord) -> dict[str, Any]:
    return {
        "unified_number": record.unified_number,
        "valid_from": record.valid_from,
        "valid_until": record.valid_until,
        "validity": record.validity,
        "filed_on": record.filed_on,
        "filing_reference": record.filing_reference,
        "replaced_by": record.replaced_by_id,
    }


def _may_manage(user: Any, document: Document) -> bool:
    return can_draft_in(user, document.publishing_unit) or is_supervisor(user)


@transaction.atomic
def set_normative_record(
    *,
    by: Any,
    at: datetime,
    document: Document,
    unified_number: str,
    valid_from: date,
    valid_until: date | None = None,
) -> NormativeRecord:
    if not _may_manage(by, document):
        raise PermissionDeniedError("您不能管理这份规范性文件。")
    if not unified_number.strip():
        raise DomainError("请填写规范性文件统一编号。")
    valid_until = valid_until or default_valid_until(valid_from)
    if valid_until <= valid_from:
        raise DomainError("有效期截止日期必须晚于施行日期。")
    record, created = NormativeRecord.objects.select_for_update().get_or_create(document=document)
    before = None if created else _values(record)
    record.unified_number = unified_number.strip()
    record.valid_from = valid_from
    record.valid_until = valid_until
    record.save()
    if not document.is_normative:
        Document.objects.filter(pk=document.pk).update(is_normative=True)
    audit.record(
        action="documents.normative.set",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before=before,
        after=_values(record),
    )
    return record


@transaction.atomic
def file_normative(
    *, by: Any, at: datetime, document: Document, filed_on: date, reference: str
) -> NormativeRecord:
    """备案: record when and under which reference the reviewing body filed the document."""
    record = _record(document, by)
    if filed_on > timezone.localdate(at):
        raise DomainError("备案日期不能晚于今天。")
    if not reference.strip():
        raise DomainError("请填写备案号。")
    before = _values(record)
    record.filed_on = filed_on
    record.filing_reference = reference.strip()
    record.save()
    audit.record(
        action="documents.normative.filed",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before=before,
        after=_values(record),
    )
    return record


def _record(document: Document, by: Any) -> NormativeRecord:
    if not _may_manage(by, document):
        raise PermissionDeniedError("您不能管理这份规范性文件。")
    try:
        return NormativeRecord.objects.select_for_update().get(document=document)
    except NormativeRecord.DoesNotExist as error:
        raise DomainError("请先登记规范性文件的统一编号和有效期。") from error


@transaction.atomic
def change_validity(
    *,
    by: Any,
    at: datetime,
    document: Document,
    validity: str,
    replaced_by: Document | None = None,
) -> NormativeRecord:
    """废止 or 已修改 (with the new version), or 有效 again on renewal."""
    record = _record(document, by)
    if validity not in Validity.values:
        raise DomainError("有效性取值不正确。")
    if validity == Validity.AMENDED and replaced_by is None:
        raise DomainError("标记为“已修改”时请关联修改后的新文件。")
    if replaced_by is not None and replaced_by.pk == document.pk:
        raise DomainError("新文件不能是它自己。")
    before = _values(record)
    record.validity = validity
    record.replaced_by = replaced_by
    record.validity_changed_on = timezone.localdate(at)
    record.save()
    audit.record(
        action="documents.normative.validity_changed",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before=before,
        after=_values(record),
    )
    return record


@transaction.atomic
def renew_normative(
    *, by: Any, at: datetime, document: Document, valid_until: date
) -> NormativeRecord:
    record = _record(document, by)
    if record.valid_from and valid_until <= record.valid_from:
        raise DomainError("有效期截止日期必须晚于施行日期。")
    if valid_until <= timezone.localdate(at):
        raise DomainError("延续后的有效期必须晚于今天。")
    before = _values(record)
    record.valid_until = valid_until
    record.validity = Validity.VALID
    record.validity_changed_on = timezone.localdate(at)
    record.save()
    audit.record(
        action="documents.normative.renewed",
        by=by,
        at=at,
        target=document,
        unit=document.publishing_unit,
        before=before,
        after=_values(record),
    )
    return record


def expire_normative_documents(*, at: datetime) -> int:
    """失效 at expiry unless renewed: run daily by the worker. Each expiry is audited (by 系统)."""
    today = timezone.localdate(at)
    count = 0
    due = NormativeRecord.objects.filter(validity=Validity.VALID, valid_until__lt=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            record = (
                NormativeRecord.objects.select_for_update()
                .select_related("document__publishing_unit")
                .get(pk=pk)
            )
            if (
                record.validity != Validity.VALID
                or not record.valid_until
                or record.valid_until >= today
            ):
                continue
            before = _values(record)
            record.validity = Validity.EXPIRED
            record.validity_changed_on = today
            record.save()
            audit.record(
                action="documents.normative.expired",
                by=None,
                at=at,
                target=record.document,
                unit=record.document.publishing_unit,
                before=before,
                after=_values(record),
            )
            count += 1
    return count


def expiring_soon(units: Any, today: date, within_days: int = REMINDER_DAYS[0]) -> Any:
    return NormativeRecord.objects.filter(
        document__publishing_unit__in=units,
        validity=Validity.VALID,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=within_days),
    ).select_related("document", "document__publishing_unit")


# --- 清理 campaigns ----------------------------------------------------------------------------


@transaction.atomic
def start_cleanup(*, by: Any, at: datetime, district: Unit, title: str) -> CleanupCampaign:
    if not is_supervisor(by):
        raise PermissionDeniedError("只有区政府办可以发起规范性文件清理。")
    if not title.strip():
        raise DomainError("请填写清理工作的名称。")
    campaign = CleanupCampaign.objects.create(
        title=title.strip(), started_on=timezone.localdate(at), district=district
    )
    records = NormativeRecord.objects.filter(
        validity=Validity.VALID, document__publishing_unit__path__startswith=district.path
    )
    CleanupItem.objects.bulk_create(
        CleanupItem(campaign=campaign, document_id=r.document_id) for r in records
    )
    audit.record(
        action="documents.cleanup.started",
        by=by,
        at=at,
        target=campaign,
        after={"title": campaign.title, "documents": records.count()},
    )
    return campaign


@transaction.atomic
def decide_cleanup(
    *,
    by: Any,
    at: datetime,
    item: CleanupItem,
    decision: str,
    note: str = "",
    replaced_by: Document | None = None,
) -> CleanupItem:
    """The unit marks its document 继续有效 / 修改 / 废止; 废止 and 修改 change its validity."""
    item = (
        CleanupItem.objects.select_for_update()
        .select_related("document", "campaign")
        .get(pk=item.pk)
    )
    if item.campaign.closed_on:
        raise DomainError("该清理工作已结束。")
    if decision not in CleanupDecision.values:
        raise DomainError("请选择清理结论：继续有效、修改或废止。")
    if not _may_manage(by, item.document):
        raise PermissionDeniedError("您不能对这份文件作出清理结论。")
    before = {"decision": item.decision}
    item.decision = decision
    item.note = note.strip()
    item.decided_by = by
    item.decided_at = at
    item.save()
    if decision == CleanupDecision.REPEAL:
        change_validity(by=by, at=at, document=item.document, validity=Validity.REPEALED)
    elif decision == CleanupDecision.AMEND and replaced_by is not None:
        change_validity(
            by=by, at=at, document=item.document, validity=Validity.AMENDED, replaced_by=replaced_by
        )
    audit.record(
        action="documents.cleanup.decided",
        by=by,
        at=at,
        target=item.document,
        unit=item.document.publishing_unit,
        before=before,
        after={"decision": decision, "note": item.note},
    )
    return item


# --- Annual report table 二 (rules.md §3.3) ------------------------------------------------------


@dataclass(frozen=True)
class NormativeCounts:
    made: int  # 本年制发件数
    repealed: int  # 本年废止件数
    in_force: int  # 现行有效件数


def normative_counts(*, units: Any, year: int) -> NormativeCounts:
    """行政规范性文件 counts for table 二 第二十条第（一）项 (a district makes no 规章).

    制发 = published this year; 废止 = repealed this year; 现行有效 = valid on 31 December.
    """
    records = NormativeRecord.objects.filter(document__publishing_unit__in=units).exclude(
        document__status__in=[Status.DRAFT, Status.RETURNED, Status.WITHDRAWN]
    )
    year_end = date(year, 12, 31)
    made = records.filter(document__published_at__year=year).count()
    repealed = records.filter(validity=Validity.REPEALED, validity_changed_on__year=year).count()
    in_force = (
        records.filter(
            Q(valid_from__lte=year_end) | Q(valid_from__isnull=True),
            Q(valid_until__gte=year_end) | Q(valid_until__isnull=True),
            document__published_at__date__lte=year_end,
        )
        .filter(Q(validity=Validity.VALID) | Q(validity_changed_on__gt=year_end))
        .count()
    )
    return NormativeCounts(made=made, repealed=repealed, in_force=in_force)
