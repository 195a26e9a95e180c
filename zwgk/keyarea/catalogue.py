"""The 重点领域 column families, their required items, responsible units and cadences — as data.

Pure Python (no Django, no ORM): the portal builds its "重点领域信息公开" column tree from it, the
completeness view checks published documents against it, and tests read it without a database.

Sources
- 铜府办发〔2019〕16号 一（一）1–4 (docs/sources/seed-notice-tongfubanfa-2019-16.txt): the key
  areas and the items named in them. Area, column and item names are copied from that text.
- 《政府信息公开条例》第二十条第（七）项 (rules.md §1.9): 财政预算、决算信息 is mandatory content.
- Cadences. The notice names the content but almost never a date ("及时公开", "定期公开"). Where a
  cadence or a due date is not in rules.md it is this platform's default and carries
  `unconfirmed=True`; the completeness view shows the UNCONFIRMED mark next to it. In particular
  the legal period after approval for 预决算 (《预算法》, believed to be 20 days) is NOT in
  rules.md, and the platform does not record approval dates: the due dates of 预算 and 决算 are
  UNCONFIRMED defaults.

Responsible units are named by unit code suffix ("jw" matches "tlq-jw", the demo 区教委) or by
unit kind ("department": every 区级部门). The assignment of a column to a department is this
platform's reading of the departments' duties (三定), not a text of the notice: change it here.

Slugs are part of public URLs and of Document.column (max 20 characters): never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOTICE = "铜府办发〔2019〕16号"
TIAOLI_20_7 = "《中华人民共和国政府信息公开条例》第二十条第（七）项"
# Kinds of orgs.Unit (zwgk/orgs/models.py Unit.Kind) that count as 区级部门 here.
DEPARTMENT_KINDS = ("department", "general_office")

# Cadence kinds
ANNUAL = "annual"  # once per calendar year, due on a month-day of that year
SCHOOL_YEAR = "school_year"  # once per school year, before enrolment opens (month-day)
HALF_YEARLY = "half_yearly"  # at least once in each half year, due on its last day
QUARTERLY = "quarterly"  # at least once in each quarter, due on its last day


@dataclass(frozen=True)
class Anchor:
    """An event of the year that a due date counts from, recorded by the district office
    (DueDateAnchor); until it is recorded the cadence's default month-day applies."""

    code: str
    label: str
    offset_days: int  # calendar days from the event to the due date (negative: before it)
    rule: str  # how the due date follows from the event, with its source
    unconfirmed: bool = False


ENROLMENT_OPENS = Anchor(
    "enrolment_opens",
    "义务教育招生报名开始日期",
    -1,
    "招生报名开始前公开：应公开日期为报名开始日的前一日",
)
SCHOOL_STARTS = Anchor(
    "school_starts",
    "秋季学期开学日期",
    -1,
    "录取结果在开学前公开：应公开日期为开学日的前一日",
)
BUDGET_APPROVED = Anchor(
    "budget_approved",
    "部门预算批复日期",
    20,
    "批复后二十日内公开（《预算法》规定的期限，不在rules.md中）",
    unconfirmed=True,
)
FINAL_ACCOUNTS_APPROVED = Anchor(
    "final_accounts_approved",
    "部门决算批复日期",
    20,
    "批复后二十日内公开（《预算法》规定的期限，不在rules.md中）",
    unconfirmed=True,
)
ANCHORS: dict[str, Anchor] = {
    a.code: a for a in (ENROLMENT_OPENS, SCHOOL_STARTS, BUDGET_APPROVED, FINAL_ACCOUNTS_APPROVED)
}


@dataclass(frozen=True)
class Cadence:
    kind: str
    due: str = "12-31"  # "MM-DD" for ANNUAL and SCHOOL_YEAR: the default due date
    source: str = ""
    unconfirmed: bool = False
    anchor: Anchor | None = None  # when recorded for the year, the due date counts from it


