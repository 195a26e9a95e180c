"""`zwgk import requests|appeals`: old ledgers (台账) in XLSX or CSV (UTF-8, GBK), all or nothing
with per-row Chinese errors, --dry-run, personal data encrypted like the online path, and the
imported cases counted in the annual-report tables."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from zwgk.core.errors import PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import reports
from zwgk.disclosure_requests.importer import (
    LedgerImportError,
    import_appeals,
    import_requests,
)
from zwgk.disclosure_requests.models import Appeal, DisclosureRequest, RequestEvent
from zwgk.disclosure_requests.personal import id_index, phone_index
from zwgk.disclosure_requests.tests.helpers import D, at, id_number
from zwgk.textcheck.uscc import check_character

ID = id_number("50022419800101123")
USCC = "91500224MA5U5X5X5" + check_character("91500224MA5U5X5X5")
HEADER = ["序号", "收到日期", "申请方式", "申请人类型", "申请人", "证件号码", "联系电话",
          "申请内容", "承办单位", "办理结果", "答复日期", "登记号"]  # fmt: skip
ROWS = [
    [1, "2024-03-05", "当面提交", "自然人", "李四", ID, "13900001111", "2023年学校收费标准",
     "", "（一）予以公开", "2024-03-20", "铜教依申〔2024〕7号"],
    [2, "2024/12/20", "邮寄", "商业企业", "重庆某某科技有限公司", USCC, "023-45678901",
     "某项目环评批复", "区教委", "属于四类过程性信息", "2025/1/8", ""],
    [3, "2024年12月30日", "网上申请", "自然人", "王五", "", "", "某校基建合同", "", "", "", ""],
    [4, "2024-06-03", "电子邮件", "法律服务机构", "重庆某某律师事务所", "", "", "执法案卷",
     "", "（六）其他处理", "2024-07-01", ""],
]  # fmt: skip


def xlsx(header=HEADER, rows=ROWS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(header=HEADER, rows=ROWS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def run_import(unit, data=None, filename="台账.xlsx", **kwargs):
    return import_requests(
        by=kwargs.pop("by", None),
        at=at("2026-02-01"),
        unit=unit,
        data=xlsx() if data is None else data,
        filename=filename,
        **kwargs,
    )


def test_xlsx_ledger_is_imported_as_history(district):
    result = run_import(district.unit_a)
    assert (result.rows, result.replied, result.open) == (4, 3, 1)
    first, second, third, fourth = DisclosureRequest.objects.order_by("pk")
    assert first.number == "铜教依申〔2024〕7号" and first.is_imported
    assert first.status == "closed" and first.reply.outcome == "disclose"
    assert first.reply.table3_row == "1" and first.reply.reply_date == D("2024-03-20")
    # generated numbers continue the unit's sequence past the kept one
    assert second.number == "铜教依申〔2024〕8号" and third.number == "铜教依申〔2024〕9号"
    assert second.applicant_type == "commercial" and second.id_type == "uscc"
    assert second.reply.outcome == "refuse_process" and second.reply.table3_row == "3.6"
    assert fourth.reply.table3_row == "6.3"  # the 2019 format's single （六）其他处理
    # personal data as on the online path: encrypted, indexed, masked
    raw = DisclosureRequest.objects.filter(pk=first.pk).values_list("id_number", "phone").get()
    assert ID not in raw[0].token and "13900001111" not in raw[1].token
    assert first.id_number.reveal() == ID and first.id_number_index == id_index(ID)
    assert first.phone_index == phone_index("13900001111") and first.phone_masked == "139****1111"
    assert first.id_type == "resident_id" and first.id_number_masked.startswith("5002")
    # the ledger: received (and replied) events; the open case runs its clock
    kinds = list(RequestEvent.objects.filter(request=first).values_list("kind", flat=True))
    assert kinds == ["received", "replied"]
    assert third.status == "processing" and third.reply_due_date is not None
    assert third.receipt_date == D("2024-12-30")
    # audit: one event for the file, one per application, no personal data in either
    assert AuditEvent.objects.filter(action="disclosure_requests.ledger.imported").count() == 1
    rows = AuditEvent.objects.filter(action="disclosure_requests.request.imported")
    assert rows.count() == 4
    assert all(ID not in str(e.after) and "13900001111" not in str(e.after) for e in rows)


def test_imported_cases_count_in_the_tables(district):
    run_import(district.unit_a)
    report = reports.build_report(reports.unit_scope(district.unit_a), 2024)
    assert report.table3.row("new").cells == [2, 1, 0, 0, 1, 0, 4]
    assert report.table3.row("1").cells[0] == 1 and report.table3.row("6.3").cells[4] == 1
    assert report.table3.row("carried_out").cells == [1, 1, 0, 0, 0, 0, 2]
    assert report.problems == []
    next_year = reports.build_report(reports.unit_scope(district.unit_a), 2025)
    assert next_year.table3.row("carried_in").cells == [1, 1, 0, 0, 0, 0, 2]
    assert next_year.table3.row("3.6").cells[1] == 1


def test_csv_in_gbk_and_utf8(district):
    result = run_import(district.unit_a, csv_bytes(encoding="gbk"), "台账.csv")
    assert result.rows == 4
    assert DisclosureRequest.objects.filter(applicant_name="重庆某某科技有限公司").exists()
    rows = [[5, "2025-01-02", "传真", "其他", "某协会", "", "", "内容", "", "", "", ""]]
    assert run_import(district.unit_a, csv_bytes(rows=rows), "b.csv").rows == 1


def test_dry_run_writes_nothing(district):
    result = run_import(district.unit_a, dry_run=True)
    assert result.dry_run and result.rows == 4
    assert not DisclosureRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="disclosure_requests.").exists()


def test_every_bad_row_is_listed_and_nothing_is_written(district):
    rows = [
        [1, "2024-13-01", "当面提交", "自然人", "甲", "", "", "内容", "", "", "", ""],
        [2, "2024-03-01", "飞鸽传书", "外星人", "", "", "12345", "", "", "", "", ""],
        [3, "2024-03-01", "当面", "自然人", "乙", "110105198001011234", "", "内容", "区民政局",
         "予以公开", "", "重复号"],
        [4, "2024-03-05", "当面", "自然人", "丙", "", "", "内容", "", "瞎写的结果",
         "2024-03-01", "重复号"],
        [5, "2024-03-05", "当面", "商业企业", "丁公司", "123", "", "内容", "", "",
         "2024-03-09", ""],
        [6, "2030-01-01", "当面", "自然人", "戊", "", "", "内容", "", "", "", ""],
    ]  # fmt: skip
    with pytest.raises(LedgerImportError) as caught:
        run_import(district.unit_a, xlsx(rows=rows))
    errors = caught.value.errors
    assert "未导入任何申请" in caught.value.message
    expected = [
        "第 2 行：收到日期“2024-13-01”不是有效日期",
        "第 3 行：申请方式“飞鸽传书”无法识别",
        "第 3 行：申请人类型“外星人”无法识别",
        "第 3 行：缺少申请人",
        "第 3 行：联系电话格式不正确",
        "第 3 行：缺少申请内容",
        "第 4 行：证件号码：居民身份证号码不正确",
        "第 4 行：承办单位“区民政局”不是重庆市铜梁区教育委员会或其下属单位",
        "第 4 行：已填写办理结果的，须填写答复日期",
        "第 5 行：办理结果“瞎写的结果”无法识别",
        "第 5 行：答复日期（2024-03-01）早于收到日期（2024-03-05）",
        "第 6 行：已填写答复日期的，须填写办理结果",
        "第 6 行：证件号码：统一社会信用代码不正确",
        "第 7 行：收到日期（2030-01-01）晚于今天",
    ]
    for message in expected:
        assert any(e.startswith(message) for e in errors), message
    assert [int(e.split(" ")[1]) for e in errors] == sorted(int(e.split(" ")[1]) for e in errors)
    assert not DisclosureRequest.objects.exists()


def test_a_number_twice_in_the_file_is_refused(district):
    rows = [
        [1, "2024-03-05", "当面", "自然人", "甲", "", "", "内容", "", "", "", "2024-01"],
        [2, "2024-03-06", "当面", "自然人", "乙", "", "", "内容", "", "", "", "2024-01"],
    ]
    with pytest.raises(LedgerImportError) as caught:
        run_import(district.unit_a, xlsx(rows=rows))
    assert caught.value.errors == ["第 3 行：登记号“2024-01”与第 2 行重复"]


def test_a_number_already_in_the_system_is_refused(district):
    run_import(district.unit_a)
    with pytest.raises(LedgerImportError) as caught:
        run_import(district.unit_a)
    assert "第 2 行：登记号“铜教依申〔2024〕7号”已被系统中的其他申请使用" in caught.value.errors
    assert DisclosureRequest.objects.count() == 4


def test_header_problems(district):
    with pytest.raises(LedgerImportError, match="无法识别的列：收到日其"):
        run_import(district.unit_a, xlsx(header=["收到日其", *HEADER[2:]], rows=[]))
    with pytest.raises(LedgerImportError, match="缺少必需的列：申请内容"):
        run_import(district.unit_a, xlsx(header=HEADER[:7], rows=[]))
    with pytest.raises(LedgerImportError, match="没有数据行"):
        run_import(district.unit_a, xlsx(rows=[]))
    with pytest.raises(LedgerImportError, match="只能导入 XLSX 或 CSV"):
        run_import(district.unit_a, b"x", "台账.xls")
    with pytest.raises(LedgerImportError, match="不是 XLSX"):
        run_import(district.unit_a, b"a,b", "台账.xlsx")


def test_the_district_ledger_names_its_units(district):
    rows = [[1, "2025-03-03", "当面", "自然人", "甲", "", "", "内容", "区民政局", "", "", ""]]
    run_import(district.root, xlsx(rows=rows))
    assert DisclosureRequest.objects.get().handling_unit == district.unit_b


def test_only_the_units_staff_may_import(district, officer_b, officer_a):
    with pytest.raises(PermissionDeniedError):
        run_import(district.unit_a, by=officer_b)
    assert run_import(district.unit_a, by=officer_a).rows == 4
    assert DisclosureRequest.objects.first().registered_by == officer_a


# --- Appeals ----------------------------------------------------------------------------------

APPEAL_HEADER = ["案件类型", "关联申请", "承办单位", "复议机关或法院", "案号", "申请人",
                 "申请或起诉日期", "受理日期", "审结日期", "结果"]  # fmt: skip


def test_appeals_link_to_applications_and_count_in_table_4(district):
    run_import(district.unit_a)
    linked = DisclosureRequest.objects.get(number="铜教依申〔2024〕7号")
    code = linked.lookup_code
    rows = [
        ["行政复议", "铜教依申〔2024〕7号", "", "重庆市铜梁区人民政府", "铜府复〔2024〕3号", "",
         "2024-04-01", "2024-04-03", "2024-05-20", "维持"],
        ["复议后起诉", f"{code[:5]}-{code[5:]}", "", "重庆市铜梁区人民法院", "", "",
         "2024-06-01", "", "", ""],
        ["未经复议直接起诉", "", "", "重庆市铜梁区人民法院", "", "张三", "2024-08-01", "",
         "2024-12-01", "结果纠正"],
    ]  # fmt: skip
    result = import_appeals(
        by=None,
        at=at("2026-02-01"),
        unit=district.unit_a,
        data=xlsx(APPEAL_HEADER, rows),
        filename="复议诉讼.xlsx",
    )
    assert (result.rows, result.replied, result.open) == (3, 2, 1)
    first, second, third = Appeal.objects.order_by("pk")
    assert first.request == linked and first.kind == "reconsideration" and first.result == "upheld"
    assert first.applicant_name == "李四"
    assert (
        second.request == linked and second.is_after_reconsideration and second.result == "pending"
    )
    assert third.request is None and third.unit == district.unit_a and third.result == "corrected"
    t4 = reports.build_report(reports.unit_scope(district.unit_a), 2024).table4.cells
    assert t4["reconsideration.upheld"] == 1
    assert t4["litigation.after.pending"] == 1
    assert t4["litigation.direct.corrected"] == 1
    assert AuditEvent.objects.filter(action="disclosure_requests.appeal.imported").count() == 3


def test_bad_appeal_rows(district):
    rows = [
        ["仲裁", "不存在的号", "", "", "", "", "2024-04-01", "", "2024-03-01", "维持"],
        ["行政复议", "", "", "某机关", "", "", "2024-04-01", "", "", "维持"],
        ["行政诉讼", "", "", "某法院", "", "", "2024-04-01", "", "2024-05-01", "尚未审结"],
        ["行政诉讼", "", "", "某法院", "", "", "", "", "", "输了"],
    ]
    with pytest.raises(LedgerImportError) as caught:
        import_appeals(
            by=None, at=at("2026-02-01"), unit=district.unit_a, data=xlsx(APPEAL_HEADER, rows),
            filename="a.xlsx",
        )  # fmt: skip
    errors = caught.value.errors
    for message in (
        "第 2 行：案件类型“仲裁”无法识别",
        "第 2 行：关联申请“不存在的号”不是重庆市铜梁区教育委员会或其下属单位的申请",
        "第 2 行：缺少复议机关或法院",
        "第 2 行：审结日期早于申请或起诉日期",
        "第 3 行：已审结的案件须填写审结日期",
        "第 4 行：尚未审结的案件不能填写审结日期",
        "第 5 行：缺少申请或起诉日期",
        "第 5 行：结果“输了”无法识别",
    ):
        assert any(e.startswith(message) for e in errors), message
    assert not Appeal.objects.exists()


# --- The command ------------------------------------------------------------------------------


def test_command_imports_and_reports(district, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx())
    out = io.StringIO()
    call_command("import", "requests", str(path), "--unit", "tlq-jw", "--dry-run", stdout=out)
    assert "检查通过" in out.getvalue() and not DisclosureRequest.objects.exists()
    out = io.StringIO()
    call_command("import", "requests", str(path), "--unit", "tlq-jw", stdout=out)
    assert "已导入 重庆市铜梁区教育委员会 的依申请公开台账：共 4 件" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes(rows=[[1, "2024-13-01", "当面", "自然人", "甲", "", "", "x", "", "", "", ""]])
    )
    with pytest.raises(CommandError, match="第 2 行：收到日期“2024-13-01”不是有效日期"):
        call_command("import", "requests", str(bad), "--unit", "tlq-jw")
    with pytest.raises(CommandError, match="没有代码为“nope”的单位"):
        call_command("import", "appeals", str(path), "--unit", "nope")
