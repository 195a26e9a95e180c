"""`zwgk worker`: the background worker, django_tasks_db's `db_worker` with zwgk's defaults.

Tasks enqueued by services (mail, crawls, recomputed deadlines …) are stored in the database and
run here. Defaults: every queue, a poll interval of 2 seconds, no autoreload, a worker id made of
the host name and the process id (unique across a pool on several hosts). SIGINT/SIGTERM let the
current task finish; a second one aborts it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zwgk.core import periodic

logger = logging.getLogger(__name__)


def _interval(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 3600:
        raise ValueError(value)
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def default_worker_id() -> str:
    """host-pid, at most 64 characters (the limit of db_worker's worker ids)."""
    suffix = f"-{os.getpid()}"
    return socket.gethostname()[: 64 - len(suffix)] + suffix


def require_migrated_database() -> None:
    """Refuse to start against a database that lacks migrations, with a message that says so
    (instead of a traceback from the first query)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        with translation.override(settings.LANGUAGE_CODE):
            raise CommandError(
                _("The database is not migrated yet. Run `zwgk migrate` first (make run does).")
            )


def start_scheduler(period: float = 30.0) -> threading.Thread:
    """Run due periodic jobs every `period` seconds in a daemon thread. Each job's round is
    claimed in the database, so several workers never run the same round twice."""

    def loop() -> None:
        while True:
            try:
                periodic.run_due(at=timezone.now())
            except Exception:  # the scheduler must survive a database hiccup
                logger.exception("periodic scheduler round failed")
            finally:
                close_old_connections()
            time.sleep(period)

    thread = threading.Thread(target=loop, name="zwgk-scheduler", daemon=True)
    thread.start()
    return thread


class Command(BaseCommand):
    help = "Run the background worker that executes queued tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            default="*",
            help="Queues to process, comma-separated; '*' for all (default).",
        )
        parser.add_argument(
            "--interval",
            type=_interval,
            default=2.0,
            help="Seconds to wait when the queue is empty (default: 2).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every task that is due, then exit (for cron jobs and checks).",
        )
        parser.add_argument(
            "--max-tasks",
            type=_positive,
            default=None,
            help="Exit after this many tasks (a supervisor then starts a fresh process).",
        )
        parser.add_argument("--worker-id", default=None, help="Default: <host>-<pid>.")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the periodic jobs from this worker (see `zwgk periodic`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        if not options["no_scheduler"] and not options["batch"]:
            start_scheduler()
        call_command(
            "db_worker",
            queue_name=options["queue"],
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or default_worker_id(),
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
        )
