"""The 政府信息公开工作年度报告: figures from the register and the ledger, section 一 drafted and
checked against the tables, validation blocking submission, the review chain of the document
register up to publication in the 政府信息公开年报 column, exports, deadlines and the CLI."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_person
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import reports as foi
from zwgk.documents import services as documents
from zwgk.documents.models import Status
from zwgk.orgs.models import Role
from zwgk.supervision import annual, render, selectors, services, statute
from zwgk.supervision.annual import AnnualReportError, Figures
from zwgk.supervision.models import AnnualReport
from zwgk.supervision.tests.helpers import at, case, reply

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 12, 10, tzinfo=TZ)


@pytest.fixture
def ledger(officer_a, district):
    """Unit A: 2024 — 1 application; 2025 — 3 new (one carried over from 2024 answered)."""
    a = district.unit_a
    c0 = case(officer_a, a, "2024-03-01")
    reply(officer_a, c0, "disclose", "2024-03-15")
    c1 = case(officer_a, a, "2024-12-20")
    reply(officer_a, c1, "disclose", "2025-01-10")
    c2 = case(officer_a, a, "2025-03-03")
    reply(officer_a, c2, "disclose", "2025-03-20")
    c3 = case(officer_a, a, "2025-04-01")
    reply(officer_a, c3, "not_exist", "2025-04-15")
    case(officer_a, a, "2025-12-29")  # open on 31 December: carried over
    return a


def figures(**values: int) -> Figures:
    base = dict.fromkeys(Figures.__dataclass_fields__, 0)
    return Figures(**(base | values))


# --- Pure: section 一 and its check ---------------------------------------------------------------


def test_draft_states_the_figures_and_computed_changes():
    text = annual.draft_overview(
        figures(requests_new=15, proactive=40),
        figures(requests_new=12, proactive=45),
        is_district=False,
    )
    assert "本年新收政府信息公开申请15件，较上年增加3件" in text
    assert "主动公开政府信息40条，较上年减少5条" in text
    assert "被申请行政复议0件，与上年持平" in text


def test_the_draft_passes_its_own_check_and_an_edited_figure_fails():
    now, last = figures(requests_new=15, requests_finished=9), figures(requests_new=12)
    text = annual.draft_overview(now, last, is_district=True)
    assert annual.narrative_problems(text, now, last) == []
    edited = text.replace("申请15件", "申请16件")
    problems = annual.narrative_problems(edited, now, last)
    # The figure is wrong; the stated change (3) still matches the computed one.
    assert len(problems) == 1 and "应为15" in problems[0]
    wrong_change = text.replace("较上年增加3件", "较上年增加4件")
    assert "较上年的变化应为较上年增加3" in annual.narrative_problems(wrong_change, now, last)[0]
    flat = text.replace("较上年增加3件", "与上年持平")
    assert annual.narrative_problems(flat, now, last)


def test_free_text_without_the_phrases_is_not_checked():
    assert annual.narrative_problems("今年工作扎实推进。", figures(), figures()) == []


def test_grids_cover_every_position_once():
    data = {
        "table2": {
            "rules": [0, 0, 0],
            "normative": [1, 2, 3],
            "decisions": {"license": 4, "penalty": 5, "coercion": 6},
            "charges_wan": "1.5",
        },
        "table3": foi.Report(
            2025,
            "2021",
            foi.Scope((), "x", "x", False),
            foi.Table3("2021", foi.table3_rows("2021")),
            foi.Table4(dict.fromkeys(foi.table4_keys(), 0)),
        ).as_dict()["table3"],
        "table4": {"cells": [0] * 15},
    }
    for grid in (render.table2_grid(data), render.table3_grid(data), render.table4_grid(data)):
        covered: list[tuple[int, int]] = []
        for cell in grid.cells:
            covered += [
                (r, c)
                for r in range(cell.row, cell.row + cell.rowspan)
                for c in range(cell.col, cell.col + cell.colspan)
            ]
        assert len(covered) == len(set(covered)) == grid.rows * grid.cols, grid.title


def test_due_dates():
    assert statute.due_date(2025, is_district=False) == date(2026, 1, 31)
    assert statute.due_date(2025, is_district=True) == date(2026, 3, 31)


# --- Built from the records ---------------------------------------------------------------------


def start(by, unit, year=2025, **extra):
    return services.start_report(by=by, at=NOW, unit=unit, year=year, **extra)


def test_tables_three_and_four_are_the_ledger_reports(ledger, officer_a):
    report = start(officer_a, ledger)
    content = annual.build(report)
    expected = foi.build_report(foi.unit_scope(ledger), 2025).as_dict()
    data = content.as_dict()
    assert data["table3"] == expected["table3"] and data["table4"] == expected["table4"]
    assert content.figures.requests_new == 3
    assert content.figures.requests_carried_in == 1
    assert content.figures.requests_finished == 3
    assert content.figures.requests_carried_out == 1
    assert content.last_year.requests_new == 2
    assert "新收政府信息公开申请3件，较上年增加1件" in report.overview
    assert content.period_sentence == "本报告所列数据的统计期限为2025年1月1日至2025年12月31日。"


def test_validation_lists_what_is_missing_and_blocks_submission(ledger, officer_a):
    report = start(officer_a, ledger)
    problems = annual.build(report).problems
    assert not any("行政许可" in p for p in problems)  # the enforcement register gives 0
    assert any("行政事业性收费" in p for p in problems)
    assert any("请填写：" in p for p in problems)  # placeholders left in section 一
    assert any(statute.SECTION_PROBLEMS in p for p in problems)
    with pytest.raises(AnnualReportError, match="校验未通过"):
        services.submit_report(by=officer_a, at=NOW, report=report)
    report.refresh_from_db()
    assert report.document is None


def complete(report, by, **extra):
    overview = annual.build(report).overview
    overview = annual.PLACEHOLDER.sub("已按要求开展。", overview)
    values = {
        "overview": overview,
        "problems_text": "主动公开的及时性有待提高。下一步加强审核。",
        "other_text": "无。",
        "license_count": "12",
        "penalty_count": "3",
        "coercion_count": "0",
        "charges_wan": "1.25",
        "figures_evidence": "行政审批台账（2025年）",
    } | extra
    return services.update_report(
        by=by, at=NOW, report=report, changes=services.ReportChanges(**values)
    )


def test_entered_figures_need_evidence_and_bad_input_changes_nothing(ledger, officer_a):
    report = complete(start(officer_a, ledger), officer_a, figures_evidence="")
    assert any("依据" in p for p in annual.build(report).problems)
    for field, bad in (
        ("license_count", "-1"),
        ("penalty_count", "三"),
        ("charges_wan", "abc"),
        ("charges_wan", "1.23456"),
        ("charges_wan", "NaN"),
    ):
        with pytest.raises(AnnualReportError):
            services.update_report(
                by=officer_a,
                at=NOW,
                report=report,
                changes=services.ReportChanges(**{field: bad, "other_text": "变了"}),
            )
        report.refresh_from_db()
        assert report.other_text == "无。" and report.license_count == 12


def test_an_edited_figure_in_the_overview_blocks_publication(ledger, officer_a):
    report = start(officer_a, ledger)
    report = complete(report, officer_a)
    assert annual.build(report).problems == []
    report = complete(report, officer_a, overview=report.overview.replace("申请3件", "申请30件"))
    problems = annual.build(report).problems
    assert problems and "应为3" in problems[0]


def test_a_new_application_after_drafting_is_caught(ledger, officer_a):
    report = complete(start(officer_a, ledger), officer_a)
    case(officer_a, ledger, "2025-06-01")  # a late registration changes table 三
    assert any("新收政府信息公开申请" in p for p in annual.build(report).problems)
    report = services.redraft_overview(by=officer_a, at=NOW, report=report)
    report = complete(report, officer_a)
    assert annual.build(report).problems == []


def test_figures_from_the_enforcement_register_when_it_provides_them(
    ledger, officer_a, monkeypatch
):
    monkeypatch.setattr(
        annual,
        "enforcement_counts",
        lambda unit_ids, year: {"license": 7, "penalty": 2, "coercion": 1},
    )
    report = complete(
        start(officer_a, ledger),
        officer_a,
        license_count="",
        penalty_count="",
        coercion_count="",
        figures_evidence="",
    )
    content = annual.build(report)
    assert content.table2.decisions == {"license": 7, "penalty": 2, "coercion": 1}
    assert set(content.table2.sources.values()) == {"enforcement"}
    assert content.problems == []
    # A correction by the unit wins, and needs its evidence.
    report = complete(
        report,
        officer_a,
        penalty_count="3",
        license_count="",
        coercion_count="",
        figures_evidence="",
    )
    content = annual.build(report)
    assert (
        content.table2.decisions["penalty"] == 3 and content.table2.sources["penalty"] == "entered"
    )
    assert any("依据" in p for p in content.problems)


def test_decision_counts_come_from_the_enforcement_register(ledger, officer_a, district):
    from zwgk.enforcement import services as enforcement
    from zwgk.enforcement.statute import DecisionKind, PartyKind

    enforcement.record_decision(
        by=officer_a,
        at=at("2025-05-06"),
        unit=district.unit_a,
        data=enforcement.DecisionData(
            kind=DecisionKind.PENALTY,
            number="铜教罚〔2025〕3号",
            party_kind=PartyKind.LEGAL,
            party_name="重庆某某培训学校",
            party_id_number="",
            decision_date=date(2025, 5, 6),
            summary="违规举办校外培训，责令停止",
        ),
    )
    report = start(officer_a, ledger)
    content = annual.build(report)
    assert content.table2.decisions == {"license": 0, "penalty": 1, "coercion": 0}
    assert content.table2.sources == dict.fromkeys(
        ("license", "penalty", "coercion"), "enforcement"
    )
    assert not any("依据" in p for p in content.problems)


def test_years_before_the_2019_regulation_and_unfinished_years_are_refused(officer_a, district):
    with pytest.raises(AnnualReportError, match="2019年及以后"):
        start(officer_a, district.unit_a, year=2018)
    with pytest.raises(AnnualReportError, match="尚未结束"):
        start(officer_a, district.unit_a, year=2026)
    assert not AnnualReport.objects.exists()


def test_only_the_unit_starts_its_report(officer_b, district):
    from zwgk.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        start(officer_b, district.unit_a)


# --- Review and publication through the document register ----------------------------------------


def approve(by, document):
    checks = {key: True for key, _label in documents.FIVE_CHECKS}
    return documents.approve_document(
        by=by, at=NOW, document=document, checks=checks, secrecy_review_passed=True
    )


def test_unit_report_reviewed_and_published_in_the_annual_report_column(
    ledger, officer_a, deputy_a, head_a
):
    report = complete(start(officer_a, ledger), officer_a)
    report = services.submit_report(by=officer_a, at=NOW, report=report)
    document = report.document
    assert document.column == "zfxxgknb" and document.status == Status.DEPUTY_REVIEW
    assert document.title == "重庆市铜梁区教育委员会2025年政府信息公开工作年度报告"
    assert [a.original_name.rsplit(".", 1)[1] for a in document.attachments.all()] == ["docx"]
    assert "一、本年新收政府信息公开申请数量：自然人3" in document.body
    assert "本报告所列数据的统计期限为2025年1月1日至2025年12月31日。" in document.body
    assert selectors.status_of(report) == selectors.IN_REVIEW
    assert report.snapshot["valid"] is True
    # Frozen: no edits while in review.
    with pytest.raises(AnnualReportError):
        complete(report, officer_a)
    approve(deputy_a, document)
    approve(head_a, document)
    document.refresh_from_db()
    documents.publish_document(by=head_a, at=at("2026-01-20"), document=document)
    report.refresh_from_db()
    assert selectors.status_of(report) == selectors.PUBLISHED
    assert selectors.published_on(report) == date(2026, 1, 20)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"supervision.annual_report.started", "supervision.annual_report.submitted"} <= actions


def test_district_report_goes_through_the_district_office(ledger, district, supervisor, officer_a):
    office_clerk = make_person("office_clerk", "周文", district.office, Role.CLERK)
    office_deputy = make_person("office_deputy", "吴刚", district.office, Role.DEPUTY)
    office_head = make_person("office_head", "郑红", district.office, Role.HEAD)
    report = start(supervisor, district.root, is_district=True)
    assert report.is_district
    assert annual.build(report).scope.is_district
    report = complete(report, supervisor)
    from zwgk.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError, match="经办人或负责人"):
        services.submit_report(by=supervisor, at=NOW, report=report)
    report = services.submit_report(by=office_clerk, at=NOW, report=report)
    document = report.document
    assert document.publishing_unit == district.office
    approve(office_deputy, document)
    approve(office_head, document)
    document.refresh_from_db()
    assert document.status == Status.OFFICE_REVIEW
    approve(supervisor, document)
    document.refresh_from_db()
    documents.publish_document(by=supervisor, at=at("2026-03-02"), document=document)
    report.refresh_from_db()
    assert selectors.status_of(report) == selectors.PUBLISHED


def test_returned_report_can_be_corrected_and_resubmitted(ledger, officer_a, deputy_a):
    report = services.submit_report(
        by=officer_a, at=NOW, report=complete(start(officer_a, ledger), officer_a)
    )
    documents.return_document(by=deputy_a, at=NOW, document=report.document, reason="请补充问题")
    report.refresh_from_db()
    assert selectors.status_of(report) == selectors.RETURNED
    report = complete(report, officer_a, problems_text="补充后的问题。")
    report = services.submit_report(by=officer_a, at=NOW, report=report)
    assert report.document.status == Status.DEPUTY_REVIEW
    assert "补充后的问题。" in report.document.body
    assert report.document.attachments.count() == 1


# --- Deadlines, reminders and the overdue list ---------------------------------------------------


def test_overdue_list_and_reminders(ledger, officer_a, supervisor, district):
    from zwgk.supervision.inbox import annual_report_items

    start(officer_a, ledger)
    rows = selectors.list_report_status(supervisor, 2025, date(2026, 2, 2))
    by_unit = {(row.unit.pk, row.is_district): row for row in rows}
    assert by_unit[(district.root.pk, True)].is_overdue is False  # due 31 March
    assert by_unit[(district.unit_a.pk, False)].is_overdue is True
    assert by_unit[(district.unit_b.pk, False)].status == selectors.NOT_STARTED
    items = annual_report_items(officer_a, date(2026, 1, 5))
    assert [i.due_date for i in items] == [date(2026, 1, 31)]
    alerts = annual_report_items(supervisor, date(2026, 2, 2))
    assert any(i.kind == "alert" and "逾期" in i.title for i in alerts)
    assert not [i for i in annual_report_items(supervisor, date(2026, 1, 5)) if i.kind == "alert"]


# --- Staff pages ----------------------------------------------------------------------------------


@pytest.fixture
def report_a(ledger, officer_a):
    return start(officer_a, ledger)


def test_list_page_and_htmx_partial(client_supervisor, client_a, report_a):
    url = reverse("supervision:annual_list") + "?year=2025"
    page = client_supervisor.get(url)
    assert page.status_code == 200
    assert "区民政局" in page.content.decode()
    partial = client_supervisor.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and "区民政局" in partial.content.decode()
    mine = client_a.get(url).content.decode()
    assert "区民政局" not in mine and "区教育委员会" in mine


def test_detail_scoped_and_anonymous_sent_to_login(client, client_a, client_b, report_a):
    url = reverse("supervision:annual_detail", args=[report_a.pk])
    assert client_a.get(url).status_code == 200
    assert client_b.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    partial = client_a.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and "统计期限" in partial.content.decode()


def test_edit_invalid_input_is_a_message_and_changes_nothing(client_a, report_a):
    url = reverse("supervision:annual_edit", args=[report_a.pk])
    response = client_a.post(url, {"license_count": "很多", "other_text": "无。"})
    assert response.status_code == 400
    assert "正整数" in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.other_text == "" and report_a.license_count is None
    response = client_a.post(url, {"license_count": "5", "other_text": "无。"})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.license_count == 5 and report_a.other_text == "无。"
    assert report_a.overview  # not posted: kept


def test_submit_refused_with_the_validation_problems(client_a, report_a):
    response = client_a.post(reverse("supervision:annual_submit", args=[report_a.pk]))
    assert response.status_code == 400 and "校验未通过" in response.content.decode()


def test_start_from_the_page(client_a, district):
    response = client_a.post(
        reverse("supervision:annual_start"), {"unit": district.unit_a.pk, "year": "2025"}
    )
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{report.pk}/")
    refused = client_a.post(
        reverse("supervision:annual_start"), {"unit": district.unit_a.pk, "year": "2018"}
    )
    assert refused.status_code == 400 and "2019年及以后" in refused.content.decode()
    other = client_a.post(
        reverse("supervision:annual_start"), {"unit": district.unit_b.pk, "year": "2025"}
    )
    assert other.status_code == 404


def test_exports(client_a, report_a):
    docx = client_a.get(reverse("supervision:annual_export", args=[report_a.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from docx import Document as read_docx

    document = read_docx(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert statute.SECTION_OTHER in text and "统计期限" in text
    assert len(document.tables) == 3
    cells = {c.text for c in document.tables[1].rows[3].cells}
    assert "一、本年新收政府信息公开申请数量" in cells and "3" in cells
    pdf = client_a.get(reverse("supervision:annual_export", args=[report_a.pk, "pdf"]))
    assert pdf.status_code == 200
    pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "统计期限" in pages and "行政事业性收费" in pages
    data = json.loads(
        client_a.get(reverse("supervision:annual_export", args=[report_a.pk, "json"])).content
    )
    assert data["figures"]["requests_new"] == 3
    assert (
        client_a.get(reverse("supervision:annual_export", args=[report_a.pk, "xls"])).status_code
        == 404
    )


# --- CLI ------------------------------------------------------------------------------------------


def test_cli_json_docx_pdf(ledger, officer_a, tmp_path):
    report = complete(start(officer_a, ledger), officer_a)
    out = io.StringIO()
    call_command("report", "annual", "--year", "2025", "--unit", "tlq-jw", stdout=out)
    data = json.loads(out.getvalue())
    assert data["valid"] and data["table2"]["decisions"]["license"] == 12
    assert data["table2"]["charges_wan"] == "1.2500"
    for fmt in ("docx", "pdf"):
        target = tmp_path / f"r.{fmt}"
        call_command(
            "report",
            "annual",
            "--year",
            "2025",
            "--unit",
            "tlq-jw",
            "--format",
            fmt,
            "--output",
            str(target),
            stdout=io.StringIO(),
        )
        assert target.read_bytes()[:2] == (b"PK" if fmt == "docx" else b"%P")
    assert report.pk


def test_cli_district_without_texts_fails_validation(ledger):
    out = io.StringIO()
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("report", "annual", "--year", "2025", stdout=out)
    data = json.loads(out.getvalue())
    assert data["is_district"] and data["figures"]["requests_new"] == 3
    assert not AnnualReport.objects.exists()  # printing makes no record


def test_cli_refuses_years_before_the_2019_regulation(district):
    with pytest.raises(CommandError, match="2019年及以后"):
        call_command("report", "annual", "--year", "2018", stdout=io.StringIO())


def test_fees_collected_go_to_section_six(ledger, officer_a, monkeypatch):
    monkeypatch.setattr(annual, "fees_collected", lambda unit_ids, year: Decimal("45.00"))
    content = annual.build(start(officer_a, ledger))
    assert content.fees_sentence.endswith("实际收取信息处理费共计45.00元。")
