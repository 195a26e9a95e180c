"""Periodic jobs (publish scheduled documents, expire 规范性文件, monitoring probes …).

Apps register a job in their AppConfig.ready(): `periodic.register("documents.publish_scheduled",
every=timedelta(minutes=1), fn=...)`. Every `zwgk worker` runs a small scheduler loop; a job's
row is claimed with a compare-and-swap UPDATE that must touch exactly one row, so with several
workers on several machines each due run happens once. `zwgk periodic run` does one round (cron).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from .models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    fn: Callable[[datetime], Any]


_jobs: dict[str, Job] = {}


def register(name: str, *, every: timedelta, fn: Callable[[datetime], Any]) -> None:
    _jobs[name] = Job(name, every, fn)


def registered() -> dict[str, Job]:
    return dict(_jobs)


def _claim(job: Job, at: datetime) -> bool:
    run, _ = PeriodicRun.objects.get_or_create(name=job.name, defaults={"next_run_at": at})
    claimed = PeriodicRun.objects.filter(pk=run.pk, next_run_at__lte=at).update(
        next_run_at=at + job.every, last_started_at=at
    )
    return claimed == 1


def run_due(*, at: datetime) -> dict[str, str]:
    """Run every job whose time has come; returns {name: outcome}. A failing job is logged and
    recorded, and does not stop the others."""
    outcomes: dict[str, str] = {}
    for job in sorted(_jobs.values(), key=lambda j: j.name):
        if not _claim(job, at):
            continue
        try:
            with transaction.atomic():
                result = job.fn(at)
            outcome = f"ok: {result}"
        except Exception as error:
            logger.exception("periodic job %s failed", job.name)
            outcome = f"failed: {type(error).__name__}"
        PeriodicRun.objects.filter(name=job.name).update(last_outcome=outcome[:200])
        outcomes[job.name] = outcome
    return outcomes
