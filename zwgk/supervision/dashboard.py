"""The district office's dashboards: per unit and for the district, over a period —
applications (volume, outcomes, timeliness, 复议/诉讼 correction rates against the 2% target of
铜府办发〔2019〕16号), proactive disclosure (volume, timeliness, interpretations), every
registered problem source's counts (monitoring, mailbox, 舆情 … as their apps register them),
and the annual-report status.

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
from zwgk.orgs.models import Unit

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
    problems: Counter[str] = field(default_factory=Counter)

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
    )


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
    return [
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
