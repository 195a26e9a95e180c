"""Crash safety (issue 5 item 8; security.md §7.5, T23/T24): acknowledged writes survive kill -9.

    .venv/bin/python bench/crash_safety.py sqlite [--kills 50] [--seed S]
    scripts/with-postgres.sh .venv/bin/python bench/crash_safety.py postgres [--kills 20]

A writer process (this file, `writer` verb) creates users through zwgk.orgs.services.create_user
— each one a transaction with its audit row — and prints each username to its stdout pipe only
after the service has returned (the commit is done). That printed line is the acknowledgement.

sqlite: the writer is killed with SIGKILL at a random moment, N times. After every kill the
pipe is drained (lines written before the kill count as acknowledged), and the database is
checked: every acknowledged user present, `PRAGMA integrity_check` = ok. The database runs with
the project's settings (WAL, synchronous=FULL, IMMEDIATE transactions; config/settings/base.py).

postgres: run under scripts/with-postgres.sh. That throwaway server runs with fsync, full-page
writes and synchronous commit OFF (fast tests), which would make this test meaningless, so it is
first stopped and restarted on the same data directory and port with the durable defaults
(fsync, synchronous_commit, full_page_writes on; the cluster has data checksums). Then N times:
writer running, `pg_ctl stop -m immediate` at a random moment, writer killed, server restarted,
every acknowledged user checked. At the end `pg_amcheck --heapallindexed` on the database.

Both end with `zwgk audit verify` (the hash chain of the audit rows is unbroken) and print:
kills, acknowledged, lost (must be 0), integrity ok k/k. Exit status 0 only when nothing was lost
and every check held. Nothing leaves 127.0.0.1; every process started here is stopped by PID.

Negative control (`sqlite --control`): the writer acknowledges each user BEFORE its transaction
commits (and lingers 20 ms inside it), as a careless implementation would. The same checker must
then find lost records; the run exits 0 only if it does, proving the harness can fail.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


# --- writer -----------------------------------------------------------------------------------


def writer(prefix: str, *, early_ack: bool = False) -> None:
    django_setup()
    from django.db import transaction
    from django.utils import timezone

    from zwgk.orgs import services

    out = sys.stdout
    n = 0
    while True:
        name = f"{prefix}-{n}"
        if early_ack:  # the negative control: acknowledged before the commit
            with transaction.atomic():
                services.create_user(
                    by=None, at=timezone.now(), username=name, full_name="崩溃测试", password=None
                )
                out.write(name + "\n")
                out.flush()
                time.sleep(0.02)
        else:
            services.create_user(
                by=None, at=timezone.now(), username=name, full_name="崩溃测试", password=None
            )
            out.write(name + "\n")  # acknowledged: the transaction has committed
            out.flush()
        n += 1


# --- driver -----------------------------------------------------------------------------------


class Writer:
    def __init__(self, prefix: str, *, control: bool = False) -> None:
        args = [sys.executable, __file__, "writer", "--prefix", prefix]
        self.proc = subprocess.Popen(
            args + (["--control"] if control else []),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
        assert self.proc.stdout is not None
        self.stdout = self.proc.stdout
        self.acked: list[str] = []

    def wait_first(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.acked and time.monotonic() < deadline:
            ready, _, _ = select.select([self.stdout], [], [], 0.5)
            if ready:
                line = self.stdout.readline()
                if not line:
                    raise SystemExit("writer ended before its first acknowledgement")
                self.acked.append(line.decode().strip())
        if not self.acked:
            raise SystemExit("writer did not acknowledge anything within 60 s")

    def kill(self) -> list[str]:
        """SIGKILL the writer, then read every line it had written (all acknowledged)."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        rest = self.stdout.read().decode().split()
        self.stdout.close()
        return self.acked + rest


def present(names: list[str]) -> int:
    from django.db import connection

    from zwgk.orgs.models import User

    connection.close()
    found = 0
    for start in range(0, len(names), 500):
        found += User.objects.filter(username__in=names[start : start + 500]).count()
    connection.close()
    return found


def audit_verify() -> bool:
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    try:
        call_command("audit", "verify")
    except Exception as error:
        print(f"audit verify: {error}")
        return False
    finally:
        connection.close()
    return True


def migrate() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    connection.close()


def run_sqlite(kills: int, rng: random.Random, *, control: bool = False) -> bool:
    from django.conf import settings

    db = settings.DATABASES["default"]["NAME"]
    migrate()
    acked_total = lost_total = ok = 0
    for k in range(kills):
        w = Writer(f"s{k}", control=control)
        w.wait_first()
        time.sleep(rng.uniform(0.0, 0.6))
        acked = w.kill()
        found = present(acked)
        conn = sqlite3.connect(db)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            conn.close()
        ok += check == "ok"
        acked_total += len(acked)
        lost_total += len(acked) - found
        print(
            f"kill {k + 1:>3}/{kills}: acknowledged {len(acked):>4}, lost {len(acked) - found}, "
            f"integrity_check {check}, journal {mode}",
            flush=True,
        )
    chain = audit_verify()
    if control:
        print(
            f"negative control (acknowledged before commit): kills {kills}, acknowledged "
            f"{acked_total}, lost {lost_total} (must be > 0: the checker sees lost records)"
        )
        return lost_total > 0 and ok == kills
    print(
        f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=FULL): kills {kills}, "
        f"acknowledged {acked_total}, lost {lost_total}, integrity ok {ok}/{kills}, "
        f"audit chain {'ok' if chain else 'BROKEN'}"
    )
    return lost_total == 0 and ok == kills and chain


