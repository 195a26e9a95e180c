"""Writes to the working-day calendar: replacing a year's official arrangement.

One business verb, `import_holiday_year`: the district office enters the arrangement that
国务院办公厅 publishes each November or December (rules.md §8.4: "The holiday table must be data").
The whole year is replaced at once, every row is validated first (nothing changes on any error),
the change is audited with before/after summaries, and every registered deadline recomputer
runs in the same transaction (deadlines.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from . import audit, calendar_csv, calendar_data, deadlines, selectors
from .errors import DomainError
from .models import HolidayYear, SpecialDay
from .workdays import WorkdayCalendar, weekday_name

MIN_YEAR = 1990
MAX_YEAR = 2200
MAX_NAME = 50
MAX_SOURCE = 200
MAX_ROWS = 366


class HolidayImportError(DomainError):
    """The arrangement was refused; `errors` lists every problem, row by row, in Chinese."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        if len(self.errors) == 1:
            message = f"{self.errors[0]} 未作任何更改。"
        else:
            message = f"发现 {len(self.errors)} 处错误，未作任何更改。"
        super().__init__(message)


@dataclass(frozen=True)
class ImportResult:
    year: int
    rest_days: int
    work_days: int
    workdays: int
    replaced: bool
    recomputed: dict[str, int]

    @property
    def recomputed_total(self) -> int:
        return sum(self.recomputed.values())


def validate_rows(*, year: int, rows: Sequence[Mapping[str, str]]) -> list[tuple[date, str, str]]:
    """Check every row of a year's arrangement; return (date, kind, name) or raise with all errors.

    Row i (counting from 0) is reported as line i + 2, its line in a CSV file with a header.
    Rules: the date is a real date in `year`; 类型 is 放假 or 上班; a date appears once; a 上班
    (调休) day is a Saturday or Sunday — a weekday is a working day anyway (放假办法 art. 7
    moves weekend days); 放假 may fall on any day (weekend days of a holiday period are kept
    for the record, they do not change the count); the year has at least one 放假 day
    (放假办法 art. 2 gives 13 holiday days a year).
    """
    errors: list[str] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise HolidayImportError([f"年份 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间。"])
    if len(rows) > MAX_ROWS + 50:
        raise HolidayImportError([f"行数过多（{len(rows)} 行），一年最多 {MAX_ROWS} 天。"])
    kinds = {calendar_csv.REST: SpecialDay.Kind.REST, calendar_csv.WORK: SpecialDay.Kind.WORK}
    seen: dict[date, int] = {}
    days: list[tuple[date, str, str]] = []
    for index, row in enumerate(rows):
        line = index + 2
        date_text = (row.get(calendar_csv.DATE) or "").strip()
        kind_text = (row.get(calendar_csv.KIND) or "").strip()
        name = (row.get(calendar_csv.NAME) or "").strip()
        if not (date_text or kind_text or name):
            continue  # a blank line
        problems: list[str] = []
        day = calendar_csv.parse_date(date_text) if date_text else None
        if not date_text:
            problems.append("缺少日期")
        elif day is None:
            problems.append(f"日期“{date_text}”无法识别，请写成 YYYY-MM-DD（如 {year}-10-01）")
        elif day.year != year:
            problems.append(f"日期 {day.isoformat()} 不在 {year} 年")
        kind = kinds.get(kind_text)
        if not kind_text:
            problems.append("缺少类型（放假或上班）")
        elif kind is None:
            problems.append(f"类型“{kind_text}”无效，只能是“放假”或“上班”")
        if len(name) > MAX_NAME:
            problems.append(f"名称超过 {MAX_NAME} 个字")
        if day is not None and day.year == year:
            if day in seen:
                problems.append(f"日期 {day.isoformat()} 与第 {seen[day]} 行重复")
            else:
                seen[day] = line
            if kind == SpecialDay.Kind.WORK and day.weekday() < 5:
                problems.append(
                    f"{day.isoformat()} 是{weekday_name(day)}，本来就是工作日；"
                    "调休上班日只能是星期六或星期日"
                )
        if problems:
            errors.append(f"第 {line} 行：{'；'.join(problems)}。")
        elif day is not None and kind is not None:
            days.append((day, str(kind), name))
    if not errors and not any(kind == SpecialDay.Kind.REST for _, kind, _ in days):
        errors.append(
            f"没有任何“放假”日期。每年至少有元旦、春节等法定节假日"
            f"（《全国年节及纪念日放假办法》第二条），请检查是否选错了文件或年份（{year}）。"
        )
    if errors:
        raise HolidayImportError(errors)
    return sorted(days)


