"""Bulk import of a unit's decisions from CSV or XLSX (read with the documents importer's
`read_table` and this file's TableSpec). All or nothing: a file with any wrong row imports
nothing and lists every problem with its row number; imported decisions are not yet public
(each goes through the publication check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.documents.importer import CatalogueImportError, TableSpec, parse_date, read_table
from zwgk.orgs.models import Unit

from . import services
from .models import Decision
from .statute import DecisionKind, PartyKind

COLUMNS = ("执法类别", "决定书文号", "当事人类型", "当事人", "身份证号码", "作出决定日期",
           "主要内容", "执法依据")  # fmt: skip
REQUIRED = ("执法类别", "决定书文号", "当事人类型", "当事人", "作出决定日期", "主要内容")
SPEC = TableSpec(columns=COLUMNS, required=REQUIRED, max_rows=5_000, max_file_bytes=5 * 1024**2)

_KINDS = {label: value for value, label in DecisionKind.choices}
_PARTY_KINDS = {label: value for value, label in PartyKind.choices}


class DecisionImportError(services.EnforcementError):
    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class ImportResult:
    imported: int


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


def parse(data: bytes, filename: str, *, unit: Unit, today: date) -> list[services.DecisionData]:
    try:
        rows = read_table(data, filename, SPEC)
    except CatalogueImportError as error:
        raise DecisionImportError(error.message) from None
    errors: list[str] = []
    items: list[services.DecisionData] = []
    seen: dict[str, int] = {}
    existing = set(Decision.objects.filter(unit=unit).values_list("number", flat=True))
    for row in rows:
        if row.is_blank():
            continue
        cells = row.cells
        kind_text = _text(cells.get("执法类别"))
        party_text = _text(cells.get("当事人类型"))
        raw_date = cells.get("作出决定日期")
        day = parse_date(raw_date.strip() if isinstance(raw_date, str) else raw_date)
        item = services.DecisionData(
            kind=_KINDS.get(kind_text, kind_text or "?"),
            number=_text(cells.get("决定书文号")),
            party_kind=_PARTY_KINDS.get(party_text, party_text or "?"),
            party_name=_text(cells.get("当事人")),
            party_id_number=_text(cells.get("身份证号码")),
            decision_date=day,
            summary=_text(cells.get("主要内容")),
            basis=_text(cells.get("执法依据")),
        )
        problems = services.problems_of(item, today=today)
        if raw_date not in (None, "") and day is None:
            problems = [p for p in problems if "作出决定日期" not in p]
            problems.append(f"作出决定日期“{_text(raw_date)}”不是有效日期。")
        number = services.normalised(item).number
        if number and number in existing:
            problems.append(f"本单位已有文号为“{number}”的执法决定。")
        if number and number in seen:
            problems.append(f"文号“{number}”与第 {seen[number]} 行重复。")
        seen.setdefault(number, row.number)
        errors += [f"第 {row.number} 行：{problem}" for problem in problems]
        items.append(item)
    if errors:
        raise DecisionImportError(
            f"文件有 {len(errors)} 处错误，未导入任何执法决定。请修改后重新导入。", errors
        )
    if not items:
        raise DecisionImportError("文件中没有数据行。")
    return items


@transaction.atomic
def import_decisions(
    *, by: Any, at: datetime, unit: Unit, data: bytes, filename: str
) -> ImportResult:
    items = parse(data, filename, unit=unit, today=timezone.localdate(at))
    for item in items:
        services.record_decision(by=by, at=at, unit=unit, data=item)
    return ImportResult(imported=len(items))
