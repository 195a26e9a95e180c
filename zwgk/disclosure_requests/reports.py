"""Annual-report tables 三 and 四 (《政府信息公开工作年度报告格式》) computed from the ledger,
for one unit or a whole district and any year since 2019, their validation, and their JSON and
XLSX forms. Also the `zwgk report foi` subcommand (REPORTS, found by `zwgk report`).

Formats (rules.md §3.1, §3.6): reports for 2019 and 2020 use the 2019 试行 format, in which
（六）其他处理 has no sub-rows; from 2021 the 2021 format (国办公开办函〔2021〕30号). Labels are
the Chinese constants of statute.py, exactly as rules.md §3.4/§3.5.

What is counted (documented in docs/reports.md):

- a case's receipt day is its art. 31 receipt date (or the day it arrived while unconfirmed);
  its end is the reply date of its `Reply` (any outcome, 视为放弃 and withdrawal included);
- 一、本年新收: received in the year; 二、上年结转: received before the year and not ended
  before it; 三: ended in the year, in the row of its outcome (statute.OUTCOME_RULES); 四、结转
  下年度继续办理: received by 31 December and not ended by then;
- columns: the applicant type; 总计 = the six applicant columns;
- table 四: 复议 and 诉讼 cases filed in the year, with their result as at 31 December
  (decided later → 尚未审结); litigation after a 复议 in 复议后起诉, other litigation in 未经复议
  直接起诉.

So 一 + 二 = 三（七） + 四 holds by construction for clean data; `validate()` checks it (and the
row and column sums) on any table, and a table with problems must not be published.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit

from .models import Appeal, DisclosureRequest
from .statute import (
    GROUP_OTHER,
    LEGAL_PERSON_GROUP,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_NEW,
    ROW_RESULTS,
    ROW_TOTAL,
    TABLE3_COLUMNS,
    TABLE3_LEFT_HEADER,
    TABLE3_RESULT_ROWS,
    TABLE3_TOP_HEADER,
    TABLE3_TOTAL_COLUMN,
    TABLE4_GROUPS,
    TABLE4_LITIGATION_GROUPS,
    TABLE4_RESULT_COLUMNS,
    AppealKind,
    AppealResult,
)

TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
FORMAT_2019 = "2019"
FORMAT_2021 = "2021"
FIRST_YEAR = 2019  # the 2019 条例 and its report format
OTHER_ROW_2019 = "6"  # （六）其他处理 as one row in the 2019 format

COLUMN_KEYS = (*(key for key, _label in TABLE3_COLUMNS), "total")
RESULT_KEYS_2021 = tuple(key for key, _group, _label in TABLE3_RESULT_ROWS)
RESULT_KEYS_2019 = (*(k for k in RESULT_KEYS_2021 if not k.startswith("6.")), OTHER_ROW_2019)
TABLE4_RESULTS = (
    AppealResult.UPHELD,
    AppealResult.CORRECTED,
    AppealResult.OTHER,
    AppealResult.PENDING,
)
TABLE4_GROUP_KEYS = ("reconsideration", "litigation.direct", "litigation.after")


class ReportError(DomainError):
    """The report cannot be made as asked (year, scope)."""


def format_for(year: int) -> str:
    if year < FIRST_YEAR:
        raise ReportError(
            f"{year}年的年度报告不适用现行格式：系统只生成{FIRST_YEAR}年及以后年度的表三、表四。"
        )
    return FORMAT_2019 if year < 2021 else FORMAT_2021


# --- Scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The units a report covers: one unit, or every unit of a district (its tree)."""

    unit_ids: tuple[int, ...]
    code: str
    name: str
    is_district: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "district" if self.is_district else "unit",
            "code": self.code,
            "name": self.name,
        }


def unit_scope(unit: Unit) -> Scope:
    return Scope((unit.pk,), unit.code, unit.name, False)


def district_scope(root: Unit) -> Scope:
    ids = tuple(Unit.objects.within(root).values_list("pk", flat=True))
    return Scope(ids, root.code, f"{root.name}（全区汇总）", True)


# --- Tables -----------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    labels: tuple[str, ...]  # level 1, level 2, level 3 (as far as the row has them)
    cells: list[int] = field(default_factory=lambda: [0] * len(COLUMN_KEYS))


