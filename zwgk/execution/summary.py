"""The summary table (like a 政府工作报告目标任务推进情况汇总表), generated from the tasks and the
units' reports — never typed — and written as XLSX and DOCX.

The column headings are the table's layout (the district's usual 汇总表), kept as Chinese
constants like the annual-report labels: the files and the public page show them as they are.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from .models import ProgressReport, Task

COLUMNS = (
    ("number", "序号"),
    ("title", "目标任务"),
    ("lead_unit", "牵头单位"),
    ("co_units", "配合单位"),
    ("measures", "工作措施及实施步骤"),
    ("deadline", "完成时限"),
    ("progress", "推进情况"),
    ("percent", "完成进度"),
    ("status", "推进状态"),
    ("reporting", "报送情况"),
)


@dataclass(frozen=True)
class Row:
    number: str
    title: str
    lead_unit: str
    co_units: str
    measures: str
    deadline: str
    progress: str
    percent: str
    status: str
    reporting: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Table:
    title: str
    as_of: date
    rows: list[Row]

    def text(self) -> str:
        """Everything the public would read, for the content check."""
        return "\n".join(
            "\t".join(getattr(row, name) for name, _label in COLUMNS) for row in self.rows
        )


def title_for(year: int, source_title: str) -> str:
    return f"{source_title or f'{year}年'}目标任务推进情况汇总表"


def _latest(reports: list[ProgressReport], unit_id: int) -> ProgressReport | None:
    done = [r for r in reports if r.unit_id == unit_id and r.submitted_at]
    return max(done, key=lambda r: r.period_start, default=None)


def _reporting(reports: list[ProgressReport], unit_id: int, today: date) -> str:
    """The lead unit's reporting record over the periods already due."""
    due = [r for r in reports if r.unit_id == unit_id and r.due_date and r.due_date < today]
    missing = sum(1 for r in due if not r.submitted_at)
    late = sum(
        1
        for r in due
        if r.submitted_at and r.due_date and timezone.localdate(r.submitted_at) > r.due_date
    )
    text = f"应报{len(due)}期，已报{len(due) - missing}期"
    if missing:
        text += f"，逾期未报{missing}期"
    if late:
        text += f"，逾期报送{late}期"
    return text


def row_for(task: Task, number: int, today: date) -> Row:
    reports = list(task.reports.all())
    co_units = list(task.co_units.all())
    lead = _latest(reports, task.lead_unit_id)
    progress = lead.progress if lead else "尚未报送进展"
    if lead:
        progress = f"（{lead.period_label}）{progress}"
    for unit in co_units:
        report = _latest(reports, unit.pk)
        if report:
            progress += f"\n{unit.short_name}：{report.progress}"
    steps = "\n".join(f"{m.due_date.isoformat()} {m.title}" for m in task.milestones.all())
    measures = task.measures + (f"\n实施步骤：\n{steps}" if steps else "")
    return Row(
        number=task.number or str(number),
        title=task.title,
        lead_unit=task.lead_unit.short_name,
        co_units="、".join(u.short_name for u in co_units),
        measures=measures,
        deadline=task.end_date.isoformat(),
        progress=progress,
        percent=f"{lead.percent}%" if lead and lead.percent is not None else "—",
        status=lead.get_status_display() if lead else "—",
        reporting=_reporting(reports, task.lead_unit_id, today),
    )


def build(viewer: Any, *, year: int, source_title: str, today: date) -> Table:
    from .selectors import list_tasks

    tasks = list_tasks(viewer).filter(year=year).prefetch_related("reports", "milestones")
    if source_title:
        tasks = tasks.filter(source_title=source_title)
    ordered = sorted(tasks, key=lambda t: (t.source_title, _sort_number(t.number), t.pk))
    rows = [row_for(task, i, today) for i, task in enumerate(ordered, start=1)]
    return Table(title=title_for(year, source_title), as_of=today, rows=rows)


def _sort_number(number: str) -> tuple[int, str]:
    return (int(number), "") if number.isdigit() else (10**6, number)


def rows_of(data: list[dict[str, str]]) -> list[Row]:
    """Rows from a published snapshot (unknown keys ignored, missing ones empty)."""
    names = [name for name, _label in COLUMNS]
    return [Row(**{name: str(item.get(name, "")) for name in names}) for item in data]


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"截至 {table.as_of.isoformat()}（根据责任单位报送的进展生成）"])
    sheet.append([label for _name, label in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_safe_cell(getattr(row, name)) for name, _label in COLUMNS])
    widths = (6, 30, 12, 16, 40, 12, 50, 10, 10, 24)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe_cell(value: str) -> str:
    """No formula injection: a cell starting with = + - @ is written as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def to_docx(table: Table) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(table.title, level=1)
    document.add_paragraph(f"截至 {table.as_of.isoformat()}（根据责任单位报送的进展生成）")
    grid = document.add_table(rows=1, cols=len(COLUMNS))
    grid.style = "Table Grid"
    for cell, (_name, label) in zip(grid.rows[0].cells, COLUMNS, strict=True):
        cell.text = label
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, (name, _label) in zip(cells, COLUMNS, strict=True):
            cell.text = getattr(row, name)
    for line in grid.rows:
        for cell in line.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
