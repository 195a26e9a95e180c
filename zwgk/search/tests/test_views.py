"""The public search page: results, highlighting, escaping, filters and every kind of bad input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from zwgk.documents.models import Document
from zwgk.portal.urls_for import document_url

from .conftest import AT

URL = "/search/"


@pytest.fixture
def corpus(publish):
    publish("关于做好2026年义务教育招生工作的通知", "各中小学校：现将招生有关事项通知如下。")
    publish("关于开展安全生产检查的通知", "各单位：请做好检查。", doc_number="铜教发〔2024〕9号")


def body(response) -> str:
    return response.content.decode()


def test_empty_query_shows_help(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = body(response)
    assert "如何检索" in html and "引号" in html
    assert "search-hits" not in html


def test_query_without_words_says_so(client, corpus):
    response = client.get(URL, {"q": "！？……"})
    assert response.status_code == 200
    assert "没有可检索的" in body(response)


def test_filters_without_query_ask_for_words(client, corpus, district):
    response = client.get(URL, {"unit": district.unit_a.code})
    assert response.status_code == 200
    assert "请输入要检索的字词" in body(response)


def test_results_show_title_link_unit_date_number_and_marked_snippet(client, corpus):
    response = client.get(URL, {"q": "招生"})
    assert response.status_code == 200
    html = body(response)
    assert "共找到 1 份文件" in html
    document = Document.objects.get(index_number="tlq-jw/2026-00001")
    assert f'<a href="{document_url(document)}">关于做好2026年义务教育<mark>招生</mark>' in html
    assert "重庆市铜梁区教育委员会" in html
    assert '<time datetime="2026-03-02">2026-03-02</time>' in html
    assert "现将<mark>招生</mark>有关事项" in html


def test_doc_number_is_shown(client, corpus):
    html = body(client.get(URL, {"q": "安全生产"}))
    assert "铜教发〔2024〕9号" in html


def test_no_match_gives_advice(client, corpus):
    response = client.get(URL, {"q": "殡葬"})
    assert response.status_code == 200
    assert "共找到 0 份文件" in body(response)
    assert "没有找到" in body(response)


def test_title_with_markup_is_escaped(client, publish):
    publish('关于<script>alert("x")</script>招生的通知', "正文<b>加粗</b>招生。")
    html = body(client.get(URL, {"q": "招生"}))
    assert "<script>alert" not in html and "<b>加粗" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>招生</mark>" in html
    assert "&lt;b&gt;加粗&lt;/b&gt;<mark>招生</mark>" in html


def test_query_is_echoed_escaped(client, corpus):
    html = body(client.get(URL, {"q": '"><script>招生'}))
    assert "<script>招生" not in html
    assert 'value="&quot;&gt;&lt;script&gt;招生"' in html


def test_filters_narrow_the_results(client, publish, district):
    publish("招生通知", "招生。")
    publish("去年招生通知", "招生。", at=AT.replace(year=2025))
    html = body(client.get(URL, {"q": "招生", "year": "2025"}))
    assert "去年<mark>招生</mark>通知" in html and html.count('class="search-hit"') == 1
    html = body(client.get(URL, {"q": "招生", "unit": district.unit_b.code}))
    assert "共找到 0 份文件" in html


def test_paging_links_keep_the_query(client, publish):
    for i in range(12):
        publish(f"招生通知{i}", "招生。", at=AT + timedelta(hours=i))
    html = body(client.get(URL, {"q": "招生", "year": "2026"}))
    assert "第 1 / 2 页" in html
    assert 'href="?q=%E6%8B%9B%E7%94%9F&amp;year=2026&amp;page=2" rel="next"' in html
    html = body(client.get(URL, {"q": "招生", "year": "2026", "page": "2"}))
    assert '<ol class="search-hits" start="11">' in html
    assert html.count('class="search-hit"') == 2
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_page_beyond_the_last_says_so(client, corpus):
    response = client.get(URL, {"q": "招生", "page": "7"})
    assert response.status_code == 200
    assert "没有这一页" in body(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "招生", "page": "abc"}, "页码必须是整数"),
        ({"q": "招生", "page": "0"}, "页码至少为 1"),
        ({"q": "招生", "page": "101"}, "只显示前 100 页"),
        ({"q": "招生", "year": "x"}, "请从列表中选择年份"),
        ({"q": "招生", "year": "1999"}, "请从列表中选择年份"),
        ({"q": "招生", "topic": "abc"}, "没有这个主题分类"),
        ({"q": "招生", "unit": "no-such-unit"}, "没有这个单位"),
        ({"q": "招生", "validity": "eternal"}, "请从列表中选择有效性"),
        ({"q": "招" * 10_000}, "最多 100 个字"),
        ({"q": "招生\x00"}, "控制字符"),
        ({"q": "招\x07生"}, "控制字符"),
    ],
)
def test_bad_input_gets_a_clear_message(client, corpus, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = body(response)
    assert message in html
    assert 'role="alert"' in html
    assert "search-hits" not in html


def test_missing_index_is_a_message_not_an_error(client, corpus, search_dir):
    (search_dir / "current").unlink()  # e.g. installed without `zwgk search rebuild`
    response = client.get(URL, {"q": "招生"})
    assert response.status_code == 503
    assert "检索服务暂时不可用" in body(response)


def test_new_site_without_documents_finds_nothing(client, db):
    response = client.get(URL, {"q": "招生"})
    assert response.status_code == 200
    assert "共找到 0 份文件" in body(response)


def test_stale_index_entry_is_not_listed(client, corpus, monkeypatch):
    from zwgk.documents.models import Document

    document = Document.objects.get(title__contains="招生")
    Document.objects.filter(pk=document.pk).update(status="withdrawn")  # index not told
    html = body(client.get(URL, {"q": "招生"}))
    assert "义务教育" not in html.split("search-results")[1].split("search-help")[0]


def test_post_is_not_allowed(client, db):
    assert client.post(URL, {"q": "招生"}).status_code == 405


def test_page_has_no_inline_script_or_style_and_a_labelled_search_box(client, corpus):
    html = body(client.get(URL, {"q": "招生"}))
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html and "<style" not in html
    assert '<label for="id_q">' in html and 'role="search"' in html
    assert '<html lang="zh-Hans">' in html


def test_results_link_to_the_published_document_page(client, publish):
    document = publish("招生通知", "招生。")
    html = body(client.get(URL, {"q": "招生"}))
    assert f'href="{document_url(document)}"' in html


def test_filters_fold_away_unless_used(client, corpus):
    assert '<details class="search-filters">' in body(client.get(URL, {"q": "招生"}))
    html = body(client.get(URL, {"q": "招生", "year": "2026"}))
    assert '<details class="search-filters" open>' in html
