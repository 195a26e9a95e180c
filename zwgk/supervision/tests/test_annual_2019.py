"""Reports on 2019 and 2020 in the 2019 试行 format (国办公开办函〔2019〕60号, rules.md §3.6):
table 二 with its own rows and columns (marks kept), table 三 with （六）其他处理 as one row,
table 四 as 2021, the validation that applies, the exports and the CLI; 2021 unchanged."""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document as read_docx
from pypdf import PdfReader

from zwgk.disclosure_requests import reports as foi
from zwgk.supervision import annual, render, services, statute
from zwgk.supervision.annual import AnnualReportError
from zwgk.supervision.models import AnnualReport
from zwgk.supervision.tests.helpers import case, reply

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 12, 10, tzinfo=TZ)

ALL_2019 = {
    "license.last": "40",
    "license.change": "-2",
    "other_services.last": "7",
    "other_services.change": "+1",
    "other_services.decisions": "30",
    "penalty.last": "12",
    "penalty.change": "0",
    "coercion.last": "3",
    "coercion.change": "1",
    "charges.last": "5",
    "charges.change": "-5",
    "procurement.count": "4",
    "procurement.amount": "86.5",
}


@pytest.fixture
def ledger_2020(officer_a, district):
    """Unit A: 2019 — 1 application; 2020 — 3 new, one carried in from 2019, one carried out."""
    a = district.unit_a
    c0 = case(officer_a, a, "2019-12-20")
    reply(officer_a, c0, "disclose", "2020-01-10")
    c1 = case(officer_a, a, "2020-03-02")
    reply(officer_a, c1, "disclose", "2020-03-20")
    c2 = case(officer_a, a, "2020-04-01")
    reply(officer_a, c2, "not_exist", "2020-04-15")
    case(officer_a, a, "2020-12-29")  # open on 31 December: carried over
    return a


def start(by, unit, year=2020, **extra):
    return services.start_report(by=by, at=NOW, unit=unit, year=year, **extra)


def complete(report, by, figures_2019=None, **extra):
    overview = annual.PLACEHOLDER.sub("已按要求开展。", annual.build(report).overview)
    values = {
        "overview": overview,
        "problems_text": "答复的规范性有待提高。",
        "other_text": "无。",
        "license_count": "12",
        "penalty_count": "3",
        "coercion_count": "0",
        "figures_evidence": "行政审批台账（2020年）",
        "figures_2019": dict(ALL_2019 if figures_2019 is None else figures_2019),
    } | extra
    return services.update_report(
        by=by, at=NOW, report=report, changes=services.ReportChanges(**values)
    )


def item(data, label):
    return next(i for i in data["table2"]["items"] if i["item"] == label)


def test_a_2020_report_has_the_2019_layout_and_the_records_figures(ledger_2020, officer_a):
    report = complete(start(officer_a, ledger_2020), officer_a)
    data = annual.build(report).as_dict()
    assert data["format"] == foi.FORMAT_2019 == data["table2"]["format"]
    assert [i["item"] for i in data["table2"]["items"]] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "第二十条第（九）项",
    ]
    one = item(data, "第二十条第（一）项")
    assert one["header"] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert [r["label"] for r in one["rows"]] == ["规章", "规范性文件"]
    five = item(data, "第二十条第（五）项")
    assert five["header"] == ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    assert [r["label"] for r in five["rows"]] == ["行政许可", "其他对外管理服务事项"]
    assert five["rows"][0]["cells"] == [40, -2, 12] and five["rows"][1]["cells"] == [7, 1, 30]
    six = item(data, "第二十条第（六）项")
    assert [r["label"] for r in six["rows"]] == ["行政处罚", "行政强制"]
    eight = item(data, "第二十条第（八）项")
    assert eight["header"] == ["信息内容", "上一年项目数量", "本年增/减"]
    assert eight["rows"][0]["cells"] == [5, -5]
    nine = item(data, "第二十条第（九）项")
    assert nine["header"] == ["信息内容", "采购项目数量", "采购总金额"]
    assert nine["rows"] == [{"key": "procurement", "label": "政府集中采购", "cells": [4, "86.5"]}]
    # The marks of rules.md §3.6 travel with the data.
    assert data["table2"]["mark"] == "[CONFIRMED-SECONDARY]"
    assert [i["header_believed"] for i in data["table2"]["items"]] == [
        False,
        False,
        True,
        True,
        False,
    ]
    # Tables 三 and 四 are exactly the ledger's report in the 2019 format.
    expected = foi.build_report(foi.unit_scope(ledger_2020), 2020).as_dict()
    assert expected["format"] == foi.FORMAT_2019
    assert data["table3"] == expected["table3"] and data["table4"] == expected["table4"]
    keys = [row["key"] for row in data["table3"]["rows"]]
    assert foi.OTHER_ROW_2019 in keys and not any(k.startswith("6.") for k in keys)
    total = data["table3"]["rows"][keys.index("total")]["cells"][-1]
    new = data["table3"]["rows"][keys.index("new")]["cells"][-1]
    assert (new, total) == (3, 3)
    assert data["figures"]["requests_carried_in"] == 1
    assert data["figures"]["requests_carried_out"] == 1
    assert data["last_year"]["requests_new"] == 1
    assert "本年新收政府信息公开申请3件，较上年增加2件" in data["sections"]["overview"]
    assert data["period_sentence"] == "本报告所列数据的统计期限为2020年1月1日至2020年12月31日。"
    assert data["valid"], data["problems"]


