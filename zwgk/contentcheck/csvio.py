"""Reading and writing the lists as CSV files (pure Python, no Django, no validation of values).

Files may be UTF-8 with or without a byte-order mark, or GBK/GB18030 as Excel saves "CSV" on a
Chinese Windows. The first line is the header; the columns are named by it, in any order. The
validation of the rows belongs to services.import_entries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from zwgk.core.errors import DomainError

MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 50_000


class ListFileError(DomainError):
    """The file as a whole cannot be read (size, encoding, header)."""


def decode(data: bytes) -> str:
    """UTF-8 (byte-order mark optional) first, then GB18030 (a superset of GBK)."""
    if len(data) > MAX_BYTES:
        raise ListFileError(f"文件太大（超过 {MAX_BYTES // 1024 // 1024} MB）。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListFileError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件。")


def parse(
    text: str, *, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Rows as {header: value}; row i (from 0) is on line i + 2. Blank lines stay as empty rows
    so that positions keep their line numbers (the importer skips them)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    expected = "，".join((*required, *optional))
    try:
        header = [cell.strip().lstrip("\ufeff") for cell in next(reader)]
    except StopIteration:
        raise ListFileError(f"文件是空的。第一行应为表头：{expected}。") from None
    except csv.Error as error:
        raise ListFileError(f"文件不是有效的 CSV：{error}") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise ListFileError(
            f"表头缺少“{'”“'.join(missing)}”列。第一行应为表头：{expected}；"
            f"读到的是：{'，'.join(header) or '（空）'}。"
        )
    known = (*required, *optional)
    unknown = [name for name in header if name and name not in known]
    if unknown:
        raise ListFileError(f"表头有无法识别的列：{'、'.join(unknown)}。只允许：{expected}。")
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ListFileError(f"表头中“{'”“'.join(repeated)}”列出现了不止一次。")
    positions = {name: header.index(name) for name in known if name in header}
    rows: list[dict[str, str]] = []
    try:
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise ListFileError(f"行数过多：一次最多导入 {MAX_ROWS} 行，请分成几个文件。")
            rows.append(
                {
                    name: unguard(cells[pos].strip()) if pos < len(cells) else ""
                    for name, pos in positions.items()
                }
            )
    except csv.Error as error:
        raise ListFileError(f"文件第 {reader.line_num} 行不是有效的 CSV：{error}") from None
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): a leading '."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def unguard(value: str) -> str:
    """The value `guard` was given: what is exported is imported back unchanged."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def write(headers: Sequence[str], rows: Iterable[Mapping[str, str]], *, bom: bool = True) -> str:
    """CSV text (cells guarded); a byte-order mark by default, so that Excel reads it as UTF-8."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([guard(str(row.get(name, ""))) for name in headers])
    return out.getvalue()
