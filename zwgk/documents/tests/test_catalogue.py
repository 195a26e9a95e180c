"""The 政府信息公开目录: rows, CSV and XLSX files, and `zwgk catalogue export`."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from zwgk.documents import services
from zwgk.documents.catalogue import HEADERS, catalogue_rows, write_csv, write_xlsx
from zwgk.documents.importer import import_documents
from zwgk.documents.models import Document, Topic

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
COLUMNS = ["标题", "发文字号", "成文日期", "发布日期", "公开属性", "不公开依据", "不公开理由"]
COLUMNS += ["主题分类", "索引号", "内容概述", "正文", "是否规范性文件", "有效性"]


def load(unit, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for cells in rows:
        writer.writerow([cells.get(c, "") for c in COLUMNS])
    import_documents(
        by=None, at=AT, unit=unit, data=out.getvalue().encode(), filename="a.csv", dry_run=False
    )


def doc(title: str, **cells: str) -> dict[str, str]:
    base = {
        "标题": title,
        "成文日期": "2025-03-01",
        "发布日期": "2025-03-05",
        "公开属性": "主动公开",
        "主题分类": "科技、教育",
        "内容概述": f"{title}的概述",
    }
    return base | cells


@pytest.fixture
def site(district):
    load(
        district.unit_a,
        [
            doc("招生通知", 索引号="A/2025-1", 发文字号="铜教发〔2025〕1号"),
            doc(
                "学校管理办法",
                索引号="A/2025-2",
                发布日期="2025-04-01",
                是否规范性文件="是",
                有效性="废止",
            ),
            doc(
                "财政预算",
                索引号="A/2024-9",
                成文日期="2024-12-20",
                发布日期="2025-01-02",
                主题分类="财政、金融、审计",
            ),
            doc(
                "无概述",
                索引号="A/2025-3",
                内容概述="",
                正文="第一句。\n  第二句。" + "长" * 200,
                成文日期="2025-01-20",
                发布日期="2025-02-01",
            ),
            doc(
                "报告",
                索引号="A/2025-4",
                公开属性="不予公开",
                发布日期="",
                不公开依据="属于四类过程性信息",
                不公开理由="过程性信息",
            ),
            doc(
                '=HYPERLINK("http://x")',
                索引号="A/2025-5",
                成文日期="2025-01-10",
                发布日期="2025-01-15",
            ),
        ],
    )
    load(district.unit_b, [doc("救助通知", 索引号="B/2025-1", 主题分类="民政、扶贫、救灾")])
    return district


def titles(rows) -> list[str]:
    return [row.title for row in rows]


def test_rows_are_published_proactive_documents_newest_first(site):
    assert titles(catalogue_rows()) == [
        "学校管理办法",
        "救助通知",
        "招生通知",
        "无概述",
        '=HYPERLINK("http://x")',
        "财政预算",
    ]


def test_row_fields(site):
    rows = {row.title: row for row in catalogue_rows()}
    notice = rows["招生通知"]
    assert notice.values() == (
        "A/2025-1",
        "招生通知",
        "招生通知的概述",
        date(2025, 3, 1),
        "铜教发〔2025〕1号",
        "重庆市铜梁区教育委员会",
        "科技、教育",
        date(2025, 3, 5),
        "",
    )
    assert rows["学校管理办法"].validity == "废止"
    fallback = rows["无概述"].summary
    assert fallback.startswith("第一句。 第二句。长") and fallback.endswith("……")
    assert len(fallback) == 102


def test_filters_by_unit_topic_and_year(site):
    assert titles(catalogue_rows(unit=site.unit_b)) == ["救助通知"]
    by_topic = titles(catalogue_rows(topic="财政、金融、审计"))
    assert by_topic == ["财政预算"]
    assert titles(catalogue_rows(topic=Topic.objects.get(name="财政、金融、审计"))) == by_topic
    # the year is that of 生成日期 (成文日期), not of publication
    assert titles(catalogue_rows(year=2024)) == ["财政预算"]
    assert "财政预算" not in titles(catalogue_rows(unit=site.unit_a, year=2025))


def test_year_falls_back_to_publication_date_without_written_date(site):
    Document.objects.filter(title="招生通知").update(written_date=None)
    row = next(r for r in catalogue_rows(year=2025) if r.title == "招生通知")
    assert row.generated_date == date(2025, 3, 5)
    assert "招生通知" not in titles(catalogue_rows(year=2024))


def test_withdrawn_documents_leave_the_catalogue(site, supervisor, head_a):
    document = Document.objects.get(title="招生通知")
    services.withdraw_document(by=head_a, at=AT, document=document, reason="内容已过时")
    assert "招生通知" not in titles(catalogue_rows())


def test_csv_has_bom_header_and_text_formulas(site):
    out = io.BytesIO()
    write_csv(catalogue_rows(unit=site.unit_a), out)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(HEADERS)
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[1][:4] == ["A/2025-2", "学校管理办法", "学校管理办法的概述", "2025-03-01"]
    assert any(row[1] == '\'=HYPERLINK("http://x")' for row in parsed[1:])
    assert len(parsed) == 1 + 5


def test_xlsx_round_trip(site):
    out = io.BytesIO()
    write_xlsx(catalogue_rows(unit=site.unit_a), out)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook["政府信息公开目录"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    first = rows[1]
    assert first[:2] == ("A/2025-2", "学校管理办法")
    assert first[3] == datetime(2025, 3, 1) and first[8] == "废止"
    formula = next(cell for cell in sheet["B"] if str(cell.value).startswith("="))
    assert formula.data_type == "s"  # stays text: Excel will not run it
    assert sheet.freeze_panes == "A2"


def test_empty_catalogue_still_has_its_header(db):
    out = io.BytesIO()
    write_csv(catalogue_rows(), out)
    assert out.getvalue().decode("utf-8-sig") == ",".join(HEADERS) + "\r\n"


# --- The command ------------------------------------------------------------------------------


def test_command_csv_to_stdout(site):
    out = io.StringIO()
    call_command("catalogue", "export", "--unit", site.unit_b.code, stdout=out)
    text = out.getvalue().lstrip("\ufeff")
    assert text.splitlines()[1].startswith("B/2025-1,救助通知,")


def test_command_xlsx_to_file(site, tmp_path):
    path = tmp_path / "目录.xlsx"
    call_command("catalogue", "export", "--format", "xlsx", "--year", "2024", "--output", str(path))
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["财政预算"]


def test_command_topic_filter(site, tmp_path):
    path = tmp_path / "目录.csv"
    call_command("catalogue", "export", "--topic", "民政、扶贫、救灾", "--output", str(path))
    assert "救助通知" in path.read_text("utf-8-sig") and "招生通知" not in path.read_text(
        "utf-8-sig"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "nope"], "没有代码为“nope”的单位"),
        (["--year", "二〇二五"], "不是整数"),
        (["--year", "1900"], "不在 1949–2100 之间"),
        (["--topic", "教育"], "不在主题分类表中"),
        (["--format", "xlsx"], "XLSX 是二进制文件"),
    ],
)
def test_command_refuses_bad_options(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("catalogue", "export", *args, stdout=io.StringIO())
