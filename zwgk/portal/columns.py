"""The columns (栏目) of the 政府信息公开 section: statutory names and their sources.

The names are legal text (条例 art. 20 and art. 21, 国办公开办函〔2019〕61号), copied exactly from
../shared/spec/rules.md §1.9 and §6.2. They are Chinese constants, never translated msgids, and
each one carries the article and item it comes from. Slugs are part of the public URLs and of
the published file paths: never rename one.

This module owns the column tree only; what is published into a column comes from the
document apps through the portal's selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zwgk.keyarea import catalogue as keyarea_catalogue

# Source names, cited on each column.
TIAOLI = "《中华人民共和国政府信息公开条例》"
DOC_61 = "国办公开办函〔2019〕61号"

# The <meta name="ColumnType"> value of every page of the section. rules.md §6.1 says the
# column tags of the 47号 网页设计规范 are UNCONFIRMED; "政务公开" is the category these pages
# belong to in the common practice of government sites.
COLUMN_TYPE = "政务公开"

SECTION_NAME = "政府信息公开"


@dataclass(frozen=True)
class Column:
    slug: str
    name: str
    source: str
    children: tuple[Column, ...] = field(default=())

    def __str__(self) -> str:
        return self.name


def _items(prefix: str, article: str, names: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(
        Column(slug=f"{prefix}-{number}", name=name, source=f"{TIAOLI}{article}第（{cn}）项")
        for number, (name, cn) in enumerate(zip(names, _CN_NUMERALS, strict=False), start=1)
    )


_CN_NUMERALS = (
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
)

# 条例 art. 20: the mandatory content of every administrative organ (rules.md §1.9).
ARTICLE_20_NAMES = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)
ARTICLE_20 = _items("a20", "第二十条", ARTICLE_20_NAMES)

# 条例 art. 21, first part: 设区的市级、县级人民政府及其部门.
ARTICLE_21_COUNTY_NAMES = (
    "市政建设",
    "公共服务",
    "公益事业",
    "土地征收",
    "房屋征收",
    "治安管理",
    "社会救助",
)
ARTICLE_21_COUNTY = tuple(
    Column(
        slug=f"a21-{number}",
        name=name,
        source=f"{TIAOLI}第二十一条（设区的市级、县级人民政府及其部门）",
    )
    for number, name in enumerate(ARTICLE_21_COUNTY_NAMES, start=1)
)

# 条例 art. 21, second part: 乡（镇）人民政府 (the portal applies it to 镇 and 街道 units).
ARTICLE_21_TOWNSHIP_NAMES = (
    "贯彻落实农业农村政策",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
)
ARTICLE_21_TOWNSHIP = tuple(
    Column(slug=f"a21x-{number}", name=name, source=f"{TIAOLI}第二十一条（乡（镇）人民政府）")
    for number, name in enumerate(ARTICLE_21_TOWNSHIP_NAMES, start=1)
)

# First-level columns of the section (rules.md §6.2; 61号 exact text UNCONFIRMED there).
GUIDE = Column("zfxxgkzn", "政府信息公开指南", f"{TIAOLI}第十二条；{DOC_61}")
RULES = Column("zfxxgkzd", "政府信息公开制度", DOC_61)
MANDATORY_NAME = "法定主动公开内容"
MANDATORY_SOURCE = f"{TIAOLI}第二十条、第二十一条；{DOC_61}"
ANNUAL_REPORT = Column("zfxxgknb", "政府信息公开年报", f"{TIAOLI}第四十九条、第五十条；{DOC_61}")
ON_REQUEST = Column("ysqgk", "依申请公开", f"{TIAOLI}第二十七条至第二十九条")

MANDATORY_SLUG = "fdzdgknr"
TOWNSHIP_KINDS = frozenset({"town", "subdistrict"})

# 重点领域信息公开 (铜府办发〔2019〕16号 一（一）1–4): one sub-column per required item of the
# key-area catalogue (zwgk/keyarea/catalogue.py owns the items, their sources and cadences).
KEYAREA_SLUG = "zdlyxxgk"
KEYAREA_NAME = "重点领域信息公开"
KEYAREA_SOURCE = f"{keyarea_catalogue.NOTICE}一（一）1–4；{TIAOLI}第二十条第（七）项"


def mandatory_column(unit_kind: str) -> Column:
    """法定主动公开内容 with the sub-columns that apply to a unit of this kind.

    Art. 20 applies to every organ; art. 21 adds the county-level items for governments and
    their departments, and the township items for 镇 and 街道.
    """
    extra = ARTICLE_21_TOWNSHIP if unit_kind in TOWNSHIP_KINDS else ARTICLE_21_COUNTY
    return Column(MANDATORY_SLUG, MANDATORY_NAME, MANDATORY_SOURCE, (*ARTICLE_20, *extra))


def keyarea_column(unit_kind: str, unit_code: str | None = None) -> Column | None:
    """重点领域信息公开 with one sub-column per key-area item the unit is responsible for (with
    `unit_code`; without it, every item a unit of this kind may be responsible for: the choices
    offered when registering a document). None when there is none (e.g. 镇 and 街道)."""
    items = (
        keyarea_catalogue.items_for_kind(unit_kind)
        if unit_code is None
        else keyarea_catalogue.items_for_unit(unit_code, unit_kind)
    )
    children = tuple(
        Column(slug=item.slug, name=item.name, source=item.column.source or item.area.source)
        for item in items
    )
    if not children:
        return None
    return Column(KEYAREA_SLUG, KEYAREA_NAME, KEYAREA_SOURCE, children)


def columns_for(unit_kind: str, unit_code: str | None = None) -> tuple[Column, ...]:
    """The first-level columns of a unit's 政府信息公开 page, in display order (pass the unit's
    code for its own key-area items; without it, those of any unit of the kind)."""
    keyarea = keyarea_column(unit_kind, unit_code)
    return (
        GUIDE,
        RULES,
        mandatory_column(unit_kind),
        *((keyarea,) if keyarea else ()),
        ANNUAL_REPORT,
        ON_REQUEST,
    )


def find_column(
    unit_kind: str, slug: str, unit_code: str | None = None
) -> tuple[Column, Column | None] | None:
    """(column, parent) for a slug among this unit's (or unit kind's) columns, or None."""
    for column in columns_for(unit_kind, unit_code):
        if column.slug == slug:
            return column, None
        for child in column.children:
            if child.slug == slug:
                return child, column
    return None


# Leaf columns into which documents are published (everything but the generated pages).
GENERATED_SLUGS = frozenset({GUIDE.slug, ON_REQUEST.slug, MANDATORY_SLUG, KEYAREA_SLUG})
# First-level columns whose page lists their sub-columns and their newest items.
GROUP_SLUGS = frozenset({MANDATORY_SLUG, KEYAREA_SLUG})


def list_columns_for(unit_kind: str, unit_code: str | None = None) -> list[tuple[str, str]]:
    """(slug, label) of the columns a unit publishes documents into: every column without
    sub-columns except the generated pages. With `unit_code`, the key-area items are that
    unit's own (the same ones its 重点领域信息公开 page lists); without it, those of any unit of
    the kind."""
    choices = []
    for column in columns_for(unit_kind, unit_code):
        if column.slug in GENERATED_SLUGS:
            for child in column.children:
                choices.append((child.slug, f"{column.name} / {child.name}"))
        elif not column.children:
            choices.append((column.slug, column.name))
    return choices


def list_columns_of(unit: Any) -> list[tuple[str, str]]:
    """The columns `unit` may file documents under, key-area items included only where the
    catalogue makes the unit responsible for them. Registered with zwgk.documents.columns."""
    return list_columns_for(unit.kind, unit.code)


def _keyarea_names(slug: str, name: str) -> set[str]:
    return {slug, name, f"{KEYAREA_NAME}/{name}"}


def resolve_list_column(unit: Any, text: str) -> str | None:
    """The slug of the list column written as `text` in an imported catalogue: its slug, its
    name, or "parent / name". Registered with zwgk.documents.importer. A key-area item of
    another unit resolves too, so that the importer can say the unit may not use it (rather
    than that the column is unknown)."""
    wanted = "".join(text.split())
    for slug, label in list_columns_of(unit):
        names = {slug, "".join(label.split()), "".join(label.split("/")[-1].split())}
        if wanted in names:
            return slug
    for item in keyarea_catalogue.ITEMS:
        if wanted in _keyarea_names(item.slug, "".join(item.name.split())):
            return item.slug
    return None
