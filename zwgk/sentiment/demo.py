"""Demo content of 舆情 cases (for `zwgk demo_site`): one case answered in time and evaluated,
one under 会商 with its 48-hour timer running. Texts are invented."""

from __future__ import annotations

from datetime import datetime, timedelta

from zwgk.orgs.models import Membership, Role, Unit

from . import services
from .models import Case


def _member(unit: Unit, roles: tuple[str, ...]) -> object | None:
    membership = (
        Membership.objects.active()
        .filter(unit=unit, role__in=roles)
        .order_by("role", "pk")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未添加政务舆情。"
    if Case.objects.filter(unit__path__startswith=district.path).exists():
        return "已有政务舆情，未重复添加。"
    units = {u.code: u for u in Unit.objects.filter(path__startswith=district.path)}
    education, civil = units.get("tlq-jw"), units.get("tlq-mzj")
    clerk = _member(education, (Role.CLERK,)) if education else None
    head = _member(education, (Role.HEAD,)) if education else None
    if clerk is None or head is None or civil is None:
        return "未找到演示单位人员，未添加政务舆情。"
    collected = at - timedelta(days=10)
    done = services.open_case(
        by=clerk,
        at=collected,
        unit=education,
        source="manual",
        title="网传某小学食堂食材过期（演示）",
        summary="微信群转发某小学食堂照片，称使用过期食材，引发家长关注。",
    )
    services.assess_case(
        by=clerk,
        at=collected + timedelta(hours=2),
        case=done,
        risk_level="medium",
        is_major_emergency=False,
        note="涉及学生饮食安全，家长关注度较高，需及时回应。",
    )
    services.record_response(
        by=clerk,
        at=collected + timedelta(hours=20),
        case=done,
        kind="response",
        text="经区教委会同区市场监管局现场核查，照片为外地旧图，该校食材进货查验记录完整。",
        channel="区政府网站、区教委微信公众号",
        published_at=collected + timedelta(hours=20),
    )
    services.evaluate_case(
        by=head,
        at=collected + timedelta(days=3),
        case=done,
        effect="good",
        note="回应发布后相关讨论明显减少，家长群反馈认可。",
    )
    running = services.open_case(
        by=clerk,
        at=at - timedelta(hours=6),
        unit=education,
        source="manual",
        title="家长质疑学区划分调整（演示）",
        summary="部分家长在论坛发帖质疑今年学区划分调整不公开、不透明。",
    )
    services.invite_units(
        by=clerk,
        at=at - timedelta(hours=5),
        case=running,
        units=[civil],
        question="涉及部分社区边界调整，请区民政局提供意见。",
    )
    return "政务舆情2件（已评估办结1件，会商中1件）。"
