"""Crawler throughput and memory: zwgk's monitoring crawler with every check on, against
LinkChecker on the same site in the same run, and against the bare fetch rate of aiohttp with
no checks. Then the crawler's peak memory as the site grows from 5,000 to 50,000 pages.

    .venv/bin/python bench/crawler.py [--pages 5000] [--large 50000] [--concurrency 50]

The site is generated (zwgk/monitoring/tests/sitegen.py) and served by an aiohttp server in a
child process on 127.0.0.1 (pages computed per request: the server's memory does not grow).
Each measurement runs in a fresh child process so that its peak RSS (ru_maxrss) is its own.
Nothing here touches the database or the network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zwgk.monitoring.tests.sitegen import ColumnDef, SiteSpec, serve_in_process  # noqa: E402

TODAY = date(2026, 11, 29)
COLUMNS = (
    ColumnDef("工作动态", "news", 3),
    ColumnDef("通知公告", "notice", 200),
    ColumnDef("政策文件", "policy", None),
)


def spec_for(pages: int) -> SiteSpec:
    # home + 3 columns + articles = pages; a few defects so that every check has work to do
    return SiteSpec(
        today=TODAY,
        articles=pages - 4,
        columns=COLUMNS,
        dead_links_home=2,
        dead_links_other=3,
        personal_data_on=(2, 7, 11),
    )


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- measurements (each in its own process) --------------------------------------------------


def bench_checker() -> Callable[[str], list]:
    """The text checker of the run; module-level so that a parsing process can build its own."""
    from zwgk.textcheck import Checker, Dictionaries

    return Checker(Dictionaries(sensitive_words={"反动": "政治", "赌博": "违法"})).check


def measure_crawl(url: str, concurrency: int, processes: int = 0) -> dict:
    from zwgk.monitoring.crawler import SiteConfig, SqliteFrontier, crawl_site
    from zwgk.monitoring.crawler.fetch import HostPolicy

    check = bench_checker()
    directory = tempfile.mkdtemp(prefix="zwgk-crawl-bench-")
    try:
        frontier = SqliteFrontier(os.path.join(directory, "frontier.sqlite3"))
        config = SiteConfig(
            home_url=url,
            now=datetime(2026, 11, 29, 1, tzinfo=UTC),
            is_district_run=True,
            max_depth=3,
            max_pages=10_000_000,
            text_checker=check,
        )
        policy = HostPolicy(concurrency=concurrency, min_interval=0.0, retries=2, backoff=0.5)
        started, cpu = time.perf_counter(), time.process_time()
        result = asyncio.run(
            crawl_site(
                config,
                frontier,
                district_policy=policy,
                batch=200,
                parse_processes=processes,
                # with parsing processes, the text check runs there too
                text_checker_factory=bench_checker if processes else None,
            )
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the parsing processes
        findings = sum(1 for _ in frontier.findings())
        frontier.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return {
        "pages": result.done,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "children_cpu_seconds": children.ru_utime + children.ru_stime,
        "children_maxrss_mb": children.ru_maxrss / 1024,
        "findings": findings,
        "maxrss_mb": _maxrss_mb(),
    }


def measure_bare(url: str, pages: int, concurrency: int) -> dict:
    """aiohttp alone: GET every page of the site (the same URLs the crawler fetches), read the
    body, nothing else: the limit of the HTTP client on this machine."""
    import aiohttp

    urls = [url] + [f"{url}col/{c.slug}/" for c in COLUMNS]
    urls += [f"{url}article/{i}.html" for i in range(1, pages - 3)]

    async def run() -> int:
        queue: asyncio.Queue[str] = asyncio.Queue()
        for u in urls:
            queue.put_nowait(u)
        done = 0
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def worker() -> None:
                nonlocal done
                while not queue.empty():
                    u = queue.get_nowait()
                    async with session.get(u) as response:
                        await response.read()
                    done += 1

            await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done

    started, cpu = time.perf_counter(), time.process_time()
    done = asyncio.run(run())
    return {
        "pages": done,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "maxrss_mb": _maxrss_mb(),
    }


def measure_linkchecker(url: str, threads: int) -> dict:
    exe = Path(sys.executable).with_name("linkchecker")
    if not exe.exists():
        return {"error": "linkchecker is not installed (pip install -e '.[bench]')"}
    home = tempfile.mkdtemp(prefix="zwgk-linkchecker-")
    config = Path(home) / "linkcheckerrc"
    # As fast as LinkChecker goes: no per-host request limit (the site opts in with the
    # "LinkChecker" header) and the same number of threads as the crawler's connections.
    config.write_text(f"[checking]\nmaxrequestspersecond=100000\nthreads={threads}\n")
    try:
        started = time.perf_counter()
        proc = subprocess.run(
            [
                str(exe),
                "-f",
                str(config),
                "--no-status",
                "--no-warnings",
                "-v",
                "-o",
                "csv",
                "-r",
                "3",
                "-t",
                str(threads),
                "--timeout",
                "15",
                url,
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": home},
            check=False,
        )
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(home, ignore_errors=True)
    # CSV output: one row per checked link (URL, parent, result …) after comment lines.
    rows = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    urls = {row.split(";")[7] for row in rows[1:] if row.count(";") > 8}
    return {"urls": len(urls), "links": max(len(rows) - 1, 0), "seconds": seconds}


def _child(kind: str, url: str, pages: int, concurrency: int, processes: int = 0) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--url",
            url,
            "--pages",
            str(pages),
            "--concurrency",
            str(concurrency),
            "--parse-processes",
            str(processes),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--parse-processes",
        type=int,
        default=1,
        help="also run the crawler with parsing in this many processes (0: skip)",
    )
    parser.add_argument("--child", choices=["crawl", "bare", "linkchecker"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        if args.child == "crawl":
            result = measure_crawl(args.url, args.concurrency, args.parse_processes)
        elif args.child == "bare":
            result = measure_bare(args.url, args.pages, args.concurrency)
        else:
            result = measure_linkchecker(args.url, args.concurrency)
        print(json.dumps(result))
        return

    print(f"CPUs: {os.cpu_count()}; concurrency {args.concurrency}; site served by a child process")
    with serve_in_process(spec_for(args.pages)) as url:
        bare = _child("bare", url, args.pages, args.concurrency)
        crawl = _child("crawl", url, args.pages, args.concurrency)
        pooled = None
        if args.parse_processes:
            pooled = _child("crawl", url, args.pages, args.concurrency, args.parse_processes)
        link = _child("linkchecker", url, args.pages, min(args.concurrency, 50))
    bare_rate = bare["pages"] / bare["seconds"]
    crawl_rate = crawl["pages"] / crawl["seconds"]
    link_rate = link["urls"] / link["seconds"] if "urls" in link else 0.0
    rows = [
        ("bare aiohttp fetch, no checks", bare["pages"], bare["seconds"], ""),
        (
            "zwgk crawler, every check on",
            crawl["pages"],
            crawl["seconds"],
            f"{crawl['findings']} findings",
        ),
    ]
    if pooled is not None:
        rows.append(
            (
                f"zwgk crawler, parse in {args.parse_processes} proc.",
                pooled["pages"],
                pooled["seconds"],
                f"{pooled['findings']} findings",
            )
        )
    rows += [
        (
            f"LinkChecker -r 3 -t {min(args.concurrency, 50)}",
            link.get("urls", 0),
            link.get("seconds", 0),
            "URLs",
        ),
    ]
    print(f"\n{args.pages:,}-page site")
    for label, count, seconds, note in rows:
        rate = count / seconds if seconds else 0.0
        print(f"  {label:<32} {count:>7} in {seconds:7.2f} s = {rate:7.0f}/s  {note}")
    if "error" in link:
        print(f"  LinkChecker: {link['error']}")
    else:
        print(f"  ratio crawler / LinkChecker: {crawl_rate / link_rate:6.1f}x")
    print(f"  ratio crawler / bare fetch : {crawl_rate / bare_rate:6.2f}x  (goal >= 0.5x)")
    # CPU of the client process per page: what the other processes on the machine (the site's
    # server among them) cannot take away, so comparable across runs on a loaded machine.
    bare_ms = bare["cpu_seconds"] * 1000 / bare["pages"]
    crawl_ms = crawl["cpu_seconds"] * 1000 / crawl["pages"]
    print(f"  client CPU per page: bare {bare_ms:.3f} ms, crawler {crawl_ms:.3f} ms")
    if pooled is not None:
        pooled_rate = pooled["pages"] / pooled["seconds"]
        main_ms = pooled["cpu_seconds"] * 1000 / pooled["pages"]
        parse_ms = pooled["children_cpu_seconds"] * 1000 / pooled["pages"]
        print(
            f"  with {args.parse_processes} parsing process(es): "
            f"{pooled_rate / bare_rate:.2f}x bare; CPU per page {main_ms:.3f} ms on the loop "
            f"+ {parse_ms:.3f} ms parsing (process start-up included); "
            f"parsing process peak RSS {pooled['children_maxrss_mb']:.1f} MB"
        )
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    with serve_in_process(spec_for(args.large)) as url:
        large = _child("crawl", url, args.large, args.concurrency)
    large_rate = large["pages"] / large["seconds"]
    print("\nPeak memory of the crawler process (ru_maxrss)")
    print(f"  {crawl['pages']:>7,} pages: {crawl['maxrss_mb']:6.1f} MB  ({crawl_rate:.0f} pages/s)")
    print(f"  {large['pages']:>7,} pages: {large['maxrss_mb']:6.1f} MB  ({large_rate:.0f} pages/s)")
    growth = large["maxrss_mb"] / crawl["maxrss_mb"]
    times = large["pages"] / crawl["pages"]
    print(f"  ratio: {growth:.2f}x the memory for {times:.0f}x the pages")


if __name__ == "__main__":
    main()
