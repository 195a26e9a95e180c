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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 29)
# (name, slug, age of the newest entry in days; None: blank). The generated site (sitegen,
# which imports aiohttp's server) is imported only where a site is served: a parsing process
# of the crawler re-imports this script as its main module and should not pay for it.
COLUMNS = (("工作动态", "news", 3), ("通知公告", "notice", 200), ("政策文件", "policy", None))


def spec_for(pages: int) -> Any:  # a sitegen.SiteSpec (sitegen is imported here only)
    from zwgk.monitoring.tests.sitegen import ColumnDef, SiteSpec

    # home + 3 columns + articles = pages; a few defects so that every check has work to do
    return SiteSpec(
        today=TODAY,
        articles=pages - 4,
        columns=tuple(ColumnDef(*column) for column in COLUMNS),
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


def measure_crawl(url: str, concurrency: int, processes: int = 0, warm: bool = False) -> dict:
    """One inspection of the site. `warm`: with a parsing pool that is already up, as in the
    monitoring worker, which keeps one pool for the sites it inspects in a row (the pool's
    start is then outside the timed crawl); otherwise the crawl starts its own."""
    from zwgk.monitoring.crawler import ParsePool, SiteConfig, SqliteFrontier, crawl_site
    from zwgk.monitoring.crawler.fetch import HostPolicy

    check = bench_checker()
    pool = None
    if warm and processes:
        pool = ParsePool(processes, check)
        pool.wait_ready()
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
                parse_processes=processes,  # the text check runs there too
                parse_pool=pool,
            )
        )
        if pool is not None:
            pool.close()
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

    urls = [url] + [f"{url}col/{slug}/" for _, slug, _ in COLUMNS]
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
    """One measurement in a fresh process. kind: bare, crawl, crawl-warm, linkchecker."""
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


def _rate(run: dict) -> float:
    return run["pages"] / run["seconds"]


def _median(runs: list[dict]) -> dict:
    """The run with the median rate (an odd number of runs gives a real run, not a mean)."""
    return sorted(runs, key=_rate)[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--parse-processes",
        type=int,
        default=None,
        help="parsing processes of the pooled runs (default: what the worker uses here)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measurement; the median is shown"
    )
    parser.add_argument("--child", choices=["crawl", "crawl-warm", "bare", "linkchecker"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        if args.child in ("crawl", "crawl-warm"):
            processes = args.parse_processes or 0
            result = measure_crawl(
                args.url, args.concurrency, processes, args.child == "crawl-warm"
            )
        elif args.child == "bare":
            result = measure_bare(args.url, args.pages, args.concurrency)
        else:
            result = measure_linkchecker(args.url, args.concurrency)
        print(json.dumps(result))
        return

    from zwgk.monitoring.crawler import default_parse_processes
    from zwgk.monitoring.tests.sitegen import serve_in_process

    processes = default_parse_processes() if args.parse_processes is None else args.parse_processes
    print(
        f"CPUs: {os.cpu_count()}; concurrency {args.concurrency}; parsing processes {processes}; "
        f"site served by a child process; median of {args.repeat} runs"
    )
    kinds = [("bare", 0), ("crawl", 0)]
    if processes:
        kinds += [("crawl", processes), ("crawl-warm", processes)]
    runs: dict[tuple[str, int], list[dict]] = {kind: [] for kind in kinds}
    with serve_in_process(spec_for(args.pages)) as url:
        for _ in range(args.repeat):  # round robin: a change of load touches every kind alike
            for kind, procs in kinds:
                runs[kind, procs].append(_child(kind, url, args.pages, args.concurrency, procs))
        link = _child("linkchecker", url, args.pages, min(args.concurrency, 50))
    bare = _median(runs["bare", 0])
    labels = {
        ("crawl", 0): "zwgk crawler, parsing on the loop",
        ("crawl", processes): f"zwgk crawler, {processes} parsing proc. (cold)",
        ("crawl-warm", processes): f"zwgk crawler, {processes} parsing proc. (warm)",
    }
    link_rate = link["urls"] / link["seconds"] if "urls" in link else 0.0
    print(f"\n{args.pages:,}-page site, every check on")
    print(f"  {'bare aiohttp fetch, no checks':<38} {bare['pages']:>6} in {bare['seconds']:6.2f} s")
    print(f"  {'':<38} = {_rate(bare):7.0f}/s  (runs: {_spread(runs['bare', 0])})")
    if "error" in link:
        print(f"  LinkChecker: {link['error']}")
    else:
        label = f"LinkChecker -r 3 -t {min(args.concurrency, 50)}"
        print(f"  {label:<38} {link['urls']:>6} in {link['seconds']:6.2f} s = {link_rate:7.0f}/s")
    for kind in kinds[1:]:
        run = _median(runs[kind])
        rate = _rate(run)
        versus = f"{rate / link_rate:5.1f}x LinkChecker" if link_rate else ""
        print(
            f"  {labels[kind]:<38} {run['pages']:>6} in {run['seconds']:6.2f} s = {rate:7.0f}/s"
            f"  {rate / _rate(bare):4.2f}x bare  {versus}  {run['findings']} findings"
        )
        # CPU per page of the crawler's own process (and of its parsing processes): what the
        # other processes on the machine (the site's server among them) cannot take away.
        line = f"CPU/page {run['cpu_seconds'] * 1000 / run['pages']:.3f} ms on the loop"
        if kind[1]:
            parse_ms = run["children_cpu_seconds"] * 1000 / run["pages"]
            line += f" + {parse_ms:.3f} ms parsing"
        print(f"  {'':<38} {line}  (runs: {_spread(runs[kind])})")
    print(f"  goal: >= 0.5x bare, > 10x LinkChecker; bare CPU/page {_cpu_ms(bare):.3f} ms")
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # Memory: the worker's configuration (a warm pool when the machine has a core to spare)
    kind = ("crawl-warm", processes) if processes else ("crawl", 0)
    small = _median(runs[kind])
    with serve_in_process(spec_for(args.large)) as url:
        large = _child(kind[0], url, args.large, args.concurrency, kind[1])
    print(f"\nPeak memory ({labels[kind]}; ru_maxrss of the crawler / of a parsing process)")
    for run in (small, large):
        print(
            f"  {run['pages']:>7,} pages: {run['maxrss_mb']:6.1f} MB / "
            f"{run['children_maxrss_mb']:5.1f} MB  ({_rate(run):.0f} pages/s)"
        )
    growth = large["maxrss_mb"] / small["maxrss_mb"]
    times = large["pages"] / small["pages"]
    print(f"  ratio: {growth:.2f}x the memory for {times:.0f}x the pages")


def _cpu_ms(run: dict) -> float:
    return run["cpu_seconds"] * 1000 / run["pages"]


def _spread(runs: list[dict]) -> str:
    return ", ".join(f"{_rate(run):.0f}" for run in runs)


if __name__ == "__main__":
    main()