def summarize(year: int, days: Sequence[tuple[date, str, str]], source: str) -> dict[str, Any]:
    """The audit summary of a year's arrangement (counts plus the dates that move 工作日)."""
    calendar = WorkdayCalendar.build(
        years=[year],
        rest_dates=[d for d, kind, _ in days if kind == SpecialDay.Kind.REST],
        work_dates=[d for d, kind, _ in days if kind == SpecialDay.Kind.WORK],
    )
    summary = calendar.year_summary(year)
    return {
        "source": source,
        "rest_days": sum(1 for _, kind, _ in days if kind == SpecialDay.Kind.REST),
        "work_days": sum(1 for _, kind, _ in days if kind == SpecialDay.Kind.WORK),
        "rest_weekdays": [d.isoformat() for d in summary.rest_weekdays],
        "work_weekends": [d.isoformat() for d in summary.work_weekends],
        "workdays": summary.workdays,
    }


def import_holiday_year(
    *, year: int, rows: Sequence[Mapping[str, str]], source: str, by: Any, at: datetime
) -> ImportResult:
    """Replace `year`'s official arrangement with `rows` ({日期, 类型, 名称} mappings).

    Validates every row first (validate_rows) and changes nothing on any error. Then, in one
    transaction: replaces the year's special days, gives the year a new revision (which
    invalidates every process's cached calendar), audits `core.holiday_year.imported` with
    before/after summaries, and runs every registered deadline recomputer (deadlines.py),
    which audits `core.deadlines.recomputed`. A failing recomputer rolls everything back.
    """
    source = (source or "").strip()
    if not source:
        raise HolidayImportError(
            ["请填写来源，例如国务院办公厅通知的文号（国办发明电〔2025〕7号）。"]
        )
    if len(source) > MAX_SOURCE:
        raise HolidayImportError([f"来源超过 {MAX_SOURCE} 个字。"])
    days = validate_rows(year=year, rows=rows)
    with transaction.atomic():
        existing = HolidayYear.objects.select_for_update().filter(year=year).first()
        before = None
        if existing is not None:
            before = summarize(year, selectors.year_days(year), existing.source)
            existing.days.all().delete()
            existing.source = source
            existing.updated_at = at
            existing.revision = uuid.uuid4()
            existing.save(update_fields=["source", "updated_at", "revision"])
            holiday_year = existing
        else:
            holiday_year = HolidayYear.objects.create(
                year=year, source=source, updated_at=at, revision=uuid.uuid4()
            )
        SpecialDay.objects.bulk_create(
            SpecialDay(year=holiday_year, date=day, kind=kind, name=name)
            for day, kind, name in days
        )
        after = summarize(year, days, source)
        audit.record(
            action="core.holiday_year.imported",
            by=by,
            at=at,
            target=holiday_year,
            target_label=f"{year}年放假调休安排",
            before=before,
            after=after,
        )
        recomputed = deadlines.recompute_all(
            years=frozenset({year}), calendar=selectors.load_workday_calendar(), by=by, at=at
        )
    return ImportResult(
        year=year,
        rest_days=after["rest_days"],
        work_days=after["work_days"],
        workdays=after["workdays"],
        replaced=existing is not None,
        recomputed=recomputed,
    )


def import_holiday_file(
    *, year: int, data: bytes, source: str, by: Any, at: datetime
) -> ImportResult:
    """Read an uploaded CSV (UTF-8 with or without BOM, or GBK) and import it."""
    return import_holiday_year(year=year, rows=calendar_csv.read(data), source=source, by=by, at=at)


def restore_shipped_year(*, year: int, by: Any, at: datetime) -> ImportResult:
    """Replace `year` with the arrangement shipped with zwgk (chinese-calendar 1.11.0)."""
    if year not in calendar_data.shipped_years():
        raise HolidayImportError([f"zwgk 没有内置 {year} 年的放假安排。"])
    shipped = calendar_data.load_shipped(year)
    rows = calendar_csv.rows_for(shipped.days)
    return import_holiday_year(year=year, rows=rows, source=shipped.source, by=by, at=at)
