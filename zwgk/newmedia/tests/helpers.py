"""Shared builders for the newmedia tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zwgk.newmedia import services
from zwgk.newmedia.models import Filing, MediaAccount, Platform

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)  # a Monday


def data(**overrides: Any) -> services.AccountData:
    values: dict[str, Any] = {
        "platform": Platform.WECHAT_SUBSCRIPTION,
        "name": "铜梁教育",
        "account_id": "tljiaoyu",
        "verified_entity": "重庆市铜梁区教育委员会",
        "purpose": "发布教育政策和招生信息",
        "maintainer": services.Maintainer(
            administrator_name="张敏",
            administrator_phone="13812345678",
            contact_name="李强",
            contact_phone="023-45671234",
        ),
    }
    values.update(overrides)
    return services.AccountData(**values)


def open_account(
    district: Any, officer: Any, head: Any, supervisor: Any, at: datetime = AT, **overrides: Any
) -> MediaAccount:
    """Apply, agree and approve: an 已开设 account of the officer's unit."""
    unit = overrides.pop("unit", district.unit_a)
    filing = services.apply_open(by=officer, at=at, unit=unit, data=data(**overrides))
    filing = services.agree_filing(by=head, at=at, filing=filing)
    city = "渝府办〔2026〕1号" if filing.account.platform == Platform.MOBILE_APP else ""
    services.approve_filing(by=supervisor, at=at, filing=filing, city_approval=city)
    return MediaAccount.objects.get(pk=filing.account_id)


def pending(account: MediaAccount) -> Filing:
    return account.filings.get(state__in=("awaiting_head", "awaiting_review"))
