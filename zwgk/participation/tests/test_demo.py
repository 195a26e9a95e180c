"""The demo content seeds once, with every kind of object, and does not repeat."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import make_person
from zwgk.orgs import services as orgs
from zwgk.orgs.models import Role, Unit
from zwgk.participation import demo
from zwgk.participation.models import Consultation, Meeting, Status

# Early in the morning: the demo meetings are at 09:30, before and after that time of day.
AT = datetime(2026, 6, 15, 6, 21, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_seed_demo_content_once(district):
    fgw = orgs.create_unit(
        by=None,
        at=AT,
        parent=district.root,
        code="tlq-fgw",
        name="重庆市铜梁区发展和改革委员会",
        short_name="区发展改革委",
        kind=Unit.Kind.DEPARTMENT,
        doc_prefix="铜发改",
    )
    for prefix, unit in (("jw", district.unit_a), ("mzj", district.unit_b), ("fgw", fgw)):
        make_person(f"{prefix}_clerk", "演示经办人", unit, Role.CLERK)
        make_person(f"{prefix}_head", "演示负责人", unit, Role.HEAD)
    summary = demo.seed_demo_content(at=AT, district_code="tlq")
    assert summary.startswith("3项")
    statuses = sorted(Consultation.objects.values_list("status", flat=True))
    assert statuses == sorted([Status.OPEN, Status.RESULTS_PUBLISHED, Status.CLOSED])
    assert Meeting.objects.count() == 2
    assert "未重复添加" in demo.seed_demo_content(at=AT, district_code="tlq")
