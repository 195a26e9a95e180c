"""The key-area catalogue as data: names from the notice, slugs that fit Document.column,
responsibilities and cadences with their sources. No database."""

from pathlib import Path

from zwgk.keyarea import catalogue
from zwgk.keyarea.catalogue import ANNUAL, SCHOOL_YEAR

# The district office's notice, kept in the repository (docs/sources/) as the source text.
NOTICE_TEXT = (
    Path(__file__).resolve().parents[3] / "docs/sources/seed-notice-tongfubanfa-2019-16.txt"
)


def test_slugs_unique_and_fit_the_document_column():
    slugs = [item.slug for item in catalogue.ITEMS]
    assert len(slugs) == len(set(slugs))
    assert all(len(slug) <= 20 and slug.startswith("zd-") for slug in slugs)


def test_the_four_areas_of_the_notice():
    assert [a.name for a in catalogue.AREAS] == ["营商环境", "三大攻坚战", "民生", "财政"]
    assert [a.source for a in catalogue.AREAS][:3] == [
        "铜府办发〔2019〕16号一（一）1",
        "铜府办发〔2019〕16号一（一）2",
        "铜府办发〔2019〕16号一（一）3",
    ]


def test_enrolment_items_are_the_notices_seven_for_the_education_bureau():
    enrolment = [i for i in catalogue.ITEMS if i.column.name == "义务教育招生"]
    assert [i.short_name for i in enrolment] == [
        "招生方案",
        "招生范围",
        "招生程序",
        "报名条件",
        "学校情况",
        "录取结果",
        "咨询方式",
    ]
    assert all(i.cadence.kind == SCHOOL_YEAR for i in enrolment)
    assert all(i.responsible.applies_to("tlq-jw", "department") for i in enrolment)
    assert not any(i.responsible.applies_to("tlq-mzj", "department") for i in enrolment)
    result = catalogue.item_by_slug("zd-ywzs-lqjg")
    assert result is not None and result.name == "义务教育招生·录取结果"


def test_budget_and_projects_are_for_every_department_with_unconfirmed_dates():
    for slug in ("zd-ys", "zd-js", "zd-xmwb"):
        item = catalogue.item_by_slug(slug)
        assert item is not None and item.cadence.kind == ANNUAL
        assert item.responsible.applies_to("tlq-mzj", "department")
        assert item.responsible.applies_to("tlq-jw", "department")
        assert not item.responsible.applies_to("tlq-anju", "town")
        # the legal period after approval is not in rules.md: the mark stays in the data
        assert item.cadence.unconfirmed


def test_debt_figures_are_periodic_for_the_finance_bureau():
    debt = [i for i in catalogue.ITEMS if i.column.name == "政府债务"]
    assert [i.short_name for i in debt] == ["债务限额", "债务余额", "债务率", "偿债率"]
    assert {i.cadence.kind for i in debt} == {catalogue.HALF_YEARLY}
    assert all(i.responsible.applies_to("tlq-czj", "department") for i in debt)


# Names that are not a verbatim phrase of the notice, and why.
NOT_VERBATIM = {
    "“双随机、一公开”检查处置结果": "“双随机、一公开”，检查处置结果 joined",
    "预算": "条例第二十条第（七）项 财政预算、决算信息",
    "决算": "条例第二十条第（七）项 财政预算、决算信息",
    "债务余额": "债务限额、余额",
    "政府债券": "heading of 债券发行、存续期管理",
}


def test_every_name_is_written_in_the_notice():
    text = NOTICE_TEXT.read_text(encoding="utf-8")
    names = [a.name for a in catalogue.AREAS]
    for area in catalogue.AREAS:
        for column in area.columns:
            names.append(column.name)
            names.extend(spec.name for spec in column.items)
    missing = [name for name in names if name not in text]
    assert sorted(missing) == sorted(NOT_VERBATIM)


def test_items_for_unit_and_area_filter():
    education = catalogue.items_for_unit("tlq-jw", "department", "ms")
    assert {i.area.slug for i in education} == {"ms"}
    assert len(education) == 8  # seven enrolment items and 学前教育
    assert catalogue.items_for_unit("tlq-anju", "town") == ()
    assert catalogue.items_for_kind("town") == ()
    assert len(catalogue.items_for_kind("department")) == len(catalogue.ITEMS)
