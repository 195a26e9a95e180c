"""Import of policies from a spreadsheet (XLSX or CSV in UTF-8/GBK), read by the documents
importer's `read_table` with this module's TableSpec; columns in docs/policies.md.

Every row is checked first; one bad row and nothing is imported (every problem is listed with
its row number). Imported policies are drafts of the responsible department: they go through
the same review as policies entered by hand before they are public or pushed. The audit trail
holds one event per policy (`policies.policy.created`) and one for the file
(`policies.policy.imported`).

`zwgk import policies FILE --unit CODE [--dry-run] [--by USERNAME]` (a progress bar on stderr).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import DomainError
from zwgk.documents.importer import SourceRow, TableSpec, parse_date, read_table
from zwgk.orgs.models import Unit

from . import services
from .models import Category, Industry, Level, TargetGroup

TITLE = "标题"
LEVEL = "层级"
AUTHORITY = "发布机关"
DOC_NUMBER = "发文字号"
SOURCE = "原文链接"
ISSUED = "发布日期"
DEPARTMENT = "责任部门"
INDUSTRIES = "行业门类"
CATEGORIES = "政策类别"
GROUPS = "政策对象"
SUMMARY = "内容摘要"
INTERPRETATION = "政策解读"
WHO = "申请对象"
WHAT = "支持内容和申请材料"
HOW = "办理流程"
WHERE = "办理地点"
CONTACT = "联系方式"
VALID_FROM = "有效期起"
VALID_UNTIL = "有效期止"

COLUMNS = (
    TITLE,
    LEVEL,
    AUTHORITY,
    DOC_NUMBER,
    SOURCE,
    ISSUED,
    DEPARTMENT,
    INDUSTRIES,
    CATEGORIES,
    GROUPS,
    SUMMARY,
    INTERPRETATION,
    WHO,
    WHAT,
    HOW,
    WHERE,
    CONTACT,
    VALID_FROM,
    VALID_UNTIL,
)
REQUIRED = (TITLE, LEVEL, AUTHORITY, ISSUED, SUMMARY)
POLICY_TABLE = TableSpec(columns=COLUMNS, required=REQUIRED, max_rows=20_000)

LEVELS = {
    "国家": Level.NATIONAL,
    "国家级": Level.NATIONAL,
    "市级": Level.CITY,
    "重庆市": Level.CITY,
    "市": Level.CITY,
    "区级": Level.DISTRICT,
    "区": Level.DISTRICT,
    "区县": Level.DISTRICT,
}
SEPARATORS = re.compile(r"[、,，;；/\s]+")
LIMITS = {TITLE: 200, AUTHORITY: 100, DOC_NUMBER: 100, SOURCE: 500, SUMMARY: 2000, CONTACT: 200}
TEXT_LIMITS = {INTERPRETATION: 20000, WHO: 2000, WHAT: 4000, HOW: 4000, WHERE: 1000}

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


class PolicyImportError(DomainError):
    def __init__(self, message: str, errors: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


@dataclass
class Row:
    number: int
    unit: Unit
    values: dict[str, Any]
    industries: list[Industry] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    groups: list[TargetGroup] = field(default_factory=list)


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


def _names(value: Any) -> list[str]:
    return [part for part in SEPARATORS.split(_text(value)) if part]


class _Lookups:
    def __init__(self) -> None:
        self.industries = {i.code: i for i in Industry.objects.all()}
        self.industry_names = {i.name: i for i in self.industries.values()}
        self.categories = {c.name: c for c in Category.objects.all()}
        self.groups = {g.name: g for g in TargetGroup.objects.all()}
        units = list(Unit.objects.active())
        self.units = {u.code: u for u in units} | {u.name: u for u in units}
        self.units |= {u.short_name: u for u in units if u.short_name}


def _validate(
    source: SourceRow, default_unit: Unit, look: _Lookups
) -> tuple[Row | None, list[str]]:
    errors: list[str] = []
    cells = source.cells
    n = source.number

    def error(message: str) -> None:
        errors.append(f"第 {n} 行：{message}")

    for name in REQUIRED:
        if not _text(cells.get(name)):
            error(f"“{name}”不能为空。")
    for name, limit in (LIMITS | TEXT_LIMITS).items():
        if len(_text(cells.get(name))) > limit:
            error(f"“{name}”超过 {limit} 个字。")
    level = LEVELS.get(_text(cells.get(LEVEL)))
    if _text(cells.get(LEVEL)) and level is None:
        error(f"“层级”应为国家级、市级或区级，而不是“{_text(cells.get(LEVEL))[:20]}”。")
    issued = parse_date(cells.get(ISSUED)) if cells.get(ISSUED) not in (None, "") else None
    if _text(cells.get(ISSUED)) and issued is None:
        error("“发布日期”不是有效日期（如 2026-03-01）。")
    valid = {}
    for name in (VALID_FROM, VALID_UNTIL):
        raw = cells.get(name)
        valid[name] = parse_date(raw) if _text(raw) else None
        if _text(raw) and valid[name] is None:
            error(f"“{name}”不是有效日期。")
    if valid[VALID_FROM] and valid[VALID_UNTIL] and valid[VALID_UNTIL] < valid[VALID_FROM]:
        error("“有效期止”早于“有效期起”。")
    source_url = _text(cells.get(SOURCE))
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            error("“原文链接”不是有效的网址（应以 http:// 或 https:// 开头）。")
    else:
        error("“原文链接”不能为空（政策直通车的每项政策都注明原文出处）。")
    unit = default_unit
    if _text(cells.get(DEPARTMENT)):
        found = look.units.get(_text(cells.get(DEPARTMENT)))
        if found is None:
            error(f"没有名为或代码为“{_text(cells.get(DEPARTMENT))[:40]}”的单位。")
        else:
            unit = found
    industries: list[Industry] = []
    for part in _names(cells.get(INDUSTRIES)):
        if part in ("全部", "所有行业"):
            industries = list(look.industries.values())
            break
        industry = look.industries.get(part.upper()) or look.industry_names.get(part)
        if industry is None:
            error(f"“行业门类”中的“{part[:20]}”不是 GB/T 4754-2017 的门类代码（A–T）或名称。")
        else:
            industries.append(industry)
    categories = []
    for part in _names(cells.get(CATEGORIES)):
        category = look.categories.get(part)
        if category is None:
            error(f"“政策类别”中的“{part[:20]}”不在类别表中（可由区政府办添加）。")
        else:
            categories.append(category)
    groups = []
    for part in _names(cells.get(GROUPS)):
        group = look.groups.get(part)
        if group is None:
            error(f"“政策对象”中的“{part[:20]}”无法识别（可用：{'、'.join(look.groups)}）。")
        else:
            groups.append(group)
    if errors:
        return None, errors
    values = {
        "title": _text(cells.get(TITLE)),
        "level": level,
        "issuing_authority": _text(cells.get(AUTHORITY)),
        "doc_number": _text(cells.get(DOC_NUMBER)),
        "source_url": source_url,
        "issued_date": issued,
        "summary": _text(cells.get(SUMMARY)),
        "interpretation": _text(cells.get(INTERPRETATION)),
        "guide_who": _text(cells.get(WHO)),
        "guide_what": _text(cells.get(WHAT)),
        "guide_how": _text(cells.get(HOW)),
        "guide_where": _text(cells.get(WHERE)),
        "guide_contact": _text(cells.get(CONTACT)),
        "valid_from": valid[VALID_FROM],
        "valid_until": valid[VALID_UNTIL],
    }
    return Row(n, unit, values, industries, categories, groups), []


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


def import_policies(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> int:
    """Check every row, then create the drafts in one transaction; the number of policies."""
    source_rows = [row for row in read_table(data, filename, POLICY_TABLE) if not row.is_blank()]
    if not source_rows:
        raise PolicyImportError("文件中没有数据行。")
    look = _Lookups()
    rows: list[Row] = []
    errors: list[str] = []
    for source in progress(source_rows, "检查", len(source_rows)):
        row, problems = _validate(source, unit, look)
        errors.extend(problems)
        if row is not None:
            rows.append(row)
    if errors:
        raise PolicyImportError(f"有 {len(errors)} 处错误，未导入任何政策。", errors)
    if dry_run:
        return len(rows)
    with transaction.atomic():
        for row in progress(rows, "导入", len(rows)):
            try:
                services.create_policy(
                    by=by,
                    at=at,
                    unit=row.unit,
                    values=row.values,
                    industries=row.industries,
                    categories=row.categories,
                    target_groups=row.groups,
                )
            except DomainError as error:
                raise PolicyImportError(
                    f"第 {row.number} 行：{error.message}", [f"第 {row.number} 行：{error.message}"]
                ) from None
            except ValidationError as error:
                message = "；".join(error.messages)
                raise PolicyImportError(f"第 {row.number} 行：{message}") from None
        audit.record(
            action="policies.policy.imported",
            by=by,
            at=at,
            target=unit,
            after={"file": filename[:100], "policies": len(rows)},
        )
    return len(rows)


class PoliciesImporter:
    """`zwgk import policies FILE --unit CODE` (found through IMPORTERS)."""

    name = "policies"
    help = "政策直通车: policies from XLSX or CSV (columns in docs/policies.md), as drafts"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--unit", required=True, help="code of the responsible department (default per row)"
        )

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
            raise PolicyImportError(f"没有代码为“{options['unit']}”的单位。")
        count = import_policies(
            by=by,
            at=at,
            unit=unit,
            data=data,
            filename=filename,
            dry_run=dry_run,
            progress=progress,
        )
        if dry_run:
            return [f"检查通过（--dry-run，未写入任何数据）：共 {count} 项政策。"]
        return [f"已导入 {count} 项政策，均为草稿，送审通过后公开并推送给订阅者。"]


IMPORTERS = [PoliciesImporter()]
