"""Assessment indicator tables as data (考核指标), each indicator with its source.

- "district_openness": the district's 政务公开 assessment of its units, built on the duties of
  铜府办发〔2019〕16号 (seed notice) and the 条例. The district office sets the points every
  year: the values here are a starting proposal, **UNCONFIRMED** (no official table was read).
- "website_newmedia": 《政府网站与政务新媒体监管工作年度考核指标》 (国办秘函〔2019〕19号,
  rules.md §4.5): 单项否决, 扣分 (100 points), 加分 (20 points); only three items could be read,
  in a machine-garbled copy, so their wording and values are **UNCONFIRMED**. The national table
  assesses supervising bodies (省级政府办公厅, 国务院部门办公厅); the district applies it to its
  units by analogy (铜府办发〔2019〕16号 三(一): "对标……逐一落实监管措施").

Kinds: "score" (points earned, up to `points`), "base" (the 100 of the 扣分 part), "deduct"
(negative), "bonus" (positive, the 加分 part capped at `BONUS_CAP`), "veto" (1 = 单项否决: the
unit fails and scores 0). Method "computed" takes the value from the records (assessment.py),
"entered" is entered by the district office with evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    points: Decimal
    kind: str  # score | base | deduct | bonus | veto
    method: str  # computed | entered
    source: str
    confirmed: bool = False  # False: UNCONFIRMED (shown as such)
    rule: str = ""  # how the points are computed or what to enter


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    source: str
    indicators: tuple[Indicator, ...]
    bonus_cap: Decimal | None = None
    fail_below: Decimal | None = None


D = Decimal
SEED = "铜府办发〔2019〕16号"

DISTRICT_OPENNESS = Table(
    key="district_openness",
    title="政务公开工作年度考核",
    source=f"{SEED}；《政府信息公开条例》（分值为建议值，UNCONFIRMED，由区政府办确定）",
    indicators=(
        Indicator(
            "proactive_timely",
            "主动公开及时（20个工作日内公开）",
            D(20),
            "score",
            "computed",
            "条例第二十六条",
            rule="按时公开率×分值；本年无主动公开文件的由区政府办填写",
        ),
        Indicator(
            "interpretation",
            "重大政策同步解读",
            D(10),
            "score",
            "computed",
            f"{SEED} 三(一)",
            rule="每件未解读扣2分，扣完为止",
        ),
        Indicator(
            "requests_timely",
            "依申请公开按期答复",
            D(20),
            "score",
            "computed",
            "条例第三十三条",
            rule="按期答复率×分值；本年无答复的得满分",
        ),
        Indicator(
            "appeals",
            "行政复议纠错率、行政诉讼败诉率控制在2%以内",
            D(10),
            "score",
            "computed",
            f"{SEED} 三(二)2",
            rule="均不超过2%得满分，否则0分；无已决案件得满分",
        ),
        Indicator(
            "annual_report",
            "年度报告按时公布",
            D(10),
            "score",
            "computed",
            "条例第四十九条",
            rule="按时公布得满分，逾期公布得一半，未公布0分",
        ),
        Indicator(
            "rectification",
            "通报问题按期整改",
            D(10),
            "score",
            "computed",
            f"{SEED} 三(二)",
            rule="按期报送整改情况的比例×分值；未被通报得满分",
        ),
        Indicator(
            "spot_checks",
            "抽查合格",
            D(10),
            "score",
            "computed",
            f"{SEED} 三(二)",
            rule="抽查合格率×分值；本年未被抽查的由区政府办填写",
        ),
        Indicator(
            "platform",
            "平台建设和政务新媒体管理",
            D(10),
            "score",
            "entered",
            f"{SEED} 二",
            rule="区政府办按检查情况填写并说明依据",
        ),
    ),
)

WEBSITE_NEWMEDIA = Table(
    key="website_newmedia",
    title="政府网站与政务新媒体监管工作年度考核",
    source="国办秘函〔2019〕19号《政府网站与政务新媒体监管工作年度考核指标》（rules.md §4.5；"
    "条目措辞和分值UNCONFIRMED）",
    indicators=(
        Indicator(
            "veto",
            "单项否决（本年网站、政务新媒体出现单项否决情形）",
            D(0),
            "veto",
            "computed",
            "国办秘函〔2019〕19号（rules.md §4.1–4.3）",
            rule="网站监测、新媒体监测登记的单项否决问题，有则否决",
        ),
        Indicator("base", "扣分指标", D(100), "base", "computed", "rules.md §4.5", confirmed=True),
        Indicator(
            "zhaocuo_open",
            "“我为政府网站找错”平台网民留言未办结（每条扣3分）",
            D(-3),
            "deduct",
            "entered",
            "rules.md §4.5",
            rule="填写扣分合计（负数）并说明依据",
        ),
        Indicator(
            "zhaocuo_late",
            "“我为政府网站找错”留言办结超过1个月（每条扣2分）",
            D(-2),
            "deduct",
            "entered",
            "rules.md §4.5",
            rule="填写扣分合计（负数）并说明依据",
        ),
        Indicator(
            "unqualified",
            "网站或政务新媒体在抽查中被判定不合格",
            D(0),
            "deduct",
            "entered",
            "rules.md §4.5",
            rule="分值未能核实，按区政府办规定填写",
        ),
        Indicator(
            "intensive",
            "全部网站迁入集约化平台，实现资源和数据共享（加5分）",
            D(5),
            "bonus",
            "entered",
            "rules.md §4.5",
            rule="符合的填5并说明依据",
        ),
    ),
    bonus_cap=D(20),
    fail_below=D(60),
)

TABLES: dict[str, Table] = {t.key: t for t in (DISTRICT_OPENNESS, WEBSITE_NEWMEDIA)}
