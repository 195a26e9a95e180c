"""Column kinds and their expected update intervals (rules.md §4.2).

"【动态、要闻类】 2周更新 / 【通知公告、政策文件类】 6个月更新 / 【人事、规划计划类】 一年更新"
(2015 普查 pattern carried into 2019, CONFIRMED-SECONDARY; the 1-year 人事规划 window is
UNCONFIRMED for the 2019 text). Interaction and other columns have no interval: only the blank
check applies.
"""

from __future__ import annotations

from datetime import timedelta

NEWS, NOTICE, POLICY, PLANNING, INTERACTION, OTHER = (
    "news",
    "notice",
    "policy",
    "planning",
    "interaction",
    "other",
)

INTERVALS: dict[str, timedelta | None] = {
    NEWS: timedelta(weeks=2),
    NOTICE: timedelta(days=183),
    POLICY: timedelta(days=183),
    PLANNING: timedelta(days=365),
    INTERACTION: None,
    OTHER: None,
}

KIND_HINTS: tuple[tuple[str, str], ...] = (
    ("政策解读", POLICY),
    ("政策", POLICY),
    ("文件", POLICY),
    ("规范性", POLICY),
    ("通知", NOTICE),
    ("公告", NOTICE),
    ("公示", NOTICE),
    ("人事", PLANNING),
    ("规划", PLANNING),
    ("计划", PLANNING),
    ("动态", NEWS),
    ("要闻", NEWS),
    ("新闻", NEWS),
    ("留言", INTERACTION),
    ("互动", INTERACTION),
    ("信箱", INTERACTION),
    ("咨询", INTERACTION),
)


def guess_kind(name: str) -> str:
    """A first guess from the column's name; an officer confirms it."""
    for hint, kind in KIND_HINTS:
        if hint in name:
            return kind
    return OTHER
