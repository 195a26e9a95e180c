"""Demo 行政执法公示 content of the demo district (for `zwgk demo_site`).

NOT real: the decisions, numbers, parties and texts are invented placeholders marked （演示）;
the enforcing units are the district's real units. Some results were published in time, one
late, and two wait past their (UNCONFIRMED) due date, so the lists, 工作台 items and the
supervision problem source have something to show. Idempotent: nothing is added when any
decision already exists.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from zwgk.orgs.models import Membership, Role, Unit

from . import services
from .models import Decision
from .statute import DecisionKind, InfoKind, PartyKind

INFO = {
    InfoKind.DUTIES: "依法对本行业领域的违法行为实施行政处罚、行政强制和行政检查（演示）。",
    InfoKind.BASES: (
        "《中华人民共和国行政处罚法》《中华人民共和国行政强制法》及本行业法律法规（演示）。"
    ),
    InfoKind.STANDARDS: "执行《重庆市行政处罚裁量基准》及本单位裁量细则（演示）。",
    InfoKind.PROCEDURES: (
        "立案—调查取证—告知—听取陈述申辩（听证）—法制审核—决定—送达—执行（演示）。"
    ),
    InfoKind.SUPERVISION: "投诉举报电话：023-45600000；监督单位：区司法局行政执法监督科（演示）。",
}

# unit code, kind, number, party kind, party, summary, days after the decision it was
# published (None: not yet), decision date
DECISIONS = (
    ("tlq-scjgj", DecisionKind.PENALTY, "铜市监处罚〔2026〕101号（演示）", PartyKind.LEGAL,
     "重庆某某食品有限公司（演示）", "销售超过保质期的食品，没收违法所得并罚款人民币二万元。", 3,
     date(2026, 9, 7)),
    ("tlq-scjgj", DecisionKind.PENALTY, "铜市监处罚〔2026〕102号（演示）", PartyKind.NATURAL,
     "王小明", "当事人无照经营，责令改正并罚款人民币二千元。", 20, date(2026, 10, 12)),
    ("tlq-scjgj", DecisionKind.LICENSE, "铜市监许〔2026〕233号（演示）",
     PartyKind.INDIVIDUAL_BUSINESS, "铜梁区某某小吃店（演示）", "准予食品经营许可。", 1,
     date(2026, 11, 2)),
    ("tlq-sthjj", DecisionKind.COERCION, "铜环强〔2026〕8号（演示）", PartyKind.LEGAL,
     "重庆某某建材有限公司（演示）", "对超标排放的生产设备予以查封。", None, date(2026, 10, 20)),
    ("tlq-sthjj", DecisionKind.PENALTY, "铜环罚〔2026〕15号（演示）", PartyKind.LEGAL,
     "重庆某某化工有限公司（演示）", "未批先建，责令停止建设并罚款人民币五万元。", 5,
     date(2026, 8, 3)),
    ("tlq-jw", DecisionKind.PENALTY, "铜教罚〔2026〕3号（演示）", PartyKind.NATURAL,
     "李华", "当事人未经批准擅自举办校外培训，责令停止办学并罚款人民币一万元。", None,
     date(2026, 11, 16)),
    ("tlq-jw", DecisionKind.INSPECTION, "铜教查〔2026〕21号（演示）", PartyKind.ORGANISATION,
     "铜梁区某某培训学校（演示）", "消防安全和办学资质专项检查，未发现问题。", 2, date(2026, 6, 8)),
)  # fmt: skip

UNITS = ("tlq-scjgj", "tlq-sthjj", "tlq-jw")


def _clerk(unit: Unit) -> object | None:
    membership = (
        Membership.objects.active()
        .filter(unit=unit, role__in=[Role.CLERK, Role.DEPUTY, Role.HEAD])
        .order_by("role")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未添加行政执法公示内容。"
    if Decision.objects.filter(unit__path__startswith=district.path).exists():
        return "已有行政执法决定，未重复添加。"
    units = {u.code: u for u in Unit.objects.filter(code__in=UNITS, path__startswith=district.path)}
    people = {code: _clerk(unit) for code, unit in units.items()}
    versions = 0
    for code, unit in units.items():
        clerk = people[code]
        if clerk is None:
            continue
        for kind, body in INFO.items():
            services.publish_info(
                by=clerk, at=at - timedelta(days=60), unit=unit, kind=kind, body=body
            )
            versions += 1
    recorded = published = 0
    for code, kind, number, party_kind, party, summary, after, day in DECISIONS:
        clerk = people.get(code)
        if clerk is None:
            continue
        decision = services.record_decision(
            by=clerk,
            at=_at(day),
            unit=units[code],
            data=services.DecisionData(
                kind=kind,
                number=number,
                party_kind=party_kind,
                party_name=party,
                decision_date=day,
                summary=summary + "（演示）",
            ),
        )
        recorded += 1
        if after is not None:
            services.publish_decision(
                by=clerk, at=_at(day + timedelta(days=after)), decision=decision
            )
            published += 1
    return (
        f"{len(units)}个执法单位，公示信息{versions}个版本，"
        f"执法决定{recorded}件（已公开{published}件）。"
    )
