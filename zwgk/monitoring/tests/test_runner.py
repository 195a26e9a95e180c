"""Inspections on the workers: the database frontier, claims by several workers, evaluation
into scorecards, work orders and alerts; the page-change history; the monitor command."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from zwgk.core.errors import TransitionError
from zwgk.core.models import AuditEvent
from zwgk.monitoring import runner, services
from zwgk.monitoring.crawler import crawl_site
from zwgk.monitoring.dbfrontier import DbFrontier
from zwgk.monitoring.models import (
    Alert,
    Column,
    CrawlRun,
    Finding,
    FrontierEntry,
    PageVersion,
    Probe,
    Rectification,
    Scorecard,
)
from zwgk.supervision import problems

from .sitegen import ColumnDef, SiteSpec, serve_in_thread

pytestmark = pytest.mark.django_db(transaction=True)

BLANK = tuple(ColumnDef(f"工作动态{k}", f"n{k}", None) for k in range(5))
FILLED = tuple(ColumnDef(f"工作动态{k}", f"n{k}", 1) for k in range(5))


def _website(district, supervisor, url, name="区教委网站"):
    return services.register_website(
        by=supervisor, at=timezone.now(), unit=district.unit_a, name=name, home_url=url
    )


def test_worker_run_scores_opens_work_orders_alerts_and_rechecks(district, supervisor, officer_a):
    officer_a.email = "jw@example.gov.cn"
    officer_a.save()
    today = timezone.localdate()
    spec = SiteSpec(today=today, articles=10, columns=BLANK, dead_links_home=1)
    with serve_in_thread(spec) as url:
        website = _website(district, supervisor, url)
        run = runner.queue_crawl(at=timezone.now(), website=website)
        assert runner.crawl_pending(worker="w1") == 1
    run.refresh_from_db()
    assert run.status == CrawlRun.Status.DONE and run.pages == 1 + 5 + 10 + 1 + 1
    checks = sorted((f.check_code, urlsplit(f.url).path) for f in Finding.objects.filter(run=run))
    assert checks == [
        *[("column_blank", f"/col/n{k}/") for k in range(5)],
        ("dead_link_home", "/missing/home-0.html"),
    ]
    # the crawl proposed the navigation's columns for an officer to confirm
    assert set(website.columns.values_list("name", "status")) == {
        (f"工作动态{k}", Column.Status.PROPOSED) for k in range(5)
    }
    card = Scorecard.objects.get(subject=website.subject)
    assert card.verdict == "failed_veto" and card.data["vetoes"] == ["site.veto.blank_columns"]
    orders = dict(
        Rectification.objects.filter(subject=website.subject).values_list("indicator", "status")
    )
    assert orders == {"site.veto.blank_columns": "open"}  # nothing else is scored after a veto
    alert = Alert.objects.get(level=Alert.Level.VETO)
    assert alert.indicator == "site.veto.blank_columns" and alert.emailed == 1
    assert mail.outbox and "jw@example.gov.cn" in mail.outbox[0].to
    found = problems.collect(today, today, [district.unit_a.pk], names=["monitoring.veto"])
    assert [(p.source, p.severity, p.reference) for p in found] == [
        ("monitoring.veto", "veto", website.subject)
    ]

    # The unit fills its columns and answers; the next inspection closes the work order and
    # records the home page's change.
    order = Rectification.objects.get(subject=website.subject)
    services.answer_rectification(
        by=officer_a, at=timezone.now(), rectification=order, answer="已补充栏目内容"
    )
    spec = SiteSpec(today=today, articles=10, columns=FILLED, home_age_days=2)
    with serve_in_thread(spec, port=urlsplit(url).port):
        runner.queue_crawl(at=timezone.now(), website=website)
        assert runner.crawl_pending(worker="w1") == 1
    order.refresh_from_db()
    assert order.status == Rectification.Status.CLOSED and order.closed_how == "recheck"
    second = website.runs.order_by("-pk").first()
    changed = second.findings.filter(check_code="page_changed")
    assert urlsplit(changed.get(url=url).url).path == "/"  # the home page's list changed
    assert PageVersion.objects.filter(website=website, url=url).count() == 2
    assert changed.get(url=url).evidence["lines_added"] > 0
    # the new run is scored again: no veto any more
    assert Scorecard.objects.filter(subject=website.subject).count() == 2


def test_two_workers_never_claim_the_same_run(district, supervisor):
    sites = [
        _website(district, supervisor, f"http://127.0.0.1:9/{k}/", name=f"站点{k}")
        for k in range(2)
    ]
    for site in sites:
        runner.queue_crawl(at=timezone.now(), website=site)
    claims: dict[str, object] = {}
    barrier = threading.Barrier(3)

    def claimer(worker: str) -> None:
        try:
            barrier.wait()
            got = []
            while (run := runner.claim_next_run(worker=worker, at=timezone.now())) is not None:
                got.append(run.pk)
            claims[worker] = got
        finally:
            connection.close()

    threads = [threading.Thread(target=claimer, args=(f"w{k}",)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    taken = [pk for got in claims.values() for pk in got]
    assert sorted(taken) == sorted(CrawlRun.objects.values_list("pk", flat=True))
    assert len(taken) == len(set(taken)) == 2
    # a run whose worker died (lease expired) is taken over; a live lease is not
    assert runner.claim_next_run(worker="w9", at=timezone.now()) is None
    oldest = CrawlRun.objects.order_by("queued_at", "pk").first()
    previous_owner = oldest.claimed_by
    later = timezone.now() + runner.LEASE + timedelta(seconds=1)
    taken_over = runner.claim_next_run(worker="w9", at=later)
    assert taken_over.pk == oldest.pk and taken_over.claimed_by == "w9"
    # the old owner can no longer renew (it stops before writing); the new one can
    assert not runner.renew_lease(taken_over, worker=previous_owner, at=later)
    assert runner.renew_lease(taken_over, worker="w9", at=later)


def test_a_run_resumes_from_the_database_frontier(district, supervisor):
    spec = SiteSpec(today=timezone.localdate(), articles=120)
    with serve_in_thread(spec) as url:
        website = _website(district, supervisor, url)
        run = runner.queue_crawl(at=timezone.now(), website=website, max_depth=3)
        run = runner.claim_next_run(worker="w1", at=timezone.now())
        # The first worker stops after 40 pages (as when it is shut down): its frontier and
        # findings stay in the database.
        stop = asyncio.Event()

        def stopper(done, known):
            if done >= 40:
                stop.set()

        config = runner.site_config(website, now=timezone.now(), max_depth=3, max_pages=2000)
        asyncio.run(crawl_site(config, DbFrontier(run), stop=stop, progress=stopper))
        done_before = FrontierEntry.objects.filter(run=run, state=2).count()
        assert 40 <= done_before < 1 + 120
        # Another worker takes the run over after the lease expired and finishes it.
        later = timezone.now() + runner.LEASE + timedelta(seconds=1)
        taken = runner.claim_next_run(worker="w2", at=later)
        assert taken.pk == run.pk
        runner.execute_run(taken, worker="w2", clock=lambda: later)
    run.refresh_from_db()
    assert run.status == CrawlRun.Status.DONE
    urls = list(FrontierEntry.objects.filter(run=run).values_list("url_hash", flat=True))
    assert len(urls) == len(set(urls))
    assert FrontierEntry.objects.filter(run=run, state=2).count() == 1 + 120 + 1


def test_probes_raise_the_availability_veto(district, supervisor):
    website = _website(district, supervisor, "http://127.0.0.1:9/")
    now = timezone.now()
    Probe.objects.bulk_create(
        Probe(website=website, at=now - timedelta(hours=h + 1), ok=True, elapsed_ms=200)
        for h in range(19)
    )
    assert runner.probe_sites(at=now, timeout=1.0) == 1  # port 9: refused → a failed probe
    probe = Probe.objects.order_by("-at").first()
    assert not probe.ok and probe.error
    # 1 failure in 20 probes = 5 %: the veto fires and is alerted once
    assert Finding.objects.filter(website=website, check_code="availability_veto").count() == 1
    assert Alert.objects.filter(indicator="site.veto.unreachable").count() == 1


def _message(officer, website, *, left_at, answered_at=None):
    from zwgk.mailbox import services as mailbox

    return mailbox.record_message(
        by=officer,
        at=timezone.now(),
        unit=website.unit,
        data=mailbox.MessageData(
            channel=website.subject,
            channel_label=website.name,
            content="请问学位申请什么时候开始？",
            left_at=left_at,
            answer="已于近日公布。" if answered_at else "",
            answered_at=answered_at,
            answered_by_label="区教委" if answered_at else "",
        ),
    )


def test_messages_unanswered_for_3_months_are_the_interaction_veto(district, supervisor, officer_a):
    # rules.md §4.2 互动回应差 item 2: the mailbox records what a crawl cannot see
    now = timezone.now()
    spec = SiteSpec(today=timezone.localdate(), articles=3, columns=FILLED)
    with serve_in_thread(spec) as url:
        website = _website(district, supervisor, url)
        _message(officer_a, website, left_at=now - timedelta(days=60))  # 2 months: not yet
        _message(
            officer_a,
            website,
            left_at=now - timedelta(days=150),
            answered_at=now - timedelta(days=140),
        )
        run = runner.queue_crawl(at=now, website=website)
        assert runner.crawl_pending(worker="w1") == 1
        card = Scorecard.objects.filter(subject=website.subject).latest("pk")
        assert "site.veto.interaction" not in card.data["vetoes"]
        assert not Finding.objects.filter(run=run, check_code="interaction_unanswered").exists()

        _message(officer_a, website, left_at=now - timedelta(days=100))  # over 3 months
        run = runner.queue_crawl(at=now + timedelta(minutes=1), website=website)
        assert runner.crawl_pending(worker="w1") == 1
    card = Scorecard.objects.filter(subject=website.subject).latest("pk")
    assert card.verdict == "failed_veto" and card.data["vetoes"] == ["site.veto.interaction"]
    finding = Finding.objects.get(run=run, check_code="interaction_unanswered")
    assert finding.evidence["count"] == 1 and finding.severity == "veto"
    assert Rectification.objects.filter(
        subject=website.subject, indicator="site.veto.interaction", status="open"
    ).exists()


def test_the_periodic_job_sends_a_worker_to_every_waiting_run(district, supervisor):
    # a site's first check is queued at registration; the hourly job must send a worker to it
    # even though no new inspection is due (a queued run blocks a second one)
    from django.db import transaction

    from zwgk.monitoring import tasks

    spec = SiteSpec(today=timezone.localdate(), articles=3, columns=FILLED)
    with serve_in_thread(spec) as url:
        website = _website(district, supervisor, url)
        run = runner.queue_crawl(at=timezone.now(), website=website)
        with transaction.atomic():
            assert tasks.queue_crawls(timezone.now()) == 0  # nothing new was due …
        # … and the test settings run tasks at once (ImmediateBackend): the run was taken
    run.refresh_from_db()
    assert run.status == CrawlRun.Status.DONE
    assert runner.runnable_count(at=timezone.now()) == 0


def test_a_check_stopped_from_the_page_resumes_where_it_stopped(
    district, supervisor, officer_a, client
):
    spec = SiteSpec(today=timezone.localdate(), articles=400, columns=FILLED)
    with serve_in_thread(spec) as url:
        website = _website(district, supervisor, url)
        run = runner.queue_crawl(at=timezone.now(), website=website)
        stopped: list[int] = []

        def press_stop() -> None:  # as the stop button does, from another connection
            services.stop_run(by=officer_a, at=timezone.now(), run=run)
            connection.close()

        def stop_after_40(done: int, known: int) -> None:  # on the crawl's event loop
            if done >= 40 and not stopped:
                stopped.append(done)
                button = threading.Thread(target=press_stop)
                button.start()
                button.join()

        taken = runner.claim_next_run(worker="w1", at=timezone.now())
        runner.execute_run(taken, worker="w1", crawl_options={"progress": stop_after_40})
        run.refresh_from_db()
        assert run.status == CrawlRun.Status.STOPPED
        # pages are committed in batches: what was checked but not yet committed when the stop
        # came is checked again on resume (never twice committed)
        done_before = FrontierEntry.objects.filter(run=run, state=2).count()
        assert 1 <= done_before < 1 + 5 + 400 + 1 and run.pages == done_before
        # the page shows the stopped check and offers to resume it; a stopped run is not resumed
        # twice, and a running one cannot be resumed
        client.force_login(officer_a)
        page = client.get(f"/staff/monitoring/sites/{website.pk}/").content.decode()
        assert f"/staff/monitoring/runs/{run.pk}/resume/" in page
        response = client.post(f"/staff/monitoring/runs/{run.pk}/resume/")
        assert response.status_code == 302
        # (the test settings run the crawl task at once)
        run.refresh_from_db()
        assert run.status == CrawlRun.Status.DONE
    assert FrontierEntry.objects.filter(run=run, state=2).count() == 1 + 5 + 400 + 1
    urls = list(FrontierEntry.objects.filter(run=run).values_list("url_hash", flat=True))
    assert len(urls) == len(set(urls))
    actions = list(
        AuditEvent.objects.filter(action__startswith="monitoring.run.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["monitoring.run.stopped", "monitoring.run.resumed"]
    with pytest.raises(TransitionError):
        services.stop_run(by=officer_a, at=timezone.now(), run=run)


def test_the_live_status_of_a_check_polls_itself(district, supervisor, officer_a, client):
    website = _website(district, supervisor, "http://127.0.0.1:9/")
    run = runner.queue_crawl(at=timezone.now(), website=website)
    client.force_login(officer_a)
    part = client.get(
        f"/staff/monitoring/sites/{website.pk}/?part=run", headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 2s"' in part and "<progress" in part
    assert f"/staff/monitoring/runs/{run.pk}/stop/" in part
    assert "<html" not in part  # the fragment only
    services.stop_run(by=officer_a, at=timezone.now(), run=run)
    part = client.get(
        f"/staff/monitoring/sites/{website.pk}/?part=run", headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in part and f"/staff/monitoring/runs/{run.pk}/resume/" in part


def test_monitor_check_command_prints_json_findings():
    spec = SiteSpec(today=timezone.localdate(), articles=6, columns=BLANK[:2], dead_links_other=1)
    out = StringIO()
    with serve_in_thread(spec) as url:
        call_command("monitor", "check", url, "--json", "--district", stdout=out)
    findings = json.loads(out.getvalue())
    assert sorted((f["check"], urlsplit(f["url"]).path) for f in findings) == [
        ("column_blank", "/col/n0/"),
        ("column_blank", "/col/n1/"),
        ("dead_link_other", "/missing/other-0.html"),
    ]
    assert all(set(f) == {"check", "severity", "url", "evidence"} for f in findings)
    assert all(
        {"time", "url", "status", "content_hash", "excerpt"} <= set(f["evidence"]) for f in findings
    )


def test_monitor_check_refuses_a_bad_url():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("monitor", "check", "ftp://example.org", "--json")


def test_day_10_warning_alerts_once_by_mail_and_sms(district, supervisor, officer_a):
    from zwgk.monitoring.alerts import get_sms_sender

    officer_a.email = "jw@example.gov.cn"
    officer_a.save()
    district.unit_a.office_phone = "13900001111"
    district.unit_a.save()
    website = _website(district, supervisor, "http://127.0.0.1:9/")
    now = timezone.now()
    run = CrawlRun.objects.create(website=website, queued_at=now, status=CrawlRun.Status.DONE)
    Finding.objects.create(
        website=website,
        run=run,
        check_code="home_update_due",
        severity="minor",
        url=website.home_url,
        evidence={"time": now.isoformat(), "days": 11, "newest_date": "2026-11-18"},
        found_at=now,
    )
    outbox = get_sms_sender().outbox
    before = len(outbox)
    runner.evaluate_site(website, run=run, at=now)
    runner.evaluate_site(website, run=run, at=now)  # the same situation alerts once
    alert = Alert.objects.get()
    assert alert.level == Alert.Level.WARNING and "11天未更新" in alert.message
    assert alert.emailed == 1 and alert.texted == 1
    assert outbox[before:] == [
        ("13900001111", f"【政务网站监测】{district.unit_a.name}：{alert.message}")
    ]
    assert len(mail.outbox) == 1
    # a warning is not a veto: the site still passes and no work order is opened
    assert not Rectification.objects.filter(subject=website.subject).exists()


def test_monitor_check_resumes_from_its_state_file(tmp_path):
    spec = SiteSpec(today=timezone.localdate(), articles=60)
    state = str(tmp_path / "state.sqlite3")
    with serve_in_thread(spec) as url:
        first, second = StringIO(), StringIO()
        call_command(
            "monitor",
            "check",
            url,
            "--json",
            "--district",
            "--max-pages",
            "20",
            "--state",
            state,
            stdout=first,
        )
        assert sum(spec.hits.values()) <= 22  # 20 pages and the search, nothing more
        call_command(
            "monitor", "check", url, "--json", "--district", "--state", state, stdout=second
        )
    pages = {path: n for path, n in spec.hits.items() if path.startswith(("/article/", "/col/"))}
    assert len(pages) == 60 and set(pages.values()) == {1}  # every page once over both runs
    assert spec.hits["/"] == 1
