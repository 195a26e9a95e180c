"""Portal fixtures: a district with a site profile, a town, and contact blocks."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from zwgk.orgs import services as org_services
from zwgk.orgs.models import Unit
from zwgk.portal import demo
from zwgk.portal.models import SiteProfile


@pytest.fixture
def profile(district: Any) -> SiteProfile:
    profile = demo.seed_site_profile(at=timezone.now(), district_code=district.root.code)
    assert profile is not None
    return profile


@pytest.fixture
def town(district: Any) -> Unit:
    return org_services.create_unit(
        by=None,
        at=timezone.now(),
        parent=district.root,
        code="tlq-anju",
        name="重庆市铜梁区安居镇人民政府",
        short_name="安居镇",
        kind=Unit.Kind.TOWN,
    )


@pytest.fixture
def contacts(district: Any) -> Any:
    """Unit A has a complete contact block, unit B only a phone number."""
    Unit.objects.filter(pk=district.unit_a.pk).update(
        office_name="重庆市铜梁区教育委员会办公室",
        office_address="重庆市铜梁区巴川街道金砂路1号",
        office_postcode="402560",
        office_hours="工作日上午9:00-12:00，下午14:00-17:30",
        office_phone="023-45671111",
        office_fax="023-45671112",
        office_email="jw@tongliang.example",
    )
    Unit.objects.filter(pk=district.unit_b.pk).update(office_phone="023-45672222")
    for unit in (district.unit_a, district.unit_b):
        unit.refresh_from_db()
    return district
