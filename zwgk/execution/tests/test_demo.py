"""The demo content: three tasks of a (demo) work report with reports, overdue flags and a
published summary table; idempotent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from zwgk.execution.demo import REPORTS, TASKS, seed_demo_content
from zwgk.execution.models import ProgressReport, PublishedSummary, Task
from zwgk.orgs.demo import seed_demo

AT = datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_demo_content(client):
    seed_demo(at=AT)
    summary = seed_demo_content(at=AT, district_code="tlq")
    assert summary.startswith(f"目标任务{len(TASKS)}项，进展报送{len(REPORTS)}份"), summary
    assert Task.objects.count() == len(TASKS)
    assert ProgressReport.objects.filter(flagged_at__isnull=False).exists()
    published = PublishedSummary.objects.get()
    page = client.get(reverse("execution_public:summary", args=[published.pk]))
    assert "1所已投用。" in page.content.decode()
    assert seed_demo_content(at=AT, district_code="tlq") == "已有执行公开任务，未重复添加。"
    assert seed_demo_content(at=AT, district_code="nowhere").startswith("未找到")
