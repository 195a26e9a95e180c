"""Annual-report tables 三 and 四 from the ledger: one narrated year for a unit and the district,
the 2019 format, validation, `zwgk report foi --json`, the XLSX layout and the staff page."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import reports, services
from zwgk.disclosure_requests.statute import (
    ROW_CARRIED_OUT,
    ROW_NEW,
    TABLE3_LEFT_HEADER,
)
from zwgk.disclosure_requests.tests.helpers import D, application, at
from zwgk.textcheck.uscc import check_character

NATURAL, COMMERCIAL, RESEARCH, WELFARE, LEGAL, OTHER, TOTAL = range(7)


def org(applicant_type: str, name: str, first17: str = "91500224MA5U5X5X5"):
    return application(
        applicant_type=applicant_type,
        applicant_name=name,
        id_type="uscc",
        id_number=first17 + check_character(first17),
    )


def case(officer, unit, received: str, data=None):
    return services.register_application(
        by=officer,
        at=at(received),
        unit=unit,
        data=data or application(),
        channel="in_person",
        received_at=at(received, 9),
    )


def reply(officer, obj, outcome: str, day: str, **extra):
    extra.setdefault("body", "理由")
    return services.reply_to_request(
        by=officer,
        at=at(day),
        request=obj,
        data=services.ReplyData(outcome=outcome, reply_date=D(day), **extra),
    )


def appeal(officer, obj, kind, filed, result="pending", decided=None, after=None):
    return services.record_appeal(
        by=officer,
        at=at(decided or filed),
        request=obj,
        data=services.AppealData(
            kind=kind,
            body="重庆市铜梁区人民政府" if kind == "reconsideration" else "重庆市铜梁区人民法院",
            filed_on=D(filed),
            result=result,
            decided_on=D(decided) if decided else None,
            stage="closed" if decided else "filed",
        ),
        after=after,
    )


@pytest.fixture
def ledger(officer_a, officer_b, district):
    """Unit A's cases around 2025 (and one of unit B), as the module docstring of reports.py
    counts them."""
    a = district.unit_a
    # Received in December 2024, answered in January 2025: carried into 2025.
    c1 = case(officer_a, a, "2024-12-20")
    reply(officer_a, c1, "disclose", "2025-01-10")
    # Received and answered in 2024: not in 2025 at all.
    c2 = case(officer_a, a, "2024-11-01")
    reply(officer_a, c2, "disclose", "2024-11-20")
    # 2025: partial disclosure, a refusal, one still open, one answered in January 2026.
    c3 = case(officer_a, a, "2025-03-03")
    reply(
        officer_a,
        c3,
        "partial",
        "2025-03-20",
        withheld_part="学生个人信息",
        withheld_grounds=["refuse_third_party"],
        withheld_reason="涉及个人隐私",
    )
    c4 = case(officer_a, a, "2025-04-01", org("commercial", "重庆某某科技有限公司"))
    reply(officer_a, c4, "refuse_internal", "2025-04-15")
    case(officer_a, a, "2025-12-29", org("research", "重庆某某研究院", "12500224MB1234567"))
    c6 = case(officer_a, a, "2025-12-30", org("legal", "重庆某某律师事务所", "31500000MD0123456"))
    reply(officer_a, c6, "not_exist", "2026-01-06")
    # 补正 never came: 视为放弃, row （六）1.
    c7 = case(officer_a, a, "2025-05-06")
    services.request_correction(
        by=officer_a,
        at=at("2025-05-07"),
        request=c7,
        items=["请写明学校名称"],
        deadline=D("2025-05-20"),
        sent_on=D("2025-05-07"),
    )
    services.lapse_correction(by=officer_a, at=at("2025-06-03"), request=c7)
    # Unit B.
    c8 = case(officer_b, district.unit_b, "2025-06-02")
    reply(officer_b, c8, "disclose", "2025-06-10")
    # 复议 upheld; then a lawsuit after it, pending; a direct lawsuit decided only in 2026.
    first = appeal(officer_a, c3, "reconsideration", "2025-04-01", "upheld", "2025-05-01")
    appeal(officer_a, c3, "litigation", "2025-05-10", after=first)
    direct = appeal(officer_a, c4, "litigation", "2025-06-01")
    services.update_appeal(
        by=officer_a,
        at=at("2026-02-01"),
        appeal=direct,
        data=services.AppealData(
            kind="litigation",
            body="重庆市铜梁区人民法院",
            filed_on=D("2025-06-01"),
            result="corrected",
            decided_on=D("2026-02-01"),
            stage="closed",
        ),
    )
    return district


def cells(report, key):
    return report.table3.row(key).cells


def test_a_unit_year_counted_from_the_ledger(ledger):
    report = reports.build_report(reports.unit_scope(ledger.unit_a), 2025)
    assert report.format == "2021" and report.problems == []
    assert cells(report, "new") == [2, 1, 1, 0, 1, 0, 5]
    assert cells(report, "carried_in") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(report, "1") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(report, "2") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(report, "3.5") == [0, 1, 0, 0, 0, 0, 1]
    assert cells(report, "6.1") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(report, "4.1") == [0] * 7  # answered in 2026
    assert cells(report, "total") == [3, 1, 0, 0, 0, 0, 4]
    assert cells(report, "carried_out") == [0, 0, 1, 0, 1, 0, 2]
    t4 = report.table4.cells
    assert t4["reconsideration.upheld"] == 1 and t4["reconsideration.total"] == 1
    assert t4["litigation.after.pending"] == 1 and t4["litigation.after.total"] == 1
    # decided in February 2026: still 尚未审结 at the end of 2025
    assert t4["litigation.direct.pending"] == 1 and t4["litigation.direct.corrected"] == 0
    assert sum(report.table4.as_list()) == 6


def test_the_next_year_carries_what_was_open(ledger):
    report = reports.build_report(reports.unit_scope(ledger.unit_a), 2026)
    assert cells(report, "carried_in") == [0, 0, 1, 0, 1, 0, 2]
    assert cells(report, "4.1") == [0, 0, 0, 0, 1, 0, 1]
    assert cells(report, "carried_out") == [0, 0, 1, 0, 0, 0, 1]
    assert report.table4.cells["litigation.direct.total"] == 0  # filed in 2025
    assert report.problems == []


def test_the_district_adds_every_unit(ledger):
    report = reports.build_report(reports.district_scope(ledger.root), 2025)
    assert report.scope.is_district and "全区" in report.scope.name
    assert cells(report, "new")[NATURAL] == 3
    assert cells(report, "1") == [2, 0, 0, 0, 0, 0, 2]
    assert report.problems == []
    only_b = reports.build_report(reports.unit_scope(ledger.unit_b), 2025)
    assert cells(only_b, "new") == [1, 0, 0, 0, 0, 0, 1]
    assert sum(only_b.table4.as_list()) == 0


def test_2019_format_has_one_other_row(officer_a, district):
    obj = case(officer_a, district.unit_a, "2020-06-01")
    services.request_correction(
        by=officer_a,
        at=at("2020-06-02"),
        request=obj,
        items=["请写明文件名称"],
        deadline=D("2020-06-10"),
        sent_on=D("2020-06-02"),
    )
    services.lapse_correction(by=officer_a, at=at("2020-06-15"), request=obj)
    report = reports.build_report(reports.unit_scope(district.unit_a), 2020)
    assert report.format == "2019"
    keys = [row.key for row in report.table3.rows]
    assert "6" in keys and not any(k.startswith("6.") for k in keys)
    assert report.table3.row("6").labels == ("三、本年度办理结果", "（六）其他处理")
    assert cells(report, "6") == [1, 0, 0, 0, 0, 0, 1]
    assert report.problems == []
    assert [
        r.key for r in reports.build_report(reports.unit_scope(district.unit_a), 2021).table3.rows
    ].count("6.3") == 1


def test_row_labels_are_the_statutory_ones():
    rows = reports.table3_rows("2021")
    assert rows[0].labels == (ROW_NEW,) and rows[-1].labels == (ROW_CARRIED_OUT,)
    assert ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”") in [
        r.labels for r in rows
    ]
    assert len(rows) == 2 + 21 + 1 + 1
    assert len(reports.table3_rows("2019")) == 2 + 19 + 1 + 1


def test_years_before_2019_are_refused(district):
    with pytest.raises(reports.ReportError, match="2019年及以后"):
        reports.build_report(reports.unit_scope(district.unit_a), 2018)


# --- Validation -------------------------------------------------------------------------------


def test_validation_finds_every_kind_of_problem(ledger):
    report = reports.build_report(reports.unit_scope(ledger.unit_a), 2025)
    assert reports.validate(report.table3, report.table4) == []
    report.table3.row("new").cells[NATURAL] += 1  # breaks 一+二=三+四 and the row total
    problems = reports.validate(report.table3, report.table4)
    assert any(
        "“自然人”列：第一项加第二项（3+1=4）不等于第三项（七）总计加第四项（3+0=3）" in p
        for p in problems
    )
    assert any(
        "“一、本年新收政府信息公开申请数量”行：总计（5）不等于各类申请人之和（6）" in p
        for p in problems
    )
    report.table3.row("new").cells[NATURAL] -= 1
    report.table3.row("total").cells[COMMERCIAL] = 7
    problems = reports.validate(report.table3, report.table4)
    assert any("（七）总计（7）不等于各项办理结果之和（1）" in p for p in problems)
    report.table3.row("total").cells[COMMERCIAL] = 1
    report.table4.cells["reconsideration.total"] = 5
    assert reports.validate(report.table3, report.table4) == [
        "表四“行政复议”：总计（5）不等于结果维持、结果纠正、其他结果、尚未审结之和（1）。"
    ]


def test_inconsistent_ledger_data_fails_validation(officer_a, district):
    from zwgk.disclosure_requests.models import Reply

    obj = case(officer_a, district.unit_a, "2025-03-03")
    reply(officer_a, obj, "disclose", "2025-03-20")
    # A reply dated before its receipt (bad data from elsewhere) cannot balance the year.
    Reply.objects.filter(request=obj).update(reply_date=D("2024-12-31"))
    report = reports.build_report(reports.unit_scope(district.unit_a), 2025)
    assert report.problems == [f"申请{obj.number}的答复日期早于收到日期，无法正确统计，请先更正。"]
    assert not report.is_valid


# --- Command ----------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_command_prints_both_tables_as_json(ledger):
    data = json.loads(run("foi", "--year", "2025", "--unit", "tlq-jw", "--json"))
    assert data["year"] == 2025 and data["format"] == "2021" and data["valid"] is True
    assert data["scope"] == {"kind": "unit", "code": "tlq-jw", "name": "重庆市铜梁区教育委员会"}
    assert [c["label"] for c in data["table3"]["columns"]] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert data["table3"]["note"] == TABLE3_LEFT_HEADER
    rows = {row["key"]: row for row in data["table3"]["rows"]}
    assert rows["new"]["cells"] == [2, 1, 1, 0, 1, 0, 5]
    assert rows["6.1"]["labels"] == [
        "三、本年度办理结果",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ]
    assert len(data["table4"]["columns"]) == 15 == len(data["table4"]["cells"])
    assert data["table4"]["columns"][5]["labels"] == ["行政诉讼", "未经复议直接起诉", "结果维持"]
    district = json.loads(run("foi", "--year", "2025", "--json"))
    assert district["scope"]["kind"] == "district" and district["scope"]["code"] == "tlq"


def test_command_text_and_errors(ledger):
    text = run("foi", "--year", "2025", "--unit", "tlq-mzj")
    assert (
        "三、收到和处理政府信息公开申请情况" in text
        and "四、政府信息公开行政复议、行政诉讼情况" in text
    )
    with pytest.raises(CommandError, match="没有代码为“nope”的单位"):
        run("foi", "--year", "2025", "--unit", "nope")
    with pytest.raises(CommandError, match="2019年及以后"):
        run("foi", "--year", "2010")
    with pytest.raises(CommandError, match="只能选一个"):
        run("foi", "--year", "2025", "--unit", "tlq-jw", "--district", "tlq")


def test_command_refuses_an_invalid_table_after_printing_it(officer_a, district, capsys):
    from zwgk.disclosure_requests.models import Reply

    obj = case(officer_a, district.unit_a, "2025-03-03")
    reply(officer_a, obj, "disclose", "2025-03-20")
    Reply.objects.filter(request=obj).update(reply_date=D("2024-12-31"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="校验未通过，不能发布"):
        call_command("report", "foi", "--year", "2025", "--unit", "tlq-jw", "--json", stdout=out)
    assert json.loads(out.getvalue())["valid"] is False


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_is_laid_out_like_the_official_tables(ledger):
    report = reports.build_report(reports.unit_scope(ledger.unit_a), 2025)
    book = openpyxl.load_workbook(io.BytesIO(reports.to_xlsx(report)))
    sheet = book["表三"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4"} <= merged
    assert sheet["A2"].value == TABLE3_LEFT_HEADER
    assert sheet["D2"].value == "申请人情况" and sheet["E3"].value == "法人或其他组织"
    assert [sheet.cell(row=4, column=c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert sheet["A5"].value == ROW_NEW and "A5:C5" in merged
    assert [sheet.cell(row=5, column=c).value for c in range(4, 11)] == [2, 1, 1, 0, 1, 0, 5]
    assert sheet["A7"].value == "三、本年度办理结果" and "A7:A28" in merged
    assert sheet["B9"].value == "（三）不予公开" and "B9:B16" in merged
    assert sheet["C9"].value == "1.属于国家秘密"
    assert sheet["B28"].value == "（七）总计" and "B28:C28" in merged
    assert sheet["A29"].value == ROW_CARRIED_OUT
    table4 = book["表四"]
    merged4 = {str(r) for r in table4.merged_cells.ranges}
    assert {"A2:E2", "F2:O2", "A3:A4", "F3:J3", "K3:O3"} <= merged4
    assert table4["F3"].value == "未经复议直接起诉" and table4["K3"].value == "复议后起诉"
    assert [table4.cell(row=5, column=c).value for c in range(1, 6)] == [1, 0, 0, 0, 1]


# --- The staff page ---------------------------------------------------------------------------


def test_page_shows_the_unit_tables(ledger, client_a):
    response = client_a.get(reverse("disclosure_reports:foi"), {"year": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "重庆市铜梁区教育委员会" in body and "申请人情况" in body
    assert "3.危及“三安全一稳定”" in body and "复议后起诉" in body
    assert "全区汇总" not in body  # a unit sees its own units only
    assert response.context["report"].table3.row("new").cells == [2, 1, 1, 0, 1, 0, 5]


def test_page_for_the_district_office(ledger, client_supervisor):
    response = client_supervisor.get(reverse("disclosure_reports:foi"), {"year": "2025"})
    assert response.status_code == 200
    assert response.context["report"].scope.is_district
    unit_b = client_supervisor.get(
        reverse("disclosure_reports:foi"), {"year": "2025", "scope": str(ledger.unit_b.pk)}
    )
    assert unit_b.context["report"].table3.row("new").cells[TOTAL] == 1


def test_page_invalid_year_and_other_units(ledger, client_a):
    bad = client_a.get(reverse("disclosure_reports:foi"), {"year": "1999"})
    assert bad.status_code == 400 and "2019" in bad.content.decode()
    assert client_a.get(reverse("disclosure_reports:foi"), {"year": "abc"}).status_code == 400
    other = client_a.get(
        reverse("disclosure_reports:foi"), {"year": "2025", "scope": str(ledger.unit_b.pk)}
    )
    assert other.status_code == 404
    assert client_a.get(reverse("disclosure_reports:foi"), {"scope": "district"}).status_code == 404


def test_page_htmx_partial_and_anonymous(ledger, client_a, client):
    partial = client_a.get(
        reverse("disclosure_reports:foi"), {"year": "2025"}, headers={"HX-Request": "true"}
    )
    body = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in body and "申请人情况" in body
    anonymous = client.get(reverse("disclosure_reports:foi"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client.get(reverse("disclosure_reports:foi_xlsx")).status_code == 302


def test_xlsx_download_is_audited(ledger, client_a):
    response = client_a.get(reverse("disclosure_reports:foi_xlsx"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["表三", "表四"]
    event = AuditEvent.objects.get(action="disclosure_requests.report.exported")
    assert event.after == {"year": 2025, "scope": "tlq-jw", "valid": True}
    assert client_a.get(reverse("disclosure_reports:foi_xlsx"), {"year": "2000"}).status_code == 400
