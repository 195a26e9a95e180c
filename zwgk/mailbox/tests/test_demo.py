"""The demo content: seeded once, in every state, and not seeded twice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import make_person
from zwgk.mailbox import demo as mailbox_demo
from zwgk.mailbox.models import Letter, Mailbox, Message, Status
from zwgk.orgs.models import Role, Unit
from zwgk.sentiment import demo as sentiment_demo
from zwgk.sentiment.models import Case

AT = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def demo_units(district, supervisor, officer_a, head_a, officer_b):
    from zwgk.orgs import services

    Unit.objects.filter(pk=district.office.pk).update(code="tlq-zfb")
    Unit.objects.filter(pk=district.unit_a.pk).update(code="tlq-jw")
    Unit.objects.filter(pk=district.unit_b.pk).update(code="tlq-mzj")
    make_person("head_b", "周民", district.unit_b, Role.HEAD)
    services.create_unit(
        by=None,
        at=AT,
        parent=district.root,
        code="tlq-jtw",
        name="重庆市铜梁区交通运输委员会",
        short_name="区交通局",
        kind=Unit.Kind.DEPARTMENT,
        doc_prefix="铜交",
    )
    transport = Unit.objects.get(code="tlq-jtw")
    make_person("jtw_clerk", "吴交", transport, Role.CLERK)
    make_person("jtw_head", "郑通", transport, Role.HEAD)
    return district


@pytest.mark.django_db
def test_mailbox_demo_is_seeded_once(demo_units):
    summary = mailbox_demo.seed_demo_content(at=AT, district_code="tlq")
    assert summary.startswith("信箱4个")
    assert Mailbox.objects.count() == 4
    statuses = set(Letter.objects.values_list("status", flat=True))
    assert statuses == {Status.OPEN, Status.REVIEW, Status.REPLIED}
    assert Letter.objects.filter(is_published=True).exists()
    assert Message.objects.filter(answered_at__isnull=True).exists()
    assert (
        mailbox_demo.seed_demo_content(at=AT, district_code="tlq") == "已有公开信箱，未重复添加。"
    )
    assert mailbox_demo.seed_demo_content(at=AT, district_code="nowhere").startswith("未找到")


@pytest.mark.django_db
def test_sentiment_demo_is_seeded_once(demo_units):
    assert sentiment_demo.seed_demo_content(at=AT, district_code="tlq").startswith("政务舆情2件")
    assert set(Case.objects.values_list("status", flat=True)) == {"evaluated", "collected"}
    assert (
        sentiment_demo.seed_demo_content(at=AT, district_code="tlq") == "已有政务舆情，未重复添加。"
    )