def test_normative_row_counts_the_register(ledger_2020, officer_a, monkeypatch):
    from zwgk.documents.normative import NormativeCounts

    monkeypatch.setattr(annual, "normative_counts", lambda units, year: NormativeCounts(2, 1, 9))
    monkeypatch.setattr(annual, "normative_public_total", lambda unit_ids, year: 11)
    data = annual.build(start(officer_a, ledger_2020)).as_dict()
    one = item(data, "第二十条第（一）项")
    assert one["rows"][0]["cells"] == [0, 0, 0]
    assert one["rows"][1]["cells"] == [2, 2, 11]


def test_missing_figures_and_negative_project_counts_block_publication(ledger_2020, officer_a):
    report = start(officer_a, ledger_2020)
    problems = annual.build(report).problems
    assert "表二：请填写“政府集中采购”的“采购总金额”（没有请填0）。" in problems
    assert "表二：请填写“其他对外管理服务事项”的“处理决定数量”（没有请填0）。" in problems
    assert not any("收费金额" in p for p in problems)  # not a 2019-format cell
    report = complete(report, officer_a, figures_2019=ALL_2019 | {"charges.change": "-6"})
    problems = annual.build(report).problems
    assert problems == ["表二：“行政事业性收费”上一年项目数量5，本年减少6，项目数量不能为负。"]
    with pytest.raises(AnnualReportError, match="校验未通过"):
        services.submit_report(by=officer_a, at=NOW, report=report)


def test_bad_2019_figures_change_nothing(ledger_2020, officer_a):
    report = complete(start(officer_a, ledger_2020), officer_a)
    for key, bad in (
        ("license.last", "-1"),
        ("license.change", "1.5"),
        ("procurement.amount", "x"),
    ):
        with pytest.raises(AnnualReportError, match="表二"):
            services.update_report(
                by=officer_a,
                at=NOW,
                report=report,
                changes=services.ReportChanges(figures_2019={key: bad}),
            )
    report.refresh_from_db()
    assert report.figures_2019 == {k: v.lstrip("+") for k, v in ALL_2019.items()}


def test_2019_figures_are_refused_for_a_2021_format_year(officer_a, district):
    report = start(officer_a, district.unit_a, year=2021)
    with pytest.raises(AnnualReportError, match="2021年格式"):
        services.update_report(
            by=officer_a,
            at=NOW,
            report=report,
            changes=services.ReportChanges(figures_2019={"license.last": "1"}),
        )


def test_2021_reports_keep_the_2021_layout(officer_a, district):
    data = annual.build(start(officer_a, district.unit_a, year=2021)).as_dict()
    assert data["format"] == foi.FORMAT_2021
    assert set(data["table2"]) >= {"rules", "normative", "decisions", "charges_wan"}
    assert "items" not in data["table2"]
    keys = [row["key"] for row in data["table3"]["rows"]]
    assert "6.1" in keys and foi.OTHER_ROW_2019 not in keys
    grid = render.table2_grid(data)
    assert statute.T2_MADE in {c.text for c in grid.cells}


