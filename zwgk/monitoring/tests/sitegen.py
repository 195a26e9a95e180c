"""Generated government websites served over real HTTP on 127.0.0.1, with known defects:
stale and blank columns, dead links on the home page and elsewhere, personal data, slow and
failing pages, footer gaps, a broken search. Used by the crawler tests and bench/crawler.py.

Pages are computed from the spec on each request (nothing is stored), so a 50,000-page site
costs the server no memory. Article i links to articles B·i+1 … B·i+B (B = BRANCHING): with the
home page linking to 1 … B, depth 3 reaches 1 + B + B² + B³ pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from aiohttp import web

BRANCHING = 50

PARAGRAPH = (
    "为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政府网站建设管理水平，"
    "区政府办公室组织开展了政府网站与政务新媒体检查工作，重点检查信息发布、解读回应、办事服务和互动交流等情况。"
)

FOOTER_FULL = (
    '<footer><img src="/img/dzjg.png" alt="党政机关">'
    "<p>主办单位：重庆市铜梁区人民政府办公室 网站标识码：5002240001</p>"
    "<p>渝ICP备12345678号-1 渝公网安备50022402000001号</p></footer>"
)


@dataclass(frozen=True)
class ColumnDef:
    name: str
    slug: str
    newest_age_days: int | None  # None: blank column (no entries)
    dated: bool = True  # False: entries carry no date (counts as not updated)


@dataclass
class SiteSpec:
    today: date
    articles: int = 20
    home_age_days: int = 1
    columns: tuple[ColumnDef, ...] = ()
    dead_links_home: int = 0
    dead_links_other: int = 0  # put on article 1
    personal_data_on: tuple[int, ...] = ()  # article numbers carrying an ID number and a mobile
    slow: dict[str, float] = field(default_factory=dict)  # path → seconds
    failing: tuple[str, ...] = ()  # paths answering 500 (linked from article 1)
    footer: str = FOOTER_FULL
    search: str = "ok"  # ok / titles / empty / broken / missing (see search())
    throttle_first: int = 0  # the first N requests of /throttled answer 429 Retry-After: 1
    hits: dict[str, int] = field(default_factory=dict)  # path → requests (thread mode only)
    mailbox: str = "区长信箱"  # the home page links to a page of this name ("": no link)


def _article_links(spec: SiteSpec, i: int) -> list[int]:
    first = BRANCHING * i + 1
    return [n for n in range(first, first + BRANCHING) if n <= spec.articles]


def _nav(spec: SiteSpec) -> str:
    items = "".join(f'<li><a href="/col/{c.slug}/">{c.name}</a></li>' for c in spec.columns)
    return f'<nav><ul><li><a href="/">首页</a></li>{items}</ul></nav>'


def _search(spec: SiteSpec) -> str:
    if spec.search == "missing":
        return ""
    return (
        '<form action="/search" method="get"><input type="text" name="q">'
        "<button>搜索</button></form>"
    )


def _page(spec: SiteSpec, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="SiteIDCode" content="5002240001"></head>'
        f"<body><header>{_search(spec)}</header>"
        f"{_nav(spec)}<main>{body}</main>{spec.footer}</body></html>"
    )


def home(spec: SiteSpec) -> str:
    newest = spec.today - timedelta(days=spec.home_age_days)
    news = "".join(
        f'<li><a href="/article/{n}.html">区政府工作动态第{n}期</a>'
        f"<span>{newest - timedelta(days=n - 1)}</span></li>"
        for n in range(1, min(spec.articles, BRANCHING) + 1)
    )
    dead = "".join(
        f'<li><a href="/missing/home-{k}.html">失效链接{k}</a></li>'
        for k in range(spec.dead_links_home)
    )
    channel = f'<p><a href="/hdjl/">{spec.mailbox}</a></p>' if spec.mailbox else ""
    return _page(spec, "重庆市铜梁区人民政府", f"<h1>要闻</h1><ul>{news}{dead}</ul>{channel}")


def article(spec: SiteSpec, i: int) -> str | None:
    if not 1 <= i <= spec.articles:
        return None
    kids = "".join(
        f'<li><a href="/article/{n}.html">相关信息{n}</a></li>' for n in _article_links(spec, i)
    )
    extra = ""
    if i == 1:
        extra += "".join(
            f'<li><a href="/missing/other-{k}.html">失效链接{k}</a></li>'
            for k in range(spec.dead_links_other)
        )
        extra += "".join(
            f'<li><a href="{path}">附件{path}</a></li>'
            for path in list(spec.slow) + list(spec.failing)
        )
    pii = ""
    if i in spec.personal_data_on:
        pii = "<p>联系人：张三，身份证号11010519491231002X，手机13800138000。</p>"
    body = (
        f"<h1>区政府工作动态第{i}期</h1><p>{PARAGRAPH}</p>{pii}<p>{PARAGRAPH}</p>"
        f"<ul>{kids}{extra}</ul>"
    )
    return _page(spec, f"区政府工作动态第{i}期", body)


def column(spec: SiteSpec, slug: str) -> str | None:
    col = next((c for c in spec.columns if c.slug == slug), None)
    if col is None:
        return None
    items = ""
    if col.newest_age_days is not None:
        newest = spec.today - timedelta(days=col.newest_age_days)
        for k in range(5):
            when = f"<span>{newest - timedelta(days=30 * k)}</span>" if col.dated else ""
            items += f'<li><a href="/article/{k + 1}.html">{col.name}信息{k + 1}</a>{when}</li>'
    return _page(spec, col.name, f"<h1>{col.name}</h1><ul>{items}</ul>")


def search(spec: SiteSpec, query: str) -> web.Response:
    if spec.search == "broken":
        return web.Response(status=500, text="error")
    # "titles": only words of the articles' titles are found; "empty": nothing is
    if spec.search == "empty" or (spec.search == "titles" and query not in "区政府工作动态"):
        body = "<h1>搜索结果</h1><p>没有找到符合条件的信息。</p>"
    else:
        body = f'<h1>搜索结果</h1><ul><li><a href="/article/1.html">关于{query}的信息</a></li></ul>'
    return web.Response(text=_page(spec, "搜索", body), content_type="text/html")


def make_app(spec: SiteSpec) -> web.Application:
    state = {"throttled": 0}

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path
        spec.hits[path] = spec.hits.get(path, 0) + 1
        if path in spec.slow:
            await asyncio.sleep(spec.slow[path])
        if path in spec.failing:
            return web.Response(status=500, text="error")
        if path == "/throttled":
            state["throttled"] += 1
            if state["throttled"] <= spec.throttle_first:
                return web.Response(status=429, headers={"Retry-After": "1"})
            return web.Response(text="ok", content_type="text/html")
        html: str | None = None
        if path == "/":
            html = home(spec)
        elif path.startswith("/article/") and path.endswith(".html"):
            number = path[len("/article/") : -len(".html")]
            html = article(spec, int(number)) if number.isdigit() else None
        elif path.startswith("/col/"):
            html = column(spec, path[len("/col/") :].strip("/"))
        elif path == "/hdjl/" and spec.mailbox:
            html = _page(spec, spec.mailbox, f"<h1>{spec.mailbox}</h1><p>写信须知</p>")
        elif path == "/search":
            return search(spec, request.query.get("q", ""))
        elif path in spec.slow:
            html = _page(spec, "慢页面", "<p>slow</p>")
        if html is None:
            return web.Response(status=404, text="not found")
        return web.Response(text=html, content_type="text/html")

    async def opt_in(request: web.Request, response: web.StreamResponse) -> None:
        # LinkChecker limits itself to 10 requests/s per host unless the server answers with a
        # "LinkChecker" header (its documented opt-in); bench/crawler.py compares at full speed.
        response.headers["LinkChecker"] = "zwgk-bench"

    app = web.Application()
    app.on_response_prepare.append(opt_in)
    app.router.add_route("GET", "/{tail:.*}", handle)
    app.router.add_route("HEAD", "/{tail:.*}", handle)
    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_in_thread(spec: SiteSpec, port: int | None = None) -> Iterator[str]:
    """Serve the site from a thread of this process; yields its home URL."""
    loop = asyncio.new_event_loop()
    port = port or _free_port()
    ready = threading.Event()
    runner = web.AppRunner(make_app(spec), access_log=None)

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def _serve_forever(spec: SiteSpec, port: int) -> None:
    web.run_app(make_app(spec), host="127.0.0.1", port=port, access_log=None, print=None)


@contextlib.contextmanager
def serve_in_process(spec: SiteSpec) -> Iterator[str]:
    """Serve the site from a child process (its own CPU, for benchmarks); stopped by PID."""
    port = _free_port()
    process = multiprocessing.get_context("spawn").Process(
        target=_serve_forever, args=(spec, port), daemon=True
    )
    process.start()
    for _ in range(200):
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.1),
        ):
            break
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.join(10)
