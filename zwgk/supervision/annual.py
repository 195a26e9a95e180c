"""The content of a 政府信息公开工作年度报告 (条例 art. 50; 2021 format, rules.md §3): computed
from the records, combined with what the unit writes, and validated.

- Table 二 (rules.md §3.3): 规章 0 (a district makes none, statute.RULES_NOTE); 行政规范性文件
  from the document register (zwgk.documents.normative.normative_counts); 行政许可, 行政处罚,
  行政强制 from the enforcement register (zwgk.enforcement.selectors.decision_counts), which
  the unit may correct with evidence (its entry wins);
  行政事业性收费 (万元) entered by the unit.
- Tables 三 and 四: exactly zwgk.disclosure_requests.reports.build_report (not recomputed).
- Section 一: drafted here from the figures (this year's and last year's, differences computed)
  and edited by the unit; `validate` checks every figure the draft's phrases state against the
  tables, so an edited figure that no longer matches blocks publication.
- Section 六 starts with the generated sentence on the 信息处理费 collected (paid fee notices).

Reads only; the writes are in services.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Sum

from zwgk.core.errors import DomainError
from zwgk.disclosure_requests import reports as foi
from zwgk.disclosure_requests.models import FeeNotice
from zwgk.documents.models import Document, NormativeRecord, Status
from zwgk.documents.normative import normative_counts
from zwgk.enforcement.selectors import decision_counts
from zwgk.orgs.models import Unit

from . import statute
from .models import AnnualReport

DECISION_KEYS = ("license", "penalty", "coercion")


class AnnualReportError(DomainError):
    """The annual report cannot be made or changed as asked."""


def check_year(year: int, today: date) -> None:
    """Years the system makes a full report for: 2019 (the 2019 条例) to last year — 2019 and
    2020 in the 2019 试行 format (rules.md §3.6), from 2021 in the 2021 format (§3.3–§3.5)."""
    if year < foi.FIRST_YEAR:
        raise AnnualReportError(
            f"{year}年度不适用现行条例的年度报告格式：本系统只生成{foi.FIRST_YEAR}年及以后年度的"
            "政府信息公开工作年度报告。"
        )
    if year >= today.year:
        raise AnnualReportError(f"{year}年尚未结束，只能编制上一年度及以前的年度报告。")


def scope_of(unit: Unit, is_district: bool) -> foi.Scope:
    return foi.district_scope(unit) if is_district else foi.unit_scope(unit)


def report_title(unit: Unit, year: int, is_district: bool) -> str:
    return f"{unit.name}{year}年政府信息公开工作年度报告"


# --- Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The figures section 一 states; each is also in a table (or the register)."""

    proactive: int  # documents published in the year (主动公开政府信息)
    normative_made: int
    normative_repealed: int
    normative_in_force: int
    requests_new: int
    requests_carried_in: int
    requests_finished: int
    requests_carried_out: int
    reconsiderations: int
    litigations: int


def count_proactive(unit_ids: Collection[int], year: int) -> int:
    """Documents of the units published in the year and still published (主动公开)."""
    return Document.objects.filter(
        publishing_unit_id__in=unit_ids, status=Status.PUBLISHED, published_at__year=year
    ).count()


def fees_collected(unit_ids: Collection[int], year: int) -> Decimal:
    """信息处理费 actually paid in the year on the units' applications (section 六)."""
    total = FeeNotice.objects.filter(
        request__handling_unit_id__in=unit_ids, paid_on__year=year
    ).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def figures_for(scope: foi.Scope, year: int, report: foi.Report | None = None) -> Figures:
    report = report or foi.build_report(scope, year)
    units = Unit.objects.filter(pk__in=scope.unit_ids)
    normative = normative_counts(units=units, year=year)
    cells = report.table4.cells
    return Figures(
        proactive=count_proactive(scope.unit_ids, year),
        normative_made=normative.made,
        normative_repealed=normative.repealed,
        normative_in_force=normative.in_force,
        requests_new=report.table3.row("new").cells[-1],
        requests_carried_in=report.table3.row("carried_in").cells[-1],
        requests_finished=report.table3.row("total").cells[-1],
        requests_carried_out=report.table3.row("carried_out").cells[-1],
        reconsiderations=cells["reconsideration.total"],
        litigations=cells["litigation.direct.total"] + cells["litigation.after.total"],
    )


