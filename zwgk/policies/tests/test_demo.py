"""The demo library: a dozen policies across the three levels and the tags, all published
through the review (audited), clearly marked as demo; idempotent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zwgk.core.models import AuditEvent
from zwgk.orgs.demo import seed_demo
from zwgk.policies.demo import POLICIES, seed_demo_content
from zwgk.policies.models import Policy, Status, Subscription

AT = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_demo_content(django_capture_on_commit_callbacks):
    seed_demo(at=AT)
    with django_capture_on_commit_callbacks(execute=True):
        summary = seed_demo_content(at=AT, district_code="tlq")
    assert summary.startswith(f"政策直通车演示政策{len(POLICIES)}项（其中已失效1项）"), summary
    policies = Policy.objects.all()
    assert len(POLICIES) >= 12 and policies.count() == len(POLICIES)
    assert all(p.is_demo and p.title.endswith("（演示）") for p in policies)
    assert set(policies.values_list("level", flat=True)) == {"national", "city", "district"}
    assert set(policies.values_list("status", flat=True)) == {Status.PUBLISHED, Status.EXPIRED}
    assert policies.filter(status=Status.EXPIRED).count() == 1
    assert all(".example/" in p.source_url for p in policies)
    assert AuditEvent.objects.filter(action="policies.policy.published").count() == len(POLICIES)
    assert Subscription.objects.filter(status="active").count() == 3
    assert seed_demo_content(at=AT, district_code="tlq") == "已有政策直通车演示政策，未重复添加。"
    assert seed_demo_content(at=AT, district_code="nowhere").startswith("未找到")
