"""`zwgk newmedia fetch|evaluate`: run the new-media jobs once, now (the worker runs them hourly).

zwgk newmedia fetch [--account PK]      read every enabled automatic source (or one account's)
zwgk newmedia evaluate [--json]         evaluate every open account; print today's findings
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zwgk.newmedia.ingest import run_source
from zwgk.newmedia.models import ActivitySource, Finding, SourceKind
from zwgk.newmedia.monitor import evaluate_all


class Command(BaseCommand):
    help = "政务新媒体：立即读取数据来源（fetch）或立即检查全部账号（evaluate）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser("fetch", help="读取数据来源")
        fetch.add_argument("--account", type=int, help="只读取该账号（编号）的来源")
        evaluate = sub.add_parser("evaluate", help="检查全部已开设账号")
        evaluate.add_argument("--json", action="store_true", help="以 JSON 输出今天的问题")

    def handle(self, *args: Any, **options: Any) -> None:
        at = timezone.now()
        if options["action"] == "fetch":
            sources = ActivitySource.objects.filter(is_enabled=True).exclude(kind=SourceKind.UPLOAD)
            if options.get("account"):
                sources = sources.filter(account_id=options["account"])
                if not sources.exists():
                    raise CommandError("该账号没有可自动读取的数据来源。")
            for source in sources.select_related("account"):
                new = run_source(source, at=at)
                source.refresh_from_db()
                self.stdout.write(f"{source.account.name}：{source.last_outcome}（新增 {new}）")
            return
        count = evaluate_all(at=at)
        today = timezone.localdate(at)
        rows = Finding.objects.filter(found_on=today).select_related("account").order_by("pk")
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "account": f.account_id,
                            "name": f.account.name,
                            "check": f.kind,
                            "severity": f.severity,
                            "summary": f.summary,
                            "evidence": f.evidence,
                            "source": f.source,
                        }
                        for f in rows
                    ],
                    ensure_ascii=False,
                    indent=1,
                )
            )
            return
        self.stdout.write(f"检查完成：今天共 {count} 项问题。")
