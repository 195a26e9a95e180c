"""The district office's dashboards: per unit and for the district, over a period —
applications (volume, outcomes, timeliness, 复议/诉讼 correction rates against the 2% target of
铜府办发〔2019〕16号), proactive disclosure (volume, timeliness, interpretations), every
registered problem source's counts (monitoring, mailbox, 舆情 … as their apps register them),
monitoring's latest scorecards and open 整改 (zwgk.monitoring.selectors), the mailbox's
letters answered in time (zwgk.mailbox.selectors, its stats), 舆情 responses on time
(zwgk.sentiment.selectors), and the annual-report status.

One selector computes each table; the SVG charts (svg.py) and the XLSX export draw the same
tables. Reads only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from zwgk.disclosure_requests.models import Appeal, DisclosureRequest
from zwgk.disclosure_requests.selectors import overdue_in_units
from zwgk.disclosure_requests.statute import (
    APPEAL_ALERT_SHARE,
    TABLE3_RESULT_ROWS,
    AppealKind,
    AppealResult,
)
from zwgk.documents.models import Document, Status
from zwgk.mailbox.selectors import letter_counts_for_units
from zwgk.monitoring.selectors import (
    LatestScore,
    count_open_rectifications_by_unit,
    list_latest_scorecards,
)
from zwgk.orgs.models import Unit
from zwgk.sentiment.selectors import response_tally_by_unit

from . import problems

OUTCOME_GROUPS: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((key.split(".")[0], group) for key, group, _label in TABLE3_RESULT_ROWS)
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.end, time.max)),
        )


def default_period(today: date) -> Period:
    """This year to date."""
    return Period(date(today.year, 1, 1), today)


@dataclass
class UnitRow:
    unit: Unit
    received: int = 0
    replied: int = 0
    replied_late: int = 0
    overdue_open: int = 0
    reconsiderations: int = 0
    reconsiderations_decided: int = 0
    reconsiderations_corrected: int = 0
    litigations: int = 0
    litigations_decided: int = 0
    litigations_lost: int = 0
    published: int = 0
    published_late: int = 0
    interpretations: int = 0
    rectifications_awaiting_unit: int = 0
    rectifications_awaiting_recheck: int = 0
    rectifications_overdue: int = 0
    letters_received: int = 0
    letters_answered: int = 0
    letters_in_time: int = 0
    letters_late: int = 0
    letters_open_overdue: int = 0
    sentiment_cases: int = 0
    responses_due: int = 0
    responses_on_time: int = 0
    responses_late: int = 0
    responses_pending: int = 0
    problems: Counter[str] = field(default_factory=Counter)

    @property
    def rectifications_open(self) -> int:
        return self.rectifications_awaiting_unit + self.rectifications_awaiting_recheck

    @property
    def letters_overdue(self) -> int:
        """Answered late plus still unanswered after the due date (mailbox.stats.Counts)."""
        return self.letters_late + self.letters_open_overdue

    @property
    def letters_in_time_share(self) -> float | None:
        return None if not self.letters_answered else self.letters_in_time / self.letters_answered

    @property
    def responses_on_time_share(self) -> float | None:
        met = self.responses_on_time + self.responses_late
        return None if not met else self.responses_on_time / met

    @property
    def on_time_share(self) -> float | None:
        return None if not self.replied else (self.replied - self.replied_late) / self.replied

    @property
    def corrected_share(self) -> float | None:
        if not self.reconsiderations_decided:
            return None
        return self.reconsiderations_corrected / self.reconsiderations_decided

    @property
    def lost_share(self) -> float | None:
        return (
            None
            if not self.litigations_decided
            else self.litigations_lost / self.litigations_decided
        )

    @property
    def appeal_alert(self) -> bool:
        return any(
            s is not None and s > APPEAL_ALERT_SHARE
            for s in (self.corrected_share, self.lost_share)
        )

    @property
    def published_on_time_share(self) -> float | None:
        if not self.published:
            return None
        return (self.published - self.published_late) / self.published

    @property
    def problem_total(self) -> int:
        return sum(self.problems.values())


@dataclass
class Dashboard:
    period: Period
    rows: list[UnitRow]
    total: UnitRow
    outcomes: list[tuple[str, int]]
    sources: list[str]
    source_kinds: dict[str, str]
    scorecards: list[LatestScore] = field(default_factory=list)
    alert_share: float = APPEAL_ALERT_SHARE


def _counts(qs: Any, key: str) -> dict[int, int]:
    return dict(qs.values(key).annotate(n=Count("pk", distinct=True)).values_list(key, "n"))


def build(units: list[Unit], period: Period, today: date) -> Dashboard:
    """The tables for `units` (each a row) over `period`; `total` sums them."""
    ids = [u.pk for u in units]
    rows = {u.pk: UnitRow(u) for u in units}
    low, high = period.bounds()
    requests = DisclosureRequest.objects.filter(handling_unit_id__in=ids)
    received = requests.filter(
        Q(receipt_date__range=(period.start, period.end))
        | Q(receipt_date__isnull=True, received_at__range=(low, high))
    )
    replied = requests.filter(reply__reply_date__range=(period.start, period.end))
    late = replied.filter(reply_due_date__isnull=False, reply__reply_date__gt=F("reply_due_date"))
    overdue = overdue_in_units(ids, today)
    appeals = Appeal.objects.filter(unit_id__in=ids)
    filed = appeals.filter(filed_on__range=(period.start, period.end))
    decided = appeals.filter(decided_on__range=(period.start, period.end)).exclude(
        result=AppealResult.PENDING
    )
    recon, litig = Q(kind=AppealKind.RECONSIDERATION), Q(kind=AppealKind.LITIGATION)
    corrected = Q(result=AppealResult.CORRECTED)
    docs = Document.objects.filter(
        publishing_unit_id__in=ids, status=Status.PUBLISHED, published_at__range=(low, high)
    )
    late_docs = docs.annotate(day=TruncDate("published_at")).filter(
        publish_due_date__isnull=False, day__gt=F("publish_due_date")
    )
    tallies = {
        "received": _counts(received, "handling_unit_id"),
        "replied": _counts(replied, "handling_unit_id"),
        "replied_late": _counts(late, "handling_unit_id"),
        "overdue_open": _counts(overdue, "handling_unit_id"),
        "reconsiderations": _counts(filed.filter(recon), "unit_id"),
        "litigations": _counts(filed.filter(litig), "unit_id"),
        "reconsiderations_decided": _counts(decided.filter(recon), "unit_id"),
        "reconsiderations_corrected": _counts(decided.filter(recon & corrected), "unit_id"),
        "litigations_decided": _counts(decided.filter(litig), "unit_id"),
        "litigations_lost": _counts(decided.filter(litig & corrected), "unit_id"),
        "published": _counts(docs.filter(interprets__isnull=True), "publishing_unit_id"),
        "published_late": _counts(late_docs.filter(interprets__isnull=True), "publishing_unit_id"),
        "interpretations": _counts(docs.filter(interprets__isnull=False), "publishing_unit_id"),
    }
    tallies.update(_other_registers(ids, period, today))
    for name, by_unit in tallies.items():
        for unit_id, n in by_unit.items():
            setattr(rows[unit_id], name, n)
    found = problems.collect(period.start, period.end, ids)
    kinds: dict[str, str] = {}
    for problem in found:
        if problem.unit_id in rows:
            rows[problem.unit_id].problems[problem.source] += 1
            kinds.setdefault(problem.source, problem.kind)
    outcome_counts = dict(
        replied.values("reply__table3_row")
        .annotate(n=Count("pk"))
        .values_list("reply__table3_row", "n")
    )
    outcomes = [
        (label, sum(n for key, n in outcome_counts.items() if key.split(".")[0] == prefix))
        for prefix, label in OUTCOME_GROUPS
    ]
    total = UnitRow(Unit(name="合计"))
    for row in rows.values():
        for name in tallies:
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.problems.update(row.problems)
    return Dashboard(
        period=period,
        rows=list(rows.values()),
        total=total,
        outcomes=outcomes,
        sources=problems.source_names(),
        source_kinds=kinds,
        scorecards=list_latest_scorecards(ids),
    )


def _other_registers(ids: list[int], period: Period, today: date) -> dict[str, dict[int, int]]:
    """Per-unit figures from monitoring (open 整改), the mailbox (its stats.Counts) and 舆情
    (response timers), each read through that app's selector."""
    found: dict[str, dict[int, int]] = {}

    def put(name: str, unit_id: int, n: int) -> None:
        found.setdefault(name, {})[unit_id] = n

    for unit_id, rect in count_open_rectifications_by_unit(ids, today).items():
        put("rectifications_awaiting_unit", unit_id, rect.awaiting_unit)
        put("rectifications_awaiting_recheck", unit_id, rect.awaiting_recheck)
        put("rectifications_overdue", unit_id, rect.overdue)
    # Letters received in the period, answered by today (as the mailbox's statistics page).
    for unit_id, c in letter_counts_for_units(ids, period.start, period.end, as_of=today).items():
        put("letters_received", unit_id, c.received)
        put("letters_answered", unit_id, c.answered)
        put("letters_in_time", unit_id, c.answered_in_time)
        put("letters_late", unit_id, c.answered_late)
        put("letters_open_overdue", unit_id, c.unanswered_overdue)
    now = timezone.now()
    for unit_id, r in response_tally_by_unit(ids, period.start, period.end, now=now).items():
        put("sentiment_cases", unit_id, r.cases)
        put("responses_due", unit_id, r.due)
        put("responses_on_time", unit_id, r.on_time)
        put("responses_late", unit_id, r.late)
        put("responses_pending", unit_id, r.pending)
    return found


