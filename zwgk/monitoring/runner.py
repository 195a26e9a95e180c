"""Running inspections on the background workers, and turning their findings into scorecards,
work orders and alerts.

Several workers on several machines share the crawl runs: `claim_next_run` takes the oldest
queued run (or a running one whose lease expired: its worker died) with
SELECT … FOR UPDATE SKIP LOCKED, so two workers never take the same run; the run's frontier is
in the database (dbfrontier.py), so the next worker resumes where the dead one stopped. The
lease is renewed while the crawl progresses.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zwgk.core.workdays import months_before

from . import services
from .crawler import ParsePool, SiteConfig, crawl_site, default_parse_processes
from .crawler.checks import CHECKS, ColumnSpec, availability_veto, finding, indicator_counts
from .crawler.fetch import TIMEOUT_SECONDS, Fetcher
from .dbfrontier import DbFrontier, LeaseLostError
from .models import Alert, Column, CrawlRun, Finding, Probe, Website

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
CRAWL_EVERY = timedelta(days=1)
# Days a unit gets to fix a finding: district practice, not a statutory figure (rules.md has
# none); the district office may change it here.
RECTIFICATION_WORKDAYS = 5


# --- queueing and claiming ------------------------------------------------------------------


def queue_crawl(
    *, at: datetime, website: Website, max_depth: int = 3, max_pages: int = 2000
) -> CrawlRun:
    """Queue an inspection unless one is already queued or running for the site."""
    live = website.runs.filter(status__in=[CrawlRun.Status.QUEUED, CrawlRun.Status.RUNNING]).first()
    if live is not None:
        return live
    return CrawlRun.objects.create(
        website=website, max_depth=max_depth, max_pages=max_pages, queued_at=at
    )


def queue_due_crawls(*, at: datetime) -> int:
    """Periodic: a daily inspection of every monitored site."""
    queued = 0
    for website in Website.objects.filter(is_active=True):
        last = website.runs.order_by("-queued_at").first()
        if last is None or (
            last.status not in (CrawlRun.Status.QUEUED, CrawlRun.Status.RUNNING)
            and last.queued_at <= at - CRAWL_EVERY
        ):
            queue_crawl(at=at, website=website)
            queued += 1
    return queued


def claim_next_run(*, worker: str, at: datetime, lease: timedelta = LEASE) -> CrawlRun | None:
    """Take the oldest runnable run for `worker`; None when there is none free."""
    with transaction.atomic():
        run = (
            CrawlRun.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=CrawlRun.Status.QUEUED)
                | Q(status=CrawlRun.Status.RUNNING, claimed_until__lt=at)
            )
            .order_by("queued_at", "pk")
            .first()
        )
        if run is None:
            return None
        run.status = CrawlRun.Status.RUNNING
        run.claimed_by = worker[:100]
        run.claimed_until = at + lease
        run.started_at = run.started_at or at
        run.save(update_fields=["status", "claimed_by", "claimed_until", "started_at"])
        return run


def runnable_count(*, at: datetime) -> int:
    """Runs a worker could claim now: queued, or running under an expired lease."""
    return CrawlRun.objects.filter(
        Q(status=CrawlRun.Status.QUEUED) | Q(status=CrawlRun.Status.RUNNING, claimed_until__lt=at)
    ).count()


def renew_lease(run: CrawlRun, *, worker: str, at: datetime, lease: timedelta = LEASE) -> bool:
    """Extend the claim; False when another worker took the run over (this one must stop)."""
    return (
        CrawlRun.objects.filter(
            pk=run.pk, claimed_by=worker, status=CrawlRun.Status.RUNNING
        ).update(claimed_until=at + lease)
        == 1
    )


# --- one run ----------------------------------------------------------------------------------


def site_config(website: Website, *, now: datetime, max_depth: int, max_pages: int) -> SiteConfig:
    from zwgk.contentcheck.selectors import get_checker

    columns = [
        ColumnSpec(c.name, c.url, c.kind)
        for c in website.columns.filter(status=Column.Status.CONFIRMED)
    ]
    return SiteConfig(
        home_url=website.home_url,
        now=timezone.localtime(now),  # dates on pages are local (Asia/Shanghai) dates
        name=website.name,
        columns=columns,
        propose_columns=True,
        is_district_run=website.is_district_run,
        max_depth=max_depth,
        max_pages=max_pages,
        text_checker=get_checker().check,
    )


def execute_run(
    run: CrawlRun,
    *,
    worker: str,
    clock: Callable[[], datetime] = timezone.now,
    crawl_options: dict[str, Any] | None = None,
) -> CrawlRun:
    """Crawl (or resume) `run` to its end, then evaluate the site. Stops early, leaving the run
    resumable, if the lease is lost."""
    website = run.website
    started = run.summary.get("started") if run.summary else None
    now = datetime.fromisoformat(started) if started else clock()
    config = site_config(website, now=now, max_depth=run.max_depth, max_pages=run.max_pages)
    try:
        asyncio.run(
            crawl_site(config, DbFrontier(run, worker=worker, clock=clock), **(crawl_options or {}))
        )
    except LeaseLostError:
        run.refresh_from_db()
        if run.status == CrawlRun.Status.STOPPED:
            logger.info("crawl run %s: stopped by a user after %s pages", run.pk, run.pages)
        else:
            logger.warning("crawl run %s: lease lost to another worker", run.pk)
        return run
    if not renew_lease(run, worker=worker, at=clock()):
        return run
    # The crawl ends when the frontier is empty or the page budget is spent.
    finish_run(run, at=clock())
    return run


def finish_run(run: CrawlRun, *, at: datetime) -> None:
    with transaction.atomic():
        CrawlRun.objects.filter(pk=run.pk).update(
            status=CrawlRun.Status.DONE, finished_at=at, claimed_until=None
        )
        run.refresh_from_db()
        evaluate_site(run.website, run=run, at=at)


def parse_processes() -> int:
    """ZWGK_MONITOR_PARSE_PROCESSES, or one where the machine has a core to spare."""
    configured = getattr(settings, "ZWGK_MONITOR_PARSE_PROCESSES", None)
    return default_parse_processes() if configured is None else max(int(configured), 0)


def _parse_pool(pool: ParsePool | None, text_checker: Callable[[str], Any]) -> ParsePool | None:
    """The pool for the next run: the current one while it holds the current checker (the
    dictionaries have not changed), else a new one."""
    if pool is not None and pool.text_checker == text_checker:
        return pool
    if pool is not None:
        pool.close()
    processes = parse_processes()
    return ParsePool(processes, text_checker) if processes else None


def crawl_pending(
    *, worker: str, clock: Callable[[], datetime] = timezone.now, limit: int = 100
) -> int:
    """Work through queued runs until none is free; returns how many were finished. The runs
    share one parsing pool (its processes start once, not once per site)."""
    from zwgk.contentcheck.selectors import get_checker

    finished = 0
    pool: ParsePool | None = None
    try:
        for _ in range(limit):
            run = claim_next_run(worker=worker, at=clock())
            if run is None:
                break
            pool = _parse_pool(pool, get_checker().check)
            try:
                execute_run(run, worker=worker, clock=clock, crawl_options={"parse_pool": pool})
            except Exception:
                logger.exception("crawl run %s failed", run.pk)
                CrawlRun.objects.filter(pk=run.pk, claimed_by=worker).update(
                    status=CrawlRun.Status.FAILED, finished_at=clock()
                )
                continue
            finished += 1
    finally:
        if pool is not None:
            pool.close()
    return finished


# --- evaluation: findings → scorecard, work orders, alerts -----------------------------------


def _due(at: datetime):  # type: ignore[no-untyped-def]
    from zwgk.core.selectors import get_workday_calendar

    today = timezone.localdate(at)
    try:
        return get_workday_calendar().add_workdays(today, RECTIFICATION_WORKDAYS)
    except Exception:  # a year the calendar does not hold yet: calendar days
        return today + timedelta(days=RECTIFICATION_WORKDAYS + 2)


def probe_findings(website: Website, *, at: datetime) -> list[dict[str, Any]]:
    probes = [
        (p.at, p.ok, p.elapsed_ms / 1000)
        for p in website.probes.filter(at__gte=at - timedelta(days=7), at__lte=at)
    ]
    veto = availability_veto(probes, now=at)
    if veto is None:
        return []
    return [
        {
            "check": "availability_veto",
            "severity": CHECKS["availability_veto"][0],
            "url": website.home_url,
            "evidence": {"time": at.isoformat(timespec="seconds"), "url": website.home_url, **veto},
        }
    ]


UNANSWERED_MONTHS = 3  # rules.md §4.2 互动回应差 item 2: "超过3个月未回应有效留言"


def unanswered_findings(website: Website, *, at: datetime) -> list[dict[str, Any]]:
    """Messages left on the site (recorded in the mailbox under the site's channel,
    "monitoring.site:<pk>") more than 3 months ago and still unanswered: the veto of
    互动回应差 item 2, which a crawl cannot see."""
    from zwgk.mailbox.selectors import unanswered_messages_by_channel

    before = months_before(timezone.localdate(at), UNANSWERED_MONTHS)
    count = unanswered_messages_by_channel(before=before).get(website.subject, 0)
    if not count:
        return []
    return [
        finding(
            "interaction_unanswered",
            None,
            at,
            url=website.home_url,
            excerpt=f"{count} 条留言超过{UNANSWERED_MONTHS}个月未回应",
            count=count,
            left_before=before.isoformat(),
        )
    ]


def evaluate_site(website: Website, *, run: CrawlRun | None, at: datetime) -> dict[str, Any]:
    """After a finished run: propose columns, record the scorecard, open or close work orders
    and raise alerts. Idempotent for one run."""
    findings: list[dict[str, Any]] = []
    if run is not None:
        findings = [
            {"check": f.check_code, "severity": f.severity, "url": f.url, "evidence": f.evidence}
            for f in run.findings.all()
        ]
        proposed = (run.summary or {}).get("columns") or []
        if proposed and not website.columns.filter(status=Column.Status.CONFIRMED).exists():
            services.propose_columns(
                at=at, website=website, candidates=[(n, u) for n, u, _ in proposed]
            )
    findings += probe_findings(website, at=at)
    unanswered = unanswered_findings(website, at=at)
    findings += unanswered
    if run is not None:  # shown with the run's own findings (once per run)
        for f in unanswered:
            Finding.objects.get_or_create(
                website=website,
                run=run,
                check_code=f["check"],
                defaults={
                    "severity": f["severity"],
                    "url": f["url"],
                    "evidence": f["evidence"],
                    "found_at": at,
                },
            )
    counts = indicator_counts(findings)
    card = services.record_scorecard(
        at=at, subject=website.subject, unit=website.unit, findings=counts
    )
    table = card.data
    fired = set(table.get("vetoes", [])) | {
        line["code"]
        for line in table.get("lines", [])
        if line["fired"] and line["kind"] == "deduction"
    }
    due = _due(at)
    labels = {line["code"]: line["label"] for line in table.get("lines", [])}
    for code in sorted(fired):
        evidence = counts.get(code, [])
        services.open_rectification(
            by=None,
            at=at,
            unit=website.unit,
            subject=website.subject,
            indicator=code,
            title=f"{website.name}：{labels.get(code, code)}"[:200],
            evidence={"count": len(evidence), "items": evidence[:20]},
            due=due,
        )
    checked = {line["code"] for line in table.get("lines", [])} | _site_indicators()
    services.recheck_rectifications(at=at, subject=website.subject, failing=fired, checked=checked)
    day = timezone.localdate(at).isoformat()
    for code in table.get("vetoes", []):
        services.raise_alert(
            at=at,
            unit=website.unit,
            subject=website.subject,
            indicator=code,
            level=Alert.Level.VETO,
            message=f"{website.name}触发单项否决：{labels.get(code, code)}",
            key=f"{website.subject}:{code}:{day}",
        )
    for f in findings:
        if f["check"] == "home_update_due":
            services.raise_alert(
                at=at,
                unit=website.unit,
                subject=website.subject,
                indicator="site.veto.home_not_updated",
                level=Alert.Level.WARNING,
                message=f"{website.name}首页已{f['evidence'].get('days')}天未更新，满2周将单项否决",
                key=f"{website.subject}:home_update_due:{f['evidence'].get('newest_date')}",
            )
    return {"verdict": card.verdict, "total": str(card.total), "fired": sorted(fired)}


def _site_indicators() -> set[str]:
    from .selectors import get_scoring_table

    return {i.code for i in get_scoring_table().indicators if i.applies_to == "site"}


# --- availability probes ---------------------------------------------------------------------


async def _probe_all(urls: list[str], timeout: float) -> list[tuple[bool, int | None, float, str]]:
    async with Fetcher(timeout=timeout) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(u, read_body=False) for u in urls))
    return [(r.ok, r.status, r.elapsed, r.error) for r in results]


def probe_sites(*, at: datetime, timeout: float = TIMEOUT_SECONDS) -> int:
    """Periodic (hourly: ≥ 20 probes a day, rules.md §4.2): one request to each monitored
    home page, kept as a Probe. A veto over the week is raised at once."""
    websites = list(Website.objects.filter(is_active=True))
    if not websites:
        return 0
    outcomes = asyncio.run(_probe_all([w.home_url for w in websites], timeout))
    for website, (ok, status, elapsed, error) in zip(websites, outcomes, strict=True):
        Probe.objects.create(
            website=website,
            at=at,
            ok=ok and elapsed < timeout,
            status=status,
            elapsed_ms=int(elapsed * 1000),
            error=error[:200],
        )
        veto = probe_findings(website, at=at)
        if veto:
            Finding.objects.create(
                website=website,
                check_code="availability_veto",
                severity=Finding.Severity.VETO,
                url=website.home_url,
                evidence=veto[0]["evidence"],
                found_at=at,
            )
            services.raise_alert(
                at=at,
                unit=website.unit,
                subject=website.subject,
                indicator="site.veto.unreachable",
                level=Alert.Level.VETO,
                message=f"{website.name}一周内无法访问次数占比达到5%，触发单项否决",
                key=f"{website.subject}:site.veto.unreachable:{timezone.localdate(at)}",
            )
    return len(websites)
