"""`zwgk import documents`: a unit's existing catalogue, all rows or none."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zwgk.core.errors import PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.documents import events, importer, services
from zwgk.documents.importer import CatalogueImportError, import_documents
from zwgk.documents.models import (
    Document,
    IndexNumberSequence,
    NormativeRecord,
    Status,
    content_hash,
)

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)

HEADER = [
    "序号",
    "标题",
    "发文字号",
    "成文日期",
    "发布日期",
    "公开属性",
    "公开方式",
    "不公开依据",
    "不公开理由",
    "主题分类",
    "体裁",
    "栏目",
    "索引号",
    "内容概述",
    "正文",
    "有效性",
    "是否规范性文件",
]


def row(**cells: str) -> dict[str, str]:
    base = {
        "标题": "关于做好2025年义务教育招生工作的通知",
        "发文字号": "铜教发[2025] 12 号",
        "成文日期": "2025/3/1",
        "发布日期": "2025-03-05",
        "公开属性": "主动公开",
        "主题分类": "科技、教育",
        "体裁": "通知",
        "内容概述": "2025年义务教育招生安排。",
        "正文": "各中小学校：\n现将有关事项通知如下。",
    }
    base.update(cells)
    return base


GOOD_ROWS = [
    row(索引号="11500224MB1234567X/2019-00003", 公开方式="全文"),
    row(
        标题="铜梁区学校安全管理办法",
        发文字号="铜教发〔2025〕20号",
        体裁="办法",
        是否规范性文件="是",
        有效性="有效",
    ),
    row(
        标题="关于教师招聘考察情况的报告",
        发文字号="",
        发布日期="",
        公开属性="不予公开",
        不公开依据="属于四类过程性信息",
        不公开理由="请示报告，属于过程性信息。",
        体裁="报告",
    ),
    row(
        标题="关于某校学生资助名单的通知",
        发文字号="铜教发（2025）7号",
        公开方式="部分",
        不公开依据="a15_third_party",
        不公开理由="名单中的身份证号码不公开（个人隐私）。",
    ),
]


def make_csv(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for number, cells in enumerate(rows, start=1):
        writer.writerow([str(number) if h == "序号" else cells.get(h, "") for h in header])
    return out.getvalue()


def make_xlsx(rows: list[list[object]], header: list[object] = HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(unit, data: bytes, filename="目录.csv", by=None, dry_run=False):
    return import_documents(by=by, at=AT, unit=unit, data=data, filename=filename, dry_run=dry_run)


# --- Happy paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("gbk"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk-excel"],
)
def test_csv_import_in_every_encoding(district, encode, django_capture_on_commit_callbacks):
    unit = district.unit_a
    with django_capture_on_commit_callbacks(execute=True):
        result = run(unit, encode(make_csv(GOOD_ROWS)))
    assert (result.rows, result.published, result.registered, result.normative) == (4, 3, 1, 1)
    assert result.generated_index_numbers == 3

    docs = {d.title: d for d in Document.objects.all()}
    assert len(docs) == 4
    first = docs["关于做好2025年义务教育招生工作的通知"]
    assert first.status == Status.PUBLISHED
    assert first.doc_number == "铜教发〔2025〕12号"
    assert first.written_date == date(2025, 3, 1)
    assert timezone.localdate(first.published_at) == date(2025, 3, 5)
    assert first.index_number == "11500224MB1234567X/2019-00003"  # the old one kept
    assert first.approved_hash == content_hash(first, [])
    assert first.topic.name == "科技、教育" and first.genre == "tongzhi"
    assert first.disclosure_scope == "full"
    assert first.body == "各中小学校：\n现将有关事项通知如下。"
    assert list(first.issuers.values_list("unit", flat=True)) == [unit.pk]

    rules = docs["铜梁区学校安全管理办法"]
    assert rules.is_normative and rules.genre == "banfa"
    assert rules.normative.validity == "valid" and rules.normative.valid_from == date(2025, 3, 1)

    report = docs["关于教师招聘考察情况的报告"]
    assert report.status == Status.REGISTERED and report.published_at is None
    assert report.disclosure == "withheld" and report.legal_ground == "a16_process"
    assert report.ground_explanation == "请示报告，属于过程性信息。"

    partial = docs["关于某校学生资助名单的通知"]
    assert partial.disclosure_scope == "partial" and partial.legal_ground == "a15_third_party"
    assert partial.withheld_part.startswith("名单中的身份证号码不公开")
    assert partial.doc_number == "铜教发〔2025〕7号"

    generated = sorted(d.index_number for d in docs.values() if d is not first)
    assert generated == [f"{unit.code}/2025-0000{i}" for i in (1, 2, 3)]
    assert IndexNumberSequence.objects.get(unit=unit, year=2025).last_serial == 3

    assert AuditEvent.objects.filter(action="documents.catalogue.imported").count() == 1
    imported = AuditEvent.objects.filter(action="documents.document.imported")
    assert imported.count() == 4
    assert imported.first().after["reviewed_here"] is False


def test_xlsx_import_with_date_and_number_cells(district):
    header = ["标题", "发文字号", "成文日期", "发布日期", "公开属性", "主题分类", "索引号"]
    data = make_xlsx(
        [
            [
                "关于2025年财政预算的公告",
                "铜教发〔2025〕1号",
                date(2025, 1, 6),
                datetime(2025, 1, 8),
                "主动公开",
                "财政、金融、审计",
                20250001,
            ],
            [None, None, None, None, None, None, None],  # blank rows are skipped
            [
                "关于2024年决算的公告",
                "",
                "2024年12月30日",
                "20250102",
                "主动公开",
                "财政、金融、审计",
                "",
            ],
        ],
        header,
    )
    result = run(district.unit_a, data, filename="目录.XLSX")
    assert result.rows == 2
    budget = Document.objects.get(title="关于2025年财政预算的公告")
    assert budget.index_number == "20250001"  # a number cell keeps its digits
    assert timezone.localdate(budget.published_at) == date(2025, 1, 8)
    final = Document.objects.get(title="关于2024年决算的公告")
    assert final.written_date == date(2024, 12, 30)
    assert final.index_number == f"{district.unit_a.code}/2024-00001"


def test_published_documents_are_announced_after_commit(
    district, django_capture_on_commit_callbacks
):
    heard: list[list[int]] = []
    hook = events.on_published(heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = run(district.unit_a, make_csv(GOOD_ROWS).encode())
    finally:
        events._published.remove(hook)
    published = set(Document.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
    assert len(heard) == 1 and set(heard[0]) == published and len(published) == result.published


def test_dry_run_changes_nothing(district):
    result = run(district.unit_a, make_csv(GOOD_ROWS).encode(), dry_run=True)
    assert result.dry_run and result.rows == 4 and result.generated_index_numbers == 3
    assert not Document.objects.exists()
    assert not NormativeRecord.objects.exists()
    assert not IndexNumberSequence.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="documents.").exists()


def test_kept_index_number_of_the_generated_shape_is_never_generated_again(district, officer_a):
    unit = district.unit_a
    rows = [
        row(索引号=f"{unit.code}/2025-00002"),
        row(标题="第二份", 发文字号="铜教发〔2025〕13号"),
    ]
    run(unit, make_csv(rows).encode())
    generated = Document.objects.get(title="第二份").index_number
    assert generated == f"{unit.code}/2025-00003"  # 00002 was kept, so the sequence moved past it
    # a later registration in 2025 continues after it instead of colliding
    with_2025 = datetime(2025, 6, 1, 9, 0, tzinfo=TZ)
    doc = services.register_document(
        by=officer_a, at=with_2025, unit=unit, data=services.DocumentData(title="新的草稿")
    )
    assert doc.index_number == f"{unit.code}/2025-00004"


def test_generated_numbers_skip_numbers_already_in_the_database(district, officer_a):
    unit = district.unit_a
    # An older import kept a number in another shape but equal to what the sequence gives next
    # for 2025 at a unit whose pattern changed: simulate with a document holding 2025-00001.
    with_2025 = datetime(2025, 6, 1, 9, 0, tzinfo=TZ)
    services.register_document(
        by=officer_a, at=with_2025, unit=unit, data=services.DocumentData(title="已有")
    )
    IndexNumberSequence.objects.filter(unit=unit, year=2025).update(last_serial=0)
    run(unit, make_csv([row()]).encode())
    assert Document.objects.get(title=row()["标题"]).index_number == f"{unit.code}/2025-00002"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-03-01", date(2025, 3, 1)),
        ("2025/3/1", date(2025, 3, 1)),
        ("2025/3/1 14:30", date(2025, 3, 1)),
        ("2025-03-01 00:00:00", date(2025, 3, 1)),
        ("2025.3.1", date(2025, 3, 1)),
        ("2025年3月1日", date(2025, 3, 1)),
        ("20250301", date(2025, 3, 1)),
        (datetime(2025, 3, 1, 10, 0), date(2025, 3, 1)),
        (date(2025, 3, 1), date(2025, 3, 1)),
        ("2025/13/01", None),
        ("2025-3", None),
        ("25/3/1", None),
        (45717, None),  # an Excel serial number in a cell not formatted as a date
        ("", None),
    ],
)
def test_date_formats(text, day):
    assert importer.parse_date(text) == day


def test_index_numbers_are_checked_again_when_writing(district, officer_a, monkeypatch):
    # Another registration takes a kept 索引号 between the checks and the write.
    checked = importer.validate_rows

    def validate_then_race(*args, **kwargs):
        valid = checked(*args, **kwargs)
        monkeypatch.setattr(importer, "validate_rows", checked)
        other = run(district.unit_b, make_csv([row(索引号="OLD/2019-1")]).encode())
        assert other.rows == 1
        return valid

    monkeypatch.setattr(importer, "validate_rows", validate_then_race)
    with pytest.raises(CatalogueImportError) as caught:
        run(district.unit_a, make_csv([row(索引号="OLD/2019-1")]).encode())
    assert caught.value.errors == ["第 2 行：索引号“OLD/2019-1”已被系统中的其他文件使用"]
    assert Document.objects.filter(publishing_unit=district.unit_a).count() == 0


def test_a_constraint_violation_while_writing_imports_nothing(district, monkeypatch):
    run(district.unit_b, make_csv([row(索引号="OLD/2019-1")]).encode())
    monkeypatch.setattr(importer, "_check_index_numbers", lambda rows: [])
    with pytest.raises(CatalogueImportError, match="索引号发生冲突，未导入任何文件"):
        run(district.unit_a, make_csv([row(标题="另一份"), row(索引号="OLD/2019-1")]).encode())
    assert not Document.objects.filter(publishing_unit=district.unit_a).exists()
    assert not AuditEvent.objects.filter(
        action="documents.document.imported", unit_id=district.unit_a.pk
    ).exists()


def test_a_staff_member_may_import_for_their_unit_only(district, officer_a, officer_b):
    with pytest.raises(PermissionDeniedError):
        run(district.unit_a, make_csv(GOOD_ROWS).encode(), by=officer_b)
    run(district.unit_a, make_csv(GOOD_ROWS).encode(), by=officer_a)
    assert Document.objects.filter(created_by=officer_a).count() == 4
    assert AuditEvent.objects.filter(
        action="documents.catalogue.imported", actor_id=officer_a.pk
    ).exists()


# --- Every row validated; a bad row means nothing imported -------------------------------------


def errors_of(rows: list[dict[str, str]], unit) -> list[str]:
    with pytest.raises(CatalogueImportError) as caught:
        run(unit, make_csv(rows).encode())
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="documents.").exists()
    return caught.value.errors


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"标题": ""}, "第 3 行：缺少标题"),
        ({"标题": "长" * 301}, "第 3 行：标题超过 300 字（301 字）"),
        ({"成文日期": ""}, "第 3 行：缺少成文日期"),
        ({"成文日期": "2025/13/01"}, "第 3 行：成文日期“2025/13/01”不是有效日期"),
        ({"成文日期": "2025-02-30"}, "第 3 行：成文日期“2025-02-30”不是有效日期"),
        ({"成文日期": "三月一日"}, "第 3 行：成文日期“三月一日”不是有效日期"),
        (
            {
                "成文日期": "2026-12-01",
                "发文字号": "",
                "公开属性": "依申请公开",
                "发布日期": "",
                "不公开依据": "属于国家秘密",
                "不公开理由": "涉密",
            },
            "第 3 行：成文日期（2026-12-01）晚于今天",
        ),
        ({"发布日期": "2025-3-32"}, "第 3 行：发布日期“2025-3-32”不是有效日期"),
        ({"发布日期": "2026-04-01"}, "第 3 行：发布日期（2026-04-01）晚于今天"),
        ({"发布日期": "2025-02-28"}, "第 3 行：发布日期（2025-02-28）早于成文日期（2025-03-01）"),
        ({"发布日期": ""}, "第 3 行：主动公开的文件须填写发布日期（导入的是已公开的目录）"),
        (
            {"发文字号": "铜教发2025-12"},
            "第 3 行：发文字号“铜教发2025-12”格式不正确，应为“机关代字〔年份〕序号号”，"
            "如“铜府办发〔2019〕16号”",
        ),
        (
            {"发文字号": "铜教发〔2024〕12号"},
            "第 3 行：发文字号“铜教发〔2024〕12号”中的年份（2024）与成文日期的年份（2025）不一致",
        ),
        ({"公开属性": ""}, "第 3 行：缺少公开属性（主动公开、依申请公开或不予公开）"),
        (
            {"公开属性": "公开"},
            "第 3 行：公开属性“公开”无法识别，只能填写主动公开、依申请公开或不予公开",
        ),
        ({"公开方式": "摘要"}, "第 3 行：公开方式“摘要”无法识别，只能填写全文或部分"),
        (
            {"公开属性": "不予公开", "发布日期": "", "不公开依据": "涉密", "不公开理由": "x"},
            "第 3 行：不公开依据“涉密”无法识别，应为条例第十四条、第十五条、第十六条规定的依据之一"
            "（写法见导入说明）",
        ),
        (
            {"不公开理由": "无"},
            "第 3 行：主动公开（全文）的文件不应填写不公开依据或不公开理由",
        ),
        (
            {"公开方式": "部分"},
            "第 3 行：部分公开的文件须在“不公开理由”中说明不公开的内容及理由",
        ),
        (
            {"公开属性": "依申请公开", "发布日期": "", "不公开理由": "x"},
            "第 3 行：依申请公开的文件须填写不公开依据",
        ),
        (
            {"公开属性": "不予公开", "发布日期": "", "不公开依据": "属于国家秘密"},
            "第 3 行：不予公开的文件须填写不公开理由",
        ),
        (
            {"公开属性": "不予公开", "不公开依据": "属于国家秘密", "不公开理由": "涉密"},
            "第 3 行：不予公开的文件未公开，不应填写发布日期",
        ),
        (
            {
                "公开属性": "依申请公开",
                "公开方式": "全文",
                "发布日期": "",
                "不公开依据": "属于国家秘密",
                "不公开理由": "涉密",
            },
            "第 3 行：依申请公开的文件不填写公开方式",
        ),
        ({"主题分类": ""}, "第 3 行：缺少主题分类"),
        ({"主题分类": "教育"}, "第 3 行：主题分类“教育”不在主题分类表中"),
        ({"体裁": "说明"}, "第 3 行：体裁“说明”无法识别"),
        ({"栏目": "政策文件"}, "第 3 行：栏目“政策文件”无法识别"),
        ({"索引号": "ABC 2025"}, "第 3 行：索引号“ABC 2025”中不能有空格"),
        ({"索引号": "X" * 81}, "第 3 行：索引号过长（最多 80 个字符）"),
        ({"内容概述": "概" * 501}, "第 3 行：内容概述超过 500 字（501 字）"),
        ({"是否规范性文件": "对"}, "第 3 行：是否规范性文件“对”只能填写是或否"),
        (
            {"是否规范性文件": "是", "有效性": "长期"},
            "第 3 行：有效性“长期”无法识别，只能填写有效、失效、废止或已修改",
        ),
        ({"有效性": "有效"}, "第 3 行：有效性只适用于规范性文件（是否规范性文件填“是”）"),
    ],
)
def test_each_validation_message(district, cells, message):
    # row 2 is good; the bad row is row 3 of the spreadsheet
    errors = errors_of(
        [row(), row(**({"发文字号": "铜教发〔2025〕99号"} | cells))], district.unit_a
    )
    assert errors == [message]


def test_all_problems_are_listed_row_by_row(district):
    rows = [row(成文日期="2025/13/01"), row(), row(公开属性="公开", 主题分类="教育")]
    errors = errors_of(rows, district.unit_a)
    assert errors == [
        "第 2 行：成文日期“2025/13/01”不是有效日期",
        "第 4 行：公开属性“公开”无法识别，只能填写主动公开、依申请公开或不予公开",
        "第 4 行：主题分类“教育”不在主题分类表中",
    ]


def test_index_number_repeated_in_the_file(district):
    rows = [row(索引号="OLD/2019-1"), row(), row(索引号="OLD/2019-1")]
    assert errors_of(rows, district.unit_a) == ["第 4 行：索引号“OLD/2019-1”与第 2 行重复"]


def test_index_number_already_in_the_database(district):
    run(district.unit_b, make_csv([row(索引号="OLD/2019-1")]).encode())
    with pytest.raises(CatalogueImportError) as caught:
        run(district.unit_a, make_csv([row(), row(索引号="OLD/2019-1")]).encode())
    assert caught.value.errors == ["第 3 行：索引号“OLD/2019-1”已被系统中的其他文件使用"]
    assert Document.objects.count() == 1


def test_legal_ground_by_label_code_or_short_label(district):
    grounds = [
        "属于国家秘密（条例第十四条）",
        "a14_law",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息（讨论记录、过程稿、磋商信函、请示报告，条例第十六条第二款）",
        "属于行政执法案卷",
    ]
    rows = [
        row(
            标题=f"文件{i}",
            发文字号="",
            发布日期="",
            公开属性="依申请公开",
            不公开依据=g,
            不公开理由="理由",
        )
        for i, g in enumerate(grounds)
    ]
    run(district.unit_a, make_csv(rows).encode())
    assert list(Document.objects.order_by("title").values_list("legal_ground", flat=True)) == [
        "a14_secret",
        "a14_law",
        "a14_security",
        "a15_third_party",
        "a16_internal",
        "a16_process",
        "a16_enforcement",
    ]


def test_column_is_resolved_by_the_registered_resolver(district, monkeypatch):
    def resolver(unit, text):
        return {"行政法规、规章和规范性文件": "a20-1"}.get(text)

    # only this resolver (the portal registers its own at start-up)
    monkeypatch.setattr(importer, "_column_resolvers", [])
    importer.register_column_resolver(resolver)
    run(district.unit_a, make_csv([row(栏目="行政法规、规章和规范性文件")]).encode())
    with pytest.raises(CatalogueImportError):
        run(district.unit_a, make_csv([row(栏目="a20-1", 发文字号="")]).encode())
    assert Document.objects.get().column == "a20-1"


def test_without_a_resolver_a_slug_is_taken_as_is(district):
    run(district.unit_a, make_csv([row(栏目="a20-1")]).encode())
    assert Document.objects.get().column == "a20-1"


# --- The file as a whole ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "文件是空的"),
        ("标题,成文日期,公开属性\n".encode(), "a.csv", "表头缺少必需的列：主题分类"),
        ("标题,成文日其,公开属性,主题分类\n".encode(), "a.csv", "表头有无法识别的列：成文日其"),
        ("标题,标题,成文日期,公开属性,主题分类\n".encode(), "a.csv", "“标题”出现了不止一次"),
        ("标题,成文日期,公开属性,主题分类\n".encode(), "a.csv", "文件中没有数据行"),
        ("标题,成文日期,公开属性,主题分类\n".encode("utf-16"), "a.csv", "UTF-16"),
        (b"\x81\x30\xff\xfe\xfd", "a.csv", "无法识别文件编码"),
        (b"whatever", "a.xls", "只能导入 XLSX 或 CSV 文件"),
        ("标题\n".encode(), "a.xlsx", "内容不是 XLSX 工作簿"),
        (make_xlsx([], ["标题"]), "a.csv", "内容是压缩文件"),
        (b"PK\x03\x04broken", "a.xlsx", "已损坏"),
    ],
    ids=[
        "empty",
        "missing-column",
        "unknown-column",
        "duplicate-column",
        "no-rows",
        "utf-16",
        "undecodable",
        "xls",
        "csv-named-xlsx",
        "xlsx-named-csv",
        "broken-zip",
    ],
)
def test_file_level_problems(district, data, filename, message):
    with pytest.raises(CatalogueImportError, match=message):
        run(district.unit_a, data, filename=filename)
    assert not Document.objects.exists()


def test_header_marks_and_spaces_are_tolerated(district):
    text = (
        make_csv([row()]).replace("标题", "标题*", 1).replace("成文日期", " 成文 日期（必填）", 1)
    )
    run(district.unit_a, text.encode())
    assert Document.objects.count() == 1


def test_long_body_cell_in_csv(district):
    run(district.unit_a, make_csv([row(正文="长文。" * 100_000)]).encode())
    assert len(Document.objects.get().body) == 300_000


# --- The command ----------------------------------------------------------------------------


def test_command_imports_and_reports(district, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(make_csv(GOOD_ROWS).encode("gbk"))
    out = io.StringIO()
    call_command("import", "documents", str(path), "--unit", district.unit_a.code, stdout=out)
    assert "已导入 重庆市铜梁区教育委员会 的目录：共 4 份" in out.getvalue()
    assert Document.objects.count() == 4


def test_command_dry_run(district, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(make_csv(GOOD_ROWS).encode())
    out = io.StringIO()
    call_command(
        "import", "documents", str(path), "--unit", district.unit_a.code, "--dry-run", stdout=out
    )
    assert "检查通过（--dry-run，未写入任何数据）" in out.getvalue()
    assert not Document.objects.exists()


def test_command_lists_row_errors_and_imports_nothing(district, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(make_csv([row(), row(成文日期="2025/13/01"), row(主题分类="")]).encode())
    with pytest.raises(CommandError) as caught:
        call_command(
            "import", "documents", str(path), "--unit", district.unit_a.code, "--max-errors", "1"
        )
    assert str(caught.value).splitlines() == [
        "文件有 2 处错误，未导入任何文件。请修改后重新导入。",
        "第 3 行：成文日期“2025/13/01”不是有效日期",
        "……另有 1 处错误未列出（--max-errors）。",
    ]
    assert not Document.objects.exists()


def test_command_refuses_unknown_unit_user_and_file(district, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(make_csv(GOOD_ROWS).encode())
    with pytest.raises(CommandError, match="没有代码为“nope”的单位"):
        call_command("import", "documents", str(path), "--unit", "nope")
    with pytest.raises(CommandError, match="没有用户名为“ghost”的用户"):
        call_command("import", "documents", str(path), "--unit", "tlq-jw", "--by", "ghost")
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import", "documents", str(tmp_path / "missing.csv"), "--unit", "tlq-jw")


def test_importers_are_discovered_from_apps():
    command = import_module("zwgk.documents.management.commands.import")
    found = command.discover_importers()
    assert isinstance(found["documents"], importer.DocumentsImporter)
