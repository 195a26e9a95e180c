"""`zwgk publish --rebuild [--out DIR]`: render every public page into the published site.

The interface only (arguments, progress bar, summary); the work is zwgk.portal.publishing.
Files are written atomically and a file that already holds the right bytes is left alone, so a
run that was stopped can simply be started again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zwgk.portal import publishing


class Command(BaseCommand):
    help = "将门户网站全部公开页面生成为静态文件（默认写入 settings.ZWGK_SITE_ROOT）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="生成全部页面（内容未变的文件保持不动）。"
        )
        parser.add_argument(
            "--only",
            metavar="PATH",
            action="append",
            default=[],
            help="只生成网址以此开头的页面，如 /xxgk/tlq-jw/（可重复）。",
        )
        parser.add_argument("--out", metavar="DIR", help="输出目录（默认 ZWGK_SITE_ROOT）。")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="与 --rebuild 同用：删除输出目录中已不对应任何页面的 .html 文件。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["rebuild"] and not options["only"]:
            raise CommandError("请指定 --rebuild（生成全部页面）或 --only 网址前缀。")
        if options["prune"] and not options["rebuild"]:
            raise CommandError("--prune 只能与 --rebuild 一起使用。")
        root = Path(options["out"] or settings.ZWGK_SITE_ROOT).resolve()
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"无法创建输出目录 {root}：{error.strerror}") from error

        data = publishing.load_site_data()
        every_page = list(publishing.iter_pages(data))
        pages = every_page
        if options["only"]:
            pages = [p for p in every_page if any(p.path.startswith(o) for o in options["only"])]
            if not pages:
                raise CommandError("没有网址以此开头的页面：" + "、".join(options["only"]))

        with tqdm(
            total=len(pages),
            desc="生成页面",
            unit="页",
            file=options.get("stderr") or sys.stderr,
            disable=None if options["verbosity"] >= 1 else True,
        ) as bar:
            result = publishing.write_pages(pages, root, data, progress=lambda page: bar.update(1))
        if options["prune"]:
            result.removed = publishing.prune(root, every_page)
        summary = f"完成：写入 {result.written} 页，未变 {result.unchanged} 页"
        if options["prune"]:
            summary += f"，删除 {result.removed} 个过时文件"
        self.stdout.write(f"{summary}。输出目录：{root}")
