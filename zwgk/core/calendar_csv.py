"""The CSV format of a year's holiday arrangement (pure Python, no Django).

Columns: 日期 (YYYY-MM-DD, or YYYY/M/D as Excel writes it), 类型 (放假 or 上班), optional 名称
(the holiday, e.g. 国庆节). Files may be UTF-8 with or without a byte-order mark, or GBK/GB18030
as Excel saves "CSV" on a Chinese Windows. This module reads and writes the text only; the
validation of the rows against the year belongs to `calendar_services.import_holiday_year`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from .errors import DomainError

DATE = "日期"
KIND = "类型"
NAME = "名称"
COLUMNS = (DATE, KIND, NAME)
REST = "放假"
WORK = "上班"
MAX_BYTES = 256 * 1024


class HolidayFileError(DomainError):
    """The file as a whole cannot be read (encoding, header, size)."""


def decode(data: bytes) -> str:
    """Text of an uploaded CSV: UTF-8 (BOM optional) first, then GB18030 (a superset of GBK)."""
    if len(data) > MAX_BYTES:
        raise HolidayFileError(f"文件太大（超过 {MAX_BYTES // 1024} KB），一年的安排不会这么长。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HolidayFileError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件。")


def parse(text: str) -> list[dict[str, str]]:
    """Rows of the CSV as {日期, 类型, 名称} dicts, header required.

    Blank lines are kept as empty rows so that a row's position still gives its line number
    (row i is on line i + 2); the import service skips them.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [cell.strip().lstrip("\ufeff") for cell in next(reader)]
    except StopIteration:
        raise HolidayFileError("文件是空的。第一行应为表头：日期,类型,名称。") from None
    except csv.Error as error:
        raise HolidayFileError(f"文件不是有效的 CSV：{error}") from None
    missing = [name for name in (DATE, KIND) if name not in header]
    if missing:
        raise HolidayFileError(
            f"表头缺少“{'”“'.join(missing)}”列。第一行应为表头：日期,类型,名称"
            f"（名称可省略）；读到的是：{','.join(header) or '（空）'}。"
        )
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise HolidayFileError(
            f"表头有无法识别的列：{'、'.join(unknown)}。只允许：日期,类型,名称。"
        )
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    rows: list[dict[str, str]] = []
    try:
        for cells in reader:
            rows.append(
                {
                    name: cells[pos].strip() if pos < len(cells) else ""
                    for name, pos in positions.items()
                }
            )
    except csv.Error as error:
        raise HolidayFileError(f"文件第 {reader.line_num} 行不是有效的 CSV：{error}") from None
    return rows


def read(data: bytes) -> list[dict[str, str]]:
    """Decode and parse an uploaded file."""
    return parse(decode(data))


def parse_date(text: str) -> date | None:
    """A date written as YYYY-MM-DD, YYYY/M/D or YYYY.M.D (what spreadsheets produce)."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def write(rows: Iterable[Mapping[str, object]], *, bom: bool = False) -> str:
    """CSV text with the header 日期,类型,名称; `bom` for files Excel should open as UTF-8."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([str(row.get(name, "")) for name in COLUMNS])
    return out.getvalue()


def rows_for(days: Sequence[tuple[date, str, str]]) -> list[dict[str, str]]:
    """CSV rows from (date, kind, name) triples, kind being "rest" or "work"."""
    label = {"rest": REST, "work": WORK}
    return [
        {DATE: day.isoformat(), KIND: label[kind], NAME: name} for day, kind, name in sorted(days)
    ]
