"""The adapters against real HTTP servers on 127.0.0.1 (feeds, a page read with CSS selectors,
a fake of the WeChat Official Account API), and the ingestion: idempotent Post rows, failures
recorded on the source, the periodic job."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from zwgk.newmedia.adapters import feed, webpage, wechat
from zwgk.newmedia.adapters.base import LOCAL, AdapterError, parse_local_datetime
from zwgk.newmedia.adapters.http import USER_AGENT
from zwgk.newmedia.ingest import run_source
from zwgk.newmedia.models import ActivitySource, Post, SourceKind
from zwgk.newmedia.tasks import enqueue_due_sources

from .helpers import AT, open_account
from .servers import article, serve

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>铜梁教育</title><link>http://x/</link><description>d</description>
<item><title>秋季招生公告</title><link>http://x/1</link>
  <pubDate>Mon, 02 Nov 2026 01:00:00 GMT</pubDate></item>
<item><title>教师招聘</title><link>http://x/2</link>
  <pubDate>Fri, 30 Oct 2026 08:30:00 +0800</pubDate></item>
<item><title>无日期条目</title><link>http://x/3</link></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>铜梁民政</title><id>urn:x</id><updated>2026-11-01T00:00:00Z</updated>
<entry><title>低保公示</title><id>urn:1</id><link href="http://y/1"/><updated>2026-11-01T02:00:00Z</updated></entry>
</feed>""".encode()

PAGE = """<html><head><title>铜梁教育 · 公众号文章</title></head><body><ul class="list">
<li class="item"><a href="/a/1.html">秋季招生公告</a><span class="date">2026-11-02</span></li>
<li class="item"><a href="a/2.html">教师招聘</a>
  <span class="date">发布时间：2026年10月30日 08:30</span></li>
<li class="item"><a href="/a/3.html">没有日期</a><span class="date">近日</span></li>
</ul></body></html>""".encode()


def test_feed_rss_and_atom_over_http():
    pages = {"/rss.xml": (RSS, "application/rss+xml"), "/atom.xml": (ATOM, "application/atom+xml")}
    with serve(pages) as server:
        rss = feed.fetch(server.base + "/rss.xml")
        atom = feed.fetch(server.base + "/atom.xml")
        agent = server.requests[0][2]["User-Agent"]
    assert [(p.title, p.published_at) for p in rss.posts] == [
        ("秋季招生公告", datetime(2026, 11, 2, 1, 0, tzinfo=UTC)),
        ("教师招聘", datetime(2026, 10, 30, 0, 30, tzinfo=UTC)),
    ]  # the item without a date is not an update
    assert rss.observed_name == "铜梁教育"
    assert atom.posts[0].url == "http://y/1" and atom.observed_name == "铜梁民政"
    assert agent == USER_AGENT


def test_feed_errors_are_chinese_messages():
    with serve({"/bad.xml": (b"<html>not a feed", "text/html")}) as server:
        with pytest.raises(AdapterError, match="HTTP 404"):
            feed.fetch(server.base + "/missing.xml")
        with pytest.raises(AdapterError, match="不是有效的 RSS/Atom"):
            feed.fetch(server.base + "/bad.xml")
    with pytest.raises(AdapterError, match="http:// 或 https://"):
        feed.fetch("file:///etc/passwd")


def test_webpage_with_css_selectors():
    with serve({"/list.html": (PAGE, "text/html; charset=utf-8")}) as server:
        result = webpage.fetch(
            server.base + "/list.html",
            webpage.Selectors(item="li.item", title="a", link="a", date="span.date"),
        )
        base = server.base
    assert [(p.title, p.url, p.published_at) for p in result.posts] == [
        ("秋季招生公告", f"{base}/a/1.html", datetime(2026, 11, 2, tzinfo=LOCAL)),
        ("教师招聘", f"{base}/a/2.html", datetime(2026, 10, 30, 8, 30, tzinfo=LOCAL)),
    ]