def test_exports_render_the_2019_table(ledger_2020, officer_a):
    report = complete(start(officer_a, ledger_2020), officer_a)
    data = annual.build(report).as_dict()
    grid = render.table2_grid(data)
    texts = {c.text for c in grid.cells}
    assert {"本年新制作数量", "其他对外管理服务事项", "政府集中采购", "采购总金额"} <= texts
    assert any(t.startswith("处理决定数量（表头为推定") for t in texts)
    positions = set()
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                assert (r, c) not in positions
                positions.add((r, c))
    assert positions == {(r, c) for r in range(grid.rows) for c in range(grid.cols)}
    text = render.to_text(data)
    assert "第二十条第（九）项政府集中采购：采购项目数量4，采购总金额86.5" in text
    assert "第二十条第（五）项行政许可：上一年项目数量40，本年增/减-2，处理决定数量12" in text
    docx = read_docx(io.BytesIO(render.to_docx(data)))
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    assert {"其他对外管理服务事项", "（六）其他处理", "86.5"} <= cells
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render.to_pdf(data))).pages)
    assert "政府集中采购" in pdf and "其他对外管理服务事项" in pdf


def test_cli_annual_2020(ledger_2020, officer_a, tmp_path):
    complete(start(officer_a, ledger_2020), officer_a)
    out = io.StringIO()
    call_command("report", "annual", "--year", "2020", "--unit", ledger_2020.code, stdout=out)
    data = json.loads(out.getvalue())
    assert data["format"] == "2019" and data["valid"]
    assert item(data, "第二十条第（九）项")["rows"][0]["cells"] == [4, "86.5"]
    for fmt in ("docx", "pdf"):
        target = tmp_path / f"r.{fmt}"
        call_command(
            "report",
            "annual",
            "--year",
            "2020",
            "--unit",
            ledger_2020.code,
            "--format",
            fmt,
            "--output",
            str(target),
            stdout=io.StringIO(),
        )
        assert target.read_bytes()[:2] == (b"PK" if fmt == "docx" else b"%P")


def test_cli_district_2020_computes_without_a_record(ledger_2020):
    out = io.StringIO()
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("report", "annual", "--year", "2020", stdout=out)
    data = json.loads(out.getvalue())
    assert data["format"] == "2019" and data["figures"]["requests_new"] == 3
    assert not AnnualReport.objects.exists()


def test_the_page_shows_and_saves_the_2019_figures(client_a, ledger_2020, officer_a):
    report = start(officer_a, ledger_2020)
    url = reverse("supervision:annual_detail", args=[report.pk])
    page = client_a.get(url).content.decode()
    assert "政府集中采购：采购总金额" in page and "第二十条第（九）项" in page
    assert 'name="charges_wan"' not in page
    saved = client_a.post(
        reverse("supervision:annual_edit", args=[report.pk]),
        {"f2019_procurement_count": "4", "figures_evidence": "采购台账"},
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.figures_2019 == {"procurement.count": "4"}
    bad = client_a.post(
        reverse("supervision:annual_edit", args=[report.pk]),
        {"f2019_procurement_count": "四"},
    )
    assert bad.status_code == 400 and "采购项目数量" in bad.content.decode()
    report.refresh_from_db()
    assert report.figures_2019 == {"procurement.count": "4"}


def test_a_2020_report_goes_through_the_register(ledger_2020, officer_a):
    report = complete(start(officer_a, ledger_2020), officer_a)
    report = services.submit_report(by=officer_a, at=NOW, report=report)
    document = report.document
    assert document.status == "deputy_review" and document.column == "zfxxgknb"
    assert "第二十条第（九）项政府集中采购：采购项目数量4" in document.body
    assert report.snapshot["format"] == "2019"
    out = io.StringIO()
    call_command("report", "annual", "--year", "2020", "--unit", ledger_2020.code, stdout=out)
    assert json.loads(out.getvalue()) == report.snapshot  # the frozen report prints