@dataclass
class Table3:
    format: str
    rows: list[Row]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    @property
    def result_rows(self) -> list[Row]:
        return [r for r in self.rows if r.key not in ("new", "carried_in", "total", "carried_out")]


@dataclass
class Table4:
    cells: dict[str, int]  # "<group>.<result>" and "<group>.total"

    def as_list(self) -> list[int]:
        return [self.cells[key] for key in table4_keys()]


def table4_keys() -> list[str]:
    results = [*(str(r) for r in TABLE4_RESULTS), "total"]
    return [f"{group}.{result}" for group in TABLE4_GROUP_KEYS for result in results]


def table3_rows(fmt: str) -> list[Row]:
    """The empty rows of table 三 in `fmt`, in the order of the official table."""
    rows = [Row("new", (ROW_NEW,)), Row("carried_in", (ROW_CARRIED_IN,))]
    for key, group, label in TABLE3_RESULT_ROWS:
        if fmt == FORMAT_2019 and key.startswith("6."):
            if key == "6.1":
                rows.append(Row(OTHER_ROW_2019, (ROW_RESULTS, GROUP_OTHER)))
            continue
        rows.append(Row(key, (ROW_RESULTS, group, label) if label else (ROW_RESULTS, group)))
    rows.append(Row("total", (ROW_RESULTS, ROW_TOTAL)))
    rows.append(Row("carried_out", (ROW_CARRIED_OUT,)))
    return rows


@dataclass
class Report:
    year: int
    format: str
    scope: Scope
    table3: Table3
    table4: Table4
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (docs/reports.md)."""
        groups = dict(TABLE3_COLUMNS)
        columns = [
            {
                "key": str(key),
                "label": groups[key],
                "group": "" if key == "natural" else LEGAL_PERSON_GROUP,
            }
            for key, _label in TABLE3_COLUMNS
        ]
        columns.append({"key": "total", "label": TABLE3_TOTAL_COLUMN, "group": ""})
        return {
            "year": self.year,
            "format": self.format,
            "scope": self.scope.as_dict(),
            "table3": {
                "title": TABLE3_TITLE,
                "note": TABLE3_LEFT_HEADER,
                "header": TABLE3_TOP_HEADER,
                "columns": columns,
                "rows": [
                    {"key": r.key, "labels": list(r.labels), "cells": list(r.cells)}
                    for r in self.table3.rows
                ],
            },
            "table4": {
                "title": TABLE4_TITLE,
                "columns": [
                    {"key": key, "labels": list(labels)} for key, labels in table4_columns()
                ],
                "cells": self.table4.as_list(),
            },
            "valid": self.is_valid,
            "problems": list(self.problems),
        }


def table4_columns() -> list[tuple[str, tuple[str, ...]]]:
    """(key, labels from the top header row down) of the 15 columns of table 四."""
    reconsideration, litigation = TABLE4_GROUPS
    direct, after = TABLE4_LITIGATION_GROUPS
    heads = {
        "reconsideration": (reconsideration,),
        "litigation.direct": (litigation, direct),
        "litigation.after": (litigation, after),
    }
    keys = table4_keys()
    labels = [
        (*heads[group], result) for group in TABLE4_GROUP_KEYS for result in TABLE4_RESULT_COLUMNS
    ]
    return list(zip(keys, labels, strict=True))


# --- Counting ---------------------------------------------------------------------------------


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def count_table3(scope: Scope, year: int, fmt: str) -> Table3:
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = Table3(fmt, table3_rows(fmt))
    by_key = {row.key: row for row in table.rows}
    column = {key: i for i, key in enumerate(COLUMN_KEYS)}
    relevant = (
        DisclosureRequest.objects.filter(handling_unit_id__in=scope.unit_ids)
        .filter(
            Q(receipt_date__lte=end) | Q(receipt_date__isnull=True, received_at__lte=_end_of(end))
        )
        .filter(Q(reply__isnull=True) | Q(reply__reply_date__gte=start))
        .values_list(
            "applicant_type",
            "receipt_date",
            "received_at",
            "reply__reply_date",
            "reply__table3_row",
        )
    )
    for applicant_type, receipt_date, received_at, reply_date, row in relevant.iterator(2000):
        i = column[applicant_type]
        received = receipt_date or timezone.localdate(received_at)
        by_key["new" if received >= start else "carried_in"].cells[i] += 1
        if reply_date is not None and reply_date <= end:
            key = OTHER_ROW_2019 if fmt == FORMAT_2019 and row.startswith("6.") else row
            by_key[key].cells[i] += 1
        else:
            by_key["carried_out"].cells[i] += 1
    _fill_totals(table)
    return table


def _fill_totals(table: Table3) -> None:
    last = len(COLUMN_KEYS) - 1
    total = table.row("total")
    total.cells = [sum(r.cells[i] for r in table.result_rows) for i in range(last)] + [0]
    for row in table.rows:
        row.cells[last] = sum(row.cells[:last])


def count_table4(scope: Scope, year: int) -> Table4:
    end = date(year, 12, 31)
    cells = dict.fromkeys(table4_keys(), 0)
    appeals = Appeal.objects.filter(unit_id__in=scope.unit_ids, filed_on__year=year).values_list(
        "kind", "is_after_reconsideration", "result", "decided_on"
    )
    for kind, after, result, decided_on in appeals:
        if kind == AppealKind.RECONSIDERATION:
            group = "reconsideration"
        else:
            group = "litigation.after" if after else "litigation.direct"
        if result != AppealResult.PENDING and (decided_on is None or decided_on > end):
            result = AppealResult.PENDING  # as at 31 December of the report year
        cells[f"{group}.{result}"] += 1
        cells[f"{group}.total"] += 1
    return Table4(cells)


def data_problems(scope: Scope, year: int) -> list[str]:
    """Cases whose dates contradict each other (a reply before the receipt, e.g. from a bad
    import or a manual correction) and touch the year: they cannot be counted right, so the
    table must not be published until they are fixed."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    wrong = (
        DisclosureRequest.objects.filter(handling_unit_id__in=scope.unit_ids)
        .filter(reply__reply_date__lt=F("receipt_date"))
        .filter(Q(receipt_date__range=(start, end)) | Q(reply__reply_date__range=(start, end)))
        .order_by("pk")
        .values_list("number", flat=True)
    )
    return [f"申请{number}的答复日期早于收到日期，无法正确统计，请先更正。" for number in wrong]


