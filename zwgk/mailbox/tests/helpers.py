"""Shared builders for the mailbox tests."""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime, time
from zoneinfo import ZoneInfo

from zwgk.mailbox import services
from zwgk.mailbox.models import Mailbox

TZ = ZoneInfo("Asia/Shanghai")
PHONE = "13812345678"
NAME = "王小明"
ADDRESS = "重庆市铜梁区巴川街道龙城大道1号"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date_type.fromisoformat(day), time(hour), tzinfo=TZ)


def mailbox(district, supervisor, *, unit=None, code="qzxx", workdays=5) -> Mailbox:
    return services.save_mailbox(
        by=supervisor,
        at=at("2026-01-05"),
        data=services.MailboxData(
            code=code,
            name="区长信箱" if code == "qzxx" else f"{code}信箱",
            owner_unit=unit or district.office,
            description="",
            reply_workdays=workdays,
            is_active=True,
        ),
    )


def letter_data(**extra) -> services.LetterData:
    values = {
        "kind": "suggestion",
        "subject": "建议增设学校门口的人行横道",
        "body": "龙城大道小学门口上下学时车辆多，建议增设人行横道和信号灯。",
        "writer_name": NAME,
        "phone": PHONE,
        "email": "wang@example.com",
        "address": ADDRESS,
        "consents_to_publication": True,
    }
    values.update(extra)
    return services.LetterData(**values)


def write(box: Mailbox, day: str = "2026-03-02", **extra):
    return services.submit_letter(at=at(day, 9), mailbox=box, data=letter_data(**extra))
