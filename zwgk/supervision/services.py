"""Writes of supervision: the annual report (start, edit, redraft section 一, submit into the
document register's review chain). Each service is one business verb with its audit row.

Publication: submitting registers the report as a document of the register (column
政府信息公开年报 "zfxxgknb", genre 报告, 主动公开) with the DOCX and PDF attached, and submits it
to that register's review chain (分管负责人 → 主要负责人 → 区政府办 for the district report,
documents/transitions.py). Publishing is the register's publish step; the report reads its
status from that document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import PermissionDeniedError
from zwgk.disclosure_requests import reports as foi
from zwgk.documents import attachments as document_files
from zwgk.documents import services as documents
from zwgk.documents.models import Document, Status, Topic
from zwgk.documents.permissions import can_draft_in
from zwgk.documents.statute import DisclosureAttribute, DisclosureScope, Genre
from zwgk.orgs.models import Unit

from . import annual, render
from .annual import AnnualReportError
from .models import AnnualReport
from .permissions import can_edit_report, can_start_report, drafting_unit

ANNUAL_REPORT_COLUMN = "zfxxgknb"  # zwgk/portal/columns.py ANNUAL_REPORT
OVERVIEW_TOPIC = "综合政务"
MAX_TEXT = 20000
EDITABLE_DOCUMENT = {Status.DRAFT, Status.RETURNED}
FIGURE_FIELDS = ("license_count", "penalty_count", "coercion_count")


@dataclass(frozen=True)
class ReportChanges:
    """What the unit writes or enters; None leaves a field as it is."""

    overview: str | None = None
    problems_text: str | None = None
    other_text: str | None = None
    license_count: str | None = None  # "" clears an entered figure
    penalty_count: str | None = None
    coercion_count: str | None = None
    charges_wan: str | None = None
    figures_evidence: str | None = None
    # The 2019 试行 format's entered table 二 figures (annual.ENTERED_2019 key → text; "" clears).
    figures_2019: dict[str, str] | None = None


def _snapshot(report: AnnualReport) -> dict[str, Any]:
    return {
        "overview_chars": len(report.overview),
        "problems_chars": len(report.problems_text),
        "other_chars": len(report.other_text),
        "license_count": report.license_count,
        "penalty_count": report.penalty_count,
        "coercion_count": report.coercion_count,
        "charges_wan": None if report.charges_wan is None else str(report.charges_wan),
        "evidence_chars": len(report.figures_evidence),
        "figures_2019": dict(report.figures_2019),
        "document": report.document_id,
    }


def is_editable(report: AnnualReport) -> bool:
    document = report.document
    return document is None or document.status in EDITABLE_DOCUMENT | {Status.WITHDRAWN}


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)


@transaction.atomic
def start_report(
    *, by: Any, at: datetime, unit: Unit, year: int, is_district: bool = False
) -> AnnualReport:
    """Open the report of `unit` (or the district, `unit` being its root) on `year`, with
    section 一 drafted from the data. Opening it twice returns the existing one."""
    annual.check_year(year, timezone.localdate(at))
    if is_district and unit.parent_id is not None:
        raise AnnualReportError("全区年度报告只能以区县（顶层单位）名义编制。")
    if not is_district and unit.parent_id is None:
        raise AnnualReportError("区县政府的年度报告请选择“全区年度报告”。")
    if not can_start_report(by, unit, is_district=is_district):
        raise PermissionDeniedError("您不能编制该单位的年度报告。")
    existing = AnnualReport.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        return existing
    report = AnnualReport(
        unit=unit, year=year, is_district=is_district, created_by=by, created_at=at, updated_at=at
    )
    content = annual.build(report)
    report.overview = content.overview
    report.save()
    audit.record(
        action="supervision.annual_report.started",
        by=by,
        at=at,
        target=report,
        unit=drafting_unit(report),
        after=_snapshot(report) | {"year": year, "is_district": is_district},
    )
    return report


def _count(text: str, label: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise AnnualReportError(f"“{label}”请填写0或正整数。")
    return int(text)


def _amount(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or value >= Decimal(10) ** 10:
        raise AnnualReportError("“行政事业性收费”请填写以万元为单位的金额（0或正数）。")
    if value != value.quantize(Decimal("0.0001")):
        raise AnnualReportError("“行政事业性收费”金额最多保留四位小数（万元）。")
    return value.quantize(Decimal("0.0001"))


def _figures_2019(report: AnnualReport, entered: dict[str, str]) -> dict[str, str]:
    """The 2019 format's table 二 figures checked (rules.md §3.6); only for 2019 and 2020."""
    if foi.format_for(report.year) != foi.FORMAT_2019:
        raise AnnualReportError(
            f"{report.year}年度报告使用2021年格式，没有“项目数量”“政府集中采购”等2019年试行格式栏目。"
        )
    figures = dict(report.figures_2019)
    for key, text in entered.items():
        if key not in annual.ENTERED_2019:
            raise AnnualReportError("表二栏目不存在。")
        row, column, kind = annual.ENTERED_2019[key]
        try:
            value = annual.parse_2019(key, text)
        except ValueError:
            hint = {
                "count": "请填写0或正整数",
                "change": "请填写整数（减少填负数，如 -2）",
                "amount": "请填写0或正数",
            }[kind]
            raise AnnualReportError(f"表二“{row}”的“{column}”{hint}。") from None
        if value is None:
            figures.pop(key, None)
        else:
            figures[key] = str(value)
    return figures


