"""`zwgk demo`: load the 铜梁区 demo district (idempotent) and print the demo logins.

The interface only: refuses unless ZWGK_DEMO=1 or --force (every demo account shares one
published password), reads the clock, shows progress on stderr and the login table on stdout.
The work is zwgk.orgs.demo.seed_demo.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from zwgk.orgs import demo

REFUSAL = (
    "拒绝载入演示数据：演示账号使用公开的演示密码，不得写入正式数据库。"
    "如确认当前是演示或测试数据库，请设置环境变量 ZWGK_DEMO=1，或加 --force 参数后重试。"
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "载入重庆市铜梁区演示数据（单位、人员、角色），可重复运行；需 ZWGK_DEMO=1 或 --force。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="即使未设置 ZWGK_DEMO=1 也载入（仅用于演示或测试数据库）。",
        )
        parser.add_argument(
            "--all", action="store_true", help="列出全部演示账号，而不只是常用账号。"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (getattr(settings, "DEMO", False) or options["force"]):
            raise CommandError(REFUSAL)
        data = demo.load_data()
        total = len(data.units) + len(data.system_admins)
        with tqdm(
            total=total,
            desc="载入演示数据",
            unit="项",
            file=options.get("stderr") or sys.stderr,
            disable=None if options["verbosity"] >= 1 else True,
        ) as bar:
            report = demo.seed_demo(at=timezone.now(), data=data, progress=bar.update)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if report.changed:
            self.stdout.write(
                f"已新建 {report.units_created} 个单位、{report.users_created} 个账号、"
                f"{report.memberships_created} 个岗位。"
            )
        else:
            self.stdout.write("演示数据已齐全，本次未作任何更改。")
        if options["verbosity"] < 1:
            return
        logins = demo.list_logins(data, None if options["all"] else demo.KEY_LOGINS)
        rows = [("用户名", "姓名", "单位", "角色")]
        rows += [(login.username, login.full_name, login.unit, login.role) for login in logins]
        self.stdout.write("")
        self.stdout.write(format_table(rows))
        self.stdout.write("")
        self.stdout.write(f"演示账号密码（全部相同）：{demo.DEMO_PASSWORD}")
        if not options["all"]:
            self.stdout.write(
                f"共 {data.people_count} 个演示账号，用户名为“单位代码_角色”"
                "（clerk 经办人、deputy 分管负责人、head 主要负责人），"
                "如 jw_clerk、bachuan_head；全部账号：zwgk demo --all"
            )
