"""Load test runner (issue 5 item 10; security.md T22): gunicorn + PostgreSQL on 127.0.0.1, locust.

    scripts/with-postgres.sh .venv/bin/python bench/load/run.py [--seconds 300] [--users 50]

Steps: the throwaway PostgreSQL of with-postgres.sh is restarted with the durable defaults (fsync,
synchronous commit, full-page writes on — as bench/crash_safety.py does); the demo data is loaded
as `make run` does (migrate, collectstatic, demo, demo_site, publish --rebuild) into a temporary
ZWGK_VAR_DIR; a staff clerk is created through the services with a logged-in (and, when
django-otp is installed, OTP-verified) session; the public URLs are found by crawling the portal
from "/"; gunicorn (2 workers × 4 threads) starts on core 0 and locust (headless, --users,
spawn rate 5, 1–3 s think time, bench/load/locustfile.py) on core 1 for a bounded time. Then
gunicorn is stopped by its PID and the figures are printed: requests, 5xx, 429, p95 of reads,
staff lists and writes, acknowledged writes and those missing from the database (lost).
Exit status 0 only when 5xx = 0 and lost = 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STAFF_LISTS = ["/staff/", "/staff/requests/", "/staff/documents/", "/staff/requests/appeals/"]
HREF = re.compile(r'href="(/[^"#?]*)"')


def zwgk(*args: str) -> None:
    subprocess.run([str(BIN / "zwgk"), *args], check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def crawl(base: str, limit: int) -> list[str]:
    seen, queue, good = {"/"}, ["/"], []
    while queue and len(good) < limit:
        path = queue.pop(0)
        status, body = get(base + path)
        if status != 200:
            continue
        good.append(path)
        for href in HREF.findall(body):
            if href.startswith(("/staff", "/static", "/api", "/files", "/admin")) or href in seen:
                continue
            if href.endswith((".xml", ".pdf", ".docx", ".xlsx", ".zip")):
                continue
            seen.add(href)
            queue.append(href)
    return good


def prepare_staff() -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zwgk.orgs import services
    from zwgk.orgs.models import Role, Unit

    unit = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).order_by("path").first()
    assert unit is not None, "the demo has no department"
    user = services.create_user(
        by=None,
        at=timezone.now(),
        username="loadclerk",
        full_name="压测办事员",
        password=secrets.token_urlsafe(24) + "Aa1!",
    )
    services.add_membership(by=None, at=timezone.now(), user=user, unit=unit, role=Role.CLERK)
    # The staff middleware stamps the login time on user_logged_in once it is imported.
    import zwgk.workspace.middleware  # noqa: F401

    client = Client()
    client.force_login(user)
    session = client.session
    try:
        from django_otp.plugins.otp_totp.models import TOTPDevice
    except ImportError:
        pass
    else:
        device = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
        session["otp_device_id"] = device.persistent_id
    session.save()
    connection.close()
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "session": session.session_key,
        "unit": unit.pk,
    }


def form_data(unit: int) -> dict[str, str]:
    # A valid 18-character resident ID (GB 11643 check character) that identifies nobody.
    first17 = "50022419900307123"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]
    return {
        "unit": str(unit),
        "channel": "in_person",
        "received_at": time.strftime("%Y-%m-%dT%H:%M"),
        "applicant_type": "natural",
        "applicant_name": "压测申请人",
        "id_type": "resident_id",
        "id_number": first17 + check,
        "phone": "13800000000",
        "email": "load@example.com",
        "address": "重庆市铜梁区巴川街道1号",
        "description": "压力测试登记的申请。",
        "information_form": "electronic",
        "delivery_method": "email",
    }


def acknowledged_present(titles: list[str]) -> int:
    from django.db import connection

    from zwgk.disclosure_requests.models import DisclosureRequest

    connection.close()
    return DisclosureRequest.objects.filter(info_title__in=titles).count()


def p95(rows: dict[str, dict[str, str]], name: str) -> str:
    row = rows.get(name)
    return f"{row['95%']} ms" if row and row["Request Count"] != "0" else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description="zwgk load test (gunicorn + PostgreSQL)")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--pages", type=int, default=150, help="public URLs to crawl")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run under scripts/with-postgres.sh")
    work = Path(tempfile.mkdtemp(prefix="zwgk-load-"))
    os.environ.update(
        ZWGK_DEMO="1",
        ZWGK_VAR_DIR=str(work / "var"),
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    os.environ.pop("DEBUG", None)
    server: subprocess.Popen[bytes] | None = None
    try:
        import django

        django.setup()
        from crash_safety import Postgres

        pg = Postgres()
        pg.stop_immediate()
        pg.start()
        print(f"PostgreSQL durable: {pg.settings()}", flush=True)
        print("loading the demo data (migrate, demo, demo_site, publish) …", flush=True)
        zwgk("migrate", "--no-input", "-v", "0")
        zwgk("collectstatic", "--no-input", "-v", "0")
        zwgk("demo")
        zwgk("demo_site")
        zwgk("publish", "--rebuild")
        config = prepare_staff()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        taskset = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        server = subprocess.Popen(
            [
                *taskset,
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--threads=4",
                "--timeout=60",
                # Longer than the users' think time (1–3 s): with gunicorn's default of 2 s the
                # server closes idle keep-alive connections just as a user reuses one, and the
                # client sees ConnectionResetError (the one failure of the first run). Behind
                # nginx (deploy/) the proxy talks to gunicorn without keep-alive.
                "--keep-alive=10",
                "--no-control-socket",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=(work / "gunicorn.log").open("wb"),
        )
        for _ in range(120):
            try:
                if get(base + "/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer within 60 s")

        cookie = f"{config['cookie_name']}={config['session']}"
        staff = [url for url in STAFF_LISTS if get(base + url, cookie)[0] == 200]
        if not staff:
            raise SystemExit("the prepared staff session reaches no staff list")
        form = "/staff/requests/new/"
        if get(base + form, cookie)[0] != 200:
            raise SystemExit("the prepared staff session cannot open the registration form")
        reads = crawl(base, args.pages)
        print(f"{len(reads)} public URLs, staff lists {staff}", flush=True)
        config.update(
            reads=reads,
            staff=staff,
            form=form,
            form_data=form_data(config["unit"]),
            acks=str(work / "acks.txt"),
            counts=str(work / "counts.json"),
        )
        (work / "config.json").write_text(json.dumps(config, ensure_ascii=False))
        (work / "acks.txt").write_text("")

        client_taskset = ["taskset", "-c", "1"] if shutil.which("taskset") else []
        locust = [
            *client_taskset,
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "-u",
            str(args.users),
            "-r",
            "5",
            "-t",
            f"{args.seconds}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(work / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        print(f"locust: {args.users} users for {args.seconds} s …", flush=True)
        subprocess.run(
            locust,
            env=dict(os.environ, ZWGK_LOAD_CONFIG=str(work / "config.json")),
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    with (work / "locust_stats.csv").open(encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    counts = json.loads((work / "counts.json").read_text())
    acks = (work / "acks.txt").read_text().split()
    found = acknowledged_present(acks)
    total = rows["Aggregated"]
    lost = len(acks) - found
    print(
        f"requests {total['Request Count']}, failures {total['Failure Count']}, "
        f"5xx {counts['5xx']}, 429 {counts['429']}, "
        f"p95 read {p95(rows, 'read')}, staff list {p95(rows, 'staff list')}, "
        f"write {p95(rows, 'write')} (form page {p95(rows, 'write (form page)')}), "
        f"writes acknowledged {len(acks)}, lost {lost}, "
        f"throughput {float(total['Requests/s']):.1f} req/s"
    )
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if counts["5xx"] == 0 and lost == 0 and int(total["Failure Count"]) == 0 else 1)


if __name__ == "__main__":
    main()
