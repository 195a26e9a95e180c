"""`zwgk monitor`: website monitoring from the command line.

    zwgk monitor check URL [--json] [--depth N] [--max-pages N] [--state FILE] [--restart]
                                       inspect one site once and print its findings
    zwgk monitor queue [--site PK …]   queue inspections of registered sites (default: all due)
    zwgk monitor run                   work through queued inspections now (what workers do)
    zwgk monitor probe                 one availability probe of every registered site

`check` keeps its frontier in a SQLite state file: Ctrl-C finishes the pages in flight, saves,
and running the same command with the same --state continues where it stopped (without
--state a file in the temporary directory is used and named on interruption). With --json the
findings are printed as a JSON array of {check, severity, url, evidence}; otherwise a progress
bar goes to stderr and a summary with the scorecard to stdout.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import sys
import tempfile
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone
from tqdm import tqdm

from zwgk.monitoring import runner, scoring
from zwgk.monitoring.crawler import SiteConfig, SqliteFrontier, crawl_site
from zwgk.monitoring.crawler.checks import indicator_counts


def _bounded(low: int, high: int):  # type: ignore[no-untyped-def]
    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    parse.__name__ = f"integer {low}…{high}"
    return parse


def _text_checker() -> Any:
    try:
        from zwgk.contentcheck.selectors import get_checker

        return get_checker().check
    except DatabaseError:  # no database yet: the built-in rules only
        from zwgk.textcheck import Checker

        return Checker().check


class Command(BaseCommand):
    help = (
        "网站监测：check（检查一个网站）、queue（排队检查）、run（执行排队的检查）、"
        "probe（可用性探测）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        check = verbs.add_parser("check", help="检查一个网站一次，输出发现的问题")
        check.add_argument("url", help="网站首页地址（http:// 或 https://）")
        check.add_argument("--json", action="store_true", help="以 JSON 数组输出问题")
        check.add_argument("--depth", type=_bounded(0, 10), default=2, help="抓取深度（默认 2）")
        check.add_argument(
            "--max-pages", type=_bounded(1, 1_000_000), default=500, help="最多页面数（默认 500）"
        )
        check.add_argument("--state", help="进度文件（SQLite）；中断后用同一文件继续")
        check.add_argument("--restart", action="store_true", help="丢弃进度文件，从头检查")
        check.add_argument(
            "--district",
            action="store_true",
            help="本区自己运行的网站：提高并发、不限速（默认对外部网站礼貌抓取）",
        )
        check.add_argument("--no-external", action="store_true", help="不检查指向其他网站的链接")
        queue = verbs.add_parser("queue", help="为已登记的网站排队检查")
        queue.add_argument("--site", type=int, action="append", help="网站编号（可重复）")
        verbs.add_parser("run", help="执行排队的检查（后台工作进程也会执行）")
        verbs.add_parser("probe", help="对每个已登记网站做一次可用性探测")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['verb']}")(options)

    # --- check ------------------------------------------------------------------------------

    def _check(self, options: dict[str, Any]) -> None:
        url = options["url"].strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(f"请给出完整的网站地址（http:// 或 https://），收到 {url!r}。")
        state = options["state"] or os.path.join(
            tempfile.gettempdir(),
            f"zwgk-monitor-{hashlib.sha256(url.encode()).hexdigest()[:16]}.sqlite3",
        )
        if options["restart"] and os.path.exists(state):
            os.remove(state)
        frontier = SqliteFrontier(state)
        started = frontier.get_meta("started")
        now = timezone.localtime(datetime.fromisoformat(started) if started else timezone.now())
        config = SiteConfig(
            home_url=url,
            now=now,
            is_district_run=options["district"],
            max_depth=options["depth"],
            max_pages=options["max_pages"],
            check_external=not options["no_external"],
            text_checker=_text_checker(),
        )
        as_json = options["json"]
        bar = tqdm(
            desc="检查页面",
            unit="页",
            file=sys.stderr,
            disable=True if as_json or options["verbosity"] < 1 else None,
        )

        def progress(done: int, known: int) -> None:
            bar.total = max(known, done)
            bar.n = done
            bar.refresh()

        async def go() -> Any:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            try:
                loop.add_signal_handler(signal.SIGINT, stop.set)
                loop.add_signal_handler(signal.SIGTERM, stop.set)
            except (NotImplementedError, RuntimeError):  # not the main thread (tests)
                pass
            return await crawl_site(
                config,
                frontier,
                stop=stop,
                progress=progress,
                parse_processes=runner.parse_processes(),
            )

        with bar:
            result = asyncio.run(go())
        findings = sorted(frontier.findings(), key=lambda f: (f["check"], f["url"]))
        frontier.close()
        if result.stopped:
            self.stderr.write(
                f"已中断：完成 {result.done} 页，还有 {result.pending} 页。进度保存在 {state}，"
                f"再次运行 zwgk monitor check {url} --state {state} 继续。"
            )
        elif not options["state"]:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(state + suffix):
                    os.remove(state + suffix)
        if as_json:
            self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=1))
            return
        self._summary(url, result, findings)

    def _summary(self, url: str, result: Any, findings: list[dict[str, Any]]) -> None:
        counts: dict[str, int] = {}
        for f in findings:
            counts[f["check"]] = counts.get(f["check"], 0) + 1
        self.stdout.write(f"{url}：检查 {result.done} 页，用时 {result.elapsed:.1f} 秒。")
        for check, n in sorted(counts.items()):
            self.stdout.write(f"  {check}: {n}")
        for f in findings[:200]:
            self.stdout.write(f"  [{f['severity']}] {f['check']} {f['url']}")
        card = scoring.compute_scorecard(indicator_counts(findings))
        total = "—" if card.total is None else str(card.total)
        note = "（含未经核实的分值）" if card.uses_unconfirmed else ""
        self.stdout.write(f"评分：{card.verdict_label}，得分 {total}{note}")

    # --- workers ------------------------------------------------------------------------------

    def _queue(self, options: dict[str, Any]) -> None:
        from zwgk.monitoring.models import Website

        at = timezone.now()
        if options["site"]:
            websites = list(Website.objects.filter(pk__in=options["site"]))
            if len(websites) != len(set(options["site"])):
                raise CommandError("有网站编号不存在。")
            for website in websites:
                runner.queue_crawl(at=at, website=website)
            self.stdout.write(f"已排队 {len(websites)} 个网站。")
            return
        self.stdout.write(f"已排队 {runner.queue_due_crawls(at=at)} 个到期的网站检查。")

    def _run(self, options: dict[str, Any]) -> None:
        from zwgk.core.management.commands.worker import default_worker_id

        done = runner.crawl_pending(worker=default_worker_id())
        self.stdout.write(f"完成 {done} 次网站检查。")

    def _probe(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"探测了 {runner.probe_sites(at=timezone.now())} 个网站。")
