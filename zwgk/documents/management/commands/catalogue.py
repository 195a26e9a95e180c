"""`zwgk catalogue export`: the 政府信息公开目录 (条例 art. 12) as CSV or XLSX.

    zwgk catalogue export --format csv [--unit CODE] [--year 2025] [--topic 科技、教育] > 目录.csv
    zwgk catalogue export --format xlsx --output 目录.xlsx

Published 主动公开 documents only; the rows and files come from documents/catalogue.py, the
same ones the public site offers for download.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zwgk.orgs.models import Unit

from ...catalogue import catalogue_rows, write_csv, write_xlsx
from ...models import Topic

MIN_YEAR, MAX_YEAR = 1949, 2100


class Command(BaseCommand):
    help = "Export the 政府信息公开目录 of published proactive documents as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        export = verbs.add_parser("export", help="write the catalogue to stdout or --output")
        export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        export.add_argument("--unit", default="", help="code of the publishing unit")
        export.add_argument("--year", default="", help="year of 生成日期 (成文日期)")
        export.add_argument("--topic", default="", help="主题分类 name")
        export.add_argument("--output", default="", help="file to write instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"没有代码为“{options['unit']}”的单位。")
        year = None
        if options["year"]:
            try:
                year = int(options["year"])
            except ValueError:
                raise CommandError(f"年份“{options['year']}”不是整数。") from None
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise CommandError(f"年份 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间。")
        topic = None
        if options["topic"]:
            topic = Topic.objects.filter(name=options["topic"]).first()
            if topic is None:
                raise CommandError(f"主题分类“{options['topic']}”不在主题分类表中。")
        rows = catalogue_rows(unit=unit, topic=topic, year=year)
        data = io.BytesIO()
        (write_xlsx if options["format"] == "xlsx" else write_csv)(rows, data)
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(data.getvalue())
            except OSError as error:
                raise CommandError(
                    f"无法写入文件 {options['output']}：{error.strerror}。"
                ) from None
            return
        out = getattr(self.stdout, "_out", sys.stdout)
        if options["format"] == "xlsx" and out.isatty():
            raise CommandError("XLSX 是二进制文件，请用“> 文件名”或 --output 保存。")
        binary = getattr(out, "buffer", None)
        if binary is not None:
            out.flush()
            binary.write(data.getvalue())
            binary.flush()
        elif options["format"] == "csv":
            out.write(data.getvalue().decode("utf-8"))
        else:
            raise CommandError("XLSX 是二进制文件，请用 --output 保存。")