# --- Table 二 -----------------------------------------------------------------------------------


def enforcement_counts(unit_ids: Collection[int], year: int) -> dict[str, int]:
    """The enforcement register's 行政许可/行政处罚/行政强制 decision counts for table 二."""
    counts = decision_counts(unit_ids=list(unit_ids), year=year)
    return {key: int(counts.get(key, 0)) for key in DECISION_KEYS}


@dataclass
class Table2:
    rules: tuple[int, int, int]
    normative: tuple[int, int, int]
    decisions: dict[str, int | None]  # license, penalty, coercion
    sources: dict[str, str]  # per decision key: "entered", "enforcement" or "missing"
    system: dict[str, int] | None  # the enforcement register's figures
    charges_wan: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": list(self.rules),
            "normative": list(self.normative),
            "decisions": dict(self.decisions),
            "sources": dict(self.sources),
            "system": dict(self.system) if self.system is not None else None,
            "charges_wan": None if self.charges_wan is None else str(self.charges_wan),
        }


def build_table2(record: AnnualReport, scope: foi.Scope, figures: Figures) -> Table2:
    system = enforcement_counts(scope.unit_ids, record.year)
    entered = {
        "license": record.license_count,
        "penalty": record.penalty_count,
        "coercion": record.coercion_count,
    }
    decisions: dict[str, int | None] = {}
    sources: dict[str, str] = {}
    for key in DECISION_KEYS:
        if entered[key] is not None:
            decisions[key], sources[key] = entered[key], "entered"
        elif system is not None:
            decisions[key], sources[key] = system[key], "enforcement"
        else:
            decisions[key], sources[key] = None, "missing"
    return Table2(
        rules=(0, 0, 0),
        normative=(figures.normative_made, figures.normative_repealed, figures.normative_in_force),
        decisions=decisions,
        sources=sources,
        system=system,
        charges_wan=record.charges_wan,
    )


# --- Table 二 in the 2019 试行 format (rules.md §3.6) ---------------------------------------------

# The figures the unit enters for the 2019 format, stored in AnnualReport.figures_2019 as
# strings: key → (row label, column label, kind). "count" is 0 or a positive integer, "change"
# a signed integer (本年增/减), "amount" a non-negative decimal.
ENTERED_2019: dict[str, tuple[str, str, str]] = {
    "license.last": (statute.T2_LICENSE, statute.T2_2019_PROJECTS_LAST, "count"),
    "license.change": (statute.T2_LICENSE, statute.T2_2019_CHANGE, "change"),
    "other_services.last": (
        statute.T2_2019_OTHER_SERVICES,
        statute.T2_2019_PROJECTS_LAST,
        "count",
    ),
    "other_services.change": (statute.T2_2019_OTHER_SERVICES, statute.T2_2019_CHANGE, "change"),
    "other_services.decisions": (
        statute.T2_2019_OTHER_SERVICES,
        statute.T2_2019_DECISIONS,
        "count",
    ),
    "penalty.last": (statute.T2_PENALTY, statute.T2_2019_PROJECTS_LAST, "count"),
    "penalty.change": (statute.T2_PENALTY, statute.T2_2019_CHANGE, "change"),
    "coercion.last": (statute.T2_COERCION, statute.T2_2019_PROJECTS_LAST, "count"),
    "coercion.change": (statute.T2_COERCION, statute.T2_2019_CHANGE, "change"),
    "charges.last": (statute.T2_CHARGES, statute.T2_2019_PROJECTS_LAST, "count"),
    "charges.change": (statute.T2_CHARGES, statute.T2_2019_CHANGE, "change"),
    "procurement.count": (
        statute.T2_2019_PROCUREMENT,
        statute.T2_2019_PROCUREMENT_COUNT,
        "count",
    ),
    "procurement.amount": (
        statute.T2_2019_PROCUREMENT,
        statute.T2_2019_PROCUREMENT_AMOUNT,
        "amount",
    ),
}
PROJECT_ROWS_2019 = ("license", "other_services", "penalty", "coercion", "charges")


