"""The rules evaluated per account (pure: no Django, no database, no clock).

`evaluate(facts, at)` returns what the rules find about one account at the monitoring point
`at`, each with its evidence and its source:

- 内容不更新 (veto): no post in the 2 weeks before `at` (国办秘函〔2019〕19号, rules.md §4.3);
- the warning before it: 10 days or more without a post (issue 7 §5);
- the district's weekly minimum for WeChat accounts, over the last complete calendar week
  (铜府办发〔2019〕16号 二（二）: 订阅号 ≥ 3, 服务号 ≥ 1);
- messages left unanswered for more than 3 months (互动回应差, rules.md §4.2);
- no maintainer: no administrator, no phone, or the administrator left the unit;
- long dormant: no post for DORMANT_AFTER, proposed for consolidation or closure;
- renamed or changed without filing: the name an adapter observed differs from the registry
  and no change filing is pending.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from . import constants as c

VETO = "veto"
SERIOUS = "serious"
MINOR = "minor"

KIND_LABELS = {
    "veto_no_update": "内容不更新（2周内无更新）",
    "near_veto": "即将触发单项否决（10天未更新）",
    "weekly_minimum": "未达每周更新次数",
    "unanswered": "留言超过3个月未回应",
    "no_maintainer": "无专人维护",
    "dormant": "长期无更新（建议整合或关停）",
    "unfiled_change": "更名或变更未备案",
}

PLATFORM_LABELS = {"wechat_sub": "微信订阅号", "wechat_svc": "微信服务号"}


@dataclass(frozen=True)
class AccountFacts:
    platform: str
    name: str
    opened_on: date | None
    post_times: Sequence[datetime]  # published_at of the posts (the recent ones suffice)
    last_post_at: datetime | None
    has_administrator: bool
    has_phone: bool
    administrator_left: bool = False
    unanswered_old_messages: int = 0
    unanswered_source: str = ""  # "mailbox" or "adapter"
    observed_names: Sequence[tuple[str, str]] = ()  # (adapter, name)
    change_pending: bool = False
    monitored_since: datetime | None = None  # when the account became open (for new accounts)


@dataclass(frozen=True)
class RuleFinding:
    kind: str
    severity: str
    summary: str
    source: str
    evidence: dict[str, Any] = field(default_factory=dict)


def _norm(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def last_complete_week(day: date) -> tuple[date, date]:
    """Monday and Sunday of the calendar week before the one containing `day`."""
    monday = day - timedelta(days=day.weekday()) - timedelta(days=7)
    return monday, monday + timedelta(days=6)


def days_without_post(facts: AccountFacts, at: datetime) -> tuple[int, datetime | None]:
    """Whole days since the last post (or since monitoring began when there is none)."""
    since = facts.last_post_at or facts.monitored_since
    if since is None:
        return 10_000, None
    return max((at - since).days, 0), facts.last_post_at


def evaluate(
    facts: AccountFacts, at: datetime, *, local_today: date | None = None
) -> list[RuleFinding]:
    today = local_today or at.date()
    found: list[RuleFinding] = []
    days, last = days_without_post(facts, at)
    last_text = last.isoformat() if last else None
    evidence = {"last_post_at": last_text, "days_without_post": days, "checked_at": at.isoformat()}

    if days >= c.VETO_NO_UPDATE.days:
        found.append(
            RuleFinding(
                "veto_no_update",
                VETO,
                f"“{facts.name}”监测时间点前2周内无更新"
                + (
                    f"（最后更新 {last.date().isoformat()}，已 {days} 天）"
                    if last
                    else "（未见任何更新）"
                ),
                c.VETO_NO_UPDATE_SOURCE,
                evidence,
            )
        )
    elif days >= c.WARN_NO_UPDATE.days:
        left = c.VETO_NO_UPDATE.days - days
        found.append(
            RuleFinding(
                "near_veto",
                SERIOUS,
                f"“{facts.name}”已 {days} 天未更新，再过 {left} 天将触发“2周内无更新”单项否决",
                c.VETO_NO_UPDATE_SOURCE,
                {**evidence, "days_left": left},
            )
        )

    minimum = c.WEEKLY_MINIMUM.get(facts.platform)
    if minimum is not None:
        monday, sunday = last_complete_week(today)
        opened_before = facts.opened_on is None or facts.opened_on <= monday
        if opened_before:
            count = sum(1 for t in facts.post_times if monday <= t.date() <= sunday)
            if count < minimum:
                found.append(
                    RuleFinding(
                        "weekly_minimum",
                        MINOR,
                        f"“{facts.name}”（{PLATFORM_LABELS[facts.platform]}）"
                        f"{monday.isoformat()}至{sunday.isoformat()}更新 {count} 次，"
                        f"少于每周 {minimum} 次",
                        c.WEEKLY_MINIMUM_SOURCE,
                        {
                            "week": [monday.isoformat(), sunday.isoformat()],
                            "posts": count,
                            "minimum": minimum,
                        },
                    )
                )

    if facts.unanswered_old_messages > 0:
        found.append(
            RuleFinding(
                "unanswered",
                SERIOUS,
                f"“{facts.name}”有 {facts.unanswered_old_messages} 条留言超过3个月未回应",
                c.UNANSWERED_SOURCE,
                {"messages": facts.unanswered_old_messages, "from": facts.unanswered_source},
            )
        )

    if not facts.has_administrator or not facts.has_phone or facts.administrator_left:
        reasons = []
        if not facts.has_administrator:
            reasons.append("未登记管理员")
        if not facts.has_phone:
            reasons.append("未登记联系电话")
        if facts.administrator_left:
            reasons.append("管理员已不在本单位")
        found.append(
            RuleFinding(
                "no_maintainer",
                SERIOUS,
                f"“{facts.name}”无专人维护：{'、'.join(reasons)}",
                c.NO_MAINTAINER_SOURCE,
                {"reasons": reasons},
            )
        )

    if days >= c.DORMANT_AFTER.days:
        found.append(
            RuleFinding(
                "dormant",
                MINOR,
                f"“{facts.name}”已 {days} 天无更新，建议整合或关停",
                c.DORMANT_SOURCE,
                {**evidence, "dormant_after_days": c.DORMANT_AFTER.days},
            )
        )

    if not facts.change_pending:
        differing = [
            (adapter, name)
            for adapter, name in facts.observed_names
            if name and _norm(name) != _norm(facts.name)
        ]
        if differing:
            adapter, name = differing[0]
            found.append(
                RuleFinding(
                    "unfiled_change",
                    SERIOUS,
                    f"平台显示的账号名称“{name}”与备案名称“{facts.name}”不一致，且无变更备案",
                    c.UNFILED_CHANGE_SOURCE,
                    {"observed": name, "registered": facts.name, "adapter": adapter},
                )
            )
    return found
