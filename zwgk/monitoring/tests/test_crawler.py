"""The crawler against generated sites served over real HTTP on 127.0.0.1 (no database)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from collections import Counter
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest

from zwgk.monitoring.crawler import ParsePool, SiteConfig, SqliteFrontier, crawl_site
from zwgk.monitoring.crawler.checks import (
    ColumnSpec,
    availability_veto,
    check_future_dates,
    indicator_counts,
)
from zwgk.monitoring.crawler.fetch import (
    Fetcher,
    FetchResult,
    HostPolicy,
    has_ipv6_address,
    netloc_of,
    retry_after_seconds,
)
from zwgk.monitoring.crawler.parse import parse_page
from zwgk.monitoring.scoring import FAILED_VETO, compute_scorecard
from zwgk.textcheck import Checker

from .sitegen import FOOTER_FULL, ColumnDef, SiteSpec, serve_in_thread

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
FAST = HostPolicy(concurrency=8, min_interval=0.0, retries=2, backoff=0.01)

COLUMNS = (
    ColumnDef("工作动态", "news", 3),
    ColumnDef("通知公告", "notice", 200),  # 6-month interval: stale
    ColumnDef("政策文件", "policy", None),  # blank
    ColumnDef("人事信息", "hr", 10, dated=False),  # entries without a date: not updated
    ColumnDef("互动交流", "talk", 400),  # no interval: only the blank check
)


def _run(url: str, frontier=None, **options) -> tuple[list[dict], object]:
    frontier = frontier or SqliteFrontier(":memory:")
    crawl_options = {
        k: options.pop(k)
        for k in (
            "stop",
            "progress",
            "on_page",
            "concurrency",
            "parse_processes",
            "parse_pool",
        )
        if k in options
    }
    options.setdefault("text_checker", Checker().check)
    config = SiteConfig(home_url=url, now=NOW, is_district_run=True, **options)
    result = asyncio.run(
        crawl_site(config, frontier, district_policy=FAST, polite_policy=FAST, **crawl_options)
    )
    return list(frontier.findings()), result


def _crawl_for(spec: SiteSpec, check: str) -> tuple[list[dict], list[dict]]:
    """Crawl the generated site: all its findings, and those of `check`."""
    with serve_in_thread(spec) as url:
        findings, _ = _run(url)
    return findings, [f for f in findings if f["check"] == check]


def _keys(findings: list[dict]) -> Counter:
    return Counter((f["check"], urlsplit(f["url"]).path or "/") for f in findings)


def test_generated_site_gives_exactly_the_known_findings():
    spec = SiteSpec(
        today=TODAY,
        articles=20,
        columns=COLUMNS,
        dead_links_home=2,
        dead_links_other=3,
        personal_data_on=(2,),
        slow={"/slow/1": 0.6},
        failing=("/fail/1",),
        footer=FOOTER_FULL.replace("渝ICP备12345678号-1 ", ""),
    )
    with serve_in_thread(spec) as url:
        findings, result = _run(url, slow_after=0.3)
    assert _keys(findings) == Counter(
        {
            ("column_stale", "/col/notice/"): 1,
            ("column_stale", "/col/hr/"): 1,
            ("column_blank", "/col/policy/"): 1,
            ("dead_link_home", "/missing/home-0.html"): 1,
            ("dead_link_home", "/missing/home-1.html"): 1,
            ("dead_link_other", "/missing/other-0.html"): 1,
            ("dead_link_other", "/missing/other-1.html"): 1,
            ("dead_link_other", "/missing/other-2.html"): 1,
            ("dead_link_other", "/fail/1"): 1,
            ("slow_page", "/slow/1"): 1,
            ("text_personal_data", "/article/2.html"): 2,  # ID number and mobile
            ("footer_identification", "/"): 1,
        }
    )
    by_check = {(f["check"], urlsplit(f["url"]).path): f for f in findings}
    footer = by_check[("footer_identification", "/")]
    assert footer["evidence"]["missing"] == "ICP备案号"
    stale_hr = by_check[("column_stale", "/col/hr/")]["evidence"]
    assert stale_hr["newest_date"] is None and stale_hr["kind"] == "planning"
    notice = by_check[("column_stale", "/col/notice/")]["evidence"]
    assert notice["newest_date"] == "2025-08-14" and notice["interval_days"] == 183
    dead = by_check[("dead_link_other", "/fail/1")]
    assert dead["severity"] == "minor"
    assert dead["evidence"]["status"] == 500
    assert urlsplit(dead["evidence"]["referrer"]).path == "/article/1.html"
    home_dead = by_check[("dead_link_home", "/missing/home-0.html")]["evidence"]
    assert home_dead["status"] == 404 and home_dead["time"] == "2026-03-02T01:00:00+00:00"
    pii = [f for f in findings if f["check"] == "text_personal_data"]
    assert all("13800138000" not in f["evidence"]["excerpt"] for f in pii)  # masked
    assert all(len(f["evidence"]["content_hash"]) == 64 for f in pii)
    # 1 home + 5 columns + 20 articles + 5 dead + 1 slow + 1 failing
    assert result.done == 34 and result.pending == 0  # with the 区长信箱 page


def _comparable(findings: list[dict]) -> list[str]:
    """Findings without what differs between two runs (elapsed time), in a stable order."""
    out = []
    for f in findings:
        evidence = {k: v for k, v in f["evidence"].items() if k != "elapsed_ms"}
        out.append(json.dumps({**f, "evidence": evidence}, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def _finds_nothing(text: str) -> list:
    return []


def _raises(text: str) -> list:
    raise ValueError("a parser bug")


def _dies(text: str) -> list:
    os._exit(3)


class _Checker:
    """Checks text like `Checker` in this process; pickled (sent to a parsing process) it
    becomes `there`. What the findings hold then tells which process did the text check."""

    def __init__(self, there) -> None:
        self.checker = Checker()
        self.there = there

    def __call__(self, text: str) -> list:
        return self.checker.check(text)

    def __reduce__(self):
        return (_unpickled, (self.there,))


def _unpickled(there):
    return there


POOL_SPEC = SiteSpec(
    today=TODAY,
    articles=120,  # article 1 links to 51-100: more pages than crawl workers
    columns=COLUMNS,
    dead_links_home=2,
    dead_links_other=3,
    personal_data_on=(2, 77),
    failing=("/fail/1",),
    footer=FOOTER_FULL.replace("渝ICP备12345678号-1 ", ""),
)
POOL_PAGES = 1 + 5 + 120 + 5 + 1 + 1  # home, columns, articles, dead, failing, 区长信箱


def _text_findings(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["check"].startswith("text_")]


def test_a_parsing_process_pool_gives_the_same_findings():
    with serve_in_thread(POOL_SPEC) as url:
        in_loop, plain = _run(url)
        # a pool started by the crawl: the loop parses until it is up, then the pool
        cold_findings, cold = _run(url, parse_processes=1)
        # a pool that is up, shared by two crawls (the worker's way), text check there too
        checker = Checker().check
        with ParsePool(2, checker) as pool:
            assert pool.wait_ready()
            warm_findings, warm = _run(url, parse_pool=pool, text_checker=checker)
            again_findings, _ = _run(url, parse_pool=pool, text_checker=checker)
    assert cold.done == plain.done == warm.done == POOL_PAGES
    assert _comparable(cold_findings) == _comparable(in_loop)
    assert _comparable(warm_findings) == _comparable(in_loop)
    assert _comparable(again_findings) == _comparable(in_loop)
    assert Counter(f["check"] for f in in_loop)["text_personal_data"] == 4


def test_the_text_check_runs_in_the_pool_when_the_pool_has_the_crawls_checker():
    blind = _Checker(_finds_nothing)  # finds nothing once in the parsing process
    with serve_in_thread(POOL_SPEC) as url, ParsePool(1, blind) as pool:
        assert pool.wait_ready()
        there, _ = _run(url, parse_pool=pool, text_checker=blind)
        # a pool holding another checker (the dictionaries changed since it started): its
        # hits are not used, the loop checks the text with the crawl's checker
        here, _ = _run(url, parse_pool=pool, text_checker=Checker().check)
    assert _text_findings(there) == []
    assert len(_text_findings(here)) == 4
    assert len(there) == len(here) - 4


@pytest.mark.parametrize("there", [_raises, _dies], ids=["parser raises", "process dies"])
def test_pages_the_pool_cannot_parse_are_parsed_on_the_loop(there):
    checker = _Checker(there)
    with serve_in_thread(POOL_SPEC) as url:
        in_loop, _ = _run(url, text_checker=checker)
        with ParsePool(1, checker) as pool:
            assert pool.wait_ready()
            findings, result = _run(url, parse_pool=pool, text_checker=checker)
    assert result.done == POOL_PAGES
    assert _comparable(findings) == _comparable(in_loop)
    assert len(_text_findings(findings)) == 4


def test_the_findings_score_against_the_veto_thresholds():
    spec = SiteSpec(
        today=TODAY,
        articles=5,
        columns=tuple(ColumnDef(f"动态{k}", f"n{k}", None) for k in range(5)),
    )
    with serve_in_thread(spec) as url:
        findings, _ = _run(url)
    counts = indicator_counts(findings)
    assert len(counts["site.veto.blank_columns"]) == 5
    card = compute_scorecard(counts)
    assert card.verdict == FAILED_VETO
    assert card.vetoes == ("site.veto.blank_columns",)


@pytest.mark.parametrize(
    ("age", "expected"),
    [(3, set()), (11, {"home_update_due"}), (14, {"home_not_updated"}), (40, {"home_not_updated"})],
)
def test_home_page_update_veto_and_day_10_warning(age, expected):
    spec = SiteSpec(today=TODAY, articles=3, home_age_days=age)
    with serve_in_thread(spec) as url:
        findings, _ = _run(url, max_depth=0)
    assert {f["check"] for f in findings} == expected


def test_missing_and_broken_search_and_registered_columns_replace_the_proposal():
    spec = SiteSpec(today=TODAY, articles=2, search="broken", columns=COLUMNS[:1])
    with serve_in_thread(spec) as url:
        findings, _ = _run(url, columns=[ColumnSpec("通知公告", url + "col/nothing/", "notice")])
    keys = _keys(findings)
    assert keys[("search_broken", "/search")] == 1
    # the registered column answers 404: a dead link from the home page's perspective
    assert keys[("dead_link_home", "/col/nothing/")] == 1
    spec = SiteSpec(today=TODAY, articles=2, search="missing")
    with serve_in_thread(spec) as url:
        findings, _ = _run(url)
    assert _keys(findings) == Counter({("search_missing", "/"): 1})


@pytest.mark.parametrize(("mode", "broken"), [("titles", False), ("empty", True)])
def test_a_search_that_finds_nothing_for_tongzhi_is_tried_with_the_newest_title(mode, broken):
    # 「通知」 finds nothing on a site whose documents hold none; the first words of the newest
    # home-page entry (区政府工作动态第1期 → 区政府工) must then be found
    _, found = _crawl_for(SiteSpec(today=TODAY, articles=2, search=mode), "search_broken")
    assert len(found) == broken
    if broken:
        assert found[0]["evidence"]["queries"] == ["通知", "区政府工"]
        assert found[0]["evidence"]["status"] == 200


def test_a_page_slower_than_the_timeout_is_a_dead_link_and_the_home_page_unavailable():
    spec = SiteSpec(today=TODAY, articles=2, slow={"/slow/1": 2.0, "/": 2.0})
    started = time.monotonic()
    with serve_in_thread(spec) as url:
        findings, _ = _run(url, timeout=0.5)
    assert _keys(findings) == Counter({("availability", "/"): 1})
    assert findings[0]["evidence"]["error"] == "timeout"
    assert time.monotonic() - started < 6  # 3 attempts of 0.5 s, not 15 s
    spec = SiteSpec(today=TODAY, articles=2, slow={"/slow/1": 2.0})
    with serve_in_thread(spec) as url:
        findings, _ = _run(url, timeout=0.5)
    slow = [f for f in findings if f["check"] == "dead_link_other"]
    assert [f["evidence"]["error"] for f in slow] == ["timeout"]


def test_stop_and_resume_completes_every_page_once():
    spec = SiteSpec(today=TODAY, articles=300)
    pages = 1 + 300 + 1  # home, articles, 区长信箱
    hits: Counter = Counter()

    def count(record):
        hits[urlsplit(record.url).path] += 1

    with serve_in_thread(spec) as url:
        whole, _ = _run(url, on_page=count)
        assert len(hits) == pages and set(hits.values()) == {1}
        hits.clear()

        frontier = SqliteFrontier(":memory:")
        stop = asyncio.Event()

        def progress(done, known):
            if done >= 40:
                stop.set()

        _, result = _run(url, frontier, stop=stop, progress=progress, on_page=count)
        assert result.stopped and 40 <= result.done < pages and result.pending > 0
        # a crash: entries claimed and never completed …
        lost = frontier.claim(7)
        assert len(lost) == 7
        # … are taken again on restart; done entries are not
        second, result = _run(url, frontier, on_page=count)
    assert result.done == pages and result.pending == 0
    assert len(hits) == pages and set(hits.values()) == {1}
    assert _keys(second) == _keys(whole)


@pytest.mark.parametrize(
    ("label", "missing"),
    [("区长信箱", False), ("我要咨询", False), ("", True), ("网上信访", True)],
)
def test_the_home_page_offers_an_interaction_channel(label, missing):
    # rules.md §4.2 互动回应差 item 1; the special channels (网上信访, 纪检举报) do not count
    spec = SiteSpec(today=TODAY, articles=3, mailbox=label)
    findings, found = _crawl_for(spec, "interaction_missing")
    assert len(found) == missing
    if missing:
        assert urlsplit(found[0]["url"]).path == "/"
        assert found[0]["severity"] == "veto"
        assert len(indicator_counts(findings)["site.veto.interaction"]) == 1


def test_entries_dated_after_the_inspection_day_are_flagged():
    spec = SiteSpec(
        today=TODAY,
        articles=60,
        home_age_days=-2,  # the newest home entries: 2 days ahead, 1 day ahead, today …
        columns=(ColumnDef("通知公告", "notice", -3), ColumnDef("工作动态", "news", 3)),
    )
    with serve_in_thread(spec) as url:
        findings, _ = _run(url)
    future = {
        urlsplit(f["url"]).path: f["evidence"] for f in findings if f["check"] == "date_in_future"
    }
    assert set(future) == {"/", "/col/notice/"}
    assert future["/"]["count"] == 2
    assert [i["date"] for i in future["/"]["items"]] == ["2026-03-04", "2026-03-03"]
    assert future["/col/notice/"]["count"] == 1
    assert future["/col/notice/"]["items"][0]["date"] == "2026-03-05"
    # a date ahead is never taken as the newest: the home page is not "updated" by it
    assert not [f for f in findings if f["check"].startswith("home_")]


def test_an_entry_with_a_later_validity_date_is_not_dated_in_the_future():
    page = parse_page(
        "<ul><li><a href='/p/1.html'>稳岗返还办法</a> 2026-02-20 有效期至 2028-12-31</li>"
        "<li><a href='/p/2.html'>征求意见稿</a> 截止日期 2026-03-20</li></ul>",
        "http://127.0.0.1:1/col/p/",
    )
    config = SiteConfig(home_url="http://127.0.0.1:1/", now=NOW)
    result = FetchResult("http://127.0.0.1:1/col/p/", 200, 0.1, b"x", "text/html")
    (found,) = check_future_dates(result, page, config)
    assert [i["title"] for i in found["evidence"]["items"]] == ["征求意见稿"]


def _resolves_to_ipv6(name: str) -> bool:
    try:
        return bool(socket.getaddrinfo(name, None, socket.AF_INET6, socket.SOCK_STREAM))
    except OSError:
        return False


def test_a_host_name_without_an_ipv6_address_is_reported():
    spec = SiteSpec(today=TODAY, articles=2)
    with serve_in_thread(spec) as url:
        literal, _ = _run(url)  # 127.0.0.1: a literal, the question does not arise
        by_name, _ = _run(url.replace("127.0.0.1", "localhost"))
    assert not [f for f in literal if f["check"] == "ipv6_missing"]
    found = [f for f in by_name if f["check"] == "ipv6_missing"]
    # the machine's resolver decides (here localhost has no IPv6 address in /etc/hosts)
    assert len(found) == (0 if _resolves_to_ipv6("localhost") else 1)
    if found:
        assert found[0]["evidence"]["host"].startswith("localhost")


def test_has_ipv6_address_answers_for_names_not_literals():
    assert asyncio.run(has_ipv6_address("127.0.0.1")) is None
    assert asyncio.run(has_ipv6_address("::1")) is None
    assert asyncio.run(has_ipv6_address("localhost")) is _resolves_to_ipv6("localhost")
    assert asyncio.run(has_ipv6_address("no-such-host.invalid")) is False


def test_max_pages_bounds_the_run():
    spec = SiteSpec(today=TODAY, articles=200)
    with serve_in_thread(spec) as url:
        _, result = _run(url, max_pages=50)
    assert result.done == 50


def test_retry_after_is_honoured():
    spec = SiteSpec(today=TODAY, throttle_first=1)

    async def go(url):
        async with Fetcher(default_policy=FAST) as fetcher:
            return await fetcher.fetch(url + "throttled")

    with serve_in_thread(spec) as url:
        started = time.monotonic()
        result = asyncio.run(go(url))
    assert result.status == 200 and result.attempts == 2
    assert time.monotonic() - started >= 1.0
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("100000") == 120.0
    assert retry_after_seconds("soon") is None


def test_polite_policy_spaces_requests_to_one_host():
    spec = SiteSpec(today=TODAY, articles=5)
    polite = HostPolicy(concurrency=1, min_interval=0.2, retries=0)

    async def go(url):
        async with Fetcher(default_policy=polite) as fetcher:
            started = time.monotonic()
            await asyncio.gather(*(fetcher.fetch(f"{url}article/{i}.html") for i in range(1, 6)))
            return time.monotonic() - started

    with serve_in_thread(spec) as url:
        assert asyncio.run(go(url)) >= 0.8  # 5 starts, 0.2 s apart


def test_user_agent_identifies_the_monitor():
    from zwgk.monitoring.crawler.fetch import USER_AGENT

    assert "zwgk-monitor" in USER_AGENT


def test_availability_veto_over_a_week():
    probes = [(NOW.replace(hour=0), True, 0.2)] * 95 + [(NOW.replace(hour=0), True, 15.0)] * 5
    assert availability_veto(probes, now=NOW) == {"probes": 100, "failed": 5, "ratio": 0.05}
    probes = [(NOW.replace(hour=0), True, 0.2)] * 96 + [(NOW.replace(hour=0), False, 0.1)] * 4
    assert availability_veto(probes, now=NOW) is None


def test_parse_reads_items_dates_nav_and_search():
    html = (
        "<html><body><header><form action='/s'><input name='kw'></form></header>"
        "<nav><a href='/col/a/'>通知公告</a></nav><ul><li><a href='/x.html#top'>甲</a>"
        "2025年12月3日</li><li><a href='javascript:void(0)'>乙</a></li></ul>"
        "<script>var a='2099-01-01';</script></body></html>"
    )
    page = parse_page(html, "http://example.gov.cn/dir/")
    assert page.nav_links == [("通知公告", "http://example.gov.cn/col/a/")]
    assert [(i.url, i.date) for i in page.items] == [
        ("http://example.gov.cn/x.html", date(2025, 12, 3))
    ]
    assert page.search_forms == [("http://example.gov.cn/s", "kw")]
    assert "2099" not in page.text


@pytest.mark.parametrize(
    "tail",
    [
        "<SCRIPT>var a='2099-01-01';</SCRIPT>",
        "<style>.x{content:'2099-01-01'}</style>",
        "<noscript>2099-01-01</noscript>",
        "<template><p>2099-01-01</p></template>",
    ],
)
def test_parse_strips_script_style_noscript_and_template_text(tail):
    page = parse_page(f"<html><body><p>正文</p>{tail}</body></html>", "http://example.gov.cn/")
    assert "2099" not in page.text
    assert "正文" in page.text


def test_parse_takes_the_first_title_and_every_link_once_in_document_order():
    html = (
        "<html><head><title> 首页 </title></head><body><svg><title>图</title></svg>"
        "<a href='/b'>b</a><p><a href='/a#x'>a</a><a href='/b'>b</a><a>none</a></p>"
        "<a href='mailto:x@example.gov.cn'>m</a></body></html>"
    )
    page = parse_page(html, "http://example.gov.cn/dir/", detail=False)
    assert page.title == "首页"
    assert page.links == ["http://example.gov.cn/b", "http://example.gov.cn/a"]
    assert "图" in page.text


@pytest.mark.parametrize(
    "url",
    [
        "http://example.gov.cn/a/b.html?x=1#f",
        "https://user:pw@example.gov.cn:8443?q=/x",
        "http://example.gov.cn#top",
        "http://example.gov.cn",
        "HTTP://Example.gov.cn/x",
        "http://exa\tmple.gov.cn/x",
        "ftp://example.gov.cn/x",
        "//example.gov.cn/x",
        "http://[::1]:8000/x",
    ],
)
def test_netloc_of_is_urlsplit_netloc(url):
    assert netloc_of(url) == urlsplit(url).netloc