@dataclass(frozen=True)
class Responsible:
    """Who must publish: units whose code is or ends in "-<code>", or units of these kinds."""

    codes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    label: str = ""  # how the view names them, e.g. "区教委", "各区级部门"

    def applies_to(self, unit_code: str, unit_kind: str) -> bool:
        if unit_kind in self.kinds:
            return True
        return any(unit_code == code or unit_code.endswith(f"-{code}") for code in self.codes)

    def may_apply_to_kind(self, unit_kind: str) -> bool:
        """Whether a unit of this kind may be responsible (the named units are departments)."""
        return unit_kind in self.kinds or (bool(self.codes) and unit_kind in DEPARTMENT_KINDS)


@dataclass(frozen=True)
class ItemSpec:
    slug: str
    name: str
    cadence: Cadence | None = None  # None: the column's
    responsible: Responsible | None = None  # None: the column's


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    name: str
    responsible: Responsible
    cadence: Cadence
    items: tuple[ItemSpec, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class AreaSpec:
    slug: str
    name: str
    source: str
    columns: tuple[ColumnSpec, ...] = field(default=())


@dataclass(frozen=True)
class Item:
    """One required item, flattened: the unit of the completeness check and a portal leaf."""

    area: AreaSpec
    column: ColumnSpec
    spec: ItemSpec | None  # None for a column that is itself the single item
    slug: str  # Document.column value (≤ 20 characters)
    cadence: Cadence
    responsible: Responsible

    @property
    def name(self) -> str:
        if self.spec is None:
            return self.column.name
        return f"{self.column.name}·{self.spec.name}"

    @property
    def short_name(self) -> str:
        return self.spec.name if self.spec is not None else self.column.name


def _unit(label: str, *codes: str) -> Responsible:
    return Responsible(codes=codes, label=label)


EVERY_DEPARTMENT = Responsible(kinds=DEPARTMENT_KINDS, label="各区级部门")

# --- cadences -------------------------------------------------------------------------------
_YEARLY_DEFAULT = Cadence(
    ANNUAL,
    "12-31",
    f"{NOTICE}未规定公开时限；本平台默认每年至少公开一次",
    unconfirmed=True,
)
_HALF_YEARLY_DEFAULT = Cadence(
    HALF_YEARLY,
    source=f"{NOTICE}要求“定期公开”，未规定周期；本平台默认每半年至少公开一次",
    unconfirmed=True,
)
_QUARTERLY_DEFAULT = Cadence(
    QUARTERLY,
    source=f"{NOTICE}要求“及时公开”“按时公开”，未规定周期；本平台默认每季度至少公开一次",
    unconfirmed=True,
)
_ENROLMENT_RULES = Cadence(
    SCHOOL_YEAR,
    "06-30",
    f"{NOTICE}一（一）3：每学年招生报名开始前公开；报名开始日期每年确定，"
    "未录入时本平台默认6月30日前",
    unconfirmed=True,
    anchor=ENROLMENT_OPENS,
)
_ENROLMENT_RESULT = Cadence(
    SCHOOL_YEAR,
    "08-31",
    f"{NOTICE}一（一）3：录取结果在录取后、开学前公开；未录入开学日期时默认8月31日前",
    unconfirmed=True,
    anchor=SCHOOL_STARTS,
)
_BUDGET = Cadence(
    ANNUAL,
    "03-31",
    f"{TIAOLI_20_7}；批准后法定期限内公开（期限天数不在rules.md中）；未录入批复日期时默认3月31日前",
    unconfirmed=True,
    anchor=BUDGET_APPROVED,
)
_FINAL_ACCOUNTS = Cadence(
    ANNUAL,
    "09-30",
    f"{TIAOLI_20_7}；批准后法定期限内公开（期限天数不在rules.md中）；"
    "未录入批复日期时默认9月30日前公开上年度决算",
    unconfirmed=True,
    anchor=FINAL_ACCOUNTS_APPROVED,
)
_PROJECTS = Cadence(
    ANNUAL,
    "03-31",
    f"{NOTICE}一（一）4：确保所有部门均有项目向社会公开；随部门预算公开，本平台默认3月31日前",
    unconfirmed=True,
    anchor=BUDGET_APPROVED,
)

_S1 = f"{NOTICE}一（一）1"
_S2 = f"{NOTICE}一（一）2"
_S3 = f"{NOTICE}一（一）3"
_S4 = f"{NOTICE}一（一）4"

AREAS: tuple[AreaSpec, ...] = (
    AreaSpec(
        "yshj",
        "营商环境",
        _S1,
        (
            ColumnSpec("fgf", "“放管服”改革", _unit("区政务服务办", "zwb"), _YEARLY_DEFAULT),
            ColumnSpec(
                "gcjs", "工程建设项目审批制度改革", _unit("区住房城乡建委", "zjw"), _YEARLY_DEFAULT
            ),
            ColumnSpec("qykb", "企业开办", _unit("区市场监管局", "scjgj"), _YEARLY_DEFAULT),
            ColumnSpec("jzbm", "减证便民", _unit("区司法局", "sfj"), _YEARLY_DEFAULT),
            ColumnSpec("ztb", "规范招标投标", _unit("区发展改革委", "fgw"), _YEARLY_DEFAULT),
            ColumnSpec("ggzy", "公共资源交易监管", _unit("区发展改革委", "fgw"), _YEARLY_DEFAULT),
            ColumnSpec("ywtb", "审批服务“一网通办”", _unit("区政务服务办", "zwb"), _YEARLY_DEFAULT),
            ColumnSpec(
                "sjgk",
                "“双随机、一公开”检查处置结果",
                _unit("区市场监管局", "scjgj"),
                _QUARTERLY_DEFAULT,
            ),
        ),
    ),
    AreaSpec(
        "sdgj",
        "三大攻坚战",
        _S2,
        (
            ColumnSpec("rz", "缓解企业融资难融资贵", _unit("区发展改革委", "fgw"), _YEARLY_DEFAULT),
            ColumnSpec("zwfx", "地方政府债务风险", _unit("区财政局", "czj"), _YEARLY_DEFAULT),
            ColumnSpec(
                "fp",
                "脱贫攻坚",
                _unit("区农业农村委", "nyw"),
                _YEARLY_DEFAULT,
                (
                    ItemSpec("zc", "政策举措"),
                    ItemSpec("xm", "扶贫项目"),
                    ItemSpec("zj", "财政专项扶贫资金", responsible=_unit("区财政局", "czj")),
                    ItemSpec("dk", "精准扶贫贷款", responsible=_unit("区财政局", "czj")),
                    ItemSpec("hy", "行业扶贫相关财政资金", responsible=_unit("区财政局", "czj")),
                ),
            ),
            ColumnSpec("sthj", "生态环境信息", _unit("区生态环境局", "sthjj"), _YEARLY_DEFAULT),
            ColumnSpec(
                "dczg",
                "中央环保督察和中办二次回访反馈问题整改",
                _unit("区生态环境局", "sthjj"),
                _YEARLY_DEFAULT,
            ),
        ),
    ),
    AreaSpec(
        "ms",
        "民生",
        _S3,
        (
            ColumnSpec(
                "jy",
                "促进就业创业",
                _unit("区人力社保局", "rsj"),
                _YEARLY_DEFAULT,
                (
                    ItemSpec("zc", "政策措施"),
                    ItemSpec("gq", "就业供求", cadence=_QUARTERLY_DEFAULT),
                ),
            ),
            ColumnSpec(
                "zdqt",
                "就业专项活动",
                _unit("区人力社保局", "rsj"),
                _YEARLY_DEFAULT,
                (
                    ItemSpec("gx", "高校毕业生"),
                    ItemSpec("tyjr", "退役军人", responsible=_unit("区退役军人事务局", "tyjrj")),
                    ItemSpec("xg", "下岗职工"),
                    ItemSpec("nmg", "农民工"),
                ),
            ),
            ColumnSpec(
                "ywzs",
                "义务教育招生",
                _unit("区教委", "jw"),
                _ENROLMENT_RULES,
                (
                    ItemSpec("zsfa", "招生方案"),
                    ItemSpec("zsfw", "招生范围"),
                    ItemSpec("zscx", "招生程序"),
                    ItemSpec("bmtj", "报名条件"),
                    ItemSpec("xxqk", "学校情况"),
                    ItemSpec("lqjg", "录取结果", cadence=_ENROLMENT_RESULT),
                    ItemSpec("zxfs", "咨询方式"),
                ),
            ),
            ColumnSpec("xqjy", "学前教育", _unit("区教委", "jw"), _YEARLY_DEFAULT),
            ColumnSpec("ylfw", "医疗服务", _unit("区卫生健康委", "wjw"), _YEARLY_DEFAULT),
            ColumnSpec("ypaq", "药品安全", _unit("区市场监管局", "scjgj"), _YEARLY_DEFAULT),
            ColumnSpec("ybjg", "医保监管", _unit("区医保局", "ybj"), _YEARLY_DEFAULT),
            ColumnSpec("ymjg", "疫苗监管", _unit("区卫生健康委", "wjw"), _YEARLY_DEFAULT),
            ColumnSpec(
                "jxkh",
                "公立医疗卫生机构绩效考核结果",
                _unit("区卫生健康委", "wjw"),
                _YEARLY_DEFAULT,
            ),
            ColumnSpec("zd", "征地信息", _unit("区规划自然资源局", "ghzyj"), _YEARLY_DEFAULT),
        ),
    ),
    AreaSpec(
        "cz",
        "财政",
        f"{_S4}；{TIAOLI_20_7}",
        (
            ColumnSpec("ys", "预算", EVERY_DEPARTMENT, _BUDGET, source=TIAOLI_20_7),
            ColumnSpec("js", "决算", EVERY_DEPARTMENT, _FINAL_ACCOUNTS, source=TIAOLI_20_7),
            ColumnSpec("xmwb", "部门项目文本和绩效目标", EVERY_DEPARTMENT, _PROJECTS),
            ColumnSpec(
                "zw",
                "政府债务",
                _unit("区财政局", "czj"),
                _HALF_YEARLY_DEFAULT,
                (
                    ItemSpec("xe", "债务限额"),
                    ItemSpec("ye", "债务余额"),
                    ItemSpec("zwl", "债务率"),
                    ItemSpec("czl", "偿债率"),
                ),
            ),
            ColumnSpec("jjcz", "经济财政状况", _unit("区财政局", "czj"), _HALF_YEARLY_DEFAULT),
            ColumnSpec(
                "zq",
                "政府债券",
                _unit("区财政局", "czj"),
                _HALF_YEARLY_DEFAULT,
                (ItemSpec("fx", "债券发行"), ItemSpec("cxq", "存续期管理")),
            ),
        ),
    ),
)

SLUG_PREFIX = "zd-"


def _flatten() -> tuple[Item, ...]:
    found = []
    for area in AREAS:
        for column in area.columns:
            specs: tuple[ItemSpec | None, ...] = column.items or (None,)
            for spec in specs:
                slug = f"{SLUG_PREFIX}{column.slug}" + (f"-{spec.slug}" if spec else "")
                found.append(
                    Item(
                        area=area,
                        column=column,
                        spec=spec,
                        slug=slug,
                        cadence=(spec.cadence if spec and spec.cadence else column.cadence),
                        responsible=(
                            spec.responsible if spec and spec.responsible else column.responsible
                        ),
                    )
                )
    return tuple(found)


ITEMS: tuple[Item, ...] = _flatten()
BY_SLUG: dict[str, Item] = {item.slug: item for item in ITEMS}
AREA_BY_SLUG: dict[str, AreaSpec] = {area.slug: area for area in AREAS}


def item_by_slug(slug: str) -> Item | None:
    return BY_SLUG.get(slug)


def items_for_kind(unit_kind: str) -> tuple[Item, ...]:
    """The items a unit of this kind may be responsible for (the portal's leaves for it)."""
    return tuple(item for item in ITEMS if item.responsible.may_apply_to_kind(unit_kind))


def items_for_unit(unit_code: str, unit_kind: str, area: str = "") -> tuple[Item, ...]:
    """The items this unit must publish, optionally of one area."""
    return tuple(
        item
        for item in ITEMS
        if item.responsible.applies_to(unit_code, unit_kind)
        and (not area or item.area.slug == area)
    )
