"""The demo content: published through the workflow, idempotent, some items left missing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from conftest import make_person
from zwgk.documents.models import Document, Status
from zwgk.keyarea import cadence, demo, selectors
from zwgk.orgs.models import Role


def test_seed_demo_content_publishes_some_items_and_is_idempotent(district, supervisor):
    for role in (Role.CLERK, Role.DEPUTY, Role.HEAD):
        make_person(f"jw_{role}", f"演示{role}", district.unit_a, role)
    at = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    summary = demo.seed_demo_content(at=at, district_code="tlq")
    # the six documents of 区教委; the other demo units are not in this district
    assert summary.startswith("重点领域栏目发布演示文件 6 份（跳过 3 份）")
    published = Document.objects.filter(publishing_unit=district.unit_a, status=Status.PUBLISHED)
    assert published.count() == 6
    demo.seed_demo_content(at=at, district_code="tlq")
    assert published.count() == 6
    rows = selectors.list_completeness(
        supervisor, year=2026, today=date(2026, 11, 29), unit=district.unit_a
    )
    status = {r.item.slug: r.status for r in rows}
    assert status["zd-ywzs-zsfa"] == cadence.PUBLISHED
    assert status["zd-ywzs-lqjg"] == cadence.LATE
    assert demo.seed_demo_content(at=at, district_code="nowhere").startswith("未找到")
