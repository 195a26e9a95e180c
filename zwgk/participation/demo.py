"""Demo content of participation (for `zwgk demo_site`).

NOT real: the decisions, comments, hearings and meetings are invented for the demonstration
(the units and the staff accounts are the demo district's). Relative to `at`: one draft of 区教委
open for comments, one of 区民政局 closed with its 意见采纳情况 published (comments adopted,
partly adopted, not adopted with reasons, a group, a 座谈会 summary), one of 区发展改革委 closed
without published results (so the supervision problem "participation.unanswered" has something
to show once its due date passes), a planned hearing, and two open meetings (one announced with
registration open, one with its 议定事项 published). Idempotent: nothing is added when the
district already has a consultation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit, User

from . import services
from .models import Consultation

TITLE_SUFFIX = "（演示）"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _data(title: str, start: datetime, **extra: str) -> services.ConsultationData:
    values = {
        "title": title + TITLE_SUFFIX,
        "draft": extra.pop("draft", "决策草案全文见附件（演示内容）。"),
        "background": extra.pop("background", "（演示）近年来相关需求增长较快，现行安排已不适应。"),
        "basis": extra.pop("basis", "（演示）相关法律法规和上级文件。"),
        "main_content": extra.pop("main_content", "（演示）总体要求、主要任务、保障措施。"),
        "ways_to_comment": "（演示）在本页面提交意见；或发送电子邮件、信函至牵头单位。",
        "start_date": timezone.localdate(start),
        "period_days": 30,
        "urgency_reason": "",
    }
    return services.ConsultationData(**values)


def _open(clerk: User, head: User, unit: Unit, data: services.ConsultationData, at: datetime):
    c = services.create_consultation(by=clerk, at=at, unit=unit, data=data)
    services.submit_consultation(by=clerk, at=at, consultation=c)
    return services.approve_consultation(by=head, at=at, consultation=c)


def _comment(c: Consultation, body: str, at: datetime, **extra: str):
    return services.submit_public_comment(
        at=at, consultation=c, data=services.CommentData(body=body, **extra)
    )


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未添加重大决策预公开内容。"
    if Consultation.objects.filter(unit__path__startswith=district.path).exists():
        return "已有征求意见事项，未重复添加。"
    units = {u.code: u for u in Unit.objects.filter(code__in=("tlq-jw", "tlq-mzj", "tlq-fgw"))}
    people = {
        n: _user(n)
        for n in ("jw_clerk", "jw_head", "mzj_clerk", "mzj_head", "fgw_clerk", "fgw_head")
    }
    if len(units) < 3 or not all(people.values()):
        return "未找到演示单位或账号（请先运行 zwgk demo），未添加重大决策预公开内容。"
    try:
        return _seed(at, units, people)
    except DomainError as error:  # e.g. the working-day calendar lacks a year
        return f"未添加重大决策预公开内容：{error}"


def _seed(at: datetime, units: dict, people: dict) -> str:
    # 1. 区教委: open for comments, started 5 days ago.
    start = at - timedelta(days=5)
    jw = _open(
        people["jw_clerk"],
        people["jw_head"],
        units["tlq-jw"],
        _data("铜梁区学前教育资源布局规划（2026—2030年）征求意见稿", start),
        start,
    )
    _comment(jw, "建议在龙城街道增设一所公办幼儿园。", start + timedelta(days=1))
    _comment(
        jw,
        "希望延长公办园的托管时间，方便双职工家庭。",
        start + timedelta(days=2),
        phone="13800000001",
    )
    services.plan_hearing(
        by=people["jw_clerk"],
        at=at,
        consultation=jw,
        data=services.HearingData(
            held_on=timezone.localdate(at) + timedelta(days=14),
            place="区教委三楼会议室（演示）",
            selection_method="（演示）自愿报名，按家长代表、举办者代表、专家分类随机抽取。",
            participants="（演示）家长代表3名\n幼儿园举办者代表2名\n学前教育专家1名",
            materials_sent_on=timezone.localdate(at) + timedelta(days=3),
        ),
    )

    # 2. 区民政局: closed 40+ days ago, adoption results published.
    start = at - timedelta(days=80)
    mz = _open(
        people["mzj_clerk"],
        people["mzj_head"],
        units["tlq-mzj"],
        _data("铜梁区居家养老服务补贴办法", start),
        start,
    )
    c1 = _comment(mz, "建议将补贴对象扩大到75周岁以上独居老人。", start + timedelta(days=3))
    c2 = _comment(mz, "补贴对象应包括独居的高龄老人。", start + timedelta(days=4))
    c3 = _comment(mz, "建议补贴直接发放现金。", start + timedelta(days=6))
    c4 = _comment(mz, "服务机构名单应向社会公开。", start + timedelta(days=8))
    clerk = people["mzj_clerk"]
    summary = services.record_comment(
        by=clerk,
        at=start + timedelta(days=10),
        consultation=mz,
        channel="symposium",
        data=services.CommentData(
            body="（演示）社区座谈会：多数代表赞成按失能等级分档补贴。",
            participants=23,
            received_at=start + timedelta(days=10),
        ),
    )
    services.open_and_close_due(at=at)
    group = services.group_comments(
        by=clerk, at=at, consultation=mz, comments=[c1, c2], title="扩大补贴对象至高龄独居老人"
    )
    services.answer_group(
        by=clerk,
        at=at,
        group=group,
        disposition="partly",
        reason="（演示）先将80周岁以上独居老人纳入，75周岁以上待财力允许后研究。",
    )
    services.answer_comment(
        by=clerk,
        at=at,
        comment=c3,
        disposition="not_adopted",
        reason="（演示）补贴以服务券形式发放，确保用于养老服务。",
    )
    services.answer_comment(by=clerk, at=at, comment=c4, disposition="adopted", reason="")
    services.answer_comment(by=clerk, at=at, comment=summary, disposition="adopted", reason="")
    services.publish_results(
        by=clerk,
        at=at,
        consultation=mz,
        decision="（演示）《铜梁区居家养老服务补贴办法》经区政府常务会议审议通过。",
    )

    # 3. 区发展改革委: closed, results not yet published.
    start = at - timedelta(days=70)
    fg = _open(
        people["fgw_clerk"],
        people["fgw_head"],
        units["tlq-fgw"],
        _data("铜梁区城区停车收费标准调整方案", start),
        start,
    )
    _comment(fg, "建议学校、医院周边设置短时免费停车。", start + timedelta(days=2))
    services.open_and_close_due(at=at)

    # Meetings of 区民政局: one announced, one with the outcome published (at 09:30).
    morning = timezone.localtime(at).replace(hour=9, minute=30, second=0, microsecond=0)
    soon = services.create_meeting(
        by=clerk,
        at=at,
        unit=units["tlq-mzj"],
        data=services.MeetingData(
            title="城乡低保标准调整听取意见会" + TITLE_SUFFIX,
            topic="（演示）2027年城乡低保标准调整",
            agenda="一、区民政局说明调整方案\n二、列席代表发言\n三、集体讨论",
            starts_at=morning + timedelta(days=12),
            place="区民政局五楼会议室（演示）",
            public_seats=8,
            registration_closes_at=morning + timedelta(days=10, hours=8),
        ),
    )
    for group_name, name in (
        ("stakeholder", "低保家庭代表（演示）"),
        ("expert", "西南大学社会学专家（演示）"),
        ("media", "铜梁日报（演示）"),
        ("public", "社区居民代表（演示）"),
    ):
        services.invite(by=clerk, at=at, meeting=soon, group=group_name, name=name)
    services.announce_meeting(by=clerk, at=at, meeting=soon)
    held = services.create_meeting(
        by=clerk,
        at=at - timedelta(days=40),
        unit=units["tlq-mzj"],
        data=services.MeetingData(
            title="特困人员供养标准调整会议" + TITLE_SUFFIX,
            topic="（演示）特困人员供养标准",
            agenda="一、说明\n二、讨论",
            starts_at=morning - timedelta(days=20),
            place="区民政局（演示）",
            public_seats=5,
            registration_closes_at=morning - timedelta(days=22),
        ),
    )
    services.invite(
        by=clerk,
        at=at - timedelta(days=40),
        meeting=held,
        group="media",
        name="铜梁区融媒体中心（演示）",
    )
    services.announce_meeting(by=clerk, at=at - timedelta(days=40), meeting=held)
    services.mark_meeting_held(by=clerk, at=morning - timedelta(days=20, hours=-3), meeting=held)
    services.publish_meeting_outcome(
        by=clerk,
        at=at - timedelta(days=18),
        meeting=held,
        outcome="（演示）一、同意将特困人员基本生活标准提高5%。",
    )
    return "3项重大决策预公开（征求意见中、已公布采纳情况、待公布），1次听证会，2次公开会议。"
