"""The demo monitoring: the demo portal on this machine registered once, its first inspection
queued, and nothing registered twice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zwgk.core.models import AuditEvent
from zwgk.monitoring import demo
from zwgk.monitoring.models import CrawlRun, Website

AT = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_the_demo_registers_the_local_portal_once(district, monkeypatch):
    monkeypatch.setenv("ZWGK_DEMO_PORT", "8765")
    summary = demo.seed_demo_content(at=AT, district_code=district.root.code)
    website = Website.objects.get()
    assert website.home_url == "http://127.0.0.1:8765/"
    assert website.unit == district.office and website.is_district_run
    assert "http://127.0.0.1:8765/" in summary
    run = CrawlRun.objects.get(website=website)
    assert run.status == CrawlRun.Status.QUEUED and run.max_pages == 500
    assert AuditEvent.objects.filter(action__startswith="monitoring.website").exists()
    # again: nothing more
    assert "未重复" in demo.seed_demo_content(at=AT, district_code=district.root.code)
    assert Website.objects.count() == 1 and CrawlRun.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_needs_its_district(district):
    assert "未找到" in demo.seed_demo_content(at=AT, district_code="no-such-district")
    assert not Website.objects.exists()