def normative_public_total(unit_ids: Collection[int], year: int) -> int:
    """规范性文件 对外公开总数量: every 行政规范性文件 of the units published by 31 December of
    the year and still published (withdrawn or unpublished ones are not 对外公开)."""
    return (
        NormativeRecord.objects.filter(
            document__publishing_unit_id__in=unit_ids,
            document__published_at__date__lte=date(year, 12, 31),
        )
        .exclude(document__status__in=[Status.DRAFT, Status.RETURNED, Status.WITHDRAWN])
        .count()
    )


def parse_2019(key: str, text: str) -> int | Decimal | None:
    """An entered 2019 figure as a number (None: not entered); ValueError if malformed."""
    text = (text or "").strip()
    if not text:
        return None
    kind = ENTERED_2019[key][2]
    if kind == "count":
        if not text.isdigit() or len(text) > 9:
            raise ValueError(text)
        return int(text)
    if kind == "change":
        body = text[1:] if text[:1] in "+-" else text
        if not body.isdigit() or len(body) > 9:
            raise ValueError(text)
        return int(text)
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite() or value < 0 or value >= Decimal(10) ** 12:
        raise ValueError(text)
    return value


def _num(value: int | Decimal | None) -> int | str | None:
    return None if value is None else (str(value) if isinstance(value, Decimal) else value)


def build_table2_2019(
    record: AnnualReport, scope: foi.Scope, figures: Figures, base: Table2
) -> dict[str, Any]:
    """Table 二 of the 2019 format as data: each 第二十条 item with its header and rows
    (labels exactly as rules.md §3.6), the marks of §3.6 kept. Decision counts of 行政许可,
    行政处罚 and 行政强制 are the 2021 path's (entered, else the enforcement register)."""
    entered = {
        key: parse_2019(key, str(record.figures_2019.get(key, "")))
        for key in ENTERED_2019
        if _parses(key, record.figures_2019.get(key, ""))
    }
    d = base.decisions
    public_total = normative_public_total(scope.unit_ids, record.year)

    def projects(name: str, decisions: int | str | None = "-") -> list[Any]:
        cells = [_num(entered.get(f"{name}.last")), _num(entered.get(f"{name}.change"))]
        return cells if decisions == "-" else [*cells, decisions]

    items = [
        {
            "item": statute.T2_ITEM_1,
            "header": [
                statute.T2_CONTENT,
                statute.T2_2019_NEW_MADE,
                statute.T2_2019_NEW_PUBLIC,
                statute.T2_2019_PUBLIC_TOTAL,
            ],
            "header_believed": False,
            "rows": [
                {"key": "rules", "label": statute.T2_RULES, "cells": [0, 0, 0]},
                {
                    "key": "normative",
                    "label": statute.T2_2019_NORMATIVE,
                    # 制作 = 制发 = publication in this register (documents/normative.py), so
                    # 新制作 and 新公开 are the same documents.
                    "cells": [figures.normative_made, figures.normative_made, public_total],
                },
            ],
        },
        {
            "item": statute.T2_ITEM_5,
            "header": [
                statute.T2_CONTENT,
                statute.T2_2019_PROJECTS_LAST,
                statute.T2_2019_CHANGE,
                statute.T2_2019_DECISIONS,
            ],
            "header_believed": False,
            "rows": [
                {
                    "key": "license",
                    "label": statute.T2_LICENSE,
                    "cells": projects("license", d["license"]),
                },
                {
                    "key": "other_services",
                    "label": statute.T2_2019_OTHER_SERVICES,
                    "cells": projects(
                        "other_services", _num(entered.get("other_services.decisions"))
                    ),
                },
            ],
        },
        {
            "item": statute.T2_ITEM_6,
            "header": [
                statute.T2_CONTENT,
                statute.T2_2019_PROJECTS_LAST,
                statute.T2_2019_CHANGE,
                statute.T2_2019_DECISIONS,
            ],
            "header_believed": True,
            "rows": [
                {
                    "key": "penalty",
                    "label": statute.T2_PENALTY,
                    "cells": projects("penalty", d["penalty"]),
                },
                {
                    "key": "coercion",
                    "label": statute.T2_COERCION,
                    "cells": projects("coercion", d["coercion"]),
                },
            ],
        },
        {
            "item": statute.T2_ITEM_8,
            "header": [statute.T2_CONTENT, statute.T2_2019_PROJECTS_LAST, statute.T2_2019_CHANGE],
            "header_believed": True,
            "rows": [{"key": "charges", "label": statute.T2_CHARGES, "cells": projects("charges")}],
        },
        {
            "item": statute.T2_ITEM_9,
            "header": [
                statute.T2_CONTENT,
                statute.T2_2019_PROCUREMENT_COUNT,
                statute.T2_2019_PROCUREMENT_AMOUNT,
            ],
            "header_believed": False,
            "rows": [
                {
                    "key": "procurement",
                    "label": statute.T2_2019_PROCUREMENT,
                    "cells": [
                        _num(entered.get("procurement.count")),
                        _num(entered.get("procurement.amount")),
                    ],
                }
            ],
        },
    ]
    return {
        "format": foi.FORMAT_2019,
        "source": statute.FORMAT_2019_SOURCE,
        "mark": statute.T2_2019_MARK,
        "believed_note": statute.T2_2019_BELIEVED_NOTE,
        "items": items,
        "decisions": dict(base.decisions),
        "sources": dict(base.sources),
        "system": dict(base.system) if base.system is not None else None,
        "entered": {key: _num(value) for key, value in entered.items()},
        "invalid": sorted(
            key
            for key, text in record.figures_2019.items()
            if key in ENTERED_2019 and not _parses(key, text)
        ),
    }


