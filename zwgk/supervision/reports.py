"""`zwgk report annual`: the 政府信息公开工作年度报告 of a unit or the district (found by
`zwgk report`, zwgk/disclosure_requests/management/commands/report.py, through REPORTS).

    zwgk report annual --year 2025 [--unit CODE] --format json|docx|pdf [--output FILE]

A submitted or published report prints as it was frozen on submission; any other as it stands
now (a unit that has not started one gets the figures the system computes, without its texts).
Validation problems go to stderr and the command exits non-zero (after the output).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from zwgk.disclosure_requests.reports import scope_from_codes
from zwgk.orgs.models import Unit

from . import annual, render
from .annual import AnnualReportError
from .models import AnnualReport

FORMATS = ("json", "docx", "pdf")


def report_dict(unit: Unit, year: int, *, is_district: bool, today: Any) -> dict[str, Any]:
    """The report's JSON form: frozen if submitted, else computed now."""
    annual.check_year(year, today)
    record = AnnualReport.objects.filter(unit=unit, year=year).first()
    if record is not None and record.snapshot and record.document_id is not None:
        return dict(record.snapshot)
    if record is None:
        now = timezone.now()
        record = AnnualReport(
            unit=unit, year=year, is_district=is_district, created_at=now, updated_at=now
        )
    return annual.build(record).as_dict()


class AnnualReportKind:
    name = "annual"
    help = "政府信息公开工作年度报告 of a unit or the district (2021 format)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="the report year")
        parser.add_argument("--unit", default="", help="code of one unit (default: the district)")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        parser.add_argument("--output", default="", help="write to this file instead of stdout")

    def run(self, *, options: dict[str, Any], at: datetime) -> Any:
        from zwgk.disclosure_requests.management.commands.report import ReportOutput

        scope = scope_from_codes(options.get("unit") or "", "")
        unit = Unit.objects.get(code=scope.code)
        report = report_dict(
            unit, options["year"], is_district=scope.is_district, today=timezone.localdate(at)
        )
        fmt = options.get("output_format") or "json"
        if fmt == "json":
            data = json.dumps(report, ensure_ascii=False, indent=2).encode()
        elif fmt == "docx":
            data = render.to_docx(report)
        else:
            data = render.to_pdf(report)
        problems = list(report.get("problems", []))
        target = options.get("output") or ""
        if target:
            path = Path(target)
            if not path.parent.is_dir():
                raise AnnualReportError(f"目录不存在：{path.parent}")
            path.write_bytes(data)
            return ReportOutput(text=f"已写入 {path}（{len(data)} 字节）", problems=problems)
        if fmt == "json":
            return ReportOutput(text=data.decode(), problems=problems)
        return ReportOutput(text="", problems=problems, data=data)


REPORTS = [AnnualReportKind()]