class Postgres:
    """The with-postgres.sh server, restarted on its data directory with durable settings."""

    def __init__(self) -> None:
        from zwgk.core.backup import Target, pg_tool

        self.target = Target.from_alias()
        self.pg_ctl = pg_tool("pg_ctl")
        self.amcheck_bin = pg_tool("pg_amcheck")
        with self.target.pg_connect() as conn:
            self.datadir = conn.execute("SHOW data_directory").fetchone()[0]
            self.checksums = conn.execute("SHOW data_checksums").fetchone()[0]
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.log = Path(tempfile.mkstemp(prefix="zwgk-crash-pg-", suffix=".log")[1])
        if self.as_pg:
            os.chown(self.log, *_postgres_ids())

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_pg, self.pg_ctl, *args, "-D", self.datadir],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop_immediate(self) -> None:
        self._ctl("stop", "-m", "immediate", "-w")

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.target.port} -c unix_socket_directories='' "
            "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
        )
        self._ctl("start", "-w", "-t", "120", "-l", str(self.log), "-o", options)

    def settings(self) -> dict[str, str]:
        with self.target.pg_connect() as conn:
            return {
                name: conn.execute(f"SHOW {name}").fetchone()[0]
                for name in ("fsync", "synchronous_commit", "full_page_writes", "data_checksums")
            }

    def amcheck(self) -> bool:
        done = subprocess.run(
            [self.amcheck_bin, "--heapallindexed", "--install-missing", "-d", self.target.name],
            env=self.target.pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print("pg_amcheck:", (done.stdout + done.stderr).strip()[-2000:])
        return done.returncode == 0


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def run_postgres(kills: int, rng: random.Random) -> bool:
    migrate()
    pg = Postgres()
    pg.stop_immediate()
    pg.start()
    durable = pg.settings()
    print(f"PostgreSQL restarted durable: {durable}", flush=True)
    if durable != {
        "fsync": "on",
        "synchronous_commit": "on",
        "full_page_writes": "on",
        "data_checksums": "on",
    }:
        print("the server is not running with durable settings; the test would prove nothing")
        return False
    acked_total = lost_total = 0
    for k in range(kills):
        w = Writer(f"p{k}")
        w.wait_first()
        time.sleep(rng.uniform(0.0, 0.6))
        pg.stop_immediate()
        acked = w.kill()
        pg.start()
        found = present(acked)
        acked_total += len(acked)
        lost_total += len(acked) - found
        print(
            f"crash {k + 1:>3}/{kills}: acknowledged {len(acked):>4}, lost {len(acked) - found}",
            flush=True,
        )
    amcheck = pg.amcheck()
    chain = audit_verify()
    pg.log.unlink(missing_ok=True)
    print(
        f"PostgreSQL (fsync, synchronous_commit, full_page_writes on; data checksums on): "
        f"crashes (pg_ctl stop -m immediate) {kills}, acknowledged {acked_total}, "
        f"lost {lost_total}, pg_amcheck {'ok' if amcheck else 'FAILED'}, "
        f"audit chain {'ok' if chain else 'BROKEN'}"
    )
    return lost_total == 0 and amcheck and chain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("verb", choices=["sqlite", "postgres", "writer"])
    parser.add_argument("--kills", type=int)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--prefix", default="w")
    parser.add_argument(
        "--control", action="store_true", help="negative control: acknowledge before commit"
    )
    args = parser.parse_args()
    if args.verb == "writer":
        writer(args.prefix, early_ack=args.control)
        return
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    os.environ.setdefault("ZWGK_DEMO", "1")
    if args.verb == "sqlite":
        if os.environ.get("DATABASE_URL"):
            raise SystemExit("sqlite: unset DATABASE_URL")
        tmp = tempfile.TemporaryDirectory(prefix="zwgk-crash-")
        os.environ["ZWGK_VAR_DIR"] = tmp.name
    else:
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise SystemExit("postgres: run under scripts/with-postgres.sh")
        tmp = tempfile.TemporaryDirectory(prefix="zwgk-crash-")
        os.environ.setdefault("ZWGK_VAR_DIR", tmp.name)
    django_setup()
    print(f"crash safety: {args.verb}, seed {seed}", flush=True)
    try:
        if args.verb == "sqlite":
            good = run_sqlite(args.kills or 50, rng, control=args.control)
        else:
            good = run_postgres(args.kills or 20, rng)
    finally:
        tmp.cleanup()
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
