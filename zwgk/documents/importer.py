"""Import of a unit's existing 政府信息公开目录 (its catalogue of documents) from XLSX or CSV.

Owns reading the file (XLSX, or CSV in UTF-8 with or without BOM, or GBK/GB18030 as Excel on
a Chinese Windows writes it), validating every row against the documented columns
(docs/import.md), and writing the documents in one transaction with bulk inserts: one bad row
and nothing is imported. `dry_run=True` runs every check, the database ones included, and
writes nothing.

Imported records are history: a 主动公开 row comes in as published (published_at from 发布日期,
approved_hash set to its content hash so that the "published was approved" invariant holds),
and 依申请公开/不予公开 rows as registered. They did not pass through this system's review
chain; no ReviewEvent is invented for them. The audit trail holds one event for the file and
one per document (`documents.catalogue.imported`, `documents.document.imported`).

It must not re-implement the review chain or publishing; the portal hears about imported
published documents through events.published, like any other publication.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import string
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TypeVar

import openpyxl
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.selectors import get_workday_calendar
from zwgk.core.workdays import WorkdayCalendar
from zwgk.orgs.models import Unit

from . import events
from .attachments import AttachmentError, inspect_zip
from .columns import column_refusal
from .deadlines import publish_due_date
from .docnumber import DocNumberError, parse_doc_number
from .models import (
    Document,
    DocumentIssuer,
    IndexNumberSequence,
    NormativeRecord,
    Status,
    Topic,
    content_hash,
)
from .permissions import can_draft_in
from .services import DEFAULT_INDEX_PATTERN
from .statute import DisclosureAttribute, DisclosureScope, Genre, LegalGround, Validity

T = TypeVar("T")

# --- Columns (documented in docs/import.md; keep the two in step) ------------------------------

TITLE = "标题"
DOC_NUMBER = "发文字号"
WRITTEN = "成文日期"
PUBLISHED = "发布日期"
ATTRIBUTE = "公开属性"
SCOPE = "公开方式"
GROUND = "不公开依据"
REASON = "不公开理由"
TOPIC = "主题分类"
GENRE = "体裁"
COLUMN = "栏目"
INDEX = "索引号"
SUMMARY = "内容概述"
BODY = "正文"
VALIDITY = "有效性"
NORMATIVE = "是否规范性文件"

COLUMNS = (
    TITLE,
    DOC_NUMBER,
    WRITTEN,
    PUBLISHED,
    ATTRIBUTE,
    SCOPE,
    GROUND,
    REASON,
    TOPIC,
    GENRE,
    COLUMN,
    INDEX,
    SUMMARY,
    BODY,
    VALIDITY,
    NORMATIVE,
)
REQUIRED_COLUMNS = (TITLE, WRITTEN, ATTRIBUTE, TOPIC)
# Columns that spreadsheets commonly carry and the import ignores.
IGNORED_COLUMNS = ("序号",)

MAX_ROWS = 200_000
MAX_FILE_BYTES = 512 * 1024 * 1024
XLSX_MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
XLSX_MAX_ENTRIES = 10_000
MAX_LISTED_ERRORS = 500
BATCH = 1000
# SQLite allows 32,766 variables per statement; stay far below for IN (...) look-ups.
LOOKUP_CHUNK = 900

ATTRIBUTE_LABELS = {choice.label: choice.value for choice in DisclosureAttribute}
SCOPE_LABELS = {
    "全文": DisclosureScope.FULL,
    "全文公开": DisclosureScope.FULL,
    "部分": DisclosureScope.PARTIAL,
    "部分公开": DisclosureScope.PARTIAL,
}
VALIDITY_LABELS = {choice.label: choice.value for choice in Validity}
YES_NO = {"是": True, "否": False}


def _ground_names() -> dict[str, str]:
    """A legal ground by its full label, its code, or its label without the article in
    brackets ("属于国家秘密")."""
    names: dict[str, str] = {}
    for choice in LegalGround:
        names[choice.label] = choice.value
        names[choice.value] = choice.value
        names[choice.label.split("（", 1)[0]] = choice.value
    return names


def _genre_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for choice in Genre:
        names[choice.label] = choice.value
        names[choice.value] = choice.value
        names[choice.label.split("（", 1)[0]] = choice.value
    return names


GROUND_NAMES = _ground_names()
GENRE_NAMES = _genre_names()


class CatalogueImportError(DomainError):
    """The file was not imported. `errors` lists every problem, row by row."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