@transaction.atomic
def update_report(
    *, by: Any, at: datetime, report: AnnualReport, changes: ReportChanges
) -> AnnualReport:
    report = _lock(report)
    if not can_edit_report(by, report):
        raise PermissionDeniedError("只有编制单位的工作人员可以修改年度报告。")
    if not is_editable(report):
        raise AnnualReportError("年度报告已提交审核或已发布，不能修改；退回后可以修改。")
    before = _snapshot(report)
    labels = {
        "license_count": "行政许可",
        "penalty_count": "行政处罚",
        "coercion_count": "行政强制",
    }
    for name in ("overview", "problems_text", "other_text", "figures_evidence"):
        value = getattr(changes, name)
        if value is not None:
            value = value.replace("\r\n", "\n").strip()
            if len(value) > MAX_TEXT:
                raise AnnualReportError(f"每部分不超过{MAX_TEXT}字。")
            setattr(report, name, value)
    for name in FIGURE_FIELDS:
        value = getattr(changes, name)
        if value is not None:
            setattr(report, name, _count(value, labels[name]))
    if changes.charges_wan is not None:
        report.charges_wan = _amount(changes.charges_wan)
    if changes.figures_2019 is not None:
        report.figures_2019 = _figures_2019(report, changes.figures_2019)
    report.updated_at = at
    report.save()
    audit.record(
        action="supervision.annual_report.updated",
        by=by,
        at=at,
        target=report,
        unit=drafting_unit(report),
        before=before,
        after=_snapshot(report),
    )
    return report


@transaction.atomic
def redraft_overview(*, by: Any, at: datetime, report: AnnualReport) -> AnnualReport:
    """Replace section 一 with a fresh draft from the current figures."""
    report = _lock(report)
    if not can_edit_report(by, report):
        raise PermissionDeniedError("只有编制单位的工作人员可以修改年度报告。")
    if not is_editable(report):
        raise AnnualReportError("年度报告已提交审核或已发布，不能修改；退回后可以修改。")
    before = _snapshot(report)
    report.overview = ""
    report.overview = annual.build(report).overview
    report.updated_at = at
    report.save()
    audit.record(
        action="supervision.annual_report.redrafted",
        by=by,
        at=at,
        target=report,
        unit=drafting_unit(report),
        before=before,
        after=_snapshot(report),
    )
    return report


def _document_data(report: AnnualReport, content: dict[str, Any], at: datetime) -> Any:
    topic = Topic.objects.filter(name=OVERVIEW_TOPIC).first() or Topic.objects.first()
    issuers = [report.unit]
    return documents.DocumentData(
        title=content["title"],
        fields={
            "genre": Genre.REPORT,
            "column": ANNUAL_REPORT_COLUMN,
            "disclosure": DisclosureAttribute.PROACTIVE,
            "disclosure_scope": DisclosureScope.FULL,
            "written_date": timezone.localdate(at),
            "topic": topic,
            "summary": content["period_sentence"],
            "body": render.to_text(content),
        },
        issuing_units=issuers,
    )


@transaction.atomic
def _freeze(*, by: Any, at: datetime, report: AnnualReport) -> tuple[AnnualReport, dict[str, Any]]:
    """Validate, freeze the content and register (or update) the draft document."""
    report = _lock(report)
    if not can_edit_report(by, report):
        raise PermissionDeniedError("只有编制单位的工作人员可以提交年度报告。")
    if not is_editable(report):
        raise AnnualReportError("年度报告已提交审核或已发布。")
    content = annual.build(report)
    if content.problems:
        raise AnnualReportError("校验未通过，不能提交：" + "；".join(content.problems))
    frozen = content.as_dict()
    unit = drafting_unit(report)
    if not can_draft_in(by, unit):
        raise PermissionDeniedError(
            f"提交发布须由{unit.name}的经办人或负责人操作（公文登记和审核流程）。"
        )
    data = _document_data(report, frozen, at)
    document = report.document
    if document is None or document.status == Status.WITHDRAWN:
        document = documents.register_document(by=by, at=at, unit=unit, data=data)
    else:
        document = documents.update_document(by=by, at=at, document=document, data=data)
    before = _snapshot(report)
    report.document = document
    report.snapshot = frozen
    report.submitted_at = at
    report.updated_at = at
    report.save()
    audit.record(
        action="supervision.annual_report.submitted",
        by=by,
        at=at,
        target=report,
        unit=unit,
        before=before,
        after=_snapshot(report) | {"index_number": document.index_number},
    )
    return report, frozen


def submit_report(*, by: Any, at: datetime, report: AnnualReport) -> AnnualReport:
    """Validation passed → the frozen report goes into the document register's review chain,
    its figures in the body and its DOCX attached (what units submit; the portal offers it).

    Three steps, each its own transaction (attachments are checked outside a write
    transaction, documents/attachments.py): a failure after the first leaves a draft document
    linked to the report, and submitting again completes it."""
    report, frozen = _freeze(by=by, at=at, report=report)
    document = Document.objects.get(pk=report.document_id or 0)
    for attachment in list(document.attachments.all()):
        document_files.remove_attachment(by=by, at=at, attachment=attachment)
    stem = f"{frozen['title']}"
    # The DOCX only: text extracted from a PDF may break a table label such as
    # "1.属于国家秘密" at a font-subset boundary, leaving "秘密" alone on a line, which the
    # register's secrecy check refuses. The PDF stays an export of the report page.
    document_files.add_attachment(
        by=by,
        at=at,
        document=document,
        uploaded=SimpleUploadedFile(f"{stem}.docx", render.to_docx(frozen)),
    )
    documents.submit_document(by=by, at=at, document=document)
    report.refresh_from_db()
    return report