def build_report(scope: Scope, year: int) -> Report:
    fmt = format_for(year)
    report = Report(year, fmt, scope, count_table3(scope, year, fmt), count_table4(scope, year))
    report.problems = data_problems(scope, year) + validate(report.table3, report.table4)
    return report


# --- Validation -------------------------------------------------------------------------------


def _column_label(i: int) -> str:
    return f"“{[label for _key, label in TABLE3_COLUMNS][i]}”列" if i < 6 else "“总计”列"


def validate(table3: Table3, table4: Table4) -> list[str]:
    """Every problem of the two tables, in Chinese; [] when they may be published.

    - 勾稽关系, every column: 一 + 二 = 三（七） + 四;
    - （七）总计 = the sum of the result rows, every column;
    - 总计 column = the six applicant columns, every row;
    - no negative number; in table 四 each group's 总计 = its four results.
    """
    problems: list[str] = []
    width = len(COLUMN_KEYS)
    for row in table3.rows:
        if len(row.cells) != width:
            return [f"表三“{row.labels[-1]}”行应有{width}个数。"]
        if any(not isinstance(n, int) or n < 0 for n in row.cells):
            problems.append(f"表三“{row.labels[-1]}”行有负数或非整数。")
    new, carried_in = table3.row("new"), table3.row("carried_in")
    total, carried_out = table3.row("total"), table3.row("carried_out")
    for i in range(width):
        left = new.cells[i] + carried_in.cells[i]
        right = total.cells[i] + carried_out.cells[i]
        if left != right:
            problems.append(
                f"表三{_column_label(i)}：第一项加第二项（{new.cells[i]}+{carried_in.cells[i]}="
                f"{left}）不等于第三项（七）总计加第四项（{total.cells[i]}+{carried_out.cells[i]}="
                f"{right}）。"
            )
        summed = sum(r.cells[i] for r in table3.result_rows)
        if summed != total.cells[i]:
            problems.append(
                f"表三{_column_label(i)}：（七）总计（{total.cells[i]}）不等于各项办理结果之和"
                f"（{summed}）。"
            )
    for row in table3.rows:
        if sum(row.cells[:-1]) != row.cells[-1]:
            problems.append(
                f"表三“{row.labels[-1]}”行：总计（{row.cells[-1]}）不等于各类申请人之和"
                f"（{sum(row.cells[:-1])}）。"
            )
    names = dict(
        zip(TABLE4_GROUP_KEYS, ("行政复议", "未经复议直接起诉", "复议后起诉"), strict=True)
    )
    for group in TABLE4_GROUP_KEYS:
        parts = [table4.cells[f"{group}.{r}"] for r in TABLE4_RESULTS]
        if any(n < 0 for n in parts):
            problems.append(f"表四“{names[group]}”有负数。")
        if sum(parts) != table4.cells[f"{group}.total"]:
            problems.append(
                f"表四“{names[group]}”：总计（{table4.cells[f'{group}.total']}）不等于结果维持、"
                f"结果纠正、其他结果、尚未审结之和（{sum(parts)}）。"
            )
    return problems


