"""Demo content of the public mailbox (for `zwgk demo_site`): four mailboxes, letters in every
state (answered and rated, published with consent, waiting for the head, open, overdue) and
messages left on the portal and an account. Writers, phones and texts are invented; phone numbers
use the 138-0000 range."""

from __future__ import annotations

from datetime import datetime, timedelta

from zwgk.orgs.models import Membership, Role, Unit

from . import services
from .models import Mailbox

MAILBOXES = (
    (
        "qzxx",
        "区长信箱",
        "tlq-zfb",
        5,
        "向区长反映问题、提出意见建议，由区政府办转交责任单位办理。",
    ),
    ("jwxx", "区教委信箱", "tlq-jw", 5, "教育方面的咨询、建议和投诉。"),
    ("mzxx", "区民政局信箱", "tlq-mzj", 5, "社会救助、养老服务、婚姻登记等民政事项。"),
    ("jtxx", "区交通局信箱", "tlq-jtw", 7, "道路交通、公交线路和出行服务。"),
)

# (mailbox, days ago, kind, subject, body, transfer to, state, consent)
LETTERS = (
    (
        "qzxx",
        40,
        "suggestion",
        "建议增开城区至少云镇的公交班次",
        "早晚高峰公交车太挤，建议增开城区至少云镇的班次。",
        "tlq-jtw",
        "published",
        True,
    ),
    (
        "jwxx",
        30,
        "consultation",
        "小学一年级入学需要哪些材料",
        "孩子明年上小学，请问报名需要准备哪些材料？",
        None,
        "rated",
        False,
    ),
    (
        "mzxx",
        20,
        "help",
        "高龄津贴申领咨询",
        "家中老人今年满80周岁，请问高龄津贴怎么申领？",
        None,
        "rated",
        True,
    ),
    (
        "qzxx",
        12,
        "complaint",
        "小区旁工地夜间施工噪音扰民",
        "龙城大道旁工地晚上十一点后仍在施工，噪音很大。",
        "tlq-zjw",
        "open",
        False,
    ),
    (
        "jwxx",
        3,
        "suggestion",
        "建议在龙城大道小学门口增设人行横道",
        "上下学时校门口车辆多，孩子过马路很危险。",
        None,
        "review",
        True,
    ),
    (
        "jtxx",
        1,
        "consultation",
        "巴川街道到火车站有没有直达公交",
        "请问巴川街道到铜梁站有没有直达公交？",
        None,
        "open",
        False,
    ),
)

REPLIES = {
    "建议增开城区至少云镇的公交班次": "经研究，自下月起早晚高峰各增开2个班次。感谢您的建议。",
    "小学一年级入学需要哪些材料": (
        "需准备户口簿、房产证明或居住证等材料，具体以区教委发布的招生公告为准。"
    ),
    "高龄津贴申领咨询": "请携带老人身份证、户口簿到户籍所在地镇街便民服务中心申请。",
    "建议在龙城大道小学门口增设人行横道": "区教委已会同交巡警部门现场勘查，将增设人行横道。",
}

MESSAGES = (
    ("portal", "区政府网站", "tlq-jw", 120, "请问今年中考体育考试的项目有哪些？", True),
    ("portal", "区政府网站", "tlq-mzj", 100, "低保申请需要多长时间审批？", False),
    ("portal", "区政府网站", "tlq-jtw", 5, "公交卡可以在哪些地方充值？", False),
)


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
        return "未找到演示区县，未添加公开信箱内容。"
    if Mailbox.objects.filter(owner_unit__path__startswith=district.path).exists():
        return "已有公开信箱，未重复添加。"
    units = {u.code: u for u in Unit.objects.filter(path__startswith=district.path)}
    office = units.get("tlq-zfb")
    supervisor = _member(office, (Role.SUPERVISOR,)) if office else None
    if supervisor is None:
        return "未找到区政府办督查人员，未添加公开信箱内容。"
    boxes = {}
    for code, name, unit_code, workdays, description in MAILBOXES:
        if unit_code not in units:
            continue
        boxes[code] = services.save_mailbox(
            by=supervisor,
            at=at - timedelta(days=60),
            data=services.MailboxData(
                code=code,
                name=name,
                owner_unit=units[unit_code],
                description=description,
                reply_workdays=workdays,
                is_active=True,
                order=len(boxes) + 1,
            ),
        )
    letters = published = 0
    for number, (box, days, kind, subject, body, to, state, consent) in enumerate(LETTERS):
        if box not in boxes:
            continue
        received = at - timedelta(days=days)
        letter, _code = services.submit_letter(
            at=received,
            mailbox=boxes[box],
            data=services.LetterData(
                kind=kind,
                subject=subject,
                body=body,
                writer_name=f"演示来信人{number + 1}",
                phone=f"138000000{number + 10:02d}",
                consents_to_publication=consent,
            ),
        )
        letters += 1
        if to and to in units:
            services.transfer_letter(
                by=supervisor,
                at=received + timedelta(hours=2),
                letter=letter,
                unit=units[to],
                reason="按职责转交责任单位办理（演示）",
            )
            letter.refresh_from_db()
        if state == "open":
            continue
        clerk = _member(letter.handling_unit, (Role.CLERK,))
        head = _member(letter.handling_unit, (Role.HEAD, Role.DEPUTY))
        if clerk is None or head is None:
            continue
        services.submit_reply(
            by=clerk, at=received + timedelta(days=1), letter=letter, text=REPLIES[subject]
        )
        if state == "review":
            continue
        services.approve_reply(by=head, at=received + timedelta(days=2), letter=letter)
        services.rate_letter(
            at=received + timedelta(days=3), letter=letter, satisfaction="satisfied"
        )
        if state == "published":
            services.publish_letter(
                by=supervisor,
                at=received + timedelta(days=4),
                letter=letter,
                subject=subject,
                body=body,
                reply=REPLIES[subject],
            )
            published += 1
    messages = 0
    for channel, label, unit_code, days, content, answered in MESSAGES:
        unit = units.get(unit_code)
        clerk = _member(unit, (Role.CLERK,)) if unit else None
        if clerk is None:
            continue
        left = at - timedelta(days=days)
        services.record_message(
            by=clerk,
            at=at,
            unit=unit,
            data=services.MessageData(
                channel=channel,
                channel_label=label,
                content=content,
                left_at=left,
                answer="请关注区教委官网发布的考试通知。" if answered else "",
                answered_at=left + timedelta(days=2) if answered else None,
                answered_by_label=unit.short_name if answered else "",
            ),
        )
        messages += 1
    return f"信箱{len(boxes)}个，来信{letters}封（公开{published}封），网站留言{messages}条。"
