"""Legal facts of 行政执法公示 as data: what is published, the kinds of decision, and the
deadlines for publishing results, each with its source.

Source of the duty (CONFIRMED-TEXT, seed notice 铜府办发〔2019〕16号 一(二)2):
"严格落实行政执法公示制度，按照“谁执法谁公示”原则，集中向社会依法公开行政执法职责、执法依据、
执法标准、执法程序、监督途径和执法结果等信息。"

The publication deadlines are NOT in rules.md. The figures below are the commonly cited ones
(国办发〔2018〕118号《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的
指导意见》: 执法决定作出之日起20个工作日内公布; 行政许可、行政处罚 within 7个工作日). They are kept
marked UNCONFIRMED (rules.md §0: "Do not hard-code an UNCONFIRMED item without a human check")
and the mark is shown wherever a due date is shown, until someone checks the gov.cn original.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

DUTY_SOURCE = "铜府办发〔2019〕16号 一(二)2（谁执法谁公示）"


class InfoKind(models.TextChoices):
    """事前公开: the five kinds of standing information (seed notice 一(二)2)."""

    DUTIES = "duties", "执法职责"
    BASES = "bases", "执法依据"
    STANDARDS = "standards", "执法标准"
    PROCEDURES = "procedures", "执法程序"
    SUPERVISION = "supervision", "监督途径"


class DecisionKind(models.TextChoices):
    """事后公开: the kind of law-enforcement decision. 许可, 处罚, 强制 are the rows of annual
    report table 二 (rules.md §3.3, 第二十条第（五）（六）项)."""

    LICENSE = "license", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    NATURAL = "natural", "自然人"
    LEGAL = "legal", "法人"
    ORGANISATION = "organisation", "其他组织"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


@dataclass(frozen=True)
class PublicationDeadline:
    """Working days after the decision date (the decision day not counted, 民法典 art. 201)."""

    workdays: int
    source: str
    confirmed: bool

    @property
    def mark(self) -> str:
        return "" if self.confirmed else "UNCONFIRMED"


_SOURCE_118 = (
    "国办发〔2018〕118号（一般认为：行政许可、行政处罚决定自作出之日起7个工作日内公开；"
    "其他执法决定20个工作日内公布）— rules.md 未载明 [UNCONFIRMED]"
)

# The deadline for each kind of decision. All UNCONFIRMED (see the module docstring).
PUBLICATION_DEADLINES: dict[str, PublicationDeadline] = {
    DecisionKind.LICENSE: PublicationDeadline(7, _SOURCE_118, confirmed=False),
    DecisionKind.PENALTY: PublicationDeadline(7, _SOURCE_118, confirmed=False),
    DecisionKind.COERCION: PublicationDeadline(20, _SOURCE_118, confirmed=False),
    DecisionKind.INSPECTION: PublicationDeadline(20, _SOURCE_118, confirmed=False),
    DecisionKind.OTHER: PublicationDeadline(20, _SOURCE_118, confirmed=False),
}

# Annual report table 二 keys (the supervision app reads them through selectors.decision_counts).
ANNUAL_REPORT_KINDS = {
    "license": DecisionKind.LICENSE,
    "penalty": DecisionKind.PENALTY,
    "coercion": DecisionKind.COERCION,
}

# Shown on staff pages next to the due date.
UNCONFIRMED_NOTE = _(
    "Publication deadline not confirmed against the original (not in rules.md): UNCONFIRMED"
)
