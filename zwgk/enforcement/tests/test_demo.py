"""The demo content: three enforcing units with their five kinds of information, decisions
published in time, late, and not yet; idempotent; no personal data on the public pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from zwgk.enforcement.demo import DECISIONS, seed_demo_content
from zwgk.enforcement.models import Decision, DecisionStatus, InfoVersion
from zwgk.orgs.demo import seed_demo

AT = datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_demo_content(client):
    seed_demo(at=AT)
    summary = seed_demo_content(at=AT, district_code="tlq")
    assert summary == "3个执法单位，公示信息15个版本，执法决定7件（已公开5件）。"
    assert InfoVersion.objects.count() == 15
    assert Decision.objects.count() == len(DECISIONS)
    assert Decision.objects.filter(status=DecisionStatus.PUBLISHED, is_late=True).count() == 1
    assert Decision.objects.filter(status=DecisionStatus.DRAFT).count() == 2
    body = client.get(reverse("enforcement_public:decision_list")).content.decode()
    assert "王*" in body and "王小明" not in body
    assert seed_demo_content(at=AT, district_code="tlq") == "已有行政执法决定，未重复添加。"
    assert seed_demo_content(at=AT, district_code="nowhere").startswith("未找到")
