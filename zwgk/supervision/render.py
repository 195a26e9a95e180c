"""The annual report as DOCX (what units submit; python-docx) and PDF (reportlab, with the CJK
font the reply letters use: zwgk/disclosure_requests/letters/render.py), from its JSON form
(annual.Content.as_dict, or the snapshot frozen on submission).

Tables are laid out as grids of merged cells like the official tables (rules.md §3.3–§3.5).
Pure rendering: no database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zwgk.disclosure_requests.letters import render as letters
from zwgk.disclosure_requests.reports import FORMAT_2019, TABLE3_TITLE, TABLE4_TITLE
from zwgk.disclosure_requests.statute import (
    LEGAL_PERSON_GROUP,
    TABLE3_COLUMNS,
    TABLE3_LEFT_HEADER,
    TABLE3_TOP_HEADER,
    TABLE3_TOTAL_COLUMN,
    TABLE4_GROUPS,
    TABLE4_LITIGATION_GROUPS,
    TABLE4_RESULT_COLUMNS,
)

from . import statute

TABLE2_TITLE = statute.SECTION_PROACTIVE
TABLE_PT = 9


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    title: str
    rows: int
    cols: int
    cells: tuple[Cell, ...]
    header_rows: int
    # Relative column widths (PDF). Table 三's label columns are wide enough that no label
    # wraps mid-word: a wrapped "1.属于国家秘密" would leave "秘密" alone on a line, which the
    # secrecy-mark check (textcheck/secrecy.py) rightly treats as a classification mark.
    weights: tuple[float, ...] = ()


def html_rows(grid: Grid) -> list[list[Cell]]:
    """The grid's cells row by row (a covered position has no cell: rowspan/colspan)."""
    rows: list[list[Cell]] = [[] for _r in range(grid.rows)]
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell)
    return rows


def _n(value: Any) -> str:
    return "" if value is None else str(value)


def table2_2019_grid(report: dict[str, Any]) -> Grid:
    """Table 二 in the 2019 试行 format (rules.md §3.6): each 第二十条 item a sub-header row
    across all columns, then its header row (marked where it is only believed) and its rows."""
    t2 = report["table2"]
    cells: list[Cell] = []
    r = 0
    for item in t2["items"]:
        cells.append(Cell(r, 0, item["item"], 1, 4))
        r += 1
        header = list(item["header"])
        if item["header_believed"]:
            header[-1] = f"{header[-1]}（{t2['believed_note']}）"
        span = 4 - (len(header) - 1)  # a 3-column item: its last column spans the rest
        for c, text in enumerate(header):
            cells.append(Cell(r, c, text, 1, span if c == len(header) - 1 else 1))
        r += 1
        for row in item["rows"]:
            cells.append(Cell(r, 0, row["label"]))
            last = len(row["cells"]) - 1
            cells.extend(
                Cell(r, 1 + i, _n(v), 1, span if i == last else 1)
                for i, v in enumerate(row["cells"])
            )
            r += 1
    return Grid(TABLE2_TITLE, r, 4, tuple(cells), 0)


def is_2019(report: dict[str, Any]) -> bool:
    return bool(report["table2"].get("format") == FORMAT_2019)


def table2_grid(report: dict[str, Any]) -> Grid:
    if is_2019(report):
        return table2_2019_grid(report)
    t2 = report["table2"]
    d = t2["decisions"]
    cells: list[Cell] = []
    r = 0

    def item(label: str) -> None:
        nonlocal r
        cells.append(Cell(r, 0, label, 1, 4))
        r += 1

    def wide(label: str, value: str) -> None:
        nonlocal r
        cells.extend([Cell(r, 0, label), Cell(r, 1, value, 1, 3)])
        r += 1

    item(statute.T2_ITEM_1)
    for c, text in enumerate(
        (statute.T2_CONTENT, statute.T2_MADE, statute.T2_REPEALED, statute.T2_IN_FORCE)
    ):
        cells.append(Cell(r, c, text))
    r += 1
    for label, values in ((statute.T2_RULES, t2["rules"]), (statute.T2_NORMATIVE, t2["normative"])):
        cells.append(Cell(r, 0, label))
        cells.extend(Cell(r, 1 + i, _n(v)) for i, v in enumerate(values))
        r += 1
    item(statute.T2_ITEM_5)
    wide(statute.T2_CONTENT, statute.T2_DECISIONS)
    wide(statute.T2_LICENSE, _n(d["license"]))
    item(statute.T2_ITEM_6)
    wide(statute.T2_CONTENT, statute.T2_DECISIONS)
    wide(statute.T2_PENALTY, _n(d["penalty"]))
    wide(statute.T2_COERCION, _n(d["coercion"]))
    item(statute.T2_ITEM_8)
    wide(statute.T2_CONTENT, statute.T2_FEES)
    wide(statute.T2_CHARGES, _n(t2["charges_wan"]))
    return Grid(TABLE2_TITLE, r, 4, tuple(cells), 0)


