"""Ledger helpers of the annual-report tests: 依申请公开 applications registered and answered on
given days (unit tests of both report formats build their years with them)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from zwgk.disclosure_requests import services as requests
from zwgk.disclosure_requests.tests.helpers import D, application

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=TZ)


def case(officer, unit, received: str):
    return requests.register_application(
        by=officer,
        at=at(received),
        unit=unit,
        data=application(),
        channel="in_person",
        received_at=at(received, 9),
    )


def reply(officer, obj, outcome: str, day: str):
    return requests.reply_to_request(
        by=officer,
        at=at(day),
        request=obj,
        data=requests.ReplyData(outcome=outcome, reply_date=D(day), body="理由"),
    )