# --- 栏目: the portal owns the column tree ---------------------------------------------------

ColumnResolver = Callable[[Unit, str], "str | None"]
_column_resolvers: list[ColumnResolver] = []
_COLUMN_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")


def register_column_resolver(resolver: ColumnResolver) -> ColumnResolver:
    """The app that owns the columns (the portal) maps a name or slug written in the 栏目
    column to the slug stored on the document, or None when it knows no such column for the
    unit. Without a resolver, the value must already be a slug (a-z, 0-9, -; 20 at most)."""
    if resolver not in _column_resolvers:
        _column_resolvers.append(resolver)
    return resolver


def resolve_column(unit: Unit, text: str) -> str | None:
    if not _column_resolvers:
        return text if _COLUMN_SLUG.match(text) else None
    for resolver in _column_resolvers:
        slug = resolver(unit, text)
        if slug:
            return slug
    return None


# --- Reading the file -------------------------------------------------------------------------

Cell = str | date | datetime | int | float | None


@dataclass
class SourceRow:
    """One data row: its row number as the spreadsheet shows it (the header is row 1)."""

    number: int
    cells: dict[str, Cell]

    def is_blank(self) -> bool:
        return all(
            value is None or (isinstance(value, str) and not value.strip())
            for value in self.cells.values()
        )


def _header_name(raw: Any) -> str:
    """A header cell without spaces, BOM or required-field marks (“标题*”, “标题（必填）”)."""
    text = re.sub(r"[\s\u3000\ufeff]+", "", "" if raw is None else str(raw))
    text = re.sub(r"(\*|＊|（必填）|\(必填\))$", "", text)
    return text.lstrip("*＊")


@dataclass(frozen=True)
class TableSpec:
    """What a spreadsheet import accepts: its columns and its limits (the ledger importer of
    依申请公开 reads its files with the same code and its own spec)."""

    columns: Sequence[str]
    required: Sequence[str]
    ignored: Sequence[str] = IGNORED_COLUMNS
    max_rows: int = MAX_ROWS
    max_file_bytes: int = MAX_FILE_BYTES
    xlsx_max_unzipped_bytes: int = XLSX_MAX_UNZIPPED_BYTES
    xlsx_max_entries: int = XLSX_MAX_ENTRIES


CATALOGUE_TABLE = TableSpec(columns=COLUMNS, required=REQUIRED_COLUMNS)


def _positions(header: Sequence[Any], spec: TableSpec) -> dict[str, int]:
    names = [_header_name(cell) for cell in header]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        raise CatalogueImportError(f"表头中“{'”“'.join(duplicates)}”出现了不止一次。")
    unknown = [n for n in names if n and n not in spec.columns and n not in spec.ignored]
    if unknown:
        raise CatalogueImportError(
            f"表头有无法识别的列：{'、'.join(unknown)}。可用的列：{'、'.join(spec.columns)}"
            "（列名须与导入说明一致）。"
        )
    missing = [n for n in spec.required if n not in names]
    if missing:
        raise CatalogueImportError(
            f"表头缺少必需的列：{'、'.join(missing)}。第一行应为表头，"
            f"必需的列为：{'、'.join(spec.required)}。"
        )
    return {name: i for i, name in enumerate(names) if name in spec.columns}


