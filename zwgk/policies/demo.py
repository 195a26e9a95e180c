"""Demo content of 政策直通车 (for `zwgk demo_site`): twelve policies across the three levels and
the tags, entered by the responsible department's clerk, submitted and approved by its head (so
the audit trail and the workflow are those of real use), one of them past its validity; and
three confirmed demo subscriptions so the statistics are not empty.

EVERYTHING HERE IS DEMO CONTENT: the titles end in （演示）, every row is flagged `is_demo`,
the summaries, interpretations, guides and figures are illustrative, not the text of any real
document, and the source links point to the reserved .example domain. Replace them with the
district's real policy library (staff form or `zwgk import policies`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction

from zwgk.orgs.models import Membership, Role, Unit

from . import services, tokens
from .models import Category, Industry, Level, Policy, Subscription, TargetGroup

SOURCE = "https://www.tongliang.example/zcztc/demo-{n}.html"
ALL = "ABCDEFGHIJKLMNOPQRST"

# (unit code suffix, level, issuing authority, title, industries, categories, groups, summary,
#  interpretation, guide (who, what, how, where, contact), issued, valid until)
POLICIES: list[tuple[Any, ...]] = [
    (
        "rsj",
        Level.DISTRICT,
        "重庆市铜梁区人力资源和社会保障局",
        "铜梁区失业保险稳岗返还经办规程",
        "BCDEFGHI",
        ("稳岗", "社保"),
        ("enterprise", "social_org"),
        "对上年度不裁员或裁员率不高于规定比例的参保单位，按其上年度实际缴纳失业保险费的一定比例返还。",
        "符合条件的企业无需申请，系统比对后直接发放；未能直达的，可在规定时间内补充申报。",
        (
            "在本区依法参加失业保险并足额缴费的企业和社会组织",
            "返还上年度实际缴纳失业保险费的一定比例（以当年公布标准为准）",
            "系统比对 → 公示 → 发放；未直达的单位通过网上办事大厅补充申报",
            "铜梁区政务服务中心人力社保窗口",
            "023-45680001（演示号码）",
        ),
        date(2026, 2, 10),
        date(2026, 12, 31),
    ),
    (
        "rsj",
        Level.CITY,
        "重庆市人力资源和社会保障局",
        "重庆市吸纳高校毕业生就业社会保险补贴办法",
        ALL,
        ("就业", "社保"),
        ("enterprise", "individual_business"),
        "对招用毕业年度或离校两年内未就业高校毕业生并缴纳社会保险的中小微企业，给予社会保险补贴。",
        "铜梁区企业向区人力社保局申请，按月缴费记录核定补贴金额。",
        (
            "招用高校毕业生、签订一年以上劳动合同并缴纳社会保险的中小微企业",
            "单位缴纳的基本养老、基本医疗和失业保险费（个人缴纳部分除外）",
            "网上申报 → 区人力社保局审核 → 公示 → 拨付",
            "铜梁区政务服务中心人力社保窗口",
            "023-45680001（演示号码）",
        ),
        date(2025, 9, 1),
        date(2027, 8, 31),
    ),
    (
        "rsj",
        Level.NATIONAL,
        "人力资源社会保障部 财政部",
        "关于实施一次性扩岗补助政策的通知",
        ALL,
        ("就业", "稳岗"),
        ("enterprise", "social_org"),
        "企业招用毕业年度高校毕业生等青年并参加失业保险的，按人数发放一次性扩岗补助。",
        "",
        ("", "", "", "", ""),
        date(2025, 6, 1),
        date(2025, 12, 31),
    ),
    (
        "jxw",
        Level.DISTRICT,
        "重庆市铜梁区经济和信息化委员会",
        "铜梁区支持制造业企业技术改造若干措施",
        "C",
        ("产业发展", "财税"),
        ("enterprise",),
        "对设备投资达到规定规模的工业技术改造项目，按设备投资额的一定比例给予补助。",
        "重点支持智能化改造、绿色化改造和数字化车间建设，补助资金在项目验收后拨付。",
        (
            "在本区注册、具有独立法人资格的规模以上工业企业",
            "项目备案文件、设备购置发票、验收报告",
            "项目申报 → 区经济信息委初审 → 专家评审 → 公示 → 拨付",
            "铜梁区经济和信息化委员会（演示地址）",
            "023-45680002（演示号码）",
        ),
        date(2026, 1, 20),
        date(2028, 1, 19),
    ),
    (
        "jxw",
        Level.CITY,
        "重庆市经济和信息化委员会",
        "重庆市“专精特新”中小企业培育奖励办法",
        "CIM",
        ("产业发展", "科技"),
        ("enterprise",),
        "对新认定的市级专精特新中小企业和国家级专精特新“小巨人”企业给予一次性奖励。",
        "",
        ("", "", "", "", "023-45680002（演示号码）"),
        date(2025, 11, 5),
        None,
    ),
    (
        "kjj",
        Level.DISTRICT,
        "重庆市铜梁区科学技术局",
        "铜梁区企业研发投入后补助实施细则",
        "CIM",
        ("科技", "财税"),
        ("enterprise",),
        "对上年度研发费用加计扣除额达到规定标准的企业，按新增研发投入给予后补助。",
        "以税务部门确认的研发费用加计扣除数据为依据，企业只需提交申请表。",
        (
            "享受研发费用加计扣除政策的本区企业",
            "申请表、研发费用加计扣除申报表",
            "每年二季度集中申报 → 区科技局会同税务部门核定 → 拨付",
            "铜梁区科学技术局（演示地址）",
            "023-45680003（演示号码）",
        ),
        date(2026, 3, 2),
        date(2028, 12, 31),
    ),
    (
        "czj",
        Level.NATIONAL,
        "财政部 税务总局",
        "关于进一步支持小微企业和个体工商户发展有关税费政策的公告",
        ALL,
        ("财税",),
        ("enterprise", "individual_business"),
        "对小型微利企业和个体工商户减免部分税费，具体范围和期限以公告为准。",
        "铜梁区纳税人在申报时直接享受，无需备案。",
        ("小型微利企业、个体工商户", "", "申报纳税时直接享受", "电子税务局", "12366"),
        date(2023, 8, 2),
        date(2027, 12, 31),
    ),
    (
        "czj",
        Level.DISTRICT,
        "重庆市铜梁区财政局",
        "铜梁区中小微企业贷款贴息和担保费补助办法",
        "CFHILM",
        ("金融",),
        ("enterprise", "individual_business"),
        "对按时还本付息的中小微企业流动资金贷款给予贴息，对政府性融资担保机构担保的贷款给予担保费补助。",
        "贴息按实际支付利息的一定比例计算，单户年度贴息设上限。",
        (
            "在本区注册的中小微企业和个体工商户",
            "贷款合同、付息凭证、担保合同",
            "按季度申报 → 区财政局审核 → 拨付",
            "铜梁区财政局（演示地址）",
            "023-45680004（演示号码）",
        ),
        date(2026, 1, 8),
        date(2027, 12, 31),
    ),
    (
        "nyw",
        Level.DISTRICT,
        "重庆市铜梁区农业农村委员会",
        "铜梁区农业产业化龙头企业奖补办法",
        "A",
        ("惠农", "产业发展"),
        ("enterprise", "farm_operator"),
        "对新认定的区级以上农业产业化龙头企业和示范合作社给予一次性奖补。",
        "奖补资金用于扩大生产、品牌建设和带动农户增收。",
        (
            "本区农业产业化龙头企业、农民专业合作社",
            "认定文件、带农增收情况说明",
            "申报 → 镇街初审 → 区农业农村委审核 → 公示 → 拨付",
            "铜梁区农业农村委员会（演示地址）",
            "023-45680005（演示号码）",
        ),
        date(2026, 2, 20),
        date(2028, 2, 19),
    ),
    (
        "nyw",
        Level.CITY,
        "重庆市农业农村委员会",
        "重庆市农业经营主体贷款贴息实施方案",
        "A",
        ("惠农", "金融"),
        ("farm_operator", "individual"),
        "对家庭农场、农民合作社等新型农业经营主体的生产经营贷款给予贴息。",
        "",
        ("", "", "", "", ""),
        date(2025, 4, 15),
        date(2027, 4, 14),
    ),
    (
        "scjgj",
        Level.DISTRICT,
        "重庆市铜梁区市场监督管理局",
        "铜梁区个体工商户“个转企”扶持措施",
        "FHO",
        ("创业", "财税"),
        ("individual_business",),
        "对个体工商户转型升级为企业的，在登记、用地、融资等方面给予支持。",
        "“个转企”可保留原字号和行业特点，办理变更登记即可，无需注销后重新设立。",
        (
            "本区登记的个体工商户",
            "营业执照、经营者身份证明",
            "网上登记 → 一次办结",
            "铜梁区政务服务中心市场监管窗口",
            "023-45680006（演示号码）",
        ),
        date(2026, 3, 1),
        None,
    ),
    (
        "rsj",
        Level.DISTRICT,
        "重庆市铜梁区人力资源和社会保障局",
        "铜梁区创业担保贷款及贴息实施细则",
        "FHLO",
        ("创业", "金融", "就业"),
        ("individual", "individual_business"),
        "对符合条件的个人创业者和小微企业发放创业担保贷款，并按规定给予贴息。",
        "个人创业者可申请的额度和期限以年度公布标准为准，按时还款的享受贴息。",
        (
            "高校毕业生、返乡创业人员、退役军人等重点群体创业者和吸纳就业的小微企业",
            "身份证明、营业执照、创业计划",
            "申请 → 区人力社保局审核 → 担保机构审批 → 银行放款",
            "铜梁区政务服务中心人力社保窗口",
            "023-45680001（演示号码）",
        ),
        date(2026, 2, 28),
        date(2028, 2, 27),
    ),
]

SUBSCRIPTIONS = [
    ("email", "demo.factory@tongliang.example", "C", ("稳岗",)),
    ("email", "demo.farm@tongliang.example", "A", ("惠农",)),
    ("wechat", "oDEMO0000000000000000000000a", "", ("创业", "金融")),
]


def _people(unit: Unit) -> tuple[Any, Any]:
    memberships = Membership.objects.active().filter(unit=unit).select_related("user")
    by_role = {m.role: m.user for m in memberships}
    clerk = by_role.get(Role.CLERK) or by_role.get(Role.DEPUTY)
    head = by_role.get(Role.HEAD) or by_role.get(Role.DEPUTY)
    return clerk, head


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    """Idempotent: does nothing once demo policies exist."""
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未添加政策直通车演示内容。"
    if Policy.objects.filter(is_demo=True).exists():
        return "已有政策直通车演示政策，未重复添加。"
    industries = {i.code: i for i in Industry.objects.all()}
    categories = {c.name: c for c in Category.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    published = 0
    for n, row in enumerate(POLICIES, start=1):
        (
            suffix,
            level,
            authority,
            title,
            codes,
            cats,
            who,
            summary,
            reading,
            guide,
            issued,
            until,
        ) = row
        unit = Unit.objects.filter(code=f"{district_code}-{suffix}").first()
        if unit is None:
            continue
        clerk, head = _people(unit)
        if clerk is None or head is None or clerk == head:
            continue
        with transaction.atomic():
            policy = services.create_policy(
                by=clerk,
                at=at - timedelta(days=3),
                unit=unit,
                values={
                    "title": f"{title}（演示）",
                    "level": level,
                    "issuing_authority": authority,
                    "source_url": SOURCE.format(n=n),
                    "issued_date": issued,
                    "summary": summary + "（演示内容，非政策原文）",
                    "interpretation": reading,
                    "guide_who": guide[0],
                    "guide_what": guide[1],
                    "guide_how": guide[2],
                    "guide_where": guide[3],
                    "guide_contact": guide[4],
                    "valid_from": issued,
                    "valid_until": until,
                },
                industries=[industries[c] for c in codes],
                categories=[categories[c] for c in cats if c in categories],
                target_groups=[groups[g] for g in who if g in groups],
                is_demo=True,
            )
            services.submit_policy(by=clerk, at=at - timedelta(days=2), policy=policy)
            services.approve_policy(by=head, at=at - timedelta(days=1), policy=policy)
        published += 1
    expired = services.expire_policies(at=at)
    subscribed = 0
    for channel, contact, codes, cats in SUBSCRIPTIONS:
        subscription = services.request_subscription(
            at=at, channel=channel, contact=contact, industries=[], categories=[], departments=[]
        )
        choice = tokens.Choice(
            subscription.pk,
            tuple(codes),
            tuple(sorted(categories[c].pk for c in cats if c in categories)),
            (),
        )
        services.confirm_subscription(at=at, token=tokens.confirm_token(choice))
        subscribed += 1
    active = Subscription.objects.filter(status="active").count()
    return (
        f"政策直通车演示政策{published}项（其中已失效{expired}项），"
        f"演示订阅{subscribed}个（有效订阅共{active}个）。"
    )
