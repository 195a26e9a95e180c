"""`zwgk publish --rebuild [--out DIR] [--prune]`: render the whole public site into files.

The interface only (arguments, progress bar, summary); the work is zwgk.portal.publishing
(pages), downloads (the catalogue files) and attachments. Files are written atomically and a file
that already holds the right bytes is left alone, so a run that was stopped can simply be started
again. The run holds the site's publishing lock, so the worker's incremental publishing waits
for it (and the other way round).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zwgk.portal import attachments, downloads, incremental, listings, publishing


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
            help="与 --rebuild 同用：删除输出目录中已不对应任何页面、下载文件或附件的文件。",
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
        with incremental.site_lock(root):
            self._publish(root, options)

    def _publish(self, root: Path, options: dict[str, Any]) -> None:
        data = publishing.load_site_data()
        listings.sync_all_entries(data)  # the lists are cut from these rows
        only = options["only"]
        bar_options = {
            "file": options.get("stderr") or sys.stderr,
            "disable": None if options["verbosity"] >= 1 else True,
        }
        if only:
            pages = [
                p for p in publishing.iter_pages(data) if any(p.path.startswith(o) for o in only)
            ]
            if not pages:
                raise CommandError("没有网址以此开头的页面：" + "、".join(only))
            total = len(pages)
        else:
            pages = publishing.iter_pages(data)  # a generator: documents are read in batches
            total = None
        keep: list[str] = []

        def done(page: publishing.Page) -> None:
            keep.append(page.output_path)
            bar.update(1)

        with tqdm(total=total, desc="生成页面", unit="页", **bar_options) as bar:
            result = publishing.write_pages(pages, root, data, progress=done)
        files = 0
        if not only:
            found = list(downloads.iter_downloads(data))
            with tqdm(total=len(found), desc="目录下载文件", unit="个", **bar_options) as bar:
                for relative, kind, key, fmt in found:
                    content = downloads.render_download(data, kind, key, fmt)
                    publishing.write_file(root, relative, content)
                    keep.append(relative)
                    bar.update(1)
            with tqdm(desc="附件", unit="个", **bar_options) as bar:
                for relative in attachments.copy_attachments(
                    root, attachments.published_attachments(data.unit_pks)
                ):
                    keep.append(relative)
                    files += 1
                    bar.update(1)
        if options["prune"]:
            result.removed = publishing.prune(root, keep)
        summary = f"完成：写入 {result.written} 页，未变 {result.unchanged} 页"
        if not only:
            summary += f"，附件 {files} 个"
        if options["prune"]:
            summary += f"，删除 {result.removed} 个过时文件"
        self.stdout.write(f"{summary}。输出目录：{root}")