def _rows(header: Sequence[Any], body: Iterable[Sequence[Any]], spec: TableSpec) -> list[SourceRow]:
    positions = _positions(header, spec)
    rows = []
    for number, cells in enumerate(body, start=2):
        if number - 1 > spec.max_rows:
            raise CatalogueImportError(f"文件超过 {spec.max_rows} 行，请分成几个文件导入。")
        rows.append(
            SourceRow(
                number,
                {name: cells[pos] if pos < len(cells) else None for name, pos in positions.items()},
            )
        )
    return rows


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK, what Excel on a
    Chinese Windows writes for "CSV")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogueImportError(
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”）。请另存为“CSV UTF-8（逗号分隔）”或 XLSX。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueImportError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件，或 XLSX。")


def _read_csv(data: bytes, spec: TableSpec) -> list[SourceRow]:
    text = decode_csv(data)
    # A 正文 cell may be long; the csv module's default limit is 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CatalogueImportError("文件是空的。第一行应为表头。") from None
    except csv.Error as error:
        raise CatalogueImportError(f"文件不是有效的 CSV：{error}") from None
    try:
        return _rows(header, reader, spec)
    except csv.Error as error:
        raise CatalogueImportError(f"文件第 {reader.line_num} 行不是有效的 CSV：{error}") from None


def _read_xlsx(data: bytes, spec: TableSpec) -> list[SourceRow]:
    try:
        archive = inspect_zip(
            data,
            max_unzipped_bytes=spec.xlsx_max_unzipped_bytes,
            max_entries=spec.xlsx_max_entries,
            what="XLSX 文件",
        )
    except AttachmentError as error:
        raise CatalogueImportError(error.message) from None
    if "xl/workbook.xml" not in archive.namelist():
        raise CatalogueImportError("文件不是 XLSX 工作簿（缺少 xl/workbook.xml）。")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise CatalogueImportError(f"无法读取 XLSX 文件：{error}") from None
    try:
        if not workbook.worksheets:
            raise CatalogueImportError("XLSX 文件中没有工作表。")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # declared dimensions may lie; read the rows that are there
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise CatalogueImportError("文件是空的。第一个工作表的第一行应为表头。")
        return _rows(header, lines, spec)
    finally:
        workbook.close()


def read_table(data: bytes, filename: str, spec: TableSpec = CATALOGUE_TABLE) -> list[SourceRow]:
    """The rows of an uploaded spreadsheet (XLSX's first sheet, or CSV in UTF-8 or GBK); the type
    comes from the content and must agree with the extension (.xlsx or .csv)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("xlsx", "csv"):
        raise CatalogueImportError("只能导入 XLSX 或 CSV 文件（扩展名 .xlsx 或 .csv）。")
    if len(data) > spec.max_file_bytes:
        raise CatalogueImportError(
            f"文件超过 {spec.max_file_bytes // 1024 // 1024} MB，请分成几个文件导入。"
        )
    is_zip = data.startswith(b"PK\x03\x04")
    if extension == "xlsx" and not is_zip:
        raise CatalogueImportError("文件扩展名为 .xlsx，但内容不是 XLSX 工作簿。")
    if extension == "csv" and is_zip:
        raise CatalogueImportError("文件扩展名为 .csv，但内容是压缩文件（可能是 XLSX 工作簿）。")
    return _read_xlsx(data, spec) if is_zip else _read_csv(data, spec)


# --- Validating rows --------------------------------------------------------------------------


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


def _compact(value: Cell) -> str:
    return re.sub(r"[\s\u3000]+", "", _text(value))


# A time after the date (as Excel writes a date-time cell into CSV) is allowed and dropped.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_DATE_PATTERNS = (
    re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$"),
    re.compile(rf"^(\d{{4}})/(\d{{1,2}})/(\d{{1,2}}){_TIME}$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Cell) -> date | None:
    """A date as a spreadsheet gives it: a date or date-time cell, or text as YYYY-MM-DD,
    YYYY/M/D (either optionally followed by a time), YYYY.M.D, YYYY年M月D日 or YYYYMMDD.
    None when it is not a valid date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


@dataclass
class ValidRow:
    number: int
    title: str
    doc_number: str
    written_date: date
    published_date: date | None
    disclosure: str
    scope: str
    legal_ground: str
    reason: str
    topic: Topic
    genre: str
    column: str
    index_number: str
    summary: str
    body: str
    is_normative: bool
    validity: str


@dataclass
class _Context:
    unit: Unit
    today: date
    topics: dict[str, Topic]


def _validate(row: SourceRow, ctx: _Context) -> tuple[ValidRow | None, list[str]]:
    errors: list[str] = []
    cells = row.cells

    def error(message: str) -> None:
        errors.append(f"第 {row.number} 行：{message}")

    title = re.sub(r"\s+", " ", _text(cells.get(TITLE))).strip()
    if not title:
        error("缺少标题")
    elif len(title) > 300:
        error(f"标题超过 300 字（{len(title)} 字）")

    written_raw = cells.get(WRITTEN)
    written = parse_date(written_raw)
    if not _text(written_raw):
        error("缺少成文日期")
    elif written is None:
        error(f"成文日期“{_text(written_raw)}”不是有效日期")
    elif written > ctx.today:
        error(f"成文日期（{written.isoformat()}）晚于今天")

    published_raw = cells.get(PUBLISHED)
    published = parse_date(published_raw)
    if _text(published_raw) and published is None:
        error(f"发布日期“{_text(published_raw)}”不是有效日期")
    elif published and published > ctx.today:
        error(f"发布日期（{published.isoformat()}）晚于今天")
    elif published and written and published < written:
        error(f"发布日期（{published.isoformat()}）早于成文日期（{written.isoformat()}）")

    doc_number = ""
    raw_number = _text(cells.get(DOC_NUMBER))
    if raw_number:
        try:
            number = parse_doc_number(raw_number)
        except DocNumberError as problem:
            error(str(problem).rstrip("。"))
        else:
            doc_number = str(number)
            if len(doc_number) > 60:
                error("发文字号过长（最多 60 个字符）")
            if written and number.year != written.year:
                error(
                    f"发文字号“{doc_number}”中的年份（{number.year}）与成文日期的年份"
                    f"（{written.year}）不一致"
                )

    attribute_text = _compact(cells.get(ATTRIBUTE))
    disclosure = ATTRIBUTE_LABELS.get(attribute_text, "")
    if not attribute_text:
        error("缺少公开属性（主动公开、依申请公开或不予公开）")
    elif not disclosure:
        error(f"公开属性“{attribute_text}”无法识别，只能填写主动公开、依申请公开或不予公开")

    scope_text = _compact(cells.get(SCOPE))
    scope = SCOPE_LABELS.get(scope_text, "")
    if scope_text and not scope:
        error(f"公开方式“{scope_text}”无法识别，只能填写全文或部分")

    ground_text = _text(cells.get(GROUND))
    legal_ground = GROUND_NAMES.get(_compact(ground_text), "") or GROUND_NAMES.get(ground_text, "")
    if ground_text and not legal_ground:
        error(
            f"不公开依据“{ground_text}”无法识别，应为条例第十四条、第十五条、第十六条规定的依据之一"
            "（写法见导入说明）"
        )
    reason = _text(cells.get(REASON))
    label = DisclosureAttribute(disclosure).label if disclosure else ""

    if disclosure == DisclosureAttribute.PROACTIVE:
        scope = scope or DisclosureScope.FULL
        if scope == DisclosureScope.FULL and (ground_text or reason):
            error("主动公开（全文）的文件不应填写不公开依据或不公开理由")
        if scope == DisclosureScope.PARTIAL and not reason:
            error("部分公开的文件须在“不公开理由”中说明不公开的内容及理由")
        if not _text(published_raw):
            error("主动公开的文件须填写发布日期（导入的是已公开的目录）")
    elif disclosure:
        if scope_text:
            error(f"{label}的文件不填写公开方式")
        if not ground_text:
            error(f"{label}的文件须填写不公开依据")
        if not reason:
            error(f"{label}的文件须填写不公开理由")
        if _text(published_raw):
            error(f"{label}的文件未公开，不应填写发布日期")

    topic_text = _text(cells.get(TOPIC))
    topic = ctx.topics.get(topic_text) or ctx.topics.get(_compact(topic_text))
    if not topic_text:
        error("缺少主题分类")
    elif topic is None:
        error(f"主题分类“{topic_text}”不在主题分类表中")

    genre_text = _compact(cells.get(GENRE))
    genre = GENRE_NAMES.get(genre_text, "")
    if genre_text and not genre:
        error(f"体裁“{genre_text}”无法识别")

    column_text = _text(cells.get(COLUMN))
    column = (resolve_column(ctx.unit, column_text) or "") if column_text else ""
    if column_text and not column:
        error(f"栏目“{column_text}”无法识别")
    elif column:
        refusal = column_refusal(ctx.unit, column, label=column_text)
        if refusal:
            error(refusal.rstrip("。"))

    index_number = _text(cells.get(INDEX))
    if index_number and re.search(r"\s", index_number):
        error(f"索引号“{index_number}”中不能有空格")
    elif len(index_number) > 80:
        error("索引号过长（最多 80 个字符）")

    summary = _text(cells.get(SUMMARY))
    if len(summary) > 500:
        error(f"内容概述超过 500 字（{len(summary)} 字）")

    normative_text = _compact(cells.get(NORMATIVE))
    is_normative = YES_NO.get(normative_text, False)
    if normative_text and normative_text not in YES_NO:
        error(f"是否规范性文件“{normative_text}”只能填写是或否")

    validity_text = _compact(cells.get(VALIDITY))
    validity = VALIDITY_LABELS.get(validity_text, "")
    if validity_text and not validity:
        error(f"有效性“{validity_text}”无法识别，只能填写有效、失效、废止或已修改")
    elif validity_text and not is_normative:
        error("有效性只适用于规范性文件（是否规范性文件填“是”）")

    if errors or written is None or topic is None:
        return None, errors
    return (
        ValidRow(
            number=row.number,
            title=title,
            doc_number=doc_number,
            written_date=written,
            published_date=published,
            disclosure=disclosure,
            scope=scope if disclosure == DisclosureAttribute.PROACTIVE else "",
            legal_ground=legal_ground,
            reason=reason,
            topic=topic,
            genre=genre,
            column=column,
            index_number=index_number,
            summary=summary,
            body=_text(cells.get(BODY)),
            is_normative=is_normative,
            validity=validity or (Validity.VALID if is_normative else ""),
        ),
        [],
    )


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_index_numbers(numbers: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(numbers, LOOKUP_CHUNK):
        found.update(
            Document.objects.filter(index_number__in=chunk).values_list("index_number", flat=True)
        )
    return found


def _check_index_numbers(rows: Sequence[ValidRow]) -> list[str]:
    errors = []
    first_seen: dict[str, int] = {}
    for row in rows:
        if not row.index_number:
            continue
        if row.index_number in first_seen:
            errors.append(
                f"第 {row.number} 行：索引号“{row.index_number}”与第 "
                f"{first_seen[row.index_number]} 行重复"
            )
        else:
            first_seen[row.index_number] = row.number
    for number in sorted(_existing_index_numbers(list(first_seen))):
        errors.append(f"第 {first_seen[number]} 行：索引号“{number}”已被系统中的其他文件使用")
    return errors


# --- 索引号 for rows without one -----------------------------------------------------------


def _index_pattern() -> str:
    return getattr(settings, "ZWGK_INDEX_NUMBER_PATTERN", DEFAULT_INDEX_PATTERN)


def _format_index(unit: Unit, year: int, serial: int) -> str:
    # Same formatting as services.next_index_number.
    return _index_pattern().format(code=unit.uscc or unit.code, year=year, serial=serial)


def _pattern_regex(unit: Unit) -> re.Pattern[str] | None:
    """A regex that reads (year, serial) back from a 索引号 made by the configured pattern for
    `unit`, or None if the pattern has fields this cannot read."""
    parts = ["^"]
    groups = set()
    for literal, name, _spec, _conversion in string.Formatter().parse(_index_pattern()):
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name == "code":
            parts.append(re.escape(unit.uscc or unit.code))
        elif name in ("year", "serial") and name not in groups:
            parts.append(rf"(?P<{name}>\d+)")
            groups.add(name)
        else:
            return None
    parts.append("$")
    return re.compile("".join(parts)) if groups == {"year", "serial"} else None


def _reserve_kept_numbers(unit: Unit, kept: Iterable[str]) -> None:
    """An old 索引号 kept from the file that has the shape of this unit's generated ones must
    never be generated again: move the unit's sequence past it."""
    regex = _pattern_regex(unit)
    if regex is None:
        return
    highest: dict[int, int] = {}
    for number in kept:
        match = regex.match(number)
        if match:
            year, serial = int(match["year"]), int(match["serial"])
            highest[year] = max(highest.get(year, 0), serial)
    for year, serial in highest.items():
        sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(
            unit=unit, year=year
        )
        if sequence.last_serial < serial:
            sequence.last_serial = serial
            sequence.save(update_fields=["last_serial"])


def _allocate_index_numbers(unit: Unit, year: int, count: int, taken: set[str]) -> list[str]:
    """`count` new 索引号 for `year` from the unit's sequence (locked), skipping any already
    used in the file or the database. Serials are never reused."""
    sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(
        unit=unit, year=year
    )
    numbers: list[str] = []
    serial = sequence.last_serial
    while len(numbers) < count:
        batch: list[str] = []
        while len(numbers) + len(batch) < count:
            serial += 1
            candidate = _format_index(unit, year, serial)
            if candidate not in taken:
                batch.append(candidate)
        in_use = _existing_index_numbers(batch)
        numbers += [n for n in batch if n not in in_use]
    sequence.last_serial = serial
    sequence.save(update_fields=["last_serial"])
    return numbers


# --- The service ------------------------------------------------------------------------------

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


@dataclass
class ImportResult:
    filename: str
    rows: int
    published: int = 0
    registered: int = 0
    generated_index_numbers: int = 0
    normative: int = 0
    dry_run: bool = False
    document_ids: list[int] = field(default_factory=list)


def _row_of(message: str) -> int:
    match = re.match(r"第 (\d+) 行", message)
    return int(match[1]) if match else 0


def validate_rows(
    rows: Sequence[SourceRow], *, unit: Unit, at: datetime, progress: Progress = _no_progress
) -> list[ValidRow]:
    """Every row checked; CatalogueImportError with all the problems if any row is bad."""
    ctx = _Context(
        unit=unit,
        today=timezone.localdate(at),
        topics={topic.name: topic for topic in Topic.objects.all()},
    )
    valid: list[ValidRow] = []
    errors: list[str] = []
    for row in progress(rows, "检查", len(rows)):
        if row.is_blank():
            continue
        checked, problems = _validate(row, ctx)
        if checked is not None:
            valid.append(checked)
        errors += problems
    if not valid and not errors:
        raise CatalogueImportError("文件中没有数据行（第一行为表头，从第二行起每行一份文件）。")
    errors += _check_index_numbers(valid)
    if errors:
        errors.sort(key=_row_of)
        raise CatalogueImportError(
            f"文件有 {len(errors)} 处错误，未导入任何文件。请修改后重新导入。", errors
        )
    return valid


def _published_at(day: date) -> datetime:
    # Noon local time: the day stays the same in any time zone a reader converts it to.
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _document(
    row: ValidRow, *, unit: Unit, by: Any, at: datetime, calendar: WorkdayCalendar
) -> Document:
    proactive = row.disclosure == DisclosureAttribute.PROACTIVE
    document = Document(
        publishing_unit=unit,
        title=row.title,
        doc_number=row.doc_number,
        written_date=row.written_date,
        topic=row.topic,
        genre=row.genre,
        column=row.column,
        index_number=row.index_number,
        summary=row.summary,
        body=row.body,
        disclosure=row.disclosure,
        disclosure_scope=row.scope,
        withheld_part=row.reason if proactive else "",
        legal_ground=row.legal_ground,
        ground_explanation="" if proactive else row.reason,
        is_normative=row.is_normative,
        status=Status.PUBLISHED if proactive else Status.REGISTERED,
        formed_date=row.written_date,
        published_at=_published_at(row.published_date) if row.published_date else None,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        created_at=at,
        updated_at=at,
    )
    document.publish_due_date = publish_due_date(document, calendar)
    # Imported history: the content hash stands in for an approval this system did not see.
    document.approved_hash = content_hash(document, [])
    return document


def import_documents(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Import a unit's existing catalogue file: all rows or none (CatalogueImportError).

    `by` is the user on whose behalf the import runs (a member of the unit's staff), or None
    for the system operator at the command line. The file is read and checked before the
    write transaction starts (a write transaction on SQLite holds up every other writer); the
    索引号 are checked again inside it.
    """
    if by is not None and not can_draft_in(by, unit):
        raise PermissionDeniedError("您不是该单位的工作人员，不能导入该单位的目录。")
    rows = read_table(data, filename)
    valid = validate_rows(rows, unit=unit, at=at, progress=progress)
    result = ImportResult(filename=filename, rows=len(valid), dry_run=dry_run)
    result.published = sum(1 for r in valid if r.disclosure == DisclosureAttribute.PROACTIVE)
    result.registered = result.rows - result.published
    result.normative = sum(1 for r in valid if r.is_normative)
    result.generated_index_numbers = sum(1 for r in valid if not r.index_number)
    if dry_run:
        return result
    try:
        with transaction.atomic():
            _write(valid, result, by=by, at=at, unit=unit, data=data, progress=progress)
    except IntegrityError:
        # Only a 索引号 taken by a registration running at the same moment can get here.
        raise CatalogueImportError(
            "导入时有文件同时登记，索引号发生冲突，未导入任何文件。请重新导入。"
        ) from None
    return result


def _write(
    valid: list[ValidRow],
    result: ImportResult,
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: bytes,
    progress: Progress,
) -> None:
    recheck = _check_index_numbers(valid)
    if recheck:
        raise CatalogueImportError(
            f"文件有 {len(recheck)} 处错误，未导入任何文件。请修改后重新导入。", recheck
        )
    filename = result.filename
    kept = [r.index_number for r in valid if r.index_number]
    taken = set(kept)
    _reserve_kept_numbers(unit, kept)
    needing: dict[int, list[ValidRow]] = defaultdict(list)
    for row in valid:
        if not row.index_number:
            needing[row.written_date.year].append(row)
    for year, year_rows in sorted(needing.items()):
        for row, number in zip(
            year_rows, _allocate_index_numbers(unit, year, len(year_rows), taken), strict=True
        ):
            row.index_number = number

    calendar = get_workday_calendar()
    documents = [_document(row, unit=unit, by=by, at=at, calendar=calendar) for row in valid]
    for batch in progress(list(_chunks(documents, BATCH)), "写入", -(-len(documents) // BATCH)):
        Document.objects.bulk_create(batch)
    DocumentIssuer.objects.bulk_create(
        (DocumentIssuer(document=d, unit=unit, position=0) for d in documents), batch_size=BATCH
    )
    NormativeRecord.objects.bulk_create(
        (
            NormativeRecord(document=d, valid_from=r.written_date, validity=r.validity)
            for d, r in zip(documents, valid, strict=True)
            if r.is_normative
        ),
        batch_size=BATCH,
    )
    file_hash = hashlib.sha256(data).hexdigest()
    audit.record(
        action="documents.catalogue.imported",
        by=by,
        at=at,
        target=unit,
        unit=unit,
        after={
            "file": filename,
            "sha256": file_hash,
            "rows": result.rows,
            "published": result.published,
            "registered": result.registered,
            "normative": result.normative,
            "generated_index_numbers": result.generated_index_numbers,
        },
    )
    for document, row in progress(zip(documents, valid, strict=True), "审计", len(documents)):
        audit.record(
            action="documents.document.imported",
            by=by,
            at=at,
            target=document,
            unit=unit,
            after={
                "status": document.status,
                "title": document.title,
                "doc_number": document.doc_number,
                "disclosure": document.disclosure,
                "legal_ground": document.legal_ground,
                "index_number": document.index_number,
                "published_at": document.published_at,
                "content_hash": document.approved_hash,
                "file": filename,
                "file_sha256": file_hash,
                "row": row.number,
                "reviewed_here": False,
            },
        )
    result.document_ids = [d.pk for d in documents]
    published_ids = [d.pk for d in documents if d.status == Status.PUBLISHED]
    if published_ids:
        transaction.on_commit(lambda: events.published(published_ids))


# --- Command-line adapter: `zwgk import documents FILE --unit CODE [--dry-run] [--by USER]` ----


class DocumentsImporter:
    """Found by `zwgk import` (management/commands/import.py) through this module's
    IMPORTERS, the way any app adds its own `zwgk import KIND`."""

    name = "documents"
    help = "a unit's existing 政府信息公开目录 (XLSX or CSV; columns in docs/import.md)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="code of the publishing unit")

    def run(
        self,
        *,
        data: bytes,
        filename: str,
        options: dict[str, Any],
        by: Any,
        at: datetime,
        dry_run: bool,
        progress: Progress,
    ) -> list[str]:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CatalogueImportError(f"没有代码为“{options['unit']}”的单位。")
        result = import_documents(
            by=by,
            at=at,
            unit=unit,
            data=data,
            filename=filename,
            dry_run=dry_run,
            progress=progress,
        )
        counts = (
            f"共 {result.rows} 份：主动公开 {result.published} 份（作为已发布的历史记录），"
            f"依申请公开或不予公开 {result.registered} 份，其中规范性文件 {result.normative} 份；"
            f"新生成索引号 {result.generated_index_numbers} 个。"
        )
        if dry_run:
            return [f"检查通过（--dry-run，未写入任何数据）。{unit.name}：{counts}"]
        return [f"已导入 {unit.name} 的目录：{counts}"]


IMPORTERS = [DocumentsImporter()]
