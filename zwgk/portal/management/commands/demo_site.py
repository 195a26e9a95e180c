"""`zwgk demo_site`: give the demo district (loaded by `zwgk demo`) its site profile.

Idempotent; refuses unless ZWGK_DEMO=1 or --force, like `zwgk demo`. The values are in
zwgk/portal/demo.py (which says which of them are placeholders).

Then every installed app whose `<app>.demo` module defines `seed_demo_content(*, at,
district_code) -> str` adds its demo content (idempotent too) and says what it did in one line.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zwgk.portal import demo


class Command(BaseCommand):
    help = "为演示区县创建门户网站信息（网站标识码、备案号等，演示值），可重复运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="即使未设置 ZWGK_DEMO=1 也执行。")
        parser.add_argument("--district", default="tlq", help="区县根单位代码（默认 tlq）。")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (getattr(settings, "DEMO", False) or options["force"]):
            raise CommandError("拒绝写入演示网站信息：请设置 ZWGK_DEMO=1，或加 --force 参数。")
        profile = demo.seed_site_profile(at=timezone.now(), district_code=options["district"])
        if profile is None:
            raise CommandError(f"找不到区县根单位“{options['district']}”，请先运行 zwgk demo。")
        self.stdout.write(
            f"网站信息：{profile.name}（{profile.domain}，网站标识码 {profile.site_code}）"
        )
        at = timezone.now()
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if not config.name.startswith("zwgk.") or importlib.util.find_spec(name) is None:
                continue
            seed = getattr(importlib.import_module(name), "seed_demo_content", None)
            if seed is not None:
                summary = seed(at=at, district_code=options["district"])
                self.stdout.write(f"{config.verbose_name}：{summary}")
