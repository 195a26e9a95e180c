"""`zwgk periodic run`: one round of due periodic jobs (the worker does this by itself; this is
for cron or a manual check). `zwgk periodic list` shows the jobs and when they are next due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zwgk.core import periodic
from zwgk.core.models import PeriodicRun


class Command(BaseCommand):
    help = "Run or list the periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run", "list"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "run":
            for name, outcome in periodic.run_due(at=timezone.now()).items():
                self.stdout.write(f"{name}: {outcome}")
            return
        runs = {r.name: r for r in PeriodicRun.objects.all()}
        for name, job in sorted(periodic.registered().items()):
            run = runs.get(name)
            due = timezone.localtime(run.next_run_at).strftime("%Y-%m-%d %H:%M") if run else "—"
            last = run.last_outcome if run else ""
            self.stdout.write(f"{name}\t每 {job.every}\t下次 {due}\t{last}")