def unit_problems(unit: Unit, period: Period) -> list[problems.Problem]:
    return problems.collect(period.start, period.end, [unit.pk])


def overdue_applications(unit: Unit, today: date) -> Any:
    return overdue_in_units([unit.pk], today).order_by("due_date", "pk")


# --- Tables (what the page shows, the charts draw and the XLSX holds) -----------------------------


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def tables(board: Dashboard) -> list[dict[str, Any]]:
    """Each table: title, header, rows (label, values…), and the column the chart draws."""

    def label(row: UnitRow) -> str:
        return row.unit.short_name or row.unit.name

    everyone = [*board.rows, board.total]
    unit_names = {r.unit.pk: label(r) for r in board.rows}
    found: list[dict[str, Any]] = [
        {
            "key": "applications",
            "title": "依申请公开：收件、答复与及时性",
            "header": ["单位", "新收申请", "已答复", "超期答复", "按时答复率", "当前逾期未办结"],
            "rows": [
                [
                    label(r),
                    r.received,
                    r.replied,
                    r.replied_late,
                    _pct(r.on_time_share),
                    r.overdue_open,
                ]
                for r in everyone
            ],
            "chart": 1,
        },
        {
            "key": "appeals",
            "title": f"行政复议、行政诉讼（纠正率目标：{APPEAL_ALERT_SHARE * 100:.0f}%以内）",
            "header": [
                "单位",
                "复议申请",
                "复议已决",
                "复议纠正",
                "复议纠正率",
                "诉讼",
                "诉讼已决",
                "诉讼败诉",
                "败诉率",
                "超过目标",
            ],
            "rows": [
                [
                    label(r),
                    r.reconsiderations,
                    r.reconsiderations_decided,
                    r.reconsiderations_corrected,
                    _pct(r.corrected_share),
                    r.litigations,
                    r.litigations_decided,
                    r.litigations_lost,
                    _pct(r.lost_share),
                    "是" if r.appeal_alert else "否",
                ]
                for r in everyone
            ],
            "chart": 1,
        },
        {
            "key": "outcomes",
            "title": "依申请公开办理结果（全部所选单位）",
            "header": ["办理结果", "件数"],
            "rows": [[name, n] for name, n in board.outcomes],
            "chart": 1,
        },
        {
            "key": "proactive",
            "title": "主动公开：发布、及时性与政策解读",
            "header": ["单位", "主动公开", "超过20个工作日公开", "按时公开率", "政策解读"],
            "rows": [
                [
                    label(r),
                    r.published,
                    r.published_late,
                    _pct(r.published_on_time_share),
                    r.interpretations,
                ]
                for r in everyone
            ],
            "chart": 1,
        },
        {
            "key": "monitoring_scores",
            "title": "网站与政务新媒体监测：最新评分（国办秘函〔2019〕19号）",
            "header": [
                "网站/账号",
                "类型",
                "主办单位",
                "评分时间",
                "得分",
                "合格/不合格",
                "单项否决",
            ],
            "rows": [
                [
                    s.name,
                    "政府网站" if s.kind == "site" else "政务新媒体",
                    unit_names.get(s.unit_id, ""),
                    timezone.localtime(s.computed_at).strftime("%Y-%m-%d"),
                    "—" if s.total is None else float(s.total),
                    s.verdict_label,
                    "、".join(s.vetoes) or "无",
                ]
                for s in board.scorecards
            ],
            "chart": 4,
            "per_unit": False,
            "has_total": False,
        },
        {
            "key": "rectifications",
            "title": "监测整改：未办结的整改通知",
            "header": ["单位", "待单位整改", "已答复待复核", "未办结合计", "逾期未整改"],
            "rows": [
                [
                    label(r),
                    r.rectifications_awaiting_unit,
                    r.rectifications_awaiting_recheck,
                    r.rectifications_open,
                    r.rectifications_overdue,
                ]
                for r in everyone
            ],
            "chart": 3,
        },
        {
            "key": "mailbox",
            "title": "公开信箱：本期收信与按时办理",
            "header": [
                "单位",
                "收到来信",
                "已办结",
                "按时办结",
                "超期办结",
                "超期未办结",
                "超期合计",
                "按时办结率",
            ],
            "rows": [
                [
                    label(r),
                    r.letters_received,
                    r.letters_answered,
                    r.letters_in_time,
                    r.letters_late,
                    r.letters_open_overdue,
                    r.letters_overdue,
                    _pct(r.letters_in_time_share),
                ]
                for r in everyone
            ],
            "chart": 6,
        },
        {
            "key": "sentiment",
            "title": "舆情：本期案件与回应时限",
            "header": [
                "单位",
                "新收舆情",
                "到期回应时限",
                "按时回应",
                "超时回应或未回应",
                "尚未到期",
                "按时回应率",
            ],
            "rows": [
                [
                    label(r),
                    r.sentiment_cases,
                    r.responses_due,
                    r.responses_on_time,
                    r.responses_late,
                    r.responses_pending,
                    _pct(r.responses_on_time_share),
                ]
                for r in everyone
            ],
            "chart": 4,
        },
        {
            "key": "problems",
            "title": "各来源发现的问题（网站监测、整改、信箱、舆情等按各系统登记的问题来源统计）",
            "header": [
                "单位",
                *(f"{board.source_kinds.get(s, s)}（{s}）" for s in board.sources),
                "合计",
            ],
            "rows": [
                [label(r), *(r.problems.get(s, 0) for s in board.sources), r.problem_total]
                for r in everyone
            ],
            "chart": len(board.sources) + 1,
        },
    ]
    for table in found:
        table.setdefault("per_unit", table["key"] != "outcomes")
        table.setdefault("has_total", table["key"] != "outcomes")
        table["chart_label"] = table["header"][table["chart"]]
    return found
