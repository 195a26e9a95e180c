from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from zwgk.enforcement import services
from zwgk.enforcement.statute import DecisionKind, PartyKind

TZ = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"  # a valid 公民身份号码 (GB 11643 check character)


def at(day: str, hour: int = 10) -> datetime:
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, hour, 0, tzinfo=TZ)


def data(**extra) -> services.DecisionData:
    values = {
        "kind": DecisionKind.PENALTY,
        "number": "铜教罚〔2026〕3号",
        "party_kind": PartyKind.NATURAL,
        "party_name": "张晓明",
        "party_id_number": ID_NUMBER,
        "decision_date": date(2026, 2, 10),
        "summary": "未经批准擅自举办校外培训机构，责令停止办学，罚款人民币一万元。",
        "basis": "《民办教育促进法》第六十四条",
    }
    values.update(extra)
    return services.DecisionData(**values)


def record(officer, unit, day: str = "2026-02-11", **extra):
    return services.record_decision(by=officer, at=at(day), unit=unit, data=data(**extra))
