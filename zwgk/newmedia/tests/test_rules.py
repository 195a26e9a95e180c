"""The account rules (pure): table-driven over real dates, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from zwgk.newmedia.rules import AccountFacts, evaluate, last_complete_week

from .helpers import TZ

# Monitoring point: Wednesday 2026-11-18, 10:00 local. The last complete week is 11-09 .. 11-15.
AT = datetime(2026, 11, 18, 10, 0, tzinfo=TZ)


def at_day(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TZ)


HEALTHY = AccountFacts(
    platform="wechat_sub",
    name="铜梁教育",
    opened_on=date(2025, 1, 1),
    post_times=[at_day(9), at_day(11), at_day(13), at_day(17)],
    last_post_at=at_day(17),
    has_administrator=True,
    has_phone=True,
)


def kinds(facts: AccountFacts, at: datetime = AT) -> list[str]:
    return [f.kind for f in evaluate(facts, at)]


def test_last_complete_week():
    assert last_complete_week(date(2026, 11, 18)) == (date(2026, 11, 9), date(2026, 11, 15))
    assert last_complete_week(date(2026, 11, 16)) == (date(2026, 11, 9), date(2026, 11, 15))
    assert last_complete_week(date(2026, 11, 15)) == (date(2026, 11, 2), date(2026, 11, 8))


def test_healthy_account_has_no_finding():
    assert kinds(HEALTHY) == []


@pytest.mark.parametrize(
    ("last_post", "expected"),
    [
        (AT - timedelta(days=9, hours=23), []),
        (AT - timedelta(days=10), ["near_veto"]),  # day 10: warned before the veto
        (AT - timedelta(days=13, hours=23), ["near_veto"]),
        (AT - timedelta(days=14), ["veto_no_update"]),  # 2 weeks: the veto
        (AT - timedelta(days=89), ["veto_no_update"]),
        (AT - timedelta(days=90), ["veto_no_update", "dormant"]),
    ],
)
def test_no_update_thresholds(last_post, expected):
    facts = replace(HEALTHY, platform="weibo", post_times=[last_post], last_post_at=last_post)
    assert kinds(facts) == expected


def test_veto_evidence_and_source():
    last = AT - timedelta(days=15)
    (finding,) = evaluate(replace(HEALTHY, platform="douyin", post_times=[], last_post_at=last), AT)
    assert finding.severity == "veto"
    assert finding.evidence["days_without_post"] == 15
    assert finding.evidence["last_post_at"] == last.isoformat()
    assert "国办秘函〔2019〕19号" in finding.source
    assert "2026-11-03" in finding.summary


def test_never_posted_counts_from_the_opening():
    opened = AT - timedelta(days=3)
    fresh = replace(
        HEALTHY, platform="weibo", post_times=[], last_post_at=None, monitored_since=opened
    )
    assert kinds(fresh) == []
    assert kinds(fresh, AT + timedelta(days=7)) == ["near_veto"]
    unknown = replace(fresh, monitored_since=None)
    assert kinds(unknown) == ["veto_no_update", "dormant"]


@pytest.mark.parametrize(
    ("platform", "posts_last_week", "expected"),
    [
        ("wechat_sub", 3, []),
        ("wechat_sub", 2, ["weekly_minimum"]),  # 订阅号: at least 3 a week
        ("wechat_svc", 1, []),
        ("wechat_svc", 0, ["weekly_minimum"]),  # 服务号: at least 1 a week
        ("weibo", 0, []),  # no district minimum for other platforms
    ],
)
def test_weekly_minimum(platform, posts_last_week, expected):
    times = [at_day(10 + i) for i in range(posts_last_week)] + [at_day(17)]
    facts = replace(HEALTHY, platform=platform, post_times=times, last_post_at=at_day(17))
    assert kinds(facts) == expected


def test_weekly_minimum_evidence_and_new_accounts():
    facts = replace(HEALTHY, post_times=[at_day(12), at_day(17)])
    (finding,) = evaluate(facts, AT)
    assert finding.evidence == {"week": ["2026-11-09", "2026-11-15"], "posts": 1, "minimum": 3}
    assert "铜府办发〔2019〕16号" in finding.source
    # An account opened during that week is not held to it.
    assert kinds(replace(facts, opened_on=date(2026, 11, 10))) == []


def test_unanswered_maintainer_and_unfiled_change():
    facts = replace(
        HEALTHY,
        unanswered_old_messages=4,
        unanswered_source="mailbox",
        has_phone=False,
        administrator_left=True,
        observed_names=[("feed", "铜梁 教育")],  # same name, spacing aside
    )
    found = {f.kind: f for f in evaluate(facts, AT)}
    assert sorted(found) == ["no_maintainer", "unanswered"]
    assert found["unanswered"].evidence == {"messages": 4, "from": "mailbox"}
    assert found["no_maintainer"].evidence["reasons"] == ["未登记联系电话", "管理员已不在本单位"]
    renamed = replace(HEALTHY, observed_names=[("feed", "铜梁教育发布")])
    (finding,) = evaluate(renamed, AT)
    assert finding.kind == "unfiled_change"
    assert finding.evidence == {
        "observed": "铜梁教育发布",
        "registered": "铜梁教育",
        "adapter": "feed",
    }
    # A pending change filing covers it.
    assert kinds(replace(renamed, change_pending=True)) == []
