"""The SQLite version policy (issue 5 item 8; security.md §7.5): the deploy check `core.W201`.

SQLite 3.7.0–3.51.2 has the "WAL-reset" data race that can corrupt the database or lose
committed writes when two or more connections use one database in WAL mode and a checkpoint
lands at the wrong moment; fixed in 3.51.3 (backported to 3.44.6 and 3.50.7) and in 3.53.0.
Debian 12's Python links 3.40.1. zwgk runs SQLite in WAL mode with several writer processes
(`zwgk serve`: gunicorn workers plus the task worker), so on an affected SQLite a deployment
must use PostgreSQL. `zwgk check --deploy` warns (and `--fail-level WARNING` fails) when the
configured database is SQLite and the library is affected; the demo (`make run`) is not a
deployment and runs on SQLite with that risk stated in docs/security.md. An operator who runs
exactly one process with one connection may silence core.W201 in SILENCED_SYSTEM_CHECKS, with the
reason written down (security.md T01).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.core import checks
from django.db import connections

FIXED = ((3, 44, 6), (3, 50, 7), (3, 51, 3), (3, 53, 0))


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3])


def wal_reset_affected(version: tuple[int, ...]) -> bool:
    """Whether this SQLite version has the WAL-reset bug (3.7.0 up to the fixes in FIXED)."""
    if version < (3, 7, 0) or version >= (3, 53, 0):
        return False
    # A fix applies within its own minor series (3.44.x ≥ 3.44.6, 3.50.x ≥ 3.50.7, 3.51.x ≥ 3.51.3).
    return not any(version[:2] == fix[:2] and version >= fix for fix in FIXED)


def check_sqlite_version(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if connections["default"].vendor != "sqlite":
        return []
    version = sqlite3.sqlite_version
    if not wal_reset_affected(version_tuple(version)):
        return []
    return [
        checks.Warning(
            f"SQLite {version} has the WAL-reset bug (3.7.0–3.51.2, fixed in 3.44.6, 3.50.7, "
            "3.51.3 and 3.53.0): with several writer processes in WAL mode it can lose "
            "committed writes or corrupt the database.",
            hint="Run production on PostgreSQL (DATABASE_URL=postgres://…). Silence core.W201 "
            "only for a single process with a single database connection, and record why.",
            id="core.W201",
        )
    ]
