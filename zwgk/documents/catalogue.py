"""The 政府信息公开目录 (条例 art. 12: "政府信息的索引、名称、内容概述、生成日期等") of published
proactive documents, as rows and as downloadable CSV and XLSX files.

Owns the selection (published 主动公开 documents, by unit, topic and year of 生成日期), the row
shape, and the two writers. The portal lists and links these files; `zwgk catalogue export`
writes them from the command line. Public data only: nothing here depends on a viewer.

Cells that a spreadsheet would run as a formula (text starting with = + - @) are written as
text: in XLSX with the string type, in CSV prefixed with an apostrophe (the usual defence
against formula injection, since CSV has no types).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

import openpyxl
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from zwgk.orgs.models import Unit

from .models import Document, Topic
from .statute import DisclosureAttribute, Validity

# The four items of 条例 art. 12 first, then what readers of a 目录 expect (rules.md §6.3).
HEADERS = (
    "索引号",
    "名称",
    "内容概述",
    "生成日期",
    "发文字号",
    "发布机构",
    "主题分类",
    "发布日期",
    "有效性",
)
COLUMN_WIDTHS = (32, 48, 60, 12, 22, 24, 18, 12, 8)
SHEET_TITLE = "政府信息公开目录"
# When a document has no 内容概述, the beginning of its body stands in for it.
SUMMARY_FALLBACK_CHARS = 100
# Enough of the body that, with its spaces and line breaks collapsed, it still fills a summary.
BODY_START_CHARS = 3 * SUMMARY_FALLBACK_CHARS
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_VALIDITY_LABELS = {choice.value: choice.label for choice in Validity}


@dataclass(frozen=True)
class CatalogueRow:
    document_id: int
    index_number: str
    title: str
    summary: str
    generated_date: date | None
    doc_number: str
    unit: str
    topic: str
    published_date: date | None
    validity: str

    def values(self) -> tuple[Any, ...]:
        """The cells in HEADERS order (dates as date objects, None for none)."""
        return (
            self.index_number,
            self.title,
            self.summary,
            self.generated_date,
            self.doc_number,
            self.unit,
            self.topic,
            self.published_date,
            self.validity,
        )


def _summary(summary: str, body_start: str, body_length: int) -> str:
    if summary.strip():
        return summary.strip()
    text = " ".join((body_start or "").split())
    if len(text) > SUMMARY_FALLBACK_CHARS or body_length > len(body_start or ""):
        return text[:SUMMARY_FALLBACK_CHARS] + "……"
    return text


def catalogue_rows(
    unit: Unit | None = None, topic: Topic | str | None = None, year: int | None = None
) -> Iterator[CatalogueRow]:
    """Published 主动公开 documents, newest first: of `unit` (its own publications), of
    `topic` (a Topic or its name), generated in `year` (成文日期; the publication date for a
    document without one). Withdrawn documents are not in the catalogue."""
    documents = Document.objects.published().filter(disclosure=DisclosureAttribute.PROACTIVE)
    if unit is not None:
        documents = documents.filter(publishing_unit=unit)
    if isinstance(topic, Topic):
        documents = documents.filter(topic=topic)
    elif topic:
        documents = documents.filter(topic__name=topic)
    if year is not None:
        documents = documents.filter(
            Q(written_date__year=year) | Q(written_date__isnull=True, published_at__year=year)
        )
    values = (
        documents.annotate(
            body_start=Substr("body", 1, BODY_START_CHARS), body_length=Length("body")
        )
        .order_by("-published_at", "-pk")
        .values_list(
            "pk",
            "index_number",
            "title",
            "summary",
            "body_start",
            "body_length",
            "written_date",
            "doc_number",
            "publishing_unit__name",
            "topic__name",
            "published_at",
            "is_normative",
            "normative__validity",
        )
    )
    for (
        pk,
        index_number,
        title,
        summary,
        body_start,
        body_length,
        written_date,
        doc_number,
        unit_name,
        topic_name,
        published_at,
        is_normative,
        validity,
    ) in values.iterator(chunk_size=2000):
        published_date = timezone.localdate(published_at) if published_at else None
        yield CatalogueRow(
            document_id=pk,
            index_number=index_number,
            title=title,
            summary=_summary(summary, body_start, body_length or 0),
            generated_date=written_date or published_date,
            doc_number=doc_number,
            unit=unit_name,
            topic=topic_name or "",
            published_date=published_date,
            validity=_VALIDITY_LABELS.get(validity, "") if is_normative else "",
        )


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(rows: Iterable[CatalogueRow], fp: IO[bytes] | Any) -> None:
    """The catalogue as CSV to a binary file-like `fp` (a file, an HttpResponse): UTF-8 with a
    BOM so that Excel opens it as UTF-8, CRLF line ends, one header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    fp.write("\ufeff".encode())
    writer.writerow(HEADERS)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row.values()])
        if count % 1000 == 0:
            fp.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    fp.write(buffer.getvalue().encode("utf-8"))


def write_xlsx(rows: Iterable[CatalogueRow], fp: IO[bytes] | Any) -> None:
    """The catalogue as an XLSX workbook to a binary file-like `fp`: one sheet, a bold frozen
    header, dates as date cells (YYYY-MM-DD), every text cell typed as text."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for letter, width in zip("ABCDEFGHI", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row.values():
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    fp.write(out.getvalue())
