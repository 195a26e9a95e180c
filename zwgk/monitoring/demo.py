"""Demo website monitoring (for `zwgk demo_site`): the demo district's own portal — the public
site `make run` serves — registered as a monitored website, with its first inspection queued.

Nothing outside the machine is crawled: the worker that `zwgk serve` starts inspects the portal
at 127.0.0.1 (port `ZWGK_DEMO_PORT`, default 8000), proposes its columns from the navigation for
the district office to confirm, and records the scorecard. Idempotent: nothing is added when the
district already has a monitored website.
"""

from __future__ import annotations

import os
from datetime import datetime

from zwgk.orgs.models import Unit

from .models import Website
from .runner import queue_crawl
from .services import register_website


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未登记监测网站。"
    office = Unit.objects.filter(is_competent_office=True, path__startswith=district.path).first()
    if office is None:
        return "未找到区政府办，未登记监测网站。"
    if Website.objects.filter(unit__path__startswith=district.path).exists():
        return "已有监测网站，未重复登记。"
    port = os.environ.get("ZWGK_DEMO_PORT", "8000")
    website = register_website(
        by=None,
        at=at,
        unit=office,
        name=f"{district.name}人民政府门户网站（本机演示）",
        home_url=f"http://127.0.0.1:{port}/",
    )
    queue_crawl(at=at, website=website, max_pages=500)
    return (
        f"登记监测网站 {website.home_url}（本机门户），首次检查已排队，"
        "由 zwgk serve 的后台任务执行。"
    )
