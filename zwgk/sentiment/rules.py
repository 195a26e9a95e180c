"""The response timers of 政务舆情 as data, with their source (issue 8 §4).

rules.md does not carry these periods (its §7 is the 重大行政决策程序暂行条例); the issue states
them and the seed notice (铜府办发〔2019〕16号 §一(三)2) requires the 收集、会商、研判、回应、评估
mechanism without numbers. The numbers are those of 国办发〔2016〕61号《关于在政务公开工作中进一步
做好政务舆情回应的通知》 as commonly quoted; the wording has not been checked against the text
here, so every rule keeps the mark UNCONFIRMED in its source, which the case page shows.

Each rule: which cases it applies to (major emergencies or the others), its hours counted from
the moment the case was collected, what satisfies it, and how long before expiry the first
alert goes out. Changing a number is a change of this table, never of code elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# Kinds of response a case records (回应); a timer is met by a response of a kind it accepts.
AUTHORITATIVE_INFO = "authoritative_info"  # 发布权威信息
PRESS_CONFERENCE = "press_conference"  # 举行新闻发布会
RESPONSE = "response"  # 回应（情况说明、答复、通报等）

RESPONSE_KIND_LABELS = {
    AUTHORITATIVE_INFO: "发布权威信息",
    PRESS_CONFERENCE: "举行新闻发布会",
    RESPONSE: "予以回应",
}

SOURCE_61 = "国办发〔2016〕61号（UNCONFIRMED：rules.md 未收录，数字据议题第8号第4节）"


@dataclass(frozen=True)
class TimerRule:
    code: str  # stored on each timer row
    label: str  # Chinese, shown to staff
    hours: int
    major_emergency: bool  # True: applies to 重大突发事件 cases only; False: to the others
    met_by: frozenset[str]
    warn_before: timedelta
    source: str = SOURCE_61


TIMER_RULES: tuple[TimerRule, ...] = (
    TimerRule(
        code="authoritative_info_5h",
        label="5小时内发布权威信息",
        hours=5,
        major_emergency=True,
        met_by=frozenset({AUTHORITATIVE_INFO, PRESS_CONFERENCE}),
        warn_before=timedelta(hours=1),
    ),
    TimerRule(
        code="press_conference_24h",
        label="24小时内举行新闻发布会",
        hours=24,
        major_emergency=True,
        met_by=frozenset({PRESS_CONFERENCE}),
        warn_before=timedelta(hours=4),
    ),
    TimerRule(
        code="response_48h",
        label="48小时内予以回应",
        hours=48,
        major_emergency=False,
        met_by=frozenset({RESPONSE, AUTHORITATIVE_INFO, PRESS_CONFERENCE}),
        warn_before=timedelta(hours=8),
    ),
)

RULES_BY_CODE = {rule.code: rule for rule in TIMER_RULES}


def rules_for(*, major_emergency: bool) -> tuple[TimerRule, ...]:
    return tuple(rule for rule in TIMER_RULES if rule.major_emergency == major_emergency)