def table3_grid(report: dict[str, Any]) -> Grid:
    cells = [
        Cell(0, 0, TABLE3_LEFT_HEADER, 3, 3),
        Cell(0, 3, TABLE3_TOP_HEADER, 1, 7),
        Cell(1, 3, TABLE3_COLUMNS[0][1], 2, 1),
        Cell(1, 4, LEGAL_PERSON_GROUP, 1, 5),
        Cell(1, 9, TABLE3_TOTAL_COLUMN, 2, 1),
        *(Cell(2, 4 + i, label) for i, (_key, label) in enumerate(TABLE3_COLUMNS[1:])),
    ]
    rows = report["table3"]["rows"]
    first = 3
    result_rows = [i for i, row in enumerate(rows) if len(row["labels"]) > 1]
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if len(row["labels"]) == 3:
            groups.setdefault(row["labels"][1], []).append(i)
    for i, row in enumerate(rows):
        r = first + i
        labels = row["labels"]
        if len(labels) == 1:
            cells.append(Cell(r, 0, labels[0], 1, 3))
        elif len(labels) == 2:
            cells.append(Cell(r, 1, labels[1], 1, 2))
        else:
            members = groups[labels[1]]
            if i == members[0]:
                cells.append(Cell(r, 1, labels[1], len(members), 1))
            cells.append(Cell(r, 2, labels[2]))
        if i == result_rows[0]:
            cells.append(Cell(r, 0, labels[0], len(result_rows), 1))
        cells.extend(Cell(r, 3 + c, str(n)) for c, n in enumerate(row["cells"]))
    return Grid(TABLE3_TITLE, first + len(rows), 10, tuple(cells), 3, (1.3, 1.7, 5.6) + (1,) * 7)


def table4_grid(report: dict[str, Any]) -> Grid:
    reconsideration, litigation = TABLE4_GROUPS
    direct, after = TABLE4_LITIGATION_GROUPS
    cells = [
        Cell(0, 0, reconsideration, 1, 5),
        Cell(0, 5, litigation, 1, 10),
        *(Cell(1, c, label, 2, 1) for c, label in enumerate(TABLE4_RESULT_COLUMNS)),
        Cell(1, 5, direct, 1, 5),
        Cell(1, 10, after, 1, 5),
        *(Cell(2, 5 + c, label) for c, label in enumerate(TABLE4_RESULT_COLUMNS * 2)),
        *(Cell(3, c, str(n)) for c, n in enumerate(report["table4"]["cells"])),
    ]
    return Grid(TABLE4_TITLE, 4, 15, tuple(cells), 3)


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def outline(report: dict[str, Any]) -> list[tuple[str, Any]]:
    """The report in reading order: ("title"|"heading"|"para"|"table", value)."""
    s = report["sections"]
    parts: list[tuple[str, Any]] = [("title", report["title"])]
    parts.append(("para", report["period_sentence"]))
    parts.append(("heading", statute.SECTION_OVERVIEW))
    parts += [("para", p) for p in paragraphs(s["overview"])]
    parts.append(("heading", statute.SECTION_PROACTIVE))
    parts.append(("table", table2_grid(report)))
    parts.append(("heading", statute.SECTION_REQUESTS))
    parts.append(("table", table3_grid(report)))
    parts.append(("heading", statute.SECTION_APPEALS))
    parts.append(("table", table4_grid(report)))
    parts.append(("heading", statute.SECTION_PROBLEMS))
    parts += [("para", p) for p in paragraphs(s["problems"])]
    parts.append(("heading", statute.SECTION_OTHER))
    parts.append(("para", s["fees_sentence"]))
    parts += [("para", p) for p in paragraphs(s["other"])]
    return parts


