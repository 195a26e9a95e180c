"""Evaluation of the live accounts, the 7×24 alerts (工作台, e-mail, SMS) before and when the
veto is hit, sent once per episode; scorecards and 整改 work orders through zwgk.monitoring;
the supervision problem source; messages unanswered read from the mailbox contract."""

from __future__ import annotations

import sys
import types
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError

from zwgk.core import periodic
from zwgk.monitoring.models import Rectification, Scorecard
from zwgk.newmedia import monitor
from zwgk.newmedia.models import Alert, Finding, Post
from zwgk.orgs.models import User
from zwgk.supervision import problems
from zwgk.workspace.inbox import items_for

from .helpers import AT, open_account

pytestmark = pytest.mark.django_db


class RecordingSms:
    """An SMS sender with monitoring's interface (send(numbers, text) -> int)."""

    outbox: list[tuple[str, str]] = []

    def send(self, numbers, text):
        RecordingSms.outbox.extend((number, text) for number in numbers)
        return len(numbers)


@pytest.fixture
def sms(settings):
    settings.ZWGK_SMS_SENDER = "zwgk.newmedia.tests.test_monitor.RecordingSms"
    RecordingSms.outbox = []
    return RecordingSms.outbox


@pytest.fixture
def weibo(district, officer_a, head_a, supervisor):
    User.objects.filter(pk=officer_a.pk).update(email="officer_a@example.gov.cn")
    User.objects.filter(pk=supervisor.pk).update(email="office@example.gov.cn")
    account = open_account(district, officer_a, head_a, supervisor, platform="weibo")
    post(account, AT)
    return account


def post(account, when, title="动态", unanswered=0):
    Post.objects.create(
        account=account,
        published_at=when,
        title=title,
        hash=f"{when.isoformat()}{title}",
        fetched_at=when,
        comments=unanswered,
        unanswered_comments=unanswered,
    )
    account.last_post_at = max(p.published_at for p in account.posts.all())
    account.save(update_fields=["last_post_at"])


def test_day_10_warning_then_day_14_veto_each_sent_once(
    weibo, officer_a, supervisor, sms, django_capture_on_commit_callbacks
):
    # Day 9: nothing to say.
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=9))
    assert not Alert.objects.exists() and mail.outbox == []

    # Day 10: the unit and the office are warned, by mail and SMS, before the veto.
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=10))
    alert = Alert.objects.get()
    assert alert.kind == "near_veto"
    assert sorted(mail.outbox[0].to) == ["office@example.gov.cn", "officer_a@example.gov.cn"]
    assert mail.outbox[0].subject == "【预警】政务新媒体 铜梁教育"
    assert "再过 4 天" in mail.outbox[0].body
    assert [phone for phone, _ in sms] == ["13812345678", "023-45671234"]

    # Day 11: the same episode is not alerted again (nor by a second worker's run).
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=11))
        monitor.evaluate_all(at=AT + timedelta(days=11, minutes=5))
    assert Alert.objects.count() == 1 and len(mail.outbox) == 1

    # Day 14: the veto is hit.
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=14))
    assert list(Alert.objects.order_by("sent_at").values_list("kind", flat=True)) == [
        "near_veto",
        "veto_no_update",
    ]
    assert mail.outbox[-1].subject == "【单项否决】政务新媒体 铜梁教育"
    finding = Finding.objects.get(kind="veto_no_update")
    assert finding.evidence["days_without_post"] == 14

    # The 工作台 of the unit and of the office shows it; unit B's does not.
    assert any(
        "单项否决" in i.title or "2周内无更新" in i.title
        for i in items_for(officer_a, date(2026, 11, 16))
    )
    assert any(i.kind == "alert" for i in items_for(supervisor, date(2026, 11, 16)))

    # A new post starts a new episode: day 10 after it warns again.
    post(weibo, AT + timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=25))
    assert Alert.objects.filter(kind="near_veto").count() == 2


def test_other_unit_inbox_is_silent(weibo, officer_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=14))
    items = items_for(officer_b, date(2026, 11, 16))
    assert [i for i in items if i.url.startswith("/staff/newmedia/")] == []