def _parses(key: str, text: Any) -> bool:
    try:
        parse_2019(key, str(text or ""))
    except ValueError:
        return False
    return True


def table2_2019_problems(table2: dict[str, Any]) -> list[str]:
    """Table 二 (2019 format) complete and consistent: every cell filled (0 where none), the
    项目数量 of a row not below 0 after 本年增/减."""
    problems: list[str] = []
    for key in table2["invalid"]:
        row, column, _kind = ENTERED_2019[key]
        problems.append(f"表二：“{row}”的“{column}”填写有误。")
    for item in table2["items"]:
        for row in item["rows"]:
            for column, value in zip(item["header"][1:], row["cells"], strict=True):
                if value is None:
                    problems.append(f"表二：请填写“{row['label']}”的“{column}”（没有请填0）。")
    entered = table2["entered"]
    for name in PROJECT_ROWS_2019:
        last, change = entered.get(f"{name}.last"), entered.get(f"{name}.change")
        if isinstance(last, int) and isinstance(change, int) and last + change < 0:
            row = ENTERED_2019[f"{name}.last"][0]
            problems.append(
                f"表二：“{row}”上一年项目数量{last}，本年减少{-change}，项目数量不能为负。"
            )
    return problems


# --- Section 一: the draft and the phrases validation reads back ----------------------------------


def _change(current: int, previous: int, measure: str) -> str:
    if current > previous:
        return f"，较上年增加{current - previous}{measure}"
    if current < previous:
        return f"，较上年减少{previous - current}{measure}"
    return "，与上年持平"