# --- XLSX -------------------------------------------------------------------------------------


def to_xlsx(report: Report) -> bytes:
    """Both tables laid out like the official ones (merged header cells), one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    bold = Font(bold=True)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "表三"
    _write_table3(sheet, report, border, centre, left, bold)
    sheet4 = workbook.create_sheet("表四")
    _write_table4(sheet4, report, border, centre, bold)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _box(sheet: Any, rows: range, cols: range, border: Any) -> None:
    for r in rows:
        for c in cols:
            sheet.cell(row=r, column=c).border = border


def _merge(sheet: Any, r1: int, c1: int, r2: int, c2: int, value: Any, style: Any) -> None:
    if (r1, c1) != (r2, c2):
        sheet.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    cell = sheet.cell(row=r1, column=c1, value=value)
    cell.alignment = style


def _write_table3(
    sheet: Any, report: Report, border: Any, centre: Any, left: Any, bold: Any
) -> None:
    title = f"{TABLE3_TITLE}（{report.year}年度，{report.scope.name}）"
    _merge(sheet, 1, 1, 1, 10, title, centre)
    sheet.cell(row=1, column=1).font = bold
    top = 2  # three header rows: 2, 3, 4
    _merge(sheet, top, 1, top + 2, 3, TABLE3_LEFT_HEADER, centre)
    _merge(sheet, top, 4, top, 10, TABLE3_TOP_HEADER, centre)
    _merge(sheet, top + 1, 4, top + 2, 4, TABLE3_COLUMNS[0][1], centre)
    _merge(sheet, top + 1, 5, top + 1, 9, LEGAL_PERSON_GROUP, centre)
    for offset, (_key, label) in enumerate(TABLE3_COLUMNS[1:]):
        _merge(sheet, top + 2, 5 + offset, top + 2, 5 + offset, label, centre)
    _merge(sheet, top + 1, 10, top + 2, 10, TABLE3_TOTAL_COLUMN, centre)
    first = top + 3
    rows = report.table3.rows
    for i, row in enumerate(rows):
        r = first + i
        for c, value in enumerate(row.cells, start=4):
            sheet.cell(row=r, column=c, value=value).alignment = centre
        if len(row.labels) == 1:
            _merge(sheet, r, 1, r, 3, row.labels[0], left)
        elif len(row.labels) == 2:
            _merge(sheet, r, 2, r, 3, row.labels[1], left)
        else:
            sheet.cell(row=r, column=3, value=row.labels[2]).alignment = left
    # Level 1 "三、本年度办理结果" spans every result row; each level-2 group spans its rows.
    result_rows = [first + i for i, row in enumerate(rows) if len(row.labels) > 1]
    _merge(sheet, result_rows[0], 1, result_rows[-1], 1, ROW_RESULTS, centre)
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if len(row.labels) == 3:
            groups.setdefault(row.labels[1], []).append(first + i)
    for label, numbers in groups.items():
        _merge(sheet, numbers[0], 2, numbers[-1], 2, label, left)
    last = first + len(rows) - 1
    _box(sheet, range(top, last + 1), range(1, 11), border)
    for column, width in zip("ABCDEFGHIJ", (14, 22, 40, 8, 8, 8, 10, 10, 8, 8), strict=True):
        sheet.column_dimensions[column].width = width
    if report.problems:
        sheet.cell(row=last + 2, column=1, value="校验未通过，不能发布：").font = bold
        for i, problem in enumerate(report.problems, start=last + 3):
            sheet.cell(row=i, column=1, value=problem)


def _write_table4(sheet: Any, report: Report, border: Any, centre: Any, bold: Any) -> None:
    title = f"{TABLE4_TITLE}（{report.year}年度，{report.scope.name}）"
    _merge(sheet, 1, 1, 1, 15, title, centre)
    sheet.cell(row=1, column=1).font = bold
    reconsideration, litigation = TABLE4_GROUPS
    direct, after = TABLE4_LITIGATION_GROUPS
    _merge(sheet, 2, 1, 2, 5, reconsideration, centre)
    _merge(sheet, 2, 6, 2, 15, litigation, centre)
    for c, label in enumerate(TABLE4_RESULT_COLUMNS, start=1):
        _merge(sheet, 3, c, 4, c, label, centre)
    _merge(sheet, 3, 6, 3, 10, direct, centre)
    _merge(sheet, 3, 11, 3, 15, after, centre)
    for c, label in enumerate(TABLE4_RESULT_COLUMNS * 2, start=6):
        sheet.cell(row=4, column=c, value=label).alignment = centre
    for c, value in enumerate(report.table4.as_list(), start=1):
        sheet.cell(row=5, column=c, value=value).alignment = centre
    _box(sheet, range(2, 6), range(1, 16), border)
    for c in range(1, 16):
        sheet.column_dimensions[sheet.cell(row=5, column=c).column_letter].width = 9


# --- Scope choice for a viewer (views, CLI) ----------------------------------------------------


def district_root_of(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.root_id)


def report_years() -> list[int]:
    """The years a report can be made for, newest first (2019 to this year)."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


