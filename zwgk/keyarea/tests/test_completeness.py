"""Completeness computed from published documents: scoping, the workflow turning an item green,
withdrawal, the supervision problem source and the 工作台 reminders."""

from datetime import date

import time_machine

from zwgk.documents import services
from zwgk.keyarea import cadence, selectors
from zwgk.keyarea.inbox import keyarea_items
from zwgk.keyarea.problems import SOURCE
from zwgk.supervision import problems

from .conftest import at

TODAY = date(2026, 11, 29)


def row_for(rows, unit, slug, period="2026"):
    found = [r for r in rows if r.unit == unit and r.item.slug == slug and r.period.key == period]
    assert len(found) == 1
    return found[0]


def test_a_unit_sees_only_its_own_items(officer_a, district):
    rows = selectors.list_completeness(officer_a, year=2026, today=TODAY)
    assert {r.unit for r in rows} == {district.unit_a}
    slugs = {r.item.slug for r in rows}
    assert "zd-ywzs-lqjg" in slugs and "zd-ys" in slugs
    assert "zd-zw-xe" not in slugs  # the finance bureau's debt figures


def test_the_supervisor_sees_every_responsible_unit(supervisor, district):
    rows = selectors.list_completeness(supervisor, year=2026, today=TODAY)
    units = {r.unit for r in rows}
    # 区教委 and 区民政局 (budgets), 区政府办 (a general office publishes its budget too)
    assert {district.unit_a, district.unit_b, district.office} <= units
    assert district.root not in units
    only_b = selectors.list_completeness(supervisor, year=2026, today=TODAY, unit=district.unit_b)
    assert {r.unit for r in only_b} == {district.unit_b}
    assert {r.item.slug for r in only_b} == {"zd-ys", "zd-js", "zd-xmwb"}


def test_publishing_through_the_workflow_turns_the_item_green(publish, officer_a, district):
    before = selectors.list_completeness(officer_a, year=2026, today=TODAY)
    assert row_for(before, district.unit_a, "zd-ywzs-lqjg").status == cadence.LATE
    assert row_for(before, district.unit_a, "zd-ywzs-zsfa").status == cadence.LATE

    # the enrolment plan went out in May, on time; the results only now, after 08-31
    plan = publish("2026年义务教育招生方案", "zd-ywzs-zsfa", at("2026-05-10"))
    result = publish("2026年义务教育招生录取结果", "zd-ywzs-lqjg", at("2026-11-29"))

    after = selectors.list_completeness(officer_a, year=2026, today=TODAY)
    on_time = row_for(after, district.unit_a, "zd-ywzs-zsfa")
    assert on_time.status == cadence.PUBLISHED and on_time.first_document.pk == plan.pk
    late = row_for(after, district.unit_a, "zd-ywzs-lqjg")
    assert late.status == cadence.PUBLISHED_LATE and late.first_document.pk == result.pk
    assert late.assessment.is_done
    # the other items stay as they were
    assert row_for(after, district.unit_a, "zd-ywzs-zsfw").status == cadence.LATE


def test_a_withdrawn_document_no_longer_counts(publish, officer_a, head_a, district):
    document = publish("2026年部门预算", "zd-ys", at("2026-03-10"))
    rows = selectors.list_completeness(officer_a, year=2026, today=TODAY)
    assert row_for(rows, district.unit_a, "zd-ys").status == cadence.PUBLISHED
    services.withdraw_document(by=head_a, at=at("2026-04-01"), document=document, reason="数据有误")
    rows = selectors.list_completeness(officer_a, year=2026, today=TODAY)
    assert row_for(rows, district.unit_a, "zd-ys").status == cadence.LATE


