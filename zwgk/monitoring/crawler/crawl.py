"""One inspection of one site: breadth-first over the frontier, every check on every page.

The loop keeps at most `concurrency` fetches in flight and a small local buffer of claimed
entries; everything else (seen URLs, queue, findings) is in the frontier's database, so memory
does not grow with the site. Completed pages are committed in batches; `stop` (an asyncio.Event)
ends the run after the in-flight pages, and the next call with the same frontier resumes.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from . import checks
from . import columns as kinds
from .checks import ColumnSpec, SiteConfig
from .fetch import (
    DISTRICT_POLICY,
    POLITE_POLICY,
    Fetcher,
    FetchResult,
    HostPolicy,
    has_ipv6_address,
)
from .frontier import Completion, Entry, Frontier, Link
from .parse import normalise, parse_page
from .pool import Parsed, ParsePool, PoolError

MAX_PROPOSED_COLUMNS = 200
_WORDS = re.compile(r"[\u4e00-\u9fff]{2,4}")  # the first Chinese words of a title
RECENT_LINKS = 5_000  # links remembered to spare the frontier repeats (see is_news)


@dataclass
class CrawlResult:
    pages: int  # entries completed in this call
    done: int  # entries completed in the whole run (resumed calls included)
    pending: int
    stopped: bool
    elapsed: float


@dataclass
class PageRecord:
    """Handed to `on_page` for every HTML page of the site (page-change history)."""

    url: str
    status: int | None
    content_hash: str
    text: str


def _policies(
    config: SiteConfig, district: HostPolicy | None, polite: HostPolicy | None
) -> tuple[dict[str, HostPolicy], HostPolicy]:
    host = urlsplit(config.home_url).netloc
    own = (district or DISTRICT_POLICY) if config.is_district_run else (polite or POLITE_POLICY)
    return {host: own}, polite or POLITE_POLICY


class _Inspection:
    def __init__(
        self,
        config: SiteConfig,
        fetcher: Fetcher,
        on_page: Callable[[PageRecord], None] | None,
        saved_columns: list[list[str]],
        pool: ParsePool | None = None,
    ) -> None:
        self.config = config
        self.fetcher = fetcher
        self.pool = pool
        self.proposed: list[list[str]] | None = None
        self.on_page = on_page
        self.home = normalise(config.home_url, config.home_url) or config.home_url
        self.host = urlsplit(self.home).netloc
        self.prefix = f"{urlsplit(self.home).scheme}://{self.host}/"
        self.columns: dict[str, ColumnSpec] = {c.url: c for c in config.columns}
        self.recent: dict[str, tuple[int, bool]] = {}  # url → (depth, from_home) given
        for name, url, kind in saved_columns:
            self.columns.setdefault(url, ColumnSpec(name, url, kind))

    async def process(self, entry: Entry) -> Completion:
        config = self.config
        result = await self.fetcher.fetch(entry.url, read_body=not entry.external)
        found: list[dict[str, Any]] = []
        links: list[Link] = []
        is_home = entry.url == self.home
        if is_home:
            found += checks.check_availability(result, config)
        elif not result.ok:
            found.append(
                checks.dead_link(entry.url, entry.referrer, entry.from_home, result, config.now)
            )
        if not result.ok or entry.external or not result.is_html or not result.body:
            return Completion(entry.id, result.status, links, found)
        final = result.final_url or entry.url
        # the prefix test ("scheme://host/") settles the common case without urlsplit
        if not final.startswith(self.prefix) and urlsplit(final).netloc != self.host:
            return Completion(entry.id, result.status, links, found)
        column = self.columns.get(entry.url)
        detail = is_home or column is not None
        page, hits = await self.parse(result.body, final, detail)
        found += checks.check_speed(result, config)
        found += checks.check_text(result, page, config, hits)
        if is_home:
            found += checks.check_home(result, page, config)
            found += checks.check_footer(result, page, config)
            found += checks.check_interaction(result, page, config)
            found += await self.check_search(result, page)
            if config.check_ipv6:
                hostname = urlsplit(self.home).hostname or ""
                has_ipv6 = await has_ipv6_address(hostname)
                found += checks.check_ipv6(result, config, hostname, has_ipv6)
        if detail:
            found += checks.check_future_dates(result, page, config)
            if config.propose_columns and not config.columns:
                self.propose(page)
        if column is not None:
            found += checks.check_column(result, page, column, config)
        digest = page.content_hash
        if self.on_page is not None:
            self.on_page(PageRecord(entry.url, result.status, digest, page.text))
        depth = entry.depth + 1
        for link in page.links:
            # links are normalised absolute URLs: a prefix test is enough (and cheaper)
            internal = link.startswith(self.prefix)
            if internal and depth > config.max_depth:
                continue
            if (internal or config.check_external) and self.is_news(link, depth, is_home):
                links.append(Link(link, depth, entry.url, is_home, not internal))
        return Completion(entry.id, result.status, links, found, entry.url, digest, page.text)

    def is_news(self, url: str, depth: int, from_home: bool) -> bool:
        """False when this crawl has already given the frontier `url` at `depth` or less (and
        from the home page, if this link is): adding it again would change nothing there. Most
        links of a site are its navigation, on every page; skipping them here spares the
        frontier an upsert per link per page. Bounded: forgotten when full."""
        known = self.recent.get(url)
        if known is not None and known[0] <= depth and (known[1] or not from_home):
            return False
        if known is not None:
            depth, from_home = min(depth, known[0]), from_home or known[1]
        elif len(self.recent) >= RECENT_LINKS:
            self.recent.clear()
        self.recent[url] = (depth, from_home)
        return True

    async def parse(self, body: bytes, url: str, detail: bool) -> Parsed:
        pool = self.pool
        if pool is not None and pool.ready:
            try:
                page, hits = await pool.parse(body, url, detail)
            except PoolError:
                pass  # parsed here
            else:
                # a shared pool may hold another checker (the dictionaries changed since it
                # started): then the text check runs here
                return page, hits if pool.text_checker == self.config.text_checker else None
        return parse_page(body, url, detail=detail), None

    def propose(self, page: Any) -> None:
        proposed = []
        for name, url in page.nav_links[:MAX_PROPOSED_COLUMNS]:
            if urlsplit(url).netloc != self.host or url == self.home or url in self.columns:
                continue
            spec = ColumnSpec(name, url, kinds.guess_kind(name))
            self.columns[url] = spec
            proposed.append([spec.name, spec.url, spec.kind])
        self.proposed = [[c.name, c.url, c.kind] for c in self.columns.values()]

    async def check_search(self, result: FetchResult, page: Any) -> list[dict[str, Any]]:
        """The site search answers a query with results: 「通知」 (config.search_query), and
        when that finds nothing, words of the newest entry on the home page — a site whose
        documents hold no 通知 still has a working search if it finds its own entry."""
        config = self.config
        if not page.search_forms:
            return [checks.finding("search_missing", result, config.now, excerpt=page.title)]
        action, field = page.search_forms[0]
        separator = "&" if "?" in action else "?"
        queries = [config.search_query]
        words = next((m.group() for i in page.items if (m := _WORDS.search(i.title))), "")
        if words and words != config.search_query:
            queries.append(words)
        for query in queries:
            url = f"{action}{separator}{urlencode({field: query})}"
            answer = await self.fetcher.fetch(url)
            parsed = parse_page(answer.body, url) if answer.ok and answer.body else None
            if checks.search_result_works(answer, parsed, query):
                return []
        return [
            checks.finding(
                "search_broken",
                answer,
                config.now,
                url=url,
                excerpt=answer.error or str(answer.status),
                queries=queries,
            )
        ]


class _AsyncFrontier:
    """The frontier's methods as coroutines: called directly for a fast local frontier
    (SQLite), or in one dedicated thread for a frontier on a blocking client (the Django ORM,
    which must not run on the event loop's thread)."""

    def __init__(self, frontier: Frontier, executor: ThreadPoolExecutor | None) -> None:
        self.frontier = frontier
        self.executor = executor

    async def call(self, name: str, *args: Any) -> Any:
        method = getattr(self.frontier, name)
        if self.executor is None:
            return method(*args)
        return await asyncio.get_running_loop().run_in_executor(self.executor, method, *args)


async def crawl_site(
    config: SiteConfig,
    frontier: Frontier,
    *,
    concurrency: int | None = None,
    batch: int = 100,
    stop: asyncio.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_page: Callable[[PageRecord], None] | None = None,
    district_policy: HostPolicy | None = None,
    polite_policy: HostPolicy | None = None,
    parse_processes: int = 0,
    parse_pool: ParsePool | None = None,
) -> CrawlResult:
    """Inspect `config.home_url` once (or resume the inspection `frontier` holds).

    Pages are parsed in `parse_pool` (left open) or, with `parse_processes` > 0, in a pool of
    that many processes started for this crawl; otherwise on the event loop. Worth it where the
    machine has a core to spare (`default_parse_processes()`). `config.text_checker` runs in the
    pool too when it is the pool's checker and can be pickled (pool.py)."""
    started = time.monotonic()
    pool = parse_pool
    own_pool = pool is None and parse_processes > 0
    if own_pool:
        pool = ParsePool(parse_processes, config.text_checker)
    executor = None
    if getattr(frontier, "run_in_thread", False):
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontier")
    store = _AsyncFrontier(frontier, executor)
    try:
        return await _crawl(
            config,
            store,
            started,
            concurrency=concurrency,
            batch=batch,
            stop=stop,
            progress=progress,
            on_page=on_page,
            policies=_policies(config, district_policy, polite_policy),
            pool=pool,
        )
    finally:
        if own_pool and pool is not None:
            pool.close()
        if executor is not None:
            if hasattr(frontier, "close"):
                await store.call("close")
            executor.shutdown(wait=True)


async def _crawl(
    config: SiteConfig,
    store: _AsyncFrontier,
    started: float,
    *,
    concurrency: int | None,
    batch: int,
    stop: asyncio.Event | None,
    progress: Callable[[int, int], None] | None,
    on_page: Callable[[PageRecord], None] | None,
    policies: tuple[dict[str, HostPolicy], HostPolicy],
    pool: ParsePool | None = None,
) -> CrawlResult:
    if await store.call("get_meta", "started") is None:
        home = normalise(config.home_url, config.home_url) or config.home_url
        seeds = [Link(home, 0, "")] + [Link(c.url, 1, home, True) for c in config.columns]
        await store.call("add", seeds)
        await store.call("set_meta", "started", config.now.isoformat())
    else:
        await store.call("release_claims")
    by_host, default = policies
    own_policy = by_host[urlsplit(config.home_url).netloc]
    width = concurrency or max(own_policy.concurrency, 1) * (2 if pool is not None else 1)
    counts = await store.call("counts")
    budget = max(config.max_pages - counts["done"], 0)
    local: deque[Entry] = deque()
    buffer: list[Completion] = []
    completed = 0
    last_flush = time.monotonic()
    saved_columns = await store.call("get_meta", "columns") or []

    async def flush() -> None:
        nonlocal buffer, last_flush
        if buffer:
            batch_done, buffer = buffer, []
            await store.call("complete", batch_done)
        last_flush = time.monotonic()

    async with Fetcher(policies=by_host, default_policy=default, timeout=config.timeout) as fetcher:
        inspection = _Inspection(config, fetcher, on_page, saved_columns, pool)
        # `width` long-lived workers pull entries; the condition guards the shared state
        # (local entries, buffer, budget) and lets idle workers wait for links that pages
        # still in flight may reveal.
        cond = asyncio.Condition()
        state = {"active": 0, "stopping": False}

        async def next_entry() -> Entry | None:
            nonlocal budget
            async with cond:
                while True:
                    if stop is not None and stop.is_set():
                        state["stopping"] = True
                    if state["stopping"]:
                        return None
                    if local:
                        return local.popleft()
                    if buffer:
                        await flush()  # the next pages may be among its links
                    if budget > 0:
                        claimed = await store.call("claim", min(budget, width * 2))
                        if claimed:
                            budget -= len(claimed)
                            local.extend(claimed)
                            continue
                    if state["active"] == 0:
                        cond.notify_all()
                        return None
                    await cond.wait()

        async def worker() -> None:
            nonlocal completed
            while (entry := await next_entry()) is not None:
                state["active"] += 1
                try:
                    completion = await inspection.process(entry)
                finally:
                    state["active"] -= 1
                buffer.append(completion)
                completed += 1
                if progress is not None:
                    progress(completed, completed + state["active"] + len(local))
                async with cond:
                    if inspection.proposed is not None:
                        await store.call("set_meta", "columns", inspection.proposed)
                        inspection.proposed = None
                    if len(buffer) >= batch or time.monotonic() - last_flush > 0.5:
                        await flush()
                    cond.notify_all()

        await asyncio.gather(*(worker() for _ in range(width)))
        stopping = bool(state["stopping"])
        await flush()
        if stopping and local:
            # Claimed but never started: give them back now rather than at the next start.
            await store.call("release_claims")
    counts = await store.call("counts")
    return CrawlResult(
        completed,
        counts["done"],
        counts["pending"] + counts["claimed"],
        stopping,
        time.monotonic() - started,
    )
