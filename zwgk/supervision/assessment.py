"""考核: scores of the district's units for a year against an indicator table
(indicators.py) — computed from the records where the indicator says so (the dashboard's
tables, the annual-report status, 通报 rectifications, spot-check results, the problem
registry), entered with evidence where not — totals and the ranking the district office may
publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.orgs.models import Unit

from . import dashboard, problems, selectors, spotchecks, statute
from .indicators import TABLES, Indicator, Table
from .models import AnnualReport, Assessment, AssessmentScore, BulletinItem
from .permissions import supervises

CENT = Decimal("0.01")
MONITORING_PREFIXES = ("monitoring.", "newmedia.")


class AssessmentError(DomainError):
    pass


def _q(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def units_of(district: Unit) -> list[Unit]:
    return list(Unit.objects.within(district).filter(is_active=True).exclude(pk=district.pk))


def compute(
    table: Table, units: list[Unit], year: int, today: date
) -> dict[tuple[int, str], tuple[Decimal | None, str]]:
    """(unit id, indicator) → (computed points or None, basis) for every computed indicator."""
    period = dashboard.Period(date(year, 1, 1), min(date(year, 12, 31), today))
    board = dashboard.build(units, period, today)
    rows = {row.unit.pk: row for row in board.rows}
    ids = [u.pk for u in units]
    found = problems.collect(period.start, period.end, ids)
    rates = spotchecks.pass_rates(ids, year)
    out: dict[tuple[int, str], tuple[Decimal | None, str]] = {}
    for unit in units:
        row = rows[unit.pk]
        mine = [p for p in found if p.unit_id == unit.pk]
        for ind in table.indicators:
            if ind.method != "computed":
                continue
            out[(unit.pk, ind.key)] = _one(ind, unit, row, mine, rates.get(unit.pk), year, today)
    return out


def _one(
    ind: Indicator,
    unit: Unit,
    row: Any,
    mine: list[problems.Problem],
    rate: Any,
    year: int,
    today: date,
) -> tuple[Decimal | None, str]:
    p = ind.points
    if ind.key == "proactive_timely":
        if not row.published:
            return None, "本年无主动公开文件"
        return _q(
            p * Decimal(row.published_on_time_share)
        ), f"按时公开{row.published - row.published_late}/{row.published}件"
    if ind.key == "interpretation":
        missing = sum(1 for x in mine if x.source == "documents.missing_interpretation")
        return _q(max(Decimal(0), p - 2 * missing)), f"未同步解读{missing}件"
    if ind.key == "requests_timely":
        if not row.replied:
            return p, "本年无答复"
        return _q(
            p * Decimal(row.on_time_share)
        ), f"按期答复{row.replied - row.replied_late}/{row.replied}件"
    if ind.key == "appeals":
        return (Decimal(0) if row.appeal_alert else p), (
            f"复议纠错{row.reconsiderations_corrected}/{row.reconsiderations_decided}，"
            f"诉讼败诉{row.litigations_lost}/{row.litigations_decided}"
        )
    if ind.key == "annual_report":
        report = AnnualReport.objects.filter(unit=unit, year=year - 1).first()
        published = selectors.published_on(report)
        due = statute.due_date(year - 1, is_district=False)
        if published is None:
            return Decimal(0), f"{year - 1}年度报告未公布"
        if published > due:
            return _q(p / 2), f"{year - 1}年度报告{published:%Y-%m-%d}公布（逾期）"
        return p, f"{year - 1}年度报告{published:%Y-%m-%d}公布"
    if ind.key == "rectification":
        items = BulletinItem.objects.filter(
            unit=unit, is_included=True, bulletin__status="issued", bulletin__issued_at__year=year
        )
        total = items.count()
        if not total:
            return p, "本年未被通报"
        on_time = sum(
            1
            for i in items
            if i.responded_at and timezone.localdate(i.responded_at) <= i.rectify_by
        )
        return _q(p * Decimal(on_time) / total), f"按期整改{on_time}/{total}项"
    if ind.key == "spot_checks":
        if not rate:
            return None, "本年未被抽查"
        ok, total = rate
        return _q(p * Decimal(ok) / total), f"抽查合格{ok}/{total}件"
    if ind.key == "veto":
        vetoes = [
            x
            for x in mine
            if x.severity == problems.VETO and x.source.startswith(MONITORING_PREFIXES)
        ]
        return (Decimal(1) if vetoes else Decimal(0)), (
            f"单项否决问题{len(vetoes)}个" if vetoes else "无单项否决问题"
        )
    if ind.key == "base":
        return p, "扣分指标满分"
    raise AssessmentError(f"指标“{ind.key}”没有计算方法。")


def can_manage(user: Any, assessment: Assessment) -> bool:
    return supervises(user, assessment.district)


@transaction.atomic
def start_assessment(*, by: Any, at: datetime, district: Unit, year: int, table: str) -> Assessment:
    if not supervises(by, district) or district.parent_id is not None:
        raise PermissionDeniedError("只有区政府办的督查人员可以组织考核。")
    if table not in TABLES:
        raise AssessmentError("请选择考核指标表。")
    today = timezone.localdate(at)
    if not 2019 <= year <= today.year:
        raise AssessmentError(f"考核年度应在2019至{today.year}年之间。")
    assessment, created = Assessment.objects.get_or_create(
        district=district, year=year, table=table, defaults={"created_by": by, "created_at": at}
    )
    if created:
        audit.record(
            action="supervision.assessment.started",
            by=by,
            at=at,
            target=assessment,
            after={"year": year, "table": table},
        )
    _recompute(assessment, by=by, at=at)
    return assessment


def _recompute(assessment: Assessment, *, by: Any, at: datetime) -> None:
    table = TABLES[assessment.table]
    units = units_of(assessment.district)
    values = compute(table, units, assessment.year, timezone.localdate(at))
    for unit in units:
        for ind in table.indicators:
            score, _ = AssessmentScore.objects.get_or_create(
                assessment=assessment, unit=unit, indicator=ind.key
            )
            if ind.method == "computed":
                score.computed, score.basis = values[(unit.pk, ind.key)]
                score.basis = score.basis[:300]
                score.save(update_fields=["computed", "basis"])


@transaction.atomic
def recompute(*, by: Any, at: datetime, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not can_manage(by, assessment):
        raise PermissionDeniedError("只有区政府办的督查人员可以计算考核得分。")
    if assessment.is_published:
        raise AssessmentError("考核结果已公布，不能重新计算。")
    _recompute(assessment, by=by, at=at)
    audit.record(action="supervision.assessment.recomputed", by=by, at=at, target=assessment)
    return assessment


@transaction.atomic
def enter_score(
    *,
    by: Any,
    at: datetime,
    assessment: Assessment,
    unit: Unit,
    indicator: str,
    points: str,
    evidence: str,
) -> AssessmentScore:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not can_manage(by, assessment):
        raise PermissionDeniedError("只有区政府办的督查人员可以填写考核得分。")
    if assessment.is_published:
        raise AssessmentError("考核结果已公布，不能修改。")
    table = TABLES[assessment.table]
    ind = next((i for i in table.indicators if i.key == indicator), None)
    if ind is None:
        raise AssessmentError("没有这项指标。")
    score = AssessmentScore.objects.filter(
        assessment=assessment, unit=unit, indicator=indicator
    ).first()
    if score is None:
        raise AssessmentError("该单位不在本次考核范围内。")
    text = points.strip()
    evidence = evidence.strip()
    if text == "":
        value = None
    else:
        try:
            value = Decimal(text).quantize(CENT)
        except InvalidOperation:
            raise AssessmentError("得分请填写数字。") from None
        if not value.is_finite():
            raise AssessmentError("得分请填写数字。")
        limit = abs(ind.points) if ind.points else Decimal(100)
        low, high = {
            "score": (Decimal(0), ind.points),
            "deduct": (-Decimal(100), Decimal(0)),
            "bonus": (Decimal(0), limit),
            "veto": (Decimal(0), Decimal(1)),
            "base": (Decimal(0), ind.points),
        }[ind.kind]
        if not low <= value <= high:
            raise AssessmentError(f"“{ind.label}”的得分应在{low}至{high}之间。")
        if not evidence or len(evidence) > 2000:
            raise AssessmentError("填写或更正得分须写明依据（不超过2000字）。")
    before = {"entered": None if score.entered is None else str(score.entered)}
    score.entered, score.evidence, score.entered_by = (
        value,
        evidence if value is not None else "",
        by,
    )
    score.save()
    audit.record(
        action="supervision.assessment.scored",
        by=by,
        at=at,
        target=assessment,
        unit=unit,
        before=before,
        after={"indicator": indicator, "entered": None if value is None else str(value)},
    )
    return score


@dataclass
class Result:
    unit: Unit
    scores: dict[str, AssessmentScore]
    total: Decimal | None  # None while an indicator has no points
    vetoed: bool
    rank: int = 0

    @property
    def grade(self) -> str:
        if self.vetoed:
            return "不合格（单项否决）"
        return ""


def results(assessment: Assessment) -> list[Result]:
    """Totals per unit and the ranking (ties share a rank; incomplete totals last)."""
    table = TABLES[assessment.table]
    by_unit: dict[int, dict[str, AssessmentScore]] = {}
    units: dict[int, Unit] = {}
    for score in assessment.scores.select_related("unit"):
        by_unit.setdefault(score.unit_id, {})[score.indicator] = score
        units[score.unit_id] = score.unit
    out = []
    for unit_id, scores in by_unit.items():
        vetoed = False
        total = Decimal(0)
        bonus = Decimal(0)
        complete = True
        for ind in table.indicators:
            found = scores.get(ind.key)
            points = found.points if found else None
            if points is None:
                if ind.kind in ("score", "base", "veto"):
                    complete = False
                continue
            if ind.kind == "veto":
                vetoed = points >= 1
            elif ind.kind == "bonus":
                bonus += points
            else:
                total += points
        total = max(total, Decimal(0))
        if table.bonus_cap is not None:
            bonus = min(bonus, table.bonus_cap)
        total += bonus
        if vetoed:
            total = Decimal(0)
        out.append(Result(units[unit_id], scores, total if complete else None, vetoed))
    out.sort(key=lambda r: (r.total is None, -(r.total or 0), r.unit.path))
    rank = 0
    previous: Decimal | None = None
    for i, result in enumerate(out, start=1):
        if result.total is None:
            continue
        if result.total != previous:
            rank, previous = i, result.total
        result.rank = rank
    return out


@transaction.atomic
def publish_assessment(*, by: Any, at: datetime, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not can_manage(by, assessment):
        raise PermissionDeniedError("只有区政府办的督查人员可以公布考核结果。")
    if assessment.is_published:
        raise AssessmentError("考核结果已公布。")
    missing = [r.unit.name for r in results(assessment) if r.total is None]
    if missing:
        raise AssessmentError("以下单位还有指标未得分，不能公布：" + "、".join(missing[:10]))
    assessment.is_published, assessment.published_at = True, at
    assessment.save()
    audit.record(action="supervision.assessment.published", by=by, at=at, target=assessment)
    return assessment