def test_a_document_counts_for_its_unit_and_year_only(publish, supervisor, district):
    publish("2025年部门预算", "zd-ys", at("2025-03-10"))
    rows = selectors.list_completeness(supervisor, year=2026, today=TODAY)
    assert row_for(rows, district.unit_a, "zd-ys").status == cadence.LATE
    assert row_for(rows, district.unit_b, "zd-ys").status == cadence.LATE
    rows_2025 = selectors.list_completeness(supervisor, year=2025, today=TODAY)
    assert row_for(rows_2025, district.unit_a, "zd-ys", "2025").status == cadence.PUBLISHED
    assert row_for(rows_2025, district.unit_b, "zd-ys", "2025").status == cadence.LATE


def test_status_filter_and_counts(publish, officer_a, district):
    publish("2026年部门预算", "zd-ys", at("2026-03-10"))
    rows = selectors.list_completeness(officer_a, year=2026, today=TODAY)
    counts = selectors.count_by_status(rows)
    # 学前教育 (platform default: once a year, by 12-31) is not due yet; the rest is past due
    assert counts == {
        cadence.PUBLISHED: 1,
        cadence.PUBLISHED_LATE: 0,
        cadence.MISSING: 1,
        cadence.LATE: len(rows) - 2,
    }
    published = selectors.list_completeness(
        officer_a, year=2026, today=TODAY, status=cadence.PUBLISHED
    )
    assert [r.item.slug for r in published] == ["zd-ys"]


def test_problem_source_reports_late_and_late_published_items(publish, district):
    assert SOURCE in problems.source_names()
    publish("2026年义务教育招生录取结果", "zd-ywzs-lqjg", at("2026-10-08"))
    with time_machine.travel(date(2026, 11, 29)):
        found = problems.collect(
            date(2026, 8, 1), date(2026, 9, 30), [district.unit_a.pk], names=[SOURCE]
        )
    by_ref = {p.reference: p for p in found}
    lqjg = by_ref[f"keyarea:{district.unit_a.pk}/zd-ywzs-lqjg/2026"]
    assert lqjg.severity == problems.MINOR and lqjg.kind == "重点领域信息逾期公开"
    assert "2026-10-08" in lqjg.summary
    js = by_ref[f"keyarea:{district.unit_a.pk}/zd-js/2026"]  # 决算 due 09-30
    assert js.severity == problems.SERIOUS and js.occurred_on == date(2026, 9, 30)
    assert js.evidence_url.startswith("/staff/keyarea/")
    # due dates outside the window are not reported; unit B is not asked for
    assert all(date(2026, 8, 1) <= p.occurred_on <= date(2026, 9, 30) for p in found)
    assert all(p.unit_id == district.unit_a.pk for p in found)


def test_problem_source_ignores_items_not_yet_due(district):
    with time_machine.travel(date(2026, 3, 1)):
        found = problems.collect(date(2026, 1, 1), date(2026, 12, 31), None, names=[SOURCE])
    assert found == []


def test_inbox_reminds_the_unit_of_late_and_soon_due_items(officer_a, officer_b, district):
    items = list(keyarea_items(officer_a, date(2026, 6, 10)))
    titles = [i.title for i in items]
    # 03-31 budget is late; 06-30 enrolment rules are due within 30 days; 决算 (09-30) is not
    assert any("预算" in t and "逾期" in t for t in titles)
    assert any("义务教育招生·招生方案" in t for t in titles)
    assert not any("决算" in t for t in titles)
    assert all(i.kind == "alert" and i.unit_label == "区教委" for i in items)
    assert not any("义务教育招生" in i.title for i in keyarea_items(officer_b, date(2026, 6, 10)))


def test_inbox_tells_the_supervisor_how_many_are_late(supervisor, district):
    items = list(keyarea_items(supervisor, date(2026, 11, 29)))
    # the supervisor's own office publishes budgets too: its items come one by one
    own = [i for i in items if i.unit_label == "区政府办"]
    assert own and all("预算" in i.title or "决算" in i.title or "项目" in i.title for i in own)
    summary = [i for i in items if not i.unit_label]
    assert len(summary) == 1 and "全区" in summary[0].title and "逾期" in summary[0].title
    assert "status=late" in summary[0].url