def test_work_orders_and_scorecards_through_monitoring(weibo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=14))
    subject = f"newmedia.account:{weibo.pk}"
    order = Rectification.objects.get(subject=subject)
    assert order.indicator == "account.veto.not_updated"
    assert order.unit_id == weibo.host_unit_id
    card = Scorecard.objects.get(subject=subject)
    assert card.verdict == "failed_veto"
    # The unit posts again; the next evaluation closes the work order.
    post(weibo, AT + timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=16))
    order.refresh_from_db()
    assert order.status == Rectification.Status.CLOSED
    latest = Scorecard.objects.filter(subject=subject).order_by("-computed_at").first()
    assert latest.verdict in ("passed", "passed_bonus")


def test_problem_source(weibo, district, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monitor.evaluate_all(at=AT + timedelta(days=14))
        monitor.evaluate_all(at=AT + timedelta(days=15))
    assert "newmedia.veto" in problems.source_names()
    found = problems.collect(date(2026, 11, 1), date(2026, 11, 30), names=["newmedia.veto"])
    assert [(p.kind, p.severity, p.occurred_on) for p in found] == [
        ("内容不更新（2周内无更新）", "veto", date(2026, 11, 16))
    ]
    assert found[0].reference == f"newmedia.account:{weibo.pk}"
    assert (
        problems.collect(
            date(2026, 11, 1), date(2026, 11, 30), [district.unit_b.pk], names=["newmedia.veto"]
        )
        == []
    )


def test_unanswered_from_the_mailbox_contract(weibo, monkeypatch):
    asked = {}

    def unanswered_messages_by_channel(*, before):
        asked["before"] = before
        return {f"newmedia.account:{weibo.pk}": 3, "portal": 9}

    fake = types.ModuleType("zwgk.mailbox.selectors")
    fake.unanswered_messages_by_channel = unanswered_messages_by_channel
    monkeypatch.setitem(sys.modules, "zwgk.mailbox.selectors", fake)
    counts, source = monitor.unanswered_by_account(date(2026, 11, 30))
    assert asked["before"] == date(2026, 8, 30) and source == "mailbox"
    assert counts == {weibo.pk: 3}


def test_unanswered_from_adapter_comments(weibo, monkeypatch):
    monkeypatch.setitem(sys.modules, "zwgk.mailbox.selectors", None)  # the app is absent
    post(weibo, AT - timedelta(days=120), title="旧帖", unanswered=2)
    post(weibo, AT - timedelta(days=10), title="新帖", unanswered=5)  # not yet 3 months old
    counts, source = monitor.unanswered_by_account(AT.date())
    assert counts == {weibo.pk: 2} and source == "adapter"
    monitor.evaluate_all(at=AT)
    assert Finding.objects.get(kind="unanswered").evidence == {"messages": 2, "from": "adapter"}


def test_no_maintainer_when_the_administrator_left(weibo, officer_a):
    from zwgk.orgs.models import Membership

    weibo.administrator = officer_a
    weibo.save(update_fields=["administrator"])
    monitor.evaluate_all(at=AT + timedelta(days=1))
    assert not Finding.objects.filter(kind="no_maintainer").exists()
    Membership.objects.filter(user=officer_a).delete()
    monitor.evaluate_all(at=AT + timedelta(days=2))
    assert Finding.objects.get(kind="no_maintainer").evidence["reasons"] == ["管理员已不在本单位"]


def test_periodic_jobs_are_registered():
    assert {"newmedia.ingest", "newmedia.rules"} <= set(periodic.registered())


def test_one_failing_account_does_not_stop_the_others(
    weibo, district, officer_a, head_a, supervisor, monkeypatch
):
    other = open_account(district, officer_a, head_a, supervisor, platform="douyin")
    original = monitor._to_monitoring

    def failing(account, *args):
        if account.pk == weibo.pk:
            raise RuntimeError("scoring unavailable")
        return original(account, *args)

    monkeypatch.setattr(monitor, "_to_monitoring", failing)
    monitor.evaluate_all(at=AT + timedelta(days=14))
    assert not Finding.objects.filter(account=weibo).exists()  # rolled back to its savepoint
    assert Finding.objects.filter(account=other, kind="veto_no_update").exists()


def test_command_evaluate_json_and_fetch(weibo, capsys, time_machine):
    import json as json_module

    from django.core.management import call_command

    time_machine.move_to(AT + timedelta(days=14), tick=False)
    call_command("newmedia", "evaluate", "--json")
    out = json_module.loads(capsys.readouterr().out)
    assert [(row["name"], row["check"], row["severity"]) for row in out] == [
        ("铜梁教育", "veto_no_update", "veto")
    ]
    with pytest.raises(CommandError, match="没有可自动读取的数据来源"):
        call_command("newmedia", "fetch", "--account", str(weibo.pk))
