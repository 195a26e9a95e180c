"""`zwgk workdays`: working-day arithmetic and the holiday arrangements from the command line.

    zwgk workdays add 2025-09-26 20        due date 20 working days later (last line: 2025-10-30)
    zwgk workdays between 2025-09-26 2025-10-30   working days after A up to and including B
    zwgk workdays period 2025-09-01 30     end of a 30 calendar-day period (民法典 art. 203)
    zwgk workdays years                    the known years with their counts
    zwgk workdays export 2026 > 2026.csv   a year's arrangement as CSV (日期,类型,名称)
    zwgk workdays import 2027.csv --year 2027 --source "国办发明电〔2026〕X号" [--by USERNAME]

Errors (a year the calendar lacks, bad input, a refused import) print a Chinese message on
stderr and exit non-zero. The arithmetic lives in workdays.py; this only parses and prints.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zwgk.core import calendar_csv, calendar_services, selectors
from zwgk.core.calendar_services import HolidayImportError
from zwgk.core.errors import DomainError
from zwgk.core.workdays import weekday_name

MAX_COUNT = 3660


def _date(text: str) -> date:
    day = calendar_csv.parse_date(text)
    if day is None:
        raise CommandError(f"日期“{text}”无法识别，请写成 YYYY-MM-DD（如 2025-09-26）。")
    return day


def _count(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"{what}“{text}”不是整数。") from None
    if not 0 <= value <= MAX_COUNT:
        raise CommandError(f"{what}应在 0 到 {MAX_COUNT} 之间，收到 {value}。")
    return value


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise CommandError(f"年份“{text}”不是整数。") from None
    if not calendar_services.MIN_YEAR <= year <= calendar_services.MAX_YEAR:
        raise CommandError(
            f"年份 {year} 不在 {calendar_services.MIN_YEAR}–{calendar_services.MAX_YEAR} 之间。"
        )
    return year


def _dates(days: tuple[date, ...]) -> str:
    return "、".join(day.isoformat() for day in days)


class Command(BaseCommand):
    help = "Working days: add, between, period, years, export, import (holiday arrangements)."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        add = verbs.add_parser("add", help="due date N working days after DATE")
        add.add_argument("start")
        add.add_argument("count")
        between = verbs.add_parser("between", help="working days after A up to and including B")
        between.add_argument("start")
        between.add_argument("end")
        period = verbs.add_parser("period", help="end of a calendar-day period (民法典 art. 203)")
        period.add_argument("start")
        period.add_argument("days")
        verbs.add_parser("years", help="known years with their counts")
        export = verbs.add_parser("export", help="a year's arrangement as CSV on stdout")
        export.add_argument("year")
        export.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM (Excel)")
        imp = verbs.add_parser("import", help="replace a year's arrangement from a CSV file")
        imp.add_argument("file")
        imp.add_argument("--year", required=True)
        imp.add_argument("--source", default="")
        imp.add_argument("--by", default="", help="username recorded as the actor")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        handler = getattr(self, f"handle_{verb}")
        try:
            handler(options)
        except HolidayImportError as error:
            raise CommandError("\n".join([error.message, *error.errors])) from error
        except DomainError as error:
            raise CommandError(error.message) from error

    def handle_add(self, options: dict[str, Any]) -> None:
        start = _date(options["start"])
        count = _count(options["count"], "工作日数")
        detail = selectors.get_workday_calendar().add_workdays_detail(start, count)
        if options["verbosity"] >= 1:
            skipped = f"，跳过 {len(detail.skipped)} 个休息日" if detail.skipped else ""
            self.stdout.write(
                f"起算日 {start.isoformat()}（{weekday_name(start)}，当日不计入），"
                f"第 {count} 个工作日{skipped}："
            )
        if options["verbosity"] >= 2 and detail.skipped:
            self.stdout.write(f"跳过：{_dates(detail.skipped)}")
        self.stdout.write(detail.due.isoformat())

    def handle_between(self, options: dict[str, Any]) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        self.stdout.write(str(selectors.get_workday_calendar().workdays_between(start, end)))

    def handle_period(self, options: dict[str, Any]) -> None:
        start = _date(options["start"])
        days = _count(options["days"], "天数")
        if days < 1:
            raise CommandError("天数至少为 1。")
        detail = selectors.get_workday_calendar().calendar_period_end_detail(start, days)
        if options["verbosity"] >= 1 and detail.was_moved:
            self.stdout.write(
                f"第 {days} 日 {detail.nominal_end.isoformat()} 是法定休假日，"
                f"依《民法典》第二百零三条顺延至休假日结束的次日："
            )
        self.stdout.write(detail.end.isoformat())

    def handle_years(self, options: dict[str, Any]) -> None:
        rows = selectors.list_holiday_years()
        if not rows:
            self.stdout.write("工作日历中还没有任何年度的放假安排。")
            return
        self.stdout.write("年度  放假  调休上班  工作日  更新时间          来源")
        for row in rows:
            updated = timezone.localtime(row.updated_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{row.year}  {row.rest_days:>4}  {row.work_days:>8}  {row.summary.workdays:>6}"
                f"  {updated}  {row.source}"
            )

    def handle_export(self, options: dict[str, Any]) -> None:
        year = _year(options["year"])
        if year not in selectors.known_years():
            raise CommandError(f"工作日历中没有 {year} 年的放假安排。")
        rows = calendar_csv.rows_for(selectors.year_days(year))
        self.stdout.write(calendar_csv.write(rows, bom=options["bom"]), ending="")

    def handle_import(self, options: dict[str, Any]) -> None:
        year = _year(options["year"])
        path = Path(options["file"])
        try:
            data = sys.stdin.buffer.read() if options["file"] == "-" else path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}。") from None
        by = None
        if options["by"]:
            user_model = get_user_model()
            try:
                by = user_model._default_manager.get_by_natural_key(options["by"])
            except user_model.DoesNotExist:
                raise CommandError(f"没有用户名为“{options['by']}”的用户。") from None
        source = options["source"] or f"导入文件 {path.name}"
        result = calendar_services.import_holiday_file(
            year=year, data=data, source=source, by=by, at=timezone.now()
        )
        verb = "替换" if result.replaced else "新增"
        self.stdout.write(
            f"已{verb} {year} 年的放假安排：放假 {result.rest_days} 天，调休上班 "
            f"{result.work_days} 天，全年工作日 {result.workdays} 天；"
            f"重新计算期限 {result.recomputed_total} 项。"
        )