def test_webpage_never_reads_wechat_pages():
    with pytest.raises(AdapterError, match="不抓取微信页面"):
        webpage.fetch("https://mp.weixin.qq.com/s/abc", webpage.Selectors(item="li"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-02", datetime(2026, 11, 2, tzinfo=LOCAL)),
        ("2026/1/5 9:07", datetime(2026, 1, 5, 9, 7, tzinfo=LOCAL)),
        ("发布于 2026年3月8日", datetime(2026, 3, 8, tzinfo=LOCAL)),
        ("2026-02-30", None),
        ("昨天", None),
    ],
)
def test_local_dates(text, expected):
    assert parse_local_datetime(text) == expected


def test_wechat_api_token_and_paginated_published_articles():
    articles = [article(1_790_000_000 + i * 3600, f"第{i}篇") for i in range(22)]
    articles.append(article(1_790_100_000, "已删除", deleted=True))
    with serve(articles=articles) as server:
        result = wechat.fetch(server.base, "wx0123456789abcdef", "the-app-secret")
        calls = [(method, path.split("?")[0]) for method, path, _ in server.requests]
        posts_bodies = [body for method, _, body in server.requests if method == "POST"]
    assert calls == [
        ("GET", "/cgi-bin/token"),
        ("POST", "/cgi-bin/freepublish/batchget"),
        ("POST", "/cgi-bin/freepublish/batchget"),
    ]
    assert posts_bodies == [
        {"offset": 0, "count": 20, "no_content": 1},
        {"offset": 20, "count": 20, "no_content": 1},
    ]
    assert len(result.posts) == 22
    assert result.posts[0].title == "第0篇"
    assert result.posts[0].published_at == datetime.fromtimestamp(1_790_000_000, tz=UTC)


def test_wechat_api_errors_never_show_the_secret():
    with serve() as server, pytest.raises(AdapterError) as error:
        wechat.fetch(server.base, "wx0123456789abcdef", "wrong-secret")
    assert "40125" in str(error.value) and "wrong-secret" not in str(error.value)
    with pytest.raises(AdapterError, match="AppID 和 AppSecret"):
        wechat.fetch("http://127.0.0.1:9", "", "")


@pytest.mark.django_db
def test_ingestion_is_idempotent_and_failures_are_recorded(
    district, officer_a, head_a, supervisor, django_capture_on_commit_callbacks
):
    account = open_account(district, officer_a, head_a, supervisor)
    with serve({"/rss.xml": (RSS, "application/rss+xml")}) as server:
        source = ActivitySource.objects.create(
            account=account, kind=SourceKind.FEED, url=server.base + "/rss.xml"
        )
        assert run_source(source, at=AT) == 2
        assert run_source(source, at=AT) == 0
        broken = ActivitySource.objects.create(
            account=account, kind=SourceKind.FEED, url=server.base + "/gone.xml"
        )
        assert run_source(broken, at=AT) == 0
        # The periodic job enqueues every automatic source; the worker fetches them.
        Post.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            assert enqueue_due_sources(AT) == 2
    assert Post.objects.filter(account=account).count() == 2
    source.refresh_from_db()
    broken.refresh_from_db()
    account.refresh_from_db()
    assert source.observed_name == "铜梁教育" and source.last_outcome.startswith("成功")
    assert broken.last_outcome == "失败：订阅源返回 HTTP 404。"
    assert account.last_post_at == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_wechat_source_through_ingestion(district, officer_a, head_a, supervisor):
    account = open_account(district, officer_a, head_a, supervisor)
    with serve(articles=[article(1_793_000_000, "周报")]) as server:
        source = ActivitySource.objects.create(
            account=account,
            kind=SourceKind.WECHAT_API,
            url=server.base,
            app_id="wx0123456789abcdef",
            app_secret="the-app-secret",
        )
        assert run_source(source, at=AT) == 1
    assert Post.objects.get().title == "周报"
