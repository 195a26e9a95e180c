"""`zwgk search`: the full-text search index from the command line.

    zwgk search rebuild [--batch-size N] [--restart]   rebuild from the database (resumable)
    zwgk search sync                                   apply changes a failed update left behind
    zwgk search status                                 where the index is, how many documents

The interface only (arguments, progress bar, messages); the work is zwgk.search.indexing.
A rebuild writes a new index beside the live one in batches with a checkpoint: Ctrl-C (or a
crash) leaves the live index as it was, and running the command again continues from the last
committed batch (`--restart` starts over). Searches keep working throughout.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zwgk.search import indexing
from zwgk.search.engine import SearchUnavailable, Staging


class Command(BaseCommand):
    help = "全文检索索引：rebuild（从数据库重建，可断点续建）、sync（补做未完成的更新）、status。"

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        rebuild = verbs.add_parser("rebuild", help="从数据库重建索引（可中断，再次运行从断点继续）")
        rebuild.add_argument(
            "--batch-size",
            type=int,
            default=indexing.BATCH_SIZE,
            help=f"每批提交的文件数（默认 {indexing.BATCH_SIZE}）",
        )
        rebuild.add_argument(
            "--restart", action="store_true", help="放弃上次未完成的重建，从头开始"
        )
        verbs.add_parser("sync", help="补做因故未完成的索引更新")
        verbs.add_parser("status", help="显示索引位置、文件数和未完成的工作")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['verb']}")(options)

    def _rebuild(self, options: dict[str, Any]) -> None:
        size = options["batch_size"]
        if not 1 <= size <= 100_000:
            raise CommandError(f"--batch-size 应在 1 到 100000 之间，收到 {size}。")
        bar = tqdm(
            desc="重建索引",
            unit="份",
            file=options.get("stderr") or sys.stderr,
            disable=None if options["verbosity"] >= 1 else True,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            with bar:
                count = indexing.rebuild(
                    batch_size=size, restart=options["restart"], progress=progress
                )
        except KeyboardInterrupt:
            raise CommandError(
                "已中断。线上索引未受影响；再次运行 zwgk search rebuild 将从上次提交的批次继续。",
                returncode=130,
            ) from None
        except TimeoutError as error:
            raise CommandError("另一个重建正在进行，或索引正被写入，请稍后再试。") from error
        self.stdout.write(f"完成：索引了 {count} 份已发布文件。索引目录：{indexing.search_dir()}")

    def _sync(self, options: dict[str, Any]) -> None:
        index = indexing.get_index()
        pending = index.pending_changes()
        try:
            indexing.sync_documents([])
        except TimeoutError as error:
            raise CommandError("索引正被写入，请稍后再试。") from error
        self.stdout.write(f"完成：处理了 {len(pending)} 份文件的变动。")

    def _status(self, options: dict[str, Any]) -> None:
        index = indexing.get_index()
        current = index.current()
        if current is None:
            self.stdout.write("尚无索引：请运行 zwgk search rebuild。")
        else:
            try:
                count = index.searcher().num_docs
            except SearchUnavailable:
                count = 0
            self.stdout.write(f"索引：{current}（{count} 份文件）")
        pending = index.pending_changes()
        if pending:
            self.stdout.write(f"待处理的变动：{len(pending)} 份文件（zwgk search sync）")
        staging = Staging(index.build_dir)
        if staging.checkpoint_file.exists():
            self.stdout.write("有未完成的重建：再次运行 zwgk search rebuild 将继续。")
