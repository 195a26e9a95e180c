"""Published lists: a column's list with its archive pages, the Atom feeds, the newest items on
the home, unit and 法定主动公开内容 pages, and the 政府信息公开目录 with its downloads."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from defusedxml import ElementTree
from django.test import Client

from zwgk.documents.models import Topic
from zwgk.portal import incremental, urls_for
from zwgk.portal.tests.conftest import AT, bulk_published

ATOM = "{http://www.w3.org/2005/Atom}"
COLUMN = "/xxgk/tlq-jw/fdzdgknr/a20-1/"


@pytest.fixture
def web():
    return Client()


def titles(body: str) -> list[str]:
    section = re.search(r'<ul class="entries">(.*?)</ul>', body, re.S)
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', section.group(1)) if section else []


def test_column_lists_published_documents_newest_first(web, publisher):
    first = publisher("第一份通知", at=AT)
    second = publisher("第二份通知", at=AT + timedelta(days=1))
    publisher.draft("未发布的草稿")
    body = web.get(COLUMN).content.decode()
    assert titles(body) == ["第二份通知", "第一份通知"]
    assert f'<a href="{urls_for.document_url(second)}">第二份通知</a>' in body
    assert '<time datetime="2026-03-03">2026-03-03</time>' in body
    assert "共2条" in body
    assert 'href="/xxgk/tlq-jw/fdzdgknr/a20-1/feed.xml"' in body
    # another column of the unit, and the same column of another unit, stay empty
    assert titles(web.get("/xxgk/tlq-jw/fdzdgknr/a20-2/").content.decode()) == []
    assert titles(web.get("/xxgk/tlq-mzj/fdzdgknr/a20-1/").content.decode()) == []
    assert first.column == "a20-1"


def test_list_paging_with_stable_archive_pages(web, profile, district, site_root):
    unit = district.unit_a
    documents = bulk_published(unit, 45)
    incremental.publish_changes([d.pk for d in documents])
    index = web.get(COLUMN).content.decode()
    # 45 items: the index shows the newest 25, page-1 the oldest 20
    assert titles(index) == [f"文件{n}" for n in range(45, 20, -1)]
    assert "共45条" in index
    assert f'<a href="{COLUMN}page-1.html">2</a>' in index
    archive = web.get(f"{COLUMN}page-1.html")
    assert archive.status_code == 200
    archive_body = archive.content.decode()
    assert titles(archive_body) == [f"文件{n}" for n in range(20, 0, -1)]
    assert "发布日期 2026-03-02 至 2026-03-03" in archive_body
    assert f'<a href="{COLUMN}" rel="prev">较新</a>' in archive_body
    assert web.get(f"{COLUMN}page-2.html").status_code == 404
    assert web.get(f"{COLUMN}page-0.html").status_code == 404
    # the published files are the view's bytes
    assert (site_root / "xxgk/tlq-jw/fdzdgknr/a20-1/page-1.html").read_bytes() == archive.content

    # 15 more: 60 items, archives 1 and 2; page-1 keeps its bytes, its "newer" link moves
    page_1 = site_root / "xxgk/tlq-jw/fdzdgknr/a20-1/page-1.html"
    before = page_1.read_text()
    more = bulk_published(unit, 15, start=AT + timedelta(days=10), title="新文件")
    for document in more:
        incremental.publish_changes([document.pk])
    after = page_1.read_text()
    assert titles(after) == titles(before)
    assert f'<a href="{COLUMN}page-2.html" rel="prev">较新</a>' in after
    page_2 = web.get(f"{COLUMN}page-2.html").content.decode()
    assert titles(page_2) == [f"文件{n}" for n in range(40, 20, -1)]
    assert len(titles(web.get(COLUMN).content.decode())) == 20


def test_a_new_document_rewrites_only_the_top_of_a_long_list(profile, district, site_root):
    unit = district.unit_a
    incremental.publish_changes([d.pk for d in bulk_published(unit, 130)])
    archives = sorted((site_root / "xxgk/tlq-jw/fdzdgknr/a20-1").glob("page-*.html"))
    assert len(archives) == 5
    stamps = {path.name: path.stat().st_mtime_ns for path in archives}
    [newest] = bulk_published(unit, 1, start=AT + timedelta(days=30))
    plan = incremental.publish_changes([newest.pk])
    rewritten = {path.name for path in archives if path.stat().st_mtime_ns != stamps[path.name]}
    assert rewritten == set()
    column_archives = [p.path for p in plan.pages if p.path.startswith(f"{COLUMN}page-")]
    assert len(column_archives) <= 2  # re-rendered (same bytes, so not rewritten)


def test_withdrawing_an_old_document_shifts_the_archives(web, profile, district, site_root):
    from zwgk.documents.models import Document, Status

    unit = district.unit_a
    documents = bulk_published(unit, 41)
    incremental.publish_changes([d.pk for d in documents])
    assert (site_root / "xxgk/tlq-jw/fdzdgknr/a20-1/page-1.html").is_file()
    Document.objects.filter(pk=documents[0].pk).update(status=Status.WITHDRAWN, withdrawn_at=AT)
    Document.objects.filter(pk=documents[1].pk).update(status=Status.WITHDRAWN, withdrawn_at=AT)
    incremental.publish_changes([documents[0].pk, documents[1].pk])
    # 39 items: no archive page any more, the index shows them all
    assert not (site_root / "xxgk/tlq-jw/fdzdgknr/a20-1/page-1.html").exists()
    assert web.get(f"{COLUMN}page-1.html").status_code == 404
    assert len(titles(web.get(COLUMN).content.decode())) == 39


def test_feed_is_valid_atom_with_escaped_text(web, publisher):
    publisher("关于“A&B”<测试>的通知", summary="摘要 & <b>说明</b>")
    publisher("第二份", at=AT + timedelta(days=1))
    response = web.get(f"{COLUMN}feed.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "行政法规、规章和规范性文件 - 重庆市铜梁区教育委员会"
    assert root.findtext(f"{ATOM}updated") == "2026-03-03T09:00:00+08:00"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["第二份", "关于“A&B”<测试>的通知"]
    second = entries[1]
    assert second.findtext(f"{ATOM}summary") == "摘要 & <b>说明</b>"
    link = second.find(f"{ATOM}link").get("href")
    assert re.fullmatch(r"https://www\.cqstl\.gov\.cn/xxgk/tlq-jw/content/\d+\.html", link)
    assert second.findtext(f"{ATOM}id") == link


def test_empty_feed_is_valid(web, profile, district):
    root = ElementTree.fromstring(web.get("/xxgk/tlq-jw/zfxxgkzd/feed.xml").content)
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated") == "2019-05-15T00:00:00+08:00"
    # generated pages have no feed
    assert web.get("/xxgk/tlq-jw/zfxxgkzn/feed.xml").status_code == 404
    assert web.get("/xxgk/tlq-jw/fdzdgknr/feed.xml").status_code == 404


def test_feed_holds_the_newest_twenty(web, profile, district):
    incremental.publish_changes([d.pk for d in bulk_published(district.unit_a, 25)])
    root = ElementTree.fromstring(web.get(f"{COLUMN}feed.xml").content)
    entries = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert entries == [f"文件{n}" for n in range(25, 5, -1)]


def test_recent_items_on_home_unit_and_mandatory_pages(web, publisher, district):
    publisher("教委通知")
    publisher("年报", column="zfxxgknb", at=AT + timedelta(days=1))
    home = web.get("/").content.decode()
    assert titles(home) == ["年报", "教委通知"]
    assert '<span class="entry-unit">重庆市铜梁区教育委员会</span>' in home
    assert titles(web.get("/xxgk/tlq-jw/").content.decode()) == ["年报", "教委通知"]
    # 法定主动公开内容 shows the newest items of its sub-columns only
    assert titles(web.get("/xxgk/tlq-jw/fdzdgknr/").content.decode()) == ["教委通知"]
    assert titles(web.get("/xxgk/tlq-mzj/").content.decode()) == []


def test_catalogue_index(web, publisher, district):
    publisher("招生通知")
    body = web.get("/zfxxgkml/").content.decode()
    assert "<h1>政府信息公开目录</h1>" in body
    assert "索引、名称、内容概述、生成日期" in body
    assert '<a href="/zfxxgkml/unit/tlq-jw/">重庆市铜梁区教育委员会</a>' in body
    topic = Topic.objects.get(name="科技、教育")
    assert f'<a href="/zfxxgkml/topic/{topic.pk}/">科技、教育</a>' in body
    assert '<a href="/zfxxgkml/year/2026/">2026年</a>' in body
    assert "/zfxxgkml/year/2025/" not in body


def rows(body: str) -> list[list[str]]:
    table = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
    if table is None:
        return []
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]


def test_catalogue_by_unit_topic_and_year(web, publisher, district):
    publisher("招生通知", summary="2026年招生安排")
    publisher(
        "教师招聘公告",
        written_date=date(2025, 12, 30),
        doc_number="铜教发〔2025〕9号",
        topic=Topic.objects.get(name="劳动、人事、监察"),
        body="招聘教师二十名。",
    )
    unit_page = web.get("/zfxxgkml/unit/tlq-jw/").content.decode()
    assert rows(unit_page) == [
        ["tlq-jw/2026-00002", "教师招聘公告", "招聘教师二十名。", "2025-12-30"],
        ["tlq-jw/2026-00001", "招生通知", "2026年招生安排", "2026-02-27"],
    ]
    topic = Topic.objects.get(name="劳动、人事、监察")
    topic_page = web.get(f"/zfxxgkml/topic/{topic.pk}/").content.decode()
    assert [row[1] for row in rows(topic_page)] == ["教师招聘公告"]
    assert rows(topic_page)[0][-1] == "重庆市铜梁区教育委员会"  # 发布机构
    # the year of a document in the catalogue is the year of its 成文日期
    assert [row[1] for row in rows(web.get("/zfxxgkml/year/2025/").content.decode())] == [
        "教师招聘公告"
    ]
    assert [row[1] for row in rows(web.get("/zfxxgkml/year/2026/").content.decode())] == [
        "招生通知"
    ]
    assert web.get("/zfxxgkml/year/2024/").status_code == 404
    assert web.get("/zfxxgkml/unit/nope/").status_code == 404
    assert web.get("/zfxxgkml/topic/99999/").status_code == 404
    assert web.get("/zfxxgkml/colour/red/").status_code == 404


def test_catalogue_downloads(web, publisher, site_root):
    publisher('=HYPERLINK("x")通知', summary="概述")
    csv_response = web.get("/zfxxgkml/unit/tlq-jw/zfxxgkml.csv")
    assert csv_response.status_code == 200
    content = b"".join(csv_response.streaming_content)
    assert content == (site_root / "zfxxgkml/unit/tlq-jw/zfxxgkml.csv").read_bytes()
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0][:4] == ["索引号", "名称", "内容概述", "生成日期"]
    assert table[1][:4] == ["tlq-jw/2026-00001", '\'=HYPERLINK("x")通知', "概述", "2026-02-27"]
    xlsx = web.get("/zfxxgkml/year/2026/zfxxgkml.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet = workbook.active
    assert sheet["B2"].value == '=HYPERLINK("x")通知' and sheet["B2"].data_type == "s"
    assert xlsx["Content-Disposition"].startswith("attachment")
    assert web.get("/zfxxgkml/year/2024/zfxxgkml.csv").status_code == 404


def test_downloads_are_rendered_when_not_published(web, publisher, site_root):
    publisher()
    (site_root / "zfxxgkml/unit/tlq-jw/zfxxgkml.xlsx").unlink()
    response = web.get("/zfxxgkml/unit/tlq-jw/zfxxgkml.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="zfxxgkml.xlsx"'
    incremental.refresh_downloads([("unit", "tlq-jw")])
    assert (site_root / "zfxxgkml/unit/tlq-jw/zfxxgkml.xlsx").read_bytes() == response.content
