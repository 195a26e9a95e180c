"""Scoring against 国办秘函〔2019〕19号 《政府网站与政务新媒体检查指标》 (rules.md §4.1–§4.4, §5).

Pure Python: no Django, no database. It owns
- the indicator table as DATA (`DEFAULT_INDICATORS`), seeded from rules.md with every value that
  rules.md does not confirm marked `UNCONFIRMED` (the district office edits the values through
  zwgk.monitoring.services.update_indicator, which stores overrides; `apply_overrides` folds them
  in), and
- `compute_scorecard(findings, table=…, subject_kind=…)`, a pure function from findings
  (indicator code → count and evidence) to a scorecard.

The rules (§4.1, CONFIRMED-SECONDARY): any 单项否决 item → 不合格 and nothing else is scored;
otherwise 100 minus the deductions, each indicator's deductions capped at its points ("单项指标扣分
之和不超过本项指标总分值"); below 60 → 不合格; above 80 → the 加分 stage (at most 30 points) and the
final score is the sum. A 国务院部门 without external services scores out of 75, times 4/3.
New media (§4.1, §4.3): any veto item → 不合格; the national text scores new media only on the veto
items, so the account deductions below are provincial practice, all UNCONFIRMED and editable.

It must not read the clock, the database or settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Confidence marks, as in rules.md §0.
CONFIRMED = "CONFIRMED-SECONDARY"
UNCONFIRMED = "UNCONFIRMED"

VETO = "veto"
DEDUCTION = "deduction"
BONUS = "bonus"

SITE = "site"
ACCOUNT = "account"

DEDUCTION_TOTAL = Decimal(100)  # "扣分指标分值为100分" (§4.1)
BONUS_TOTAL = Decimal(30)  # "加分指标分值为30分" (§4.1)
FAIL_BELOW = Decimal(60)  # "如评分结果低于60分，判定为不合格网站" (§4.1)
BONUS_ABOVE = Decimal(80)  # "高于80分，则进入加分指标评分环节" (§4.1)
NO_SERVICE_TOTAL = Decimal(75)  # "以75分为满分，结果乘以4/3" (§4.1)

# 一级指标 of the deduction part and their points (§4.4, CONFIRMED-SECONDARY: 31+25+23+21 = 100).
GROUPS: dict[str, tuple[str, Decimal]] = {
    "publish": ("发布解读", Decimal(31)),
    "service": ("办事服务", Decimal(25)),
    "interaction": ("互动交流", Decimal(23)),
    "function": ("功能设计", Decimal(21)),
    "account": ("政务新媒体", Decimal(100)),  # provincial deductions for accounts (§4.4 note)
    "bonus": ("加分指标", BONUS_TOTAL),
}


@dataclass(frozen=True)
class Indicator:
    """One row of the table.

    veto: fires when the indicator's count reaches `threshold`.
    deduction / bonus: `points` per counted instance, at most `cap` for the indicator.
    """

    code: str
    label: str  # Chinese, as in rules.md
    kind: str  # VETO, DEDUCTION or BONUS
    applies_to: str  # SITE or ACCOUNT
    group: str = ""
    points: Decimal = Decimal(0)
    cap: Decimal = Decimal(0)
    threshold: int = 1
    confidence: str = UNCONFIRMED
    source: str = ""
    enabled: bool = True

    @property
    def is_unconfirmed(self) -> bool:
        return self.confidence == UNCONFIRMED


def _d(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _veto(code: str, label: str, applies_to: str, *, threshold: int = 1, **kw: Any) -> Indicator:
    return Indicator(code, label, VETO, applies_to, threshold=threshold, **kw)


def _deduct(code: str, label: str, group: str, points: Any, cap: Any, **kw: Any) -> Indicator:
    applies_to = ACCOUNT if group == "account" else SITE
    return Indicator(code, label, DEDUCTION, applies_to, group, _d(points), _d(cap), **kw)


_S42 = "rules.md §4.2 (国办秘函〔2019〕19号 单项否决)"
_S43 = "rules.md §4.3 (单项否决 — 政务新媒体)"
_S44 = "rules.md §4.4 (扣分指标)"

DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    # --- 单项否决: websites (§4.2) -------------------------------------------------------------
    _veto(
        "site.veto.security", "安全、泄密事故等严重问题", SITE, confidence=CONFIRMED, source=_S42
    ),
    _veto(
        "site.veto.unreachable",
        "站点无法访问（监测1周，每天20次以上，≥15秒打不开占比≥5%）",
        SITE,
        confidence=CONFIRMED,
        source=_S42,
    ),
    _veto(
        "site.veto.home_not_updated",
        "首页不更新（监测2周）",
        SITE,
        confidence=CONFIRMED,
        source=_S42,
    ),
    _veto(
        "site.veto.columns_not_updated",
        "栏目不更新：动态要闻类（2周）、通知公告与政策文件类一级栏目（6个月）累计≥5个未更新",
        SITE,
        threshold=5,
        confidence=CONFIRMED,
        source=_S42,
    ),
    _veto(
        "site.veto.columns_long_stale",
        "栏目不更新：应更新但长期未更新的栏目≥10个",
        SITE,
        threshold=10,
        confidence=CONFIRMED,
        source=_S42 + "; the 1-year window is UNCONFIRMED",
    ),
    _veto(
        "site.veto.blank_columns",
        "栏目不更新：空白栏目≥5个",
        SITE,
        threshold=5,
        confidence=CONFIRMED,
        source=_S42,
    ),
    _veto(
        "site.veto.interaction",
        "互动回应差（无有效咨询建言渠道，或超过3个月未回应有效留言）",
        SITE,
        confidence=CONFIRMED,
        source=_S42,
    ),
    _veto(
        "site.veto.service",
        "服务不实用（未提供办事服务，或办事指南要素缺失）",
        SITE,
        confidence=UNCONFIRMED,
        source=_S42 + "; the threshold of item 2 was cut off",
    ),
    # --- 单项否决: 政务新媒体 (§4.3) ------------------------------------------------------------
    _veto(
        "account.veto.not_updated",
        "内容不更新（监测时间点前2周内无更新）",
        ACCOUNT,
        confidence=CONFIRMED,
        source=_S43,
    ),
    _veto(
        "account.veto.interaction",
        "互动回应差（未提供有效互动功能）",
        ACCOUNT,
        confidence=CONFIRMED,
        source=_S43,
    ),
    _veto(
        "account.veto.security",
        "安全、泄密事故等严重问题",
        ACCOUNT,
        confidence=UNCONFIRMED,
        source=_S43 + "; the list for new media is UNCONFIRMED",
    ),
    # --- 扣分指标: websites (§4.4) --------------------------------------------------------------
    _deduct(
        "site.policy_column_stale",
        "政策文件类一级栏目监测时间点前6个月内未更新",
        "publish",
        5,
        5,
        confidence=CONFIRMED,
        source=_S44 + " (国管局 2019-Q2 self-inspection)",
    ),
    _deduct(
        "site.column_stale",
        "应更新未更新栏目",
        "publish",
        5,
        15,
        source=_S44 + " (believed about −5 per column)",
    ),
    _deduct("site.blank_column", "空白栏目", "publish", 5, 15, source=_S44),
    _deduct(
        "site.service_stats_stale",
        "办事统计数据监测时间点前3个月内未更新",
        "service",
        2,
        2,
        confidence=CONFIRMED,
        source=_S44 + " (国管局 2019-Q2 self-inspection)",
    ),
    _deduct(
        "site.reply_stale",
        "留言答复监测时间点前2个月内未更新",
        "interaction",
        3,
        3,
        confidence=CONFIRMED,
        source=_S44 + " (国管局 2019-Q2 self-inspection)",
    ),
    _deduct(
        "site.availability",
        "可用性：首页≥15秒打不开次数占比≥1%",
        "function",
        5,
        5,
        source=_S44,
    ),
    _deduct("site.dead_link_home", "首页链接不可用（每个）", "function", 1, 5, source=_S44),
    _deduct(
        "site.dead_link_other", "其他页面链接不可用（每个）", "function", "0.1", 5, source=_S44
    ),
    _deduct(
        "site.footer_identification",
        "页面底部缺少党政机关标识、网站标识码、ICP备案号或公安机关备案号（每项）",
        "function",
        1,
        4,
        source=_S44 + "; rules.md §6.1",
    ),
    _deduct("site.search_broken", "站内搜索不可用", "function", 2, 2, source=_S44),
    _deduct(
        "site.text_problem",
        "页面文字问题：个人信息、敏感词、错误表述（每处）",
        "publish",
        1,
        5,
        source=_S44 + " (内容准确)",
    ),
    # --- 扣分 for accounts: provincial practice, all UNCONFIRMED (§4.4 note, §5) --------------
    _deduct("account.update_late", "更新不及时（未达更新频次）", "account", 5, 20, source=_S44),
    _deduct("account.reply_late", "互动回应不及时", "account", 5, 20, source=_S44),
    _deduct("account.function_broken", "功能无法使用、空白菜单", "account", 5, 20, source=_S44),
    _deduct(
        "account.not_filed",
        "账号未备案或变更未备案",
        "account",
        5,
        10,
        source="rules.md §5 (filing)",
    ),
    # --- 加分指标 (§4.1: 30 points; the items are UNCONFIRMED) --------------------------------
    Indicator(
        "site.bonus.data_release",
        "数据发布",
        BONUS,
        SITE,
        "bonus",
        Decimal(5),
        Decimal(10),
        source="rules.md §4.4 (NSFC mentions 信息发布中的数据发布)",
    ),
)


@dataclass(frozen=True)
class Table:
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS

    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    def get(self, code: str) -> Indicator | None:
        return self.by_code().get(code)


DEFAULT_TABLE = Table()

EDITABLE_FIELDS = ("points", "cap", "threshold", "enabled", "confidence")


def apply_overrides(table: Table, overrides: Mapping[str, Mapping[str, Any]]) -> Table:
    """The table with the district's edits (code → {field: value}) folded in. Unknown codes
    are ignored; only EDITABLE_FIELDS change."""
    rows = []
    for indicator in table.indicators:
        changes = {
            k: v for k, v in overrides.get(indicator.code, {}).items() if k in EDITABLE_FIELDS
        }
        for name in ("points", "cap"):
            if name in changes:
                changes[name] = _d(changes[name])
        if "threshold" in changes:
            changes["threshold"] = int(changes["threshold"])
        rows.append(replace(indicator, **changes) if changes else indicator)
    return Table(tuple(rows))


@dataclass(frozen=True)
class IndicatorFinding:
    """What the checks found for one indicator: how many instances, with their evidence."""

    count: int = 1
    evidence: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    kind: str
    count: int
    points: Decimal  # deducted (positive) or added for a bonus; 0 for a veto line
    fired: bool  # veto reached its threshold / deduction or bonus applied
    confidence: str
    evidence: tuple[Mapping[str, Any], ...] = ()


# Verdicts.
FAILED_VETO = "failed_veto"  # 单项否决 → 不合格
FAILED_SCORE = "failed_score"  # below 60 → 不合格
PASSED = "passed"
PASSED_BONUS = "passed_bonus"  # above 80: the bonus stage was scored

VERDICT_LABELS = {
    FAILED_VETO: "不合格（单项否决）",
    FAILED_SCORE: "不合格（低于60分）",
    PASSED: "合格",
    PASSED_BONUS: "合格（进入加分环节）",
}


@dataclass(frozen=True)
class Scorecard:
    subject_kind: str
    verdict: str
    deduction_score: Decimal | None  # None when a veto item fired (nothing else is scored)
    bonus: Decimal
    total: Decimal | None
    vetoes: tuple[str, ...]
    lines: tuple[Line, ...] = field(default_factory=tuple)
    uses_unconfirmed: bool = False

    @property
    def is_qualified(self) -> bool:
        return self.verdict in (PASSED, PASSED_BONUS)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    def as_dict(self) -> dict[str, Any]:
        def num(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "subject_kind": self.subject_kind,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "deduction_score": num(self.deduction_score),
            "bonus": str(self.bonus),
            "total": num(self.total),
            "vetoes": list(self.vetoes),
            "uses_unconfirmed": self.uses_unconfirmed,
            "lines": [
                {
                    "code": line.code,
                    "label": line.label,
                    "kind": line.kind,
                    "count": line.count,
                    "points": str(line.points),
                    "fired": line.fired,
                    "confidence": line.confidence,
                    "evidence": [dict(e) for e in line.evidence],
                }
                for line in self.lines
            ],
        }


def _normalise(
    findings: Mapping[str, IndicatorFinding | int | Iterable[Mapping[str, Any]]],
) -> dict[str, IndicatorFinding]:
    out: dict[str, IndicatorFinding] = {}
    for code, value in findings.items():
        if isinstance(value, IndicatorFinding):
            out[code] = value
        elif isinstance(value, bool):
            raise TypeError(f"count of {code} must be an int, not bool")
        elif isinstance(value, int):
            out[code] = IndicatorFinding(count=value)
        else:
            evidence = tuple(value)
            out[code] = IndicatorFinding(count=len(evidence), evidence=evidence)
        if out[code].count < 0:
            raise ValueError(f"negative count for {code}")
    return out


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute_scorecard(
    findings: Mapping[str, IndicatorFinding | int | Iterable[Mapping[str, Any]]],
    *,
    table: Table = DEFAULT_TABLE,
    subject_kind: str = SITE,
    without_services: bool = False,
) -> Scorecard:
    """Fold the findings into a scorecard (rules.md §4.1).

    `findings` maps an indicator code to an IndicatorFinding, a count, or a list of evidence
    dicts (count = its length). Codes the table does not know, disabled indicators and
    indicators of the other subject kind are ignored. `without_services`: a 国务院部门 site
    without external services — the 办事服务 group is not scored and the rest is scaled from
    75 to 100 (× 4/3).
    """
    if subject_kind not in (SITE, ACCOUNT):
        raise ValueError(f"unknown subject kind {subject_kind!r}")
    found = _normalise(findings)
    indicators = [
        i
        for i in table.indicators
        if i.enabled
        and i.applies_to == subject_kind
        and not (without_services and i.group == "service")
    ]
    lines: list[Line] = []
    vetoes: list[str] = []
    uses_unconfirmed = False
    for indicator in indicators:
        if indicator.kind != VETO or indicator.code not in found:
            continue
        hit = found[indicator.code]
        fired = hit.count >= max(indicator.threshold, 1)
        lines.append(
            Line(
                indicator.code,
                indicator.label,
                VETO,
                hit.count,
                Decimal(0),
                fired,
                indicator.confidence,
                hit.evidence,
            )
        )
        if fired:
            vetoes.append(indicator.code)
            uses_unconfirmed |= indicator.is_unconfirmed
    if vetoes:
        return Scorecard(
            subject_kind,
            FAILED_VETO,
            None,
            Decimal(0),
            None,
            tuple(vetoes),
            tuple(lines),
            uses_unconfirmed,
        )

    deducted = Decimal(0)
    for indicator in indicators:
        if indicator.kind != DEDUCTION or indicator.code not in found:
            continue
        hit = found[indicator.code]
        if hit.count == 0:
            continue
        points = min(indicator.points * hit.count, indicator.cap)
        deducted += points
        uses_unconfirmed |= indicator.is_unconfirmed and points > 0
        lines.append(
            Line(
                indicator.code,
                indicator.label,
                DEDUCTION,
                hit.count,
                points,
                points > 0,
                indicator.confidence,
                hit.evidence,
            )
        )
    if subject_kind == SITE and without_services:
        score = _round((NO_SERVICE_TOTAL - deducted) * Decimal(4) / Decimal(3))
    else:
        score = _round(DEDUCTION_TOTAL - deducted)
    score = max(score, Decimal(0))

    if score < FAIL_BELOW:
        return Scorecard(
            subject_kind,
            FAILED_SCORE,
            score,
            Decimal(0),
            score,
            (),
            tuple(lines),
            uses_unconfirmed,
        )
    bonus = Decimal(0)
    verdict = PASSED
    if score > BONUS_ABOVE:
        verdict = PASSED_BONUS
        for indicator in indicators:
            if indicator.kind != BONUS or indicator.code not in found:
                continue
            hit = found[indicator.code]
            points = min(indicator.points * hit.count, indicator.cap)
            uses_unconfirmed |= indicator.is_unconfirmed and points > 0
            bonus += points
            lines.append(
                Line(
                    indicator.code,
                    indicator.label,
                    BONUS,
                    hit.count,
                    points,
                    points > 0,
                    indicator.confidence,
                    hit.evidence,
                )
            )
        bonus = min(bonus, BONUS_TOTAL)
    return Scorecard(
        subject_kind, verdict, score, bonus, score + bonus, (), tuple(lines), uses_unconfirmed
    )
