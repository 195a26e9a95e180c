"""Time to publish ONE document into a site of 1,000 and of 100,000 published documents.

    .venv/bin/python bench/publish_bench.py                     # 1,000 and 100,000 documents
    .venv/bin/python bench/publish_bench.py --sizes 1000 10000  # other sizes
    .venv/bin/python bench/publish_bench.py --rounds 9

For each size, in a fresh process with its own SQLite database and site directory: the demo
district, `size` published documents bulk-created over ten years, its units, list columns and
topics, one `zwgk publish --rebuild` (timed), then `rounds` times: one more document is
published (its row written, then the incremental path run exactly as the worker runs it after
the commit: `incremental.publish_changes([pk])`, timed as "pages"), followed by the refresh of
the catalogue spreadsheets it touched (`incremental.refresh_downloads`, timed on its own: the
worker runs it as a separate task, after the pages are out).

Prints the median of each and the ratio of the largest size to the smallest.
Goal (issue 3 §8): pages ≤ 1 s at 100,000 documents, not growing with the size of the site.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path


def child(size: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="zwgk-publish-bench-") as var_dir:
        import portal_site

        portal_site.start(Path(var_dir))
        from django.utils import timezone

        from zwgk.portal import incremental

        now = timezone.now()
        began = time.perf_counter()
        portal_site.add_documents(size, end=now)
        created = time.perf_counter() - began
        rebuild = portal_site.rebuild()
        files = sum(1 for p in portal_site.site_root().rglob("*") if p.is_file())
        pages, downloads, touched = [], [], []
        for n in range(rounds):
            [pk] = portal_site.add_documents(1, seed=1000 + n, end=now + timedelta(minutes=n + 1))
            began = time.perf_counter()
            plan = incremental.publish_changes([pk])
            pages.append(time.perf_counter() - began)
            touched.append(len(plan.pages))
            began = time.perf_counter()
            incremental.refresh_downloads(plan.downloads)
            downloads.append(time.perf_counter() - began)
        return {
            "size": size,
            "create_s": created,
            "rebuild_s": rebuild,
            "files": files,
            "pages_s": pages,
            "downloads_s": downloads,
            "pages_touched": touched,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.rounds)))
        return

    results = []
    for size in args.sizes:
        print(f"… {size:,} documents: creating, rebuilding, publishing", file=sys.stderr)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--rounds", str(args.rounds)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))

    print(
        f"{'documents':>10} {'rebuild':>10} {'files':>9} {'pages touched':>14} "
        f"{'publish one: pages (median)':>28} {'(max)':>8} {'downloads (median)':>19}"
    )
    for r in results:
        print(
            f"{r['size']:>10,} {r['rebuild_s']:>9.1f}s {r['files']:>9,} "
            f"{statistics.median(r['pages_touched']):>14.0f} "
            f"{statistics.median(r['pages_s']) * 1000:>26.0f}ms "
            f"{max(r['pages_s']) * 1000:>6.0f}ms "
            f"{statistics.median(r['downloads_s']) * 1000:>17.0f}ms"
        )
    small, large = results[0], results[-1]
    ratio = statistics.median(large["pages_s"]) / statistics.median(small["pages_s"])
    print(
        f"ratio pages {large['size']:,} / {small['size']:,}: {ratio:.2f}× "
        f"(goal: ≤ 1 s at 100,000 and not growing with the site)"
    )


if __name__ == "__main__":
    main()