# --- `zwgk report foi` -------------------------------------------------------------------------


def scope_from_codes(unit_code: str = "", district_code: str = "") -> Scope:
    """A unit's scope (--unit), a district's (--district, or the only district there is)."""
    if unit_code and district_code:
        raise ReportError("--unit 和 --district 只能选一个。")
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ReportError(f"没有代码为“{unit_code}”的单位。")
        return unit_scope(unit)
    if district_code:
        root = Unit.objects.filter(code=district_code, parent__isnull=True).first()
        if root is None:
            raise ReportError(f"没有代码为“{district_code}”的区县（顶层单位）。")
        return district_scope(root)
    roots = list(Unit.objects.filter(parent__isnull=True)[:2])
    if len(roots) != 1:
        raise ReportError(
            "系统中没有区县单位，无法汇总。"
            if not roots
            else "系统中有多个区县，请用 --district 指定。"
        )
    return district_scope(roots[0])


def to_text(report: Report) -> str:
    """A plain-text rendering for the terminal (labels, then the seven numbers)."""
    lines = [f"{report.scope.name} {report.year}年度（{report.format}年格式）", "", TABLE3_TITLE]
    heads = [label for _key, label in TABLE3_COLUMNS] + [TABLE3_TOTAL_COLUMN]
    lines.append("\t".join(["项目", *heads]))
    for row in report.table3.rows:
        label = " ".join(row.labels[1:]) if len(row.labels) > 1 else row.labels[0]
        lines.append("\t".join([label, *(str(n) for n in row.cells)]))
    lines += ["", TABLE4_TITLE]
    for (_key, labels), value in zip(table4_columns(), report.table4.as_list(), strict=True):
        lines.append(f"{'·'.join(labels)}\t{value}")
    return "\n".join(lines)


class FoiReport:
    """`zwgk report foi`: tables 三 and 四 of the annual report (JSON with --json)."""

    name = "foi"
    help = "annual-report tables 3 and 4 (依申请公开, 复议/诉讼) from the ledger"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="the report year")
        parser.add_argument("--unit", default="", help="code of one unit")
        parser.add_argument("--district", default="", help="code of a district (top unit)")
        parser.add_argument("--json", action="store_true", help="print JSON (docs/reports.md)")

    def run(self, *, options: dict[str, Any], at: datetime) -> Any:
        import json

        from .management.commands.report import ReportOutput

        scope = scope_from_codes(options.get("unit") or "", options.get("district") or "")
        report = build_report(scope, options["year"])
        if options.get("json"):
            text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
        else:
            text = to_text(report)
        return ReportOutput(text=text, problems=list(report.problems))


REPORTS = [FoiReport()]
