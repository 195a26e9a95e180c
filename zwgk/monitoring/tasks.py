"""Background tasks of monitoring (django-tasks, database backend) and the periodic jobs that
enqueue them. Periodic jobs only enqueue (they run inside a transaction); the HTTP work runs in
the tasks, on whichever worker takes them. A crawl task does not name a run: it claims the next
free one (runner.claim_next_run, SKIP LOCKED), so any number of workers share the runs.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import runner


def _worker_id() -> str:
    from zwgk.core.management.commands.worker import default_worker_id

    return default_worker_id()


@task()
def crawl_next_runs() -> int:
    return runner.crawl_pending(worker=_worker_id())


@task()
def probe_sites() -> int:
    return runner.probe_sites(at=timezone.now())


def send_worker() -> None:
    """A crawl task, enqueued when the current transaction commits: whichever worker takes it
    claims the oldest free run (a queued run waits for one of these)."""
    transaction.on_commit(crawl_next_runs.enqueue)


MAX_CRAWL_TASKS = 20  # per tick; each task works through runs until none is free


def queue_crawls(at: datetime) -> int:
    """Periodic: queue the daily inspections, then one crawl task per run waiting to be taken
    — the new ones, a site's first check queued at registration, a run whose worker died."""
    queued = runner.queue_due_crawls(at=at)
    for _ in range(min(runner.runnable_count(at=at), MAX_CRAWL_TASKS)):
        send_worker()
    return queued


def queue_probes(at: datetime) -> str:
    """Periodic, hourly (24 probes a day ≥ the 20 of rules.md §4.2)."""
    transaction.on_commit(probe_sites.enqueue)
    return "queued"
