"""Pushes: exactly the matching subscribers get one message per published or changed policy;
the delivery log makes a re-run send nothing twice; failures are retried a bounded number of
times; every message carries a one-step unsubscribe link; the summary is audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from zwgk.core.models import AuditEvent
from zwgk.policies import channels, push, services
from zwgk.policies.models import Delivery, DeliveryStatus, Subscription, SubscriptionStatus

from .helpers import draft, publish, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_outbox():
    channels.outbox.clear()
    yield
    channels.outbox.clear()


@pytest.fixture
def people(district):
    """Four subscribers with different interests."""
    return {
        "factory": subscribe("boss@factory.example.com", codes=("C",), categories=("稳岗",)),
        "farm": subscribe("farmer@coop.example.com", codes=("A",)),
        "steady_sms": subscribe("13800138000", channel="sms", categories=("稳岗",)),
        "civil_affairs": subscribe(
            "oABCDEFGHIJKLMNOPQRSTUVWXYZ1", channel="wechat", departments=(district.unit_b,)
        ),
    }


def recipients():
    return sorted(address for message in mail.outbox for address in message.to) + sorted(
        contact for _channel, contact, _message in channels.outbox
    )


def test_exactly_the_matching_subscribers(
    district, officer_a, head_a, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    steady = draft(officer_a, district.unit_a, title="铜梁区2026年稳岗返还实施办法")
    farm = draft(
        officer_a,
        district.unit_a,
        title="铜梁区农业产业化项目补助",
        codes=("A",),
        categories=("惠农",),
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(steady, author=officer_a, reviewer=head_a)
    assert recipients() == ["boss@factory.example.com", "13800138000"]
    message = mail.outbox[0]
    assert "铜梁区2026年稳岗返还实施办法" in message.subject
    assert "/zcztc/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    mail.outbox.clear()
    channels.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(farm, author=officer_a, reviewer=head_a)
    assert recipients() == ["farmer@coop.example.com"]
    summary = AuditEvent.objects.filter(action="policies.push.completed").order_by("seq").last()
    assert summary.after["matched"] == 1 and summary.after["sent"] == 1


def test_rerun_sends_nothing_twice(district, officer_a, head_a, people):
    mail.outbox.clear()
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    first = push.push_policy(policy_id=policy.pk, revision=1, at=timezone.now())
    again = push.push_policy(policy_id=policy.pk, revision=1, at=timezone.now())
    assert first["sent"] == 2 and again["planned"] == 0 and again["sent"] == 0
    assert len(mail.outbox) + len(channels.outbox) == 2
    assert Delivery.objects.filter(policy=policy).count() == 2


def test_changed_policy_is_pushed_again_once(district, officer_a, head_a, people):
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    push.push_policy(policy_id=policy.pk, revision=1, at=timezone.now())
    mail.outbox.clear()
    services.update_policy(
        by=officer_a,
        at=timezone.now(),
        policy=policy,
        values={"summary": "新的返还标准"},
        industries=list(policy.industries.all()),
        categories=list(policy.categories.all()),
        target_groups=[],
    )
    policy = publish(policy, author=officer_a, reviewer=head_a)
    push.push_policy(policy_id=policy.pk, revision=2, at=timezone.now())
    push.push_policy(policy_id=policy.pk, revision=2, at=timezone.now())
    assert [m.to for m in mail.outbox] == [["boss@factory.example.com"]]
    assert "已更新" in mail.outbox[0].subject
    # A stale revision is never pushed.
    assert push.push_policy(policy_id=policy.pk, revision=1, at=timezone.now())["planned"] == 0


def test_failures_are_retried_with_a_bound(district, officer_a, head_a, monkeypatch):
    subscribe("13900139000", channel="sms", categories=("稳岗",))
    calls = []

    class Broken:
        channel = "sms"

        def send(self, contact, message):
            calls.append(contact)
            raise channels.DeliveryError("短信网关错误 LimitExceeded")

    monkeypatch.setattr(channels, "adapter_for", lambda channel: Broken())
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    now = timezone.now()
    summary = push.push_policy(policy_id=policy.pk, revision=1, at=now)
    assert summary["retry"] == 1
    delivery = Delivery.objects.get(policy=policy)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert push.retry_due(at=now + timedelta(minutes=1)) == {}  # not yet due
    push.retry_due(at=now + timedelta(minutes=6))
    push.retry_due(at=now + timedelta(hours=2))
    push.retry_due(at=now + timedelta(hours=5))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == push.MAX_ATTEMPTS
    assert len(calls) == push.MAX_ATTEMPTS
    assert "13900139000" not in delivery.last_error
    # The district office sees it among the problems of unit A.
    from zwgk.supervision import problems

    found = problems.collect(
        timezone.localdate() - timedelta(days=1),
        timezone.localdate(),
        [district.unit_a.pk],
        names=["policies.failed_pushes"],
    )
    assert [(p.unit_id, p.kind) for p in found] == [(district.unit_a.pk, "政策推送失败")]
    assert (
        problems.collect(
            timezone.localdate(),
            timezone.localdate(),
            [district.unit_b.pk],
            names=["policies.failed_pushes"],
        )
        == []
    )


def test_unsubscribed_between_plan_and_send_gets_nothing(district, officer_a, head_a):
    person = subscribe("leaver@example.com", categories=("稳岗",))
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    push.plan(policy, 1, at=timezone.now())
    services.unsubscribe(at=timezone.now(), token=push.tokens.unsubscribe_token(person.pk))
    mail.outbox.clear()
    push.send_due(at=timezone.now())
    assert mail.outbox == []


def test_unsubscribe_in_one_step_erases_the_contact(district):
    person = subscribe("quit@example.com", categories=("稳岗",))
    link = push.unsubscribe_link(person.pk)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)  # a mail client's one-click POST has no token
    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.status == SubscriptionStatus.ENDED
    assert not person.contact and person.contact_index == "" and person.contact_masked == ""
    assert client.post("/" + path).status_code == 200  # again: still fine
    bad = client.post("/zcztc/unsubscribe/forged-token/")
    assert bad.status_code == 400


def test_contact_encrypted_at_rest_and_unique(district, caplog):
    caplog.set_level("DEBUG")
    subscribe("Secret.Person@Example.com", codes=("C",))
    again = services.request_subscription(
        at=timezone.now(),
        channel="email",
        contact=" secret.person@example.com ",
        industries=[],
        categories=[],
        departments=[],
    )
    assert Subscription.objects.count() == 1 and again.status == SubscriptionStatus.ACTIVE
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact, contact_masked FROM policies_subscription")
        raw, masked = cursor.fetchone()
    assert "secret.person" not in raw.lower() and raw.count(":") == 2
    assert masked == "s***@example.com"
    assert Subscription.objects.get().contact.reveal() == "secret.person@example.com"
    assert "secret.person" not in caplog.text.lower()
    for event in AuditEvent.objects.filter(action__startswith="policies.subscription"):
        assert "secret.person" not in str(event.after).lower()
