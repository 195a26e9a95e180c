"""The crawl frontier in the application database (FrontierEntry rows of one CrawlRun).

Implements zwgk.monitoring.crawler.frontier.Frontier. The crawler runs it in one thread of its
own (`run_in_thread`), off the event loop. A batch of completed pages, their new links, their
findings and the page-change history are written in one transaction, so a worker that dies
loses at most the batch it had not committed, and a resumed run repeats nothing that was
recorded.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F
from django.utils.dateparse import parse_datetime

from .crawler.frontier import Completion, Entry, Link, url_key
from .models import CrawlRun, Finding, FrontierEntry, PageVersion

MAX_VERSION_TEXT = 50_000


def _diff_summary(before: str, after: str) -> dict[str, Any]:
    added = removed = 0
    first = ""
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("+++", "---", "@@")):
            continue
        if line.startswith("+"):
            added += 1
            first = first or line
        elif line.startswith("-"):
            removed += 1
            first = first or line
    return {"lines_added": added, "lines_removed": removed, "excerpt": first[:120]}


class LeaseLostError(Exception):
    """Another worker took the run over (this worker's lease expired): stop writing."""


class DbFrontier:
    run_in_thread = True

    def __init__(
        self,
        run: CrawlRun,
        *,
        worker: str = "",
        clock: Callable[[], datetime] | None = None,
        lease: timedelta = timedelta(minutes=10),
    ) -> None:
        self.run = run
        self.website_id = run.website_id
        self.worker = worker
        self.clock = clock
        self.lease = lease

    def _renew(self) -> None:
        """Each committed batch extends the worker's lease on the run, in the same
        transaction; if the lease was lost the batch is not written."""
        if not self.worker or self.clock is None:
            return
        renewed = CrawlRun.objects.filter(
            pk=self.run.pk, claimed_by=self.worker, status=CrawlRun.Status.RUNNING
        ).update(claimed_until=self.clock() + self.lease)
        if renewed != 1:
            raise LeaseLostError(self.run.pk)

    def close(self) -> None:
        connection.close()

    def _insert(self, links: Iterable[Link]) -> None:
        rows = {}
        for link in links:
            key = url_key(link.url)
            if key not in rows or link.from_home:
                rows[key] = link
        if not rows:
            return
        existing = dict(
            FrontierEntry.objects.filter(run=self.run, url_hash__in=list(rows)).values_list(
                "url_hash", "pk"
            )
        )
        FrontierEntry.objects.bulk_create(
            [
                FrontierEntry(
                    run=self.run,
                    url=link.url[:1000],
                    url_hash=key,
                    depth=link.depth,
                    referrer=link.referrer[:1000],
                    from_home=link.from_home,
                    external=link.external,
                )
                for key, link in rows.items()
                if key not in existing
            ],
            ignore_conflicts=True,
        )
        home_keys = [k for k, link in rows.items() if k in existing and link.from_home]
        if home_keys:
            FrontierEntry.objects.filter(run=self.run, url_hash__in=home_keys).update(
                from_home=True
            )

    def add(self, links: Iterable[Link]) -> None:
        with transaction.atomic():
            self._insert(links)

    def claim(self, limit: int) -> list[Entry]:
        with transaction.atomic():
            rows = list(
                FrontierEntry.objects.select_for_update(skip_locked=True)
                .filter(run=self.run, state=FrontierEntry.State.PENDING)
                .order_by("depth", "pk")[:limit]
            )
            FrontierEntry.objects.filter(pk__in=[r.pk for r in rows]).update(
                state=FrontierEntry.State.CLAIMED
            )
        return [Entry(r.pk, r.url, r.depth, r.referrer, r.from_home, r.external) for r in rows]

    def complete(self, completions: list[Completion]) -> None:
        at = parse_datetime(self.get_meta("started") or "")
        with transaction.atomic():
            self._renew()
            findings: list[Finding] = []
            for c in completions:
                if c.links:
                    self._insert(c.links)
                findings += [self._finding(f) for f in c.findings]
                if c.content_hash and at is not None:
                    change = self._version(c, at)
                    if change is not None:
                        findings.append(change)
            Finding.objects.bulk_create(findings)
            done = 0  # entries newly done (counted, not recounted: a run may hold 50,000)
            for c in completions:
                done += (
                    FrontierEntry.objects.filter(pk=c.entry_id)
                    .exclude(state=FrontierEntry.State.DONE)
                    .update(state=FrontierEntry.State.DONE, status=c.status)
                )
            CrawlRun.objects.filter(pk=self.run.pk).update(pages=F("pages") + done)

    def _finding(self, data: dict[str, Any]) -> Finding:
        return Finding(
            website_id=self.website_id,
            run=self.run,
            check_code=data["check"],
            severity=data["severity"],
            url=data["url"][:1000],
            evidence=data["evidence"],
            found_at=parse_datetime(data["evidence"]["time"]),
        )

    def _version(self, c: Completion, at: Any) -> Finding | None:
        """Keep the page's text when its content changed; a change is a finding with a diff
        summary (the full diff is shown from the two versions)."""
        key = url_key(c.url)
        last = (
            PageVersion.objects.filter(website_id=self.website_id, url_hash=key)
            .order_by("-fetched_at", "-pk")
            .first()
        )
        if last is not None and last.content_hash == c.content_hash:
            return None
        text = c.text[:MAX_VERSION_TEXT]
        PageVersion.objects.create(
            website_id=self.website_id,
            url=c.url[:1000],
            url_hash=key,
            content_hash=c.content_hash,
            text=text,
            fetched_at=at,
        )
        if last is None or last.text == text:
            return None
        summary = _diff_summary(last.text, text)
        return Finding(
            website_id=self.website_id,
            run=self.run,
            check_code="page_changed",
            severity=Finding.Severity.INFO,
            url=c.url[:1000],
            evidence={
                "time": at.isoformat(timespec="seconds"),
                "url": c.url,
                "status": c.status,
                "content_hash": c.content_hash,
                "previous_hash": last.content_hash,
                **summary,
            },
            found_at=at,
        )

    def release_claims(self) -> int:
        return FrontierEntry.objects.filter(run=self.run, state=FrontierEntry.State.CLAIMED).update(
            state=FrontierEntry.State.PENDING
        )

    def counts(self) -> dict[str, int]:
        rows = dict(
            FrontierEntry.objects.filter(run=self.run)
            .values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        return {
            "pending": rows.get(FrontierEntry.State.PENDING, 0),
            "claimed": rows.get(FrontierEntry.State.CLAIMED, 0),
            "done": rows.get(FrontierEntry.State.DONE, 0),
        }

    def findings(self) -> Iterator[dict[str, Any]]:
        for f in Finding.objects.filter(run=self.run).order_by("pk").iterator():
            yield {
                "check": f.check_code,
                "severity": f.severity,
                "url": f.url,
                "evidence": f.evidence,
            }

    def get_meta(self, key: str) -> Any:
        summary = CrawlRun.objects.values_list("summary", flat=True).get(pk=self.run.pk)
        return (summary or {}).get(key)

    def set_meta(self, key: str, value: Any) -> None:
        with transaction.atomic():
            run = CrawlRun.objects.select_for_update().get(pk=self.run.pk)
            run.summary = {**(run.summary or {}), key: value}
            run.save(update_fields=["summary"])
