"""A throw-away zwgk installation for the public-site benchmarks (not a benchmark itself).

`start(var_dir)` points Django at a fresh SQLite database in `var_dir`, migrates it and loads
the 铜梁区 demo district and site profile; `add_documents(n)` bulk-creates n published
documents spread over the district's units, list columns, topics and ten years of dates (rows
written directly: the review chain is not what is measured); `rebuild()` publishes the whole
site into settings.ZWGK_SITE_ROOT.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

VOCABULARY = (
    "关于",
    "做好",
    "进一步",
    "加强",
    "推进",
    "实施",
    "印发",
    "开展",
    "规范",
    "完善",
    "建立",
    "健全",
    "全面",
    "深化",
    "落实",
    "工作",
    "管理",
    "办法",
    "方案",
    "意见",
    "通知",
    "通报",
    "决定",
    "规定",
    "细则",
    "计划",
    "义务教育",
    "招生",
    "入学",
    "学校",
    "教师",
    "医疗",
    "保障",
    "救助",
    "养老",
    "就业",
    "创业",
    "农村",
    "乡村振兴",
    "土地",
    "征收",
    "房屋",
    "安全生产",
    "食品",
    "药品",
    "环境保护",
    "生态",
    "河长制",
    "防汛",
    "应急",
    "预案",
    "财政",
    "预算",
    "决算",
    "收费",
    "采购",
    "项目",
    "建设",
    "交通",
    "道路",
    "城市",
    "更新",
    "社区",
    "治理",
    "服务",
    "政务公开",
    "信息",
    "数据",
    "营商环境",
    "审批",
    "许可",
    "处罚",
    "强制",
    "统计",
    "公报",
    "规划",
)


def start(var_dir: Path) -> None:
    os.environ["ZWGK_VAR_DIR"] = str(var_dir)
    os.environ["ZWGK_DEMO"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("demo", force=True, stdout=quiet, stderr=quiet)
    call_command("demo_site", stdout=quiet, stderr=quiet)


def _title(rng: random.Random) -> str:
    return "".join(rng.choice(VOCABULARY) for _ in range(rng.randint(4, 9))) + "的通知"


def _body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        sentence = "，".join(
            "".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(3, 6))
        )
        paragraphs.append(sentence + "。")
    return "\n".join(paragraphs)


def add_documents(count: int, *, seed: int = 1, end: datetime | None = None) -> list[int]:
    """Bulk-create `count` published documents, the newest published just before `end`."""
    from django.db import transaction
    from django.utils import timezone

    from zwgk.documents.models import Document, Status, Topic
    from zwgk.orgs.models import Unit
    from zwgk.portal.columns import list_columns_for

    rng = random.Random(seed)
    units = list(Unit.objects.filter(is_active=True))
    columns = {unit.pk: [slug for slug, _name in list_columns_for(unit.kind)] for unit in units}
    topics = list(Topic.objects.values_list("pk", flat=True))
    end = end or timezone.now()
    span = timedelta(days=3650)
    start = end - span
    step = span / max(count, 1)
    created: list[int] = []
    batch: list[Any] = []
    serial = Document.objects.count()

    def flush() -> None:
        with transaction.atomic():
            created.extend(d.pk for d in Document.objects.bulk_create(batch))
        batch.clear()

    for i in range(count):
        unit = rng.choice(units)
        published_at = start + step * (i + 1)
        serial += 1
        batch.append(
            Document(
                publishing_unit=unit,
                title=_title(rng),
                index_number=f"{unit.code}/{published_at.year}-{serial:07d}",
                doc_number=f"铜发〔{published_at.year}〕{rng.randint(1, 300)}号",
                written_date=(published_at - timedelta(days=rng.randint(1, 15))).date(),
                topic_id=rng.choice(topics),
                genre="tongzhi",
                column=rng.choice(columns[unit.pk]),
                body=_body(rng),
                status=Status.PUBLISHED,
                disclosure="proactive",
                disclosure_scope="full",
                approved_hash="0" * 64,
                published_at=published_at,
                created_at=published_at,
                updated_at=published_at,
            )
        )
        if len(batch) == 5000:
            flush()
    if batch:
        flush()
    return created


def rebuild() -> float:
    """Publish the whole site; returns the seconds it took."""
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("publish", "--rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    return time.perf_counter() - began


def site_root() -> Path:
    from django.conf import settings

    return Path(settings.ZWGK_SITE_ROOT)