def draft_overview(figures: Figures, last: Figures, *, is_district: bool) -> str:
    """Section 一 drafted from the data; the unit completes and edits it."""
    who = "全区" if is_district else "本机关"
    parts = [
        f"（一）主动公开。{who}本年主动公开政府信息{figures.proactive}条"
        f"{_change(figures.proactive, last.proactive, '条')}；"
        f"制发行政规范性文件{figures.normative_made}件，废止{figures.normative_repealed}件，"
        f"现行有效{figures.normative_in_force}件。",
        f"（二）依申请公开。{who}本年新收政府信息公开申请{figures.requests_new}件"
        f"{_change(figures.requests_new, last.requests_new, '件')}，"
        f"上年结转{figures.requests_carried_in}件，办结{figures.requests_finished}件，"
        f"结转下年度继续办理{figures.requests_carried_out}件。",
        f"（三）行政复议和行政诉讼。本年因政府信息公开工作被申请行政复议{figures.reconsiderations}件"
        f"{_change(figures.reconsiderations, last.reconsiderations, '件')}，"
        f"被提起行政诉讼{figures.litigations}件"
        f"{_change(figures.litigations, last.litigations, '件')}。",
        "（四）政府信息管理。（请填写：信息发布审查、保密审查、规范性文件清理等工作情况。）",
        "（五）平台建设。（请填写：政府网站、政务新媒体等公开平台建设情况。）",
        "（六）监督保障。（请填写：工作机构、培训、考核"
        + ("、社会评议和责任追究结果情况" if is_district else "")
        + "等情况。）",
    ]
    return "\n".join(parts)


PLACEHOLDER = re.compile(r"（请填写：[^）]*）")

_CHANGE = r"(?:，较上年(增加|减少)(\d+)(?:件|条)|，与上年持平)?"
# (pattern, [(figure, label)] for each number group before the optional change groups)
PHRASES: tuple[tuple[re.Pattern[str], tuple[tuple[str, str], ...], bool], ...] = (
    (re.compile(r"主动公开政府信息(\d+)条" + _CHANGE), (("proactive", "主动公开政府信息"),), True),
    (
        re.compile(r"制发行政规范性文件(\d+)件，废止(\d+)件，现行有效(\d+)件"),
        (
            ("normative_made", "制发行政规范性文件"),
            ("normative_repealed", "废止行政规范性文件"),
            ("normative_in_force", "现行有效行政规范性文件"),
        ),
        False,
    ),
    (
        re.compile(r"新收政府信息公开申请(\d+)件" + _CHANGE),
        (("requests_new", "新收政府信息公开申请"),),
        True,
    ),
    (re.compile(r"上年结转(\d+)件"), (("requests_carried_in", "上年结转"),), False),
    (re.compile(r"办结(\d+)件"), (("requests_finished", "办结"),), False),
    (
        re.compile(r"结转下年度继续办理(\d+)件"),
        (("requests_carried_out", "结转下年度继续办理"),),
        False,
    ),
    (
        re.compile(r"被申请行政复议(\d+)件" + _CHANGE),
        (("reconsiderations", "被申请行政复议"),),
        True,
    ),
    (re.compile(r"被提起行政诉讼(\d+)件" + _CHANGE), (("litigations", "被提起行政诉讼"),), True),
)


def narrative_problems(text: str, figures: Figures, last: Figures) -> list[str]:
    """Every figure section 一 states with one of the draft's phrases must match the tables
    (and its change against last year the computed difference)."""
    problems: list[str] = []
    current, previous = asdict(figures), asdict(last)
    for pattern, names, has_change in PHRASES:
        for match in pattern.finditer(text):
            groups = match.groups()
            for i, (name, label) in enumerate(names):
                stated = int(groups[i])
                if stated != current[name]:
                    problems.append(
                        f"总体情况中“{match.group(0)}”：{label}应为{current[name]}，与统计表不一致。"
                    )
            if not has_change:
                continue
            name, label = names[0]
            difference = current[name] - previous[name]
            direction, amount = groups[len(names)], groups[len(names) + 1]
            stated_change = (
                0
                if direction is None and match.group(0).endswith("持平")
                else None
                if direction is None
                else (int(amount) if direction == "增加" else -int(amount))
            )
            if stated_change is not None and stated_change != difference:
                problems.append(
                    f"总体情况中“{match.group(0)}”：{label}较上年的变化应为"
                    f"{_change(current[name], previous[name], '').lstrip('，')}，与统计数据不一致。"
                )
    return problems


# --- The whole report ---------------------------------------------------------------------------


