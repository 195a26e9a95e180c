"""Requests per second of published pages served by nginx, against a plain static file.

    .venv/bin/python bench/public_pages_bench.py                      # 5 s per run, 7 rounds
    .venv/bin/python bench/public_pages_bench.py --duration 10 --rounds 5 --connections 64

Builds a throw-away site (the demo district, 2,000 published documents, `zwgk publish
--rebuild`), then starts Debian's nginx on 127.0.0.1 with a temporary configuration (one
worker) and measures with wrk on loopback, in the same run and alternately:

- **document**: a document page, /xxgk/<unit>/content/<pk>.html, and
- **column**: a column's list, /xxgk/<unit>/fdzdgknr/<column>/ (nginx finds index.html),

each served as production serves the published site (deploy/nginx-zwgk-site.conf, included
as it is, with the security headers of deploy/nginx-zwgk-site-headers.conf), against

- **plain**: the very same bytes copied to a plain static file in a bare `location` (no
  `try_files`, no added headers) — what nginx does at best with a file of that size, and
- **plain+settings**: that plain file with the site's settings (the security headers every
  production response carries, the open-file cache) but none of its lookups, so that the ratio
  shows what finding the file costs on its own (the directory index of a column page).

Runs are shuffled within each round; nginx is pinned to CPU 0 and wrk to CPU 1 (`--no-pin` to
not). Prints requests/s (median of the rounds) and the median of the per-round ratios
page / baseline. Goal (issue 3 §8): ≥ 0.9× the plain file. nginx is started as a child process
and stopped by its PID.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import portal_site

REPO = Path(__file__).resolve().parents[1]
HEADERS_SNIPPET = REPO / "deploy" / "nginx-zwgk-site-headers.conf"

SITE_SNIPPET = REPO / "deploy" / "nginx-zwgk-site.conf"

CONFIG = """\
worker_processes 1;
daemon off;
pcre_jit on;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        server_tokens off;
        charset utf-8;
        root {site};

        # the baseline: a plain static file, nginx's defaults
        location = /plain/document.html {{ root {tmp}; }}
        location = /plain/column.html {{ root {tmp}; }}
        # the same file with the site's headers and file cache, none of its lookups
        location ^~ /plain-settings/ {{
            root {tmp};
            include {headers};
        }}

        # the published site, exactly as deploy/nginx.conf.example serves it
        location ~ /\\.(?!well-known/) {{ return 404; }}
{site_snippet}
        location @zwgk {{ return 502; }}
    }}
}}
"""


def site_snippet() -> str:
    text = SITE_SNIPPET.read_text(encoding="utf-8")
    text = text.replace("/etc/nginx/snippets/zwgk-site-headers.conf", str(HEADERS_SNIPPET))
    return "\n".join("        " + line if line else "" for line in text.splitlines())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start")


def wrk(url: str, duration: int, connections: int, threads: int, pin: bool) -> float:
    pinned = ["taskset", "-c", "1"] if pin else []
    out = subprocess.run(
        [*pinned, "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - a loopback URL we built
        return response.status, response.read(), dict(response.headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="do not pin nginx to CPU 0 and wrk to CPU 1 (taskset)",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("nginx") or not shutil.which("wrk"):
        sys.exit("needs Debian's nginx and wrk (apt-get install nginx wrk)")

    with tempfile.TemporaryDirectory(prefix="zwgk-pages-bench-") as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)  # nginx's worker runs as another user
        print(f"… building a site of {args.documents:,} documents", file=sys.stderr)
        portal_site.start(tmp / "var")
        portal_site.add_documents(args.documents)
        portal_site.rebuild()
        site = portal_site.site_root()
        for directory in (tmp / "var", site):
            directory.chmod(0o755)

        from zwgk.documents.models import Document, Status
        from zwgk.portal import urls_for
        from zwgk.portal.pages import column_url_by_slug

        newest = (
            Document.objects.filter(status=Status.PUBLISHED)
            .select_related("publishing_unit")
            .latest("published_at")
        )
        document_path = urls_for.document_url(newest)
        unit = newest.publishing_unit
        column_path = column_url_by_slug(unit, newest.column)
        for folder in ("plain", "plain-settings"):
            (tmp / folder).mkdir()
            (tmp / folder).chmod(0o755)
            shutil.copy(site / document_path.lstrip("/"), tmp / folder / "document.html")
            shutil.copy(site / column_path.lstrip("/") / "index.html", tmp / folder / "column.html")
            for name in ("document.html", "column.html"):
                (tmp / folder / name).chmod(0o644)

        port = free_port()
        config = tmp / "nginx.conf"
        config.write_text(
            CONFIG.format(
                tmp=tmp, port=port, site=site, headers=HEADERS_SNIPPET, site_snippet=site_snippet()
            ),
            encoding="utf-8",
        )
        pin_nginx = ["taskset", "-c", "0"] if args.pin else []
        nginx = subprocess.Popen([*pin_nginx, "nginx", "-c", str(config), "-p", str(tmp)])
        try:
            wait_for(port)
            base = f"http://127.0.0.1:{port}"
            targets = {
                "document": (document_path, "/plain/document.html"),
                "column": (column_path, "/plain/column.html"),
            }
            for name, (page, plain) in targets.items():
                headers_status, *_rest = fetch(base + plain.replace("/plain/", "/plain-settings/"))
                assert headers_status == 200
                status, body, headers = fetch(base + page)
                plain_status, plain_body, _plain_headers = fetch(base + plain)
                assert status == plain_status == 200, (name, status, plain_status)
                assert body == plain_body, f"{name}: the plain copy differs"
                assert "Content-Security-Policy" in headers, f"{name}: no security headers"
                print(f"{name:>8}: {page} ({len(body):,} bytes)", file=sys.stderr)
            results: dict[str, list[float]] = {}
            runs = [
                (label, path)
                for name, (page, plain) in targets.items()
                for label, path in (
                    (name, page),
                    (f"{name} plain", plain),
                    (f"{name} plain+settings", plain.replace("/plain/", "/plain-settings/")),
                )
            ]
            shuffle = random.Random(7)
            for round_number in range(args.rounds):
                print(f"… round {round_number + 1}/{args.rounds}", file=sys.stderr)
                shuffle.shuffle(runs)  # no kind of run always first or last in a round
                for label, path in runs:
                    rate = wrk(base + path, args.duration, args.connections, args.threads, args.pin)
                    results.setdefault(label, []).append(rate)
        finally:
            os.kill(nginx.pid, signal.SIGQUIT)  # graceful stop of the nginx we started
            nginx.wait(timeout=20)

    pinning = ", nginx on CPU 0, wrk on CPU 1" if args.pin else ""
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, nginx 1 worker{pinning}, "
        f"{args.rounds} rounds in shuffled order; req/s median of the rounds, ratio median of "
        "the per-round ratios"
    )
    for name in ("document", "column"):
        page = results[name]
        for baseline in ("plain", "plain+settings"):
            plain = results[f"{name} {baseline}"]
            ratios = [p / q for p, q in zip(page, plain, strict=True)]
            print(
                f"{name:>8}: published {statistics.median(page):>9,.0f} req/s   "
                f"{baseline:<13} {statistics.median(plain):>9,.0f} req/s   "
                f"ratio {statistics.median(ratios):.2f}×  "
                f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
            )
    print("goal: ≥ 0.90× the plain static file")


if __name__ == "__main__":
    main()
