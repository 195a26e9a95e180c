"""Shared builders for the participation tests."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from zwgk.participation import services

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=TZ)


def D(day: str) -> date:
    return date.fromisoformat(day)


def consultation_data(**extra) -> services.ConsultationData:
    values = {
        "title": "铜梁区学前教育资源布局规划（2026—2030年）",
        "draft": "决策草案全文：新建、改扩建公办幼儿园12所。",
        "background": "城区学前适龄人口增长。",
        "basis": "《中华人民共和国学前教育法》。",
        "main_content": "布局原则、建设项目、保障措施。",
        "ways_to_comment": "网上征集、电子邮件、信函。",
        "start_date": D("2026-03-02"),
        "period_days": 30,
        "urgency_reason": "",
    }
    values.update(extra)
    return services.ConsultationData(**values)


def open_consultation(officer, head, unit, day: str = "2026-03-02", **extra):
    """A consultation drafted, submitted, approved and opened on `day`."""
    c = services.create_consultation(
        by=officer, at=at(day, 9), unit=unit, data=consultation_data(start_date=D(day), **extra)
    )
    services.submit_consultation(by=officer, at=at(day, 9), consultation=c)
    return services.approve_consultation(by=head, at=at(day, 10), consultation=c)


def public_comment(
    c, body: str = "建议在龙城街道增设一所公办幼儿园。", day: str = "2026-03-05", **kw
):
    return services.submit_public_comment(
        at=at(day, 11), consultation=c, data=services.CommentData(body=body, **kw)
    )