@dataclass
class Content:
    record: AnnualReport
    scope: foi.Scope
    title: str
    period_sentence: str
    figures: Figures
    last_year: Figures
    table2: Table2
    foi_report: foi.Report
    format: str
    fees_yuan: Decimal
    fees_sentence: str
    overview: str
    table2_2019: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (docs/reports.md, "annual"); also what is frozen on submission."""
        tables = self.foi_report.as_dict()
        return {
            "title": self.title,
            "year": self.record.year,
            "format": self.format,
            "scope": self.scope.as_dict(),
            "unit": {"code": self.record.unit.code, "name": self.record.unit.name},
            "is_district": self.record.is_district,
            "period_sentence": self.period_sentence,
            "sections": {
                "overview": self.overview,
                "problems": self.record.problems_text,
                "other": self.record.other_text,
                "fees_sentence": self.fees_sentence,
            },
            "figures": asdict(self.figures),
            "last_year": asdict(self.last_year),
            "fees_yuan": str(self.fees_yuan),
            "table2": self.table2_2019 if self.table2_2019 is not None else self.table2.as_dict(),
            "figures_evidence": self.record.figures_evidence,
            "table3": tables["table3"],
            "table4": tables["table4"],
            "valid": self.is_valid,
            "problems": list(self.problems),
        }


def build(record: AnnualReport) -> Content:
    """The report as it stands now (live figures; the stored texts and entered figures)."""
    scope = scope_of(record.unit, record.is_district)
    report = foi.build_report(scope, record.year)
    figures = figures_for(scope, record.year, report)
    last = figures_for(scope, record.year - 1)
    fees = fees_collected(scope.unit_ids, record.year)
    fmt = foi.format_for(record.year)
    table2 = build_table2(record, scope, figures)
    content = Content(
        record=record,
        scope=scope,
        title=report_title(record.unit, record.year, record.is_district),
        period_sentence=statute.PERIOD_SENTENCE.format(year=record.year),
        figures=figures,
        last_year=last,
        table2=table2,
        foi_report=report,
        format=fmt,
        table2_2019=(
            build_table2_2019(record, scope, figures, table2) if fmt == foi.FORMAT_2019 else None
        ),
        fees_yuan=fees,
        fees_sentence=statute.FEES_SENTENCE.format(amount=fees),
        overview=record.overview or draft_overview(figures, last, is_district=record.is_district),
    )
    content.problems = validate(content)
    return content


def validate(content: Content) -> list[str]:
    """Everything that blocks publication, in Chinese; [] when the report may go to review.

    Tables 三 and 四: every cross-check of rules.md §3.4 and §3.5 that applies to the
    report's format (reports.validate, and the ledger's date contradictions; in the 2019
    format （六）其他处理 is one row); section 一 against the tables; table 二 complete; the
    sections the unit writes written."""
    record = content.record
    problems = [f"表三/表四：{p}" for p in content.foi_report.problems]
    problems += narrative_problems(content.overview, content.figures, content.last_year)
    labels = {
        "license": statute.T2_LICENSE,
        "penalty": statute.T2_PENALTY,
        "coercion": statute.T2_COERCION,
    }
    if content.table2_2019 is not None:
        problems += table2_2019_problems(content.table2_2019)
        entered = bool(content.table2_2019["entered"])
    else:
        for key, label in labels.items():
            if content.table2.decisions[key] is None:
                problems.append(f"表二：请填写“{label}”本年处理决定数量。")
        if content.table2.charges_wan is None:
            problems.append(f"表二：请填写“{statute.T2_CHARGES}”本年收费金额（万元），没有请填0。")
        entered = False
    if (
        entered or "entered" in content.table2.sources.values()
    ) and not record.figures_evidence.strip():
        problems.append("表二：单位填写或更正的数字须说明依据（统计来源、台账或文件）。")
    if not content.overview.strip():
        problems.append(f"“{statute.SECTION_OVERVIEW}”不能为空。")
    elif PLACEHOLDER.search(content.overview):
        problems.append(f"“{statute.SECTION_OVERVIEW}”中还有未填写的提示（“请填写：……”）。")
    if not record.problems_text.strip():
        problems.append(f"请填写“{statute.SECTION_PROBLEMS}”。")
    if not record.other_text.strip():
        problems.append(f"请填写“{statute.SECTION_OTHER}”（没有其他事项请写“无”）。")
    return problems
