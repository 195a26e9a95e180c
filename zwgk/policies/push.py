"""Pushing a published or changed policy to exactly the matching subscribers, with a delivery
log per subscriber.

Idempotent: `plan` writes one Delivery row per (subscription, policy, revision) — a unique
constraint, so running the push twice plans nothing new — and `send_due` claims each row with a
compare-and-swap from "pending" to "sending" before it sends, so two workers never send the
same row. A failed send goes back to "pending" with a later `next_attempt_at`, at most
MAX_ATTEMPTS times, then stays "failed". A worker that dies between the send and the update
leaves the row "sending": it is not sent again (at most once; the statistics show it as
waiting), because a second message is worse than a missing one here.

The summary of every push run is audited (`policies.push.completed`): matched, planned, sent,
failed, waiting — counts only, no contact.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zwgk.core import audit

from . import channels, selectors, tokens
from .models import Delivery, DeliveryStatus, Policy, Status, Subscription, SubscriptionStatus

MAX_ATTEMPTS = 3
RETRY_AFTER = (timedelta(minutes=5), timedelta(minutes=30))


def absolute(path: str) -> str:
    base = channels.setting("ZWGK_POLICIES_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + path


def unsubscribe_link(subscription_id: int) -> str:
    return absolute(
        reverse("policies_public:unsubscribe", args=[tokens.unsubscribe_token(subscription_id)])
    )


def policy_message(policy: Policy, subscription_id: int, revision: int) -> channels.Message:
    kind = "新发布" if revision == 1 else "已更新"
    link = absolute(reverse("policies_public:detail", args=[policy.pk]))
    leave = unsubscribe_link(subscription_id)
    day = timezone.localdate(policy.published_at).isoformat() if policy.published_at else ""
    lines = [
        f"您订阅的政策直通车有一项政策{kind}：",
        "",
        policy.title,
        f"发布机关：{policy.issuing_authority}　层级：{policy.get_level_display()}",
        f"责任部门：{policy.unit.name}",
        "",
        policy.summary[:300],
        "",
        f"查看政策解读和办理指南：{link}",
        "",
        f"不想再收到此类消息？一步退订：{leave}",
    ]
    return channels.Message(
        subject=f"【政策直通车】政策{kind}：{policy.title}"[:150],
        text="\n".join(lines),
        title=policy.title,
        day=day,
        link=link,
        unsubscribe_link=leave,
    )


def plan(policy: Policy, revision: int, *, at: datetime) -> tuple[int, int]:
    """Delivery rows for the matching active subscriptions; (matched, newly planned)."""
    matched = selectors.matching_subscriptions(policy)
    before = Delivery.objects.filter(policy=policy, revision=revision).count()
    Delivery.objects.bulk_create(
        [
            Delivery(
                subscription=subscription,
                policy=policy,
                revision=revision,
                channel=subscription.channel,
                created_at=at,
            )
            for subscription in matched
        ],
        ignore_conflicts=True,
    )
    after = Delivery.objects.filter(policy=policy, revision=revision).count()
    return len(matched), after - before


def _claim(delivery_id: int, at: datetime) -> bool:
    return (
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=at))
        .update(status=DeliveryStatus.SENDING)
        == 1
    )


def _send_one(delivery: Delivery, at: datetime) -> str:
    subscription = Subscription.objects.filter(pk=delivery.subscription_id).first()
    policy = delivery.policy
    if subscription is None or subscription.status != SubscriptionStatus.ACTIVE:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error="订阅已退订"
        )
        return "skipped"
    if policy.revision != delivery.revision or policy.status != Status.PUBLISHED:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error="政策已修订或失效，本次推送作废"
        )
        return "skipped"
    message = policy_message(policy, subscription.pk, delivery.revision)
    attempts = delivery.attempts + 1
    try:
        channels.adapter_for(subscription.channel).send(subscription.contact.reveal(), message)
    except channels.DeliveryError as error:
        if attempts >= MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED, attempts=attempts, last_error=error.message[:300]
            )
            return "failed"
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING,
            attempts=attempts,
            last_error=error.message[:300],
            next_attempt_at=at + RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1],
        )
        return "retry"
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def send_due(*, at: datetime, policy_id: int | None = None) -> Counter[str]:
    """Send every delivery that is due (all of one policy, or all policies)."""
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=at)
    )
    if policy_id is not None:
        due = due.filter(policy_id=policy_id)
    outcomes: Counter[str] = Counter()
    for delivery in due.select_related("policy", "policy__unit").order_by("pk").iterator():
        if not _claim(delivery.pk, at):
            continue
        outcomes[_send_one(delivery, at)] += 1
    return outcomes


def push_policy(*, policy_id: int, revision: int, at: datetime) -> dict[str, int]:
    """Plan and send the push of one policy revision, then audit the summary."""
    policy = Policy.objects.select_related("unit").filter(pk=policy_id).first()
    if policy is None or policy.revision != revision or policy.status != Status.PUBLISHED:
        return {"matched": 0, "planned": 0}
    matched, planned = plan(policy, revision, at=at)
    outcomes = send_due(at=at, policy_id=policy.pk)
    summary = {
        "revision": revision,
        "matched": matched,
        "planned": planned,
        "sent": outcomes["sent"],
        "retry": outcomes["retry"],
        "failed": outcomes["failed"],
        "skipped": outcomes["skipped"],
    }
    with transaction.atomic():
        audit.record(
            action="policies.push.completed",
            by=None,
            at=at,
            target=policy,
            after=summary,
        )
    return summary


def retry_due(*, at: datetime) -> dict[str, int]:
    """Periodic job: the deliveries whose retry time has come."""
    outcomes = send_due(at=at)
    if outcomes:
        audit.record(
            action="policies.push.retried",
            by=None,
            at=at,
            target_type="policies.delivery",
            after=dict(outcomes),
        )
    return dict(outcomes)


def confirmation_message(subscription: Subscription, token: str) -> channels.Message:
    link = absolute(reverse("policies_public:confirm", args=[token]))
    leave = unsubscribe_link(subscription.pk)
    text = "\n".join(
        [
            "您（或有人使用您的联系方式）在政策直通车订阅了政策推送。",
            f"请打开以下链接确认订阅（7 天内有效）：{link}",
            "",
            "如果不是您本人操作，请忽略本消息，我们不会再联系您；未确认的订阅 7 天后自动删除。",
            f"退订：{leave}",
        ]
    )
    return channels.Message(
        subject="【政策直通车】请确认订阅",
        text=text,
        title="请确认政策直通车订阅",
        day=timezone.localdate().isoformat(),
        link=link,
        unsubscribe_link=leave,
    )


def send_confirmation(*, subscription_id: int, token: str) -> bool:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.status == SubscriptionStatus.ENDED:
        return False
    message = confirmation_message(subscription, token)
    try:
        channels.adapter_for(subscription.channel).send(subscription.contact.reveal(), message)
    except channels.DeliveryError:
        return False
    return True
