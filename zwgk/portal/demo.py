"""The demo site profile of 重庆市铜梁区人民政府 (for `zwgk demo_site`).

Real: the site name, the domain www.cqstl.gov.cn (seen on the district's own pages), the address
(区人民政府驻巴川街道龙都路50号, 国函〔2014〕58号) and the postcode 402560.
NOT real — format-valid placeholders the office must replace on /staff/site/: the 网站标识码
(500151 = 铜梁区 行政区划代码 + sequence 0001, the structure of rules.md §6.1), the ICP and 公安
备案号, the telephone number and the e-mail address (a reserved .example domain). The 承办单位 is
plausible but unconfirmed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zwgk.orgs.models import Unit

from .models import SiteProfile
from .selectors import get_competent_office
from .services import ensure_site_profile

DEMO_SITE_PROFILE: dict[str, Any] = {
    "name": "重庆市铜梁区人民政府",
    "domain": "www.cqstl.gov.cn",
    "sponsor": "重庆市铜梁区人民政府办公室",
    "organizer": "重庆市铜梁区大数据应用发展管理局",
    "address": "重庆市铜梁区巴川街道龙都路50号",
    "postcode": "402560",
    "phone": "023-45681000",
    "email": "zfb@tongliang.example",
    "site_code": "5001510001",
    "icp_number": "渝ICP备05000151号-1",
    "police_number": "渝公网安备50015102000151号",
    "show_party_gov_mark": True,
}


def seed_site_profile(*, at: datetime, district_code: str = "tlq") -> SiteProfile | None:
    """Give the demo district its site profile unless it has one (idempotent)."""
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return None
    defaults = dict(DEMO_SITE_PROFILE)
    office = get_competent_office(district)
    if office is not None:
        defaults["sponsor"] = office.name
    return ensure_site_profile(by=None, at=at, district=district, defaults=defaults)