def table_lines(report: dict[str, Any], grid: Grid) -> list[str]:
    """A table as text lines, one per row of figures with its labels (the register's body)."""
    if grid.title == TABLE2_TITLE and is_2019(report):
        return [
            f"{item['item']}{row['label']}："
            + "，".join(
                f"{column}{_n(value)}"
                for column, value in zip(item["header"][1:], row["cells"], strict=True)
            )
            for item in report["table2"]["items"]
            for row in item["rows"]
        ]
    if grid.title == TABLE2_TITLE:
        t2 = report["table2"]
        d = t2["decisions"]
        made, repealed, in_force = (statute.T2_MADE, statute.T2_REPEALED, statute.T2_IN_FORCE)
        return [
            f"{statute.T2_RULES}：{made}{t2['rules'][0]}，{repealed}{t2['rules'][1]}，"
            f"{in_force}{t2['rules'][2]}",
            f"{statute.T2_NORMATIVE}：{made}{t2['normative'][0]}，{repealed}"
            f"{t2['normative'][1]}，{in_force}{t2['normative'][2]}",
            f"{statute.T2_LICENSE}：{statute.T2_DECISIONS}{_n(d['license'])}",
            f"{statute.T2_PENALTY}：{statute.T2_DECISIONS}{_n(d['penalty'])}",
            f"{statute.T2_COERCION}：{statute.T2_DECISIONS}{_n(d['coercion'])}",
            f"{statute.T2_CHARGES}：{statute.T2_FEES}{_n(t2['charges_wan'])}",
        ]
    if grid.title == TABLE3_TITLE:
        heads = [label for _key, label in TABLE3_COLUMNS] + [TABLE3_TOTAL_COLUMN]
        return [
            "".join(row["labels"])
            + "："
            + "，".join(f"{h}{n}" for h, n in zip(heads, row["cells"], strict=True))
            for row in report["table3"]["rows"]
        ]
    labels = [
        "".join(labels)
        for labels in (
            [(TABLE4_GROUPS[0], r) for r in TABLE4_RESULT_COLUMNS]
            + [(TABLE4_GROUPS[1], TABLE4_LITIGATION_GROUPS[0], r) for r in TABLE4_RESULT_COLUMNS]
            + [(TABLE4_GROUPS[1], TABLE4_LITIGATION_GROUPS[1], r) for r in TABLE4_RESULT_COLUMNS]
        )
    ]
    return [
        "，".join(f"{label}{n}" for label, n in zip(labels, report["table4"]["cells"], strict=True))
    ]


def to_text(report: dict[str, Any]) -> str:
    """Plain text with every figure (the document register's body, which the portal page and
    the search index show); the formatted tables are in the attached DOCX."""
    lines: list[str] = []
    for kind, value in outline(report):
        if kind == "table":
            lines += table_lines(report, value)
        else:
            lines.append(value)
    return "\n".join(lines)


# --- DOCX ---------------------------------------------------------------------------------------


def to_docx(report: dict[str, Any]) -> bytes:
    document = new_docx()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = letters.BODY_FONT
    normal.font.size = Pt(letters.BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), letters.BODY_FONT)
    document.core_properties.title = report["title"]
    for kind, value in outline(report):
        if kind == "title":
            letters._paragraph(
                document,
                value,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                indent=False,
                font=letters.TITLE_FONT,
                size=letters.TITLE_PT,
            )
        elif kind == "heading":
            letters._paragraph(document, value, font=letters.HEADING_FONT)
        elif kind == "para":
            letters._paragraph(document, value)
        else:
            _docx_table(document, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: Any, grid: Grid) -> None:
    table = document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = "Table Grid"
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(
                table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            )
        paragraph = target.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        letters._font(paragraph.add_run(cell.text), letters.BODY_FONT, TABLE_PT)


# --- PDF ----------------------------------------------------------------------------------------


def to_pdf(report: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = letters._register_font()
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=12,
        leading=22,
        firstLineIndent=24,
        wordWrap="CJK",
    )
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=24, spaceBefore=6)
    title = ParagraphStyle(
        "title", parent=body, firstLineIndent=0, fontSize=18, leading=30, alignment=TA_CENTER
    )
    small = ParagraphStyle(
        "cell", parent=body, firstLineIndent=0, fontSize=7, leading=9, alignment=TA_CENTER
    )
    width = (210 - 20 - 20) * mm
    story: list[Any] = []
    for kind, value in outline(report):
        if kind == "title":
            story.append(Paragraph(escape(value), title))
        elif kind == "heading":
            story.append(Paragraph(escape(value), heading))
        elif kind == "para":
            story.append(Paragraph(escape(value), body))
        else:
            data = [["" for _c in range(value.cols)] for _r in range(value.rows)]
            commands: list[Any] = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            for cell in value.cells:
                data[cell.row][cell.col] = Paragraph(escape(cell.text), small)
                if cell.rowspan > 1 or cell.colspan > 1:
                    end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
                    commands.append(("SPAN", (cell.col, cell.row), end))
            weights = value.weights or (1,) * value.cols
            widths = [width * w / sum(weights) for w in weights]
            table = Table(data, colWidths=widths, repeatRows=0)
            table.setStyle(TableStyle(commands))
            story += [Spacer(1, 4), table, Spacer(1, 8)]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        title=report["title"],
        author=report["unit"]["name"],
        creator="zwgk",
    ).build(story)
    return out.getvalue()
