"""Shared builders for the disclosure_requests tests."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from zwgk.disclosure_requests import services
from zwgk.textcheck.pii import ID_CHECK, ID_WEIGHTS

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=TZ)


def D(day: str) -> date:
    return date.fromisoformat(day)


def id_number(first17: str = "50022419900307123") -> str:
    """A valid 18-character 公民身份号码 (GB 11643 check character) for the given first 17."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


ID = id_number()
PHONE = "13812345678"


def application(**extra: str) -> services.ApplicationData:
    values = {
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": ID,
        "phone": PHONE,
        "email": "wang@example.com",
        "address": "重庆市铜梁区巴川街道龙城大道1号",
        "info_title": "2025年区属中小学食堂卫生检查结果",
        "description": "请公开2025年区教委对区属中小学食堂卫生检查的结果通报。",
        "information_form": "electronic",
        "delivery_method": "email",
    }
    values.update(extra)
    return services.ApplicationData(**values)


def register(officer, unit, day: str = "2026-02-10", channel: str = "in_person", **extra):
    return services.register_application(
        by=officer,
        at=at(day),
        unit=unit,
        data=application(**extra),
        channel=channel,
        received_at=at(day, 9),
    )
