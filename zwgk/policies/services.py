"""Every write of the policy library: entering and revising policies, the review, expiry, the
categories, and the subscriptions (request, confirm, unsubscribe).

Each service is keyword-only with `by=` and `at=`, runs in one transaction, claims its row,
checks TRANSITIONS, records the audit event in the same transaction and defers the side effects
(the push, the confirmation message) to `transaction.on_commit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.core import audit, crypto
from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.orgs.models import Unit

from . import permissions, tokens
from .contacts import ContactError, mask_contact, normalise_contact
from .models import (
    Category,
    Industry,
    Policy,
    PolicyRevision,
    RevisionStatus,
    Status,
    Subscription,
    SubscriptionStatus,
    TargetGroup,
)


class PolicyError(DomainError):
    """A policy action refused for a business reason."""


class SubscriptionError(DomainError):
    pass


# Which status moves are legal: action → (from, to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT}), Status.PENDING),
    "approve": (frozenset({Status.PENDING}), Status.PUBLISHED),
    "return": (frozenset({Status.PENDING}), Status.DRAFT),
    "expire": (frozenset({Status.PUBLISHED}), Status.EXPIRED),
}
# A published (or expired) policy is revised through a PolicyRevision: the policy keeps its
# status and its public fields until the revision is approved.
REVISABLE = frozenset({Status.PUBLISHED, Status.EXPIRED})
REVISION_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({RevisionStatus.DRAFT}), RevisionStatus.DRAFT),
    "submit": (frozenset({RevisionStatus.DRAFT}), RevisionStatus.PENDING),
    "approve": (frozenset({RevisionStatus.PENDING}), RevisionStatus.APPROVED),
    "return": (frozenset({RevisionStatus.PENDING}), RevisionStatus.DRAFT),
}
EDITABLE = frozenset({Status.DRAFT})

POLICY_FIELDS = (
    "title",
    "level",
    "issuing_authority",
    "doc_number",
    "source_url",
    "issued_date",
    "summary",
    "interpretation",
    "guide_who",
    "guide_what",
    "guide_how",
    "guide_where",
    "guide_contact",
    "valid_from",
    "valid_until",
    "document",
)


def _check(action: str, policy: Policy) -> str:
    allowed, target = TRANSITIONS[action]
    if policy.status not in allowed:
        raise TransitionError(
            f"当前状态为“{policy.get_status_display()}”，不能{ACTION_LABELS[action]}。"
        )
    return target


ACTION_LABELS = {
    "submit": "送审",
    "approve": "审核通过并发布",
    "return": "退回",
    "expire": "标为失效",
}


def _snapshot(policy: Policy) -> dict[str, Any]:
    return {
        "status": policy.status,
        "revision": policy.revision,
        "title": policy.title,
        "valid_until": policy.valid_until.isoformat() if policy.valid_until else None,
    }


def _claim(pk: int) -> Policy:
    return Policy.objects.select_for_update().select_related("unit").get(pk=pk)


def _validate(values: Mapping[str, Any]) -> None:
    valid_from, valid_until = values.get("valid_from"), values.get("valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        raise PolicyError("有效期截止日期不能早于起始日期。")
    document = values.get("document")
    if document is not None and document.status != "published":
        raise PolicyError("只能关联已发布的公文。")


def _set_tags(
    policy: Policy,
    industries: Iterable[Industry],
    categories: Iterable[Category],
    target_groups: Iterable[TargetGroup],
) -> None:
    policy.industries.set(list(industries))
    policy.categories.set(list(categories))
    policy.target_groups.set(list(target_groups))


def create_policy(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    values: Mapping[str, Any],
    industries: Iterable[Industry] = (),
    categories: Iterable[Category] = (),
    target_groups: Iterable[TargetGroup] = (),
    is_demo: bool = False,
) -> Policy:
    """A new draft of `unit` (the responsible department)."""
    if by is not None and not permissions.can_edit_in(by, unit):
        raise PermissionDeniedError("您不能为该单位录入政策。")
    _validate(values)
    with transaction.atomic():
        policy = Policy(
            unit=unit,
            created_by=by,
            created_at=at,
            updated_at=at,
            is_demo=is_demo,
            **{name: values[name] for name in POLICY_FIELDS if name in values},
        )
        policy.full_clean(exclude=["created_by", "submitted_by", "approved_by"])
        policy.save()
        _set_tags(policy, industries, categories, target_groups)
        audit.record(
            action="policies.policy.created", by=by, at=at, target=policy, after=_snapshot(policy)
        )
    return policy


def update_policy(
    *,
    by: Any,
    at: datetime,
    policy: Policy,
    values: Mapping[str, Any],
    industries: Iterable[Industry],
    categories: Iterable[Category],
    target_groups: Iterable[TargetGroup],
) -> Policy:
    """Change a draft. Changing a published (or expired) policy is a revision (修订): the change
    is kept in a PolicyRevision, the published version stays public while the revision is
    prepared and reviewed, and the approval replaces the public fields and pushes the policy to
    the matching subscribers as a changed policy."""
    if not permissions.can_edit(by, policy):
        raise PermissionDeniedError("您不能修改该单位的政策。")
    _validate(values)
    with transaction.atomic():
        locked = _claim(policy.pk)
        if locked.status in REVISABLE:
            _save_revision(
                by=by,
                at=at,
                policy=locked,
                values=values,
                industries=industries,
                categories=categories,
                target_groups=target_groups,
            )
            return locked
        before = _snapshot(locked)
        action = "policies.policy.updated"
        if locked.status not in EDITABLE:
            raise TransitionError("送审中的政策不能修改；请先由审核人退回。")
        for name in POLICY_FIELDS:
            if name in values:
                setattr(locked, name, values[name])
        locked.updated_at = at
        locked.return_reason = ""
        locked.full_clean(exclude=["created_by", "submitted_by", "approved_by"])
        locked.save()
        _set_tags(locked, industries, categories, target_groups)
        audit.record(
            action=action, by=by, at=at, target=locked, before=before, after=_snapshot(locked)
        )
    return locked


def submit_policy(*, by: Any, at: datetime, policy: Policy) -> Policy:
    if not permissions.can_edit(by, policy):
        raise PermissionDeniedError("您不能送审该单位的政策。")
    with transaction.atomic():
        locked = _claim(policy.pk)
        if locked.status in REVISABLE:
            _submit_revision(by=by, at=at, policy=locked)
            return locked
        before = _snapshot(locked)
        target = _check("submit", locked)
        if not locked.source_url and locked.document_id is None:
            raise PolicyError("请填写政策原文链接，或关联已发布的公文，再送审。")
        if not (locked.industries.exists() or locked.categories.exists()):
            raise PolicyError("请至少选择一个行业或一个政策类别，订阅者才能收到这项政策。")
        locked.status = target
        locked.submitted_by = by
        locked.updated_at = at
        locked.return_reason = ""
        locked.save()
        audit.record(
            action="policies.policy.submitted",
            by=by,
            at=at,
            target=locked,
            before=before,
            after=_snapshot(locked),
        )
    return locked


def approve_policy(*, by: Any, at: datetime, policy: Policy) -> Policy:
    """Publish after review; the push to matching subscribers runs after the commit."""
    with transaction.atomic():
        locked = _claim(policy.pk)
        if not permissions.can_review(by, locked):
            raise PermissionDeniedError(
                "只有本单位分管负责人、主要负责人或区政府办可以审核，且送审人不能审核自己送审的政策。"
            )
        if locked.status in REVISABLE:
            _approve_revision(by=by, at=at, policy=locked)
            pk, revision = locked.pk, locked.revision
            transaction.on_commit(lambda: _enqueue_push(pk, revision))
            return locked
        before = _snapshot(locked)
        locked.status = _check("approve", locked)
        locked.revision += 1
        locked.approved_by = by
        locked.published_at = at
        locked.first_published_at = locked.first_published_at or at
        locked.expired_at = None
        locked.updated_at = at
        locked.save()
        audit.record(
            action="policies.policy.published"
            if locked.revision == 1
            else "policies.policy.changed",
            by=by,
            at=at,
            target=locked,
            before=before,
            after=_snapshot(locked),
        )
        pk, revision = locked.pk, locked.revision
        transaction.on_commit(lambda: _enqueue_push(pk, revision))
    return locked


def _enqueue_push(policy_id: int, revision: int) -> None:
    from .tasks import push_policy

    push_policy.enqueue(policy_id, revision)


def return_policy(*, by: Any, at: datetime, policy: Policy, reason: str) -> Policy:
    reason = (reason or "").strip()
    if not reason:
        raise PolicyError("退回时请写明理由。")
    if len(reason) > 500:
        raise PolicyError("退回理由不能超过 500 个字。")
    with transaction.atomic():
        locked = _claim(policy.pk)
        if not permissions.can_review(by, locked):
            raise PermissionDeniedError(
                "只有本单位负责人或区政府办可以退回，且送审人不能退回自己送审的政策。"
            )
        if locked.status in REVISABLE:
            _return_revision(by=by, at=at, policy=locked, reason=reason)
            return locked
        before = _snapshot(locked)
        locked.status = _check("return", locked)
        locked.return_reason = reason
        locked.updated_at = at
        locked.save()
        audit.record(
            action="policies.policy.returned",
            by=by,
            at=at,
            target=locked,
            before=before,
            after=_snapshot(locked) | {"reason": reason},
        )
    return locked


def expire_policies(*, at: datetime) -> int:
    """Periodic job: published policies whose validity ended (valid_until before today) become
    失效; each change is audited (by the system)."""
    today = timezone.localdate(at)
    count = 0
    ids = list(
        Policy.objects.filter(status=Status.PUBLISHED, valid_until__lt=today).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            locked = _claim(pk)
            if locked.status != Status.PUBLISHED or not locked.valid_until:
                continue
            if locked.valid_until >= today:
                continue
            before = _snapshot(locked)
            locked.status = _check("expire", locked)
            locked.expired_at = at
            locked.save(update_fields=["status", "expired_at"])
            audit.record(
                action="policies.policy.expired",
                by=None,
                at=at,
                target=locked,
                before=before,
                after=_snapshot(locked),
            )
            count += 1
    return count


# --- Revisions of published policies -----------------------------------------------------------


def _encode(values: Mapping[str, Any]) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    for name in POLICY_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "document":
            value = value.pk if value is not None else None
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        encoded[name] = value
    return encoded


def decode_values(encoded: Mapping[str, Any]) -> dict[str, Any]:
    from datetime import date

    from zwgk.documents.models import Document

    values: dict[str, Any] = {}
    for name in POLICY_FIELDS:
        if name not in encoded:
            continue
        value = encoded[name]
        if name == "document":
            value = Document.objects.filter(pk=value).first() if value else None
        elif name in {"issued_date", "valid_from", "valid_until"} and value:
            value = date.fromisoformat(value)
        values[name] = value
    return values


def _revision_snapshot(revision: PolicyRevision) -> dict[str, Any]:
    return {
        "revision_status": revision.status,
        "title": revision.values.get("title"),
        "valid_until": revision.values.get("valid_until"),
    }


def _claim_open_revision(policy: Policy) -> PolicyRevision | None:
    return (
        PolicyRevision.objects.select_for_update()
        .filter(policy=policy, status__in=[RevisionStatus.DRAFT, RevisionStatus.PENDING])
        .first()
    )


def _claim_revision_for(action: str, policy: Policy) -> tuple[PolicyRevision, str]:
    """The open revision of `policy`, locked, and the status `action` moves it to."""
    allowed, target = REVISION_TRANSITIONS[action]
    revision = _claim_open_revision(policy)
    if revision is None:
        raise TransitionError(f"这项政策没有待{ACTION_LABELS[action]}的修订。")
    if revision.status not in allowed:
        raise TransitionError(
            f"修订当前状态为“{revision.get_status_display()}”，不能{ACTION_LABELS[action]}。"
        )
    return revision, target


def _save_revision(
    *,
    by: Any,
    at: datetime,
    policy: Policy,
    values: Mapping[str, Any],
    industries: Iterable[Industry],
    categories: Iterable[Category],
    target_groups: Iterable[TargetGroup],
) -> PolicyRevision:
    """Create or change the open revision of a public policy (the caller holds the policy's
    row lock). The policy row itself does not change."""
    revision = _claim_open_revision(policy)
    if revision is not None and revision.status not in REVISION_TRANSITIONS["edit"][0]:
        raise TransitionError("送审中的修订不能修改；请先由审核人退回。")
    # Fields not given keep their value: that of the open revision, else the published one.
    base = (
        decode_values(revision.values)
        if revision is not None
        else {name: getattr(policy, name) for name in POLICY_FIELDS}
    )
    values = base | {name: values[name] for name in POLICY_FIELDS if name in values}
    # Check the proposed values as they would stand on the policy (not saved here).
    probe = Policy(
        unit=policy.unit,
        created_at=policy.created_at,
        updated_at=at,
        status=policy.status,
        revision=policy.revision,
        **values,
    )
    try:
        probe.full_clean(
            exclude=["created_by", "submitted_by", "approved_by"], validate_unique=False
        )
    except ValidationError as error:
        raise PolicyError("；".join(error.messages)) from None
    before = _revision_snapshot(revision) if revision is not None else None
    if revision is None:
        revision = PolicyRevision(policy=policy, created_by=by, created_at=at)
    revision.values = _encode(values)
    revision.industries = sorted(i.code for i in industries)
    revision.categories = sorted(c.pk for c in categories)
    revision.target_groups = sorted(g.pk for g in target_groups)
    revision.return_reason = ""
    revision.updated_at = at
    revision.save()
    audit.record(
        action="policies.policy.revised",
        by=by,
        at=at,
        target=policy,
        before=before,
        after=_revision_snapshot(revision) | {"revision_id": revision.pk},
    )
    return revision


def _submit_revision(*, by: Any, at: datetime, policy: Policy) -> None:
    revision, target = _claim_revision_for("submit", policy)
    if not revision.values.get("source_url") and not revision.values.get("document"):
        raise PolicyError("请填写政策原文链接，或关联已发布的公文，再送审。")
    if not (revision.industries or revision.categories):
        raise PolicyError("请至少选择一个行业或一个政策类别，订阅者才能收到这项政策。")
    before = _revision_snapshot(revision)
    revision.status = target
    revision.submitted_by = by
    revision.return_reason = ""
    revision.updated_at = at
    revision.save()
    audit.record(
        action="policies.revision.submitted",
        by=by,
        at=at,
        target=policy,
        before=before,
        after=_revision_snapshot(revision) | {"revision_id": revision.pk},
    )


def _return_revision(*, by: Any, at: datetime, policy: Policy, reason: str) -> None:
    revision, target = _claim_revision_for("return", policy)
    before = _revision_snapshot(revision)
    revision.status = target
    revision.return_reason = reason
    revision.updated_at = at
    revision.save()
    audit.record(
        action="policies.revision.returned",
        by=by,
        at=at,
        target=policy,
        before=before,
        after=_revision_snapshot(revision) | {"revision_id": revision.pk, "reason": reason},
    )


def _approve_revision(*, by: Any, at: datetime, policy: Policy) -> None:
    """Copy the approved revision onto the policy: from now on the public site shows it."""
    revision, target = _claim_revision_for("approve", policy)
    values = decode_values(revision.values)
    _validate(values)
    before = _snapshot(policy)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.revision += 1
    policy.status = Status.PUBLISHED
    policy.approved_by = by
    policy.submitted_by = revision.submitted_by
    policy.published_at = at
    policy.expired_at = None
    policy.updated_at = at
    policy.return_reason = ""
    policy.full_clean(exclude=["created_by", "submitted_by", "approved_by"])
    policy.save()
    _set_tags(
        policy,
        Industry.objects.filter(code__in=revision.industries),
        Category.objects.filter(pk__in=revision.categories),
        TargetGroup.objects.filter(pk__in=revision.target_groups),
    )
    revision.status = target
    revision.approved_by = by
    revision.approved_at = at
    revision.updated_at = at
    revision.save()
    audit.record(
        action="policies.policy.changed",
        by=by,
        at=at,
        target=policy,
        before=before,
        after=_snapshot(policy) | {"revision_id": revision.pk},
    )


# --- Categories (district office) ----------------------------------------------------------------


def save_category(
    *, by: Any, at: datetime, name: str, category: Category | None = None, is_active: bool = True
) -> Category:
    if not permissions.can_manage_categories(by):
        raise PermissionDeniedError("只有区政府办可以维护政策类别。")
    name = (name or "").strip()
    if not name or len(name) > 20:
        raise PolicyError("类别名称须为 1 至 20 个字。")
    with transaction.atomic():
        clash = Category.objects.filter(name=name)
        if category is not None:
            clash = clash.exclude(pk=category.pk)
        if clash.exists():
            raise PolicyError(f"已有名为“{name}”的类别。")
        before = None
        if category is None:
            last = Category.objects.order_by("-sort_order").first()
            category = Category(sort_order=(last.sort_order + 10) if last else 10)
        else:
            category = Category.objects.select_for_update().get(pk=category.pk)
            before = {"name": category.name, "is_active": category.is_active}
        category.name = name
        category.is_active = is_active
        category.save()
        audit.record(
            action="policies.category.saved",
            by=by,
            at=at,
            target=category,
            before=before,
            after={"name": category.name, "is_active": category.is_active},
        )
    return category


# --- Subscriptions -----------------------------------------------------------------------------


def request_subscription(
    *,
    at: datetime,
    channel: str,
    contact: str,
    industries: Iterable[Industry],
    categories: Iterable[Category],
    departments: Iterable[Unit],
) -> Subscription:
    """A subscription request from the public site. Nothing applies until the contact confirms
    through the link sent to it (double opt-in): the chosen tags travel in the signed link.

    The same answer whether the contact is new, pending or already subscribed (the page never
    tells a visitor whether someone else's address is subscribed)."""
    try:
        normal = normalise_contact(channel, contact)
    except ContactError as error:
        raise SubscriptionError(str(error)) from None
    index = crypto.blind_index(normal, kind=f"policies.{channel}")
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(channel=channel, contact_index=index)
            .first()
        )
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        channel=channel,
                        contact=normal,
                        contact_index=index,
                        contact_masked=mask_contact(channel, normal),
                        created_at=at,
                    )
            except IntegrityError:  # a concurrent request for the same contact
                subscription = Subscription.objects.get(channel=channel, contact_index=index)
        audit.record(
            action="policies.subscription.requested",
            by=None,
            at=at,
            target_type="policies.subscription",
            target_id=subscription.pk,
            target_label=subscription.get_channel_display(),
            after={"channel": channel},
        )
        choice = tokens.Choice(
            subscription.pk,
            tuple(sorted(i.code for i in industries)),
            tuple(sorted(c.pk for c in categories)),
            tuple(sorted(u.pk for u in departments)),
        )
        token = tokens.confirm_token(choice)
        pk = subscription.pk
        transaction.on_commit(lambda: _enqueue_confirmation(pk, token))
    return subscription


def _enqueue_confirmation(subscription_id: int, token: str) -> None:
    from .tasks import send_confirmation

    send_confirmation.enqueue(subscription_id, token)


def confirm_subscription(*, at: datetime, token: str) -> Subscription:
    choice = tokens.read_confirm_token(token)
    if choice is None:
        raise SubscriptionError("确认链接无效或已过期，请重新订阅。")
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(pk=choice.subscription_id).first()
        )
        if subscription is None or subscription.status == SubscriptionStatus.ENDED:
            raise SubscriptionError("这项订阅已退订或不存在，请重新订阅。")
        subscription.industries.set(Industry.objects.filter(code__in=choice.industries))
        subscription.categories.set(Category.objects.filter(pk__in=choice.categories))
        subscription.departments.set(Unit.objects.filter(pk__in=choice.departments))
        was = subscription.status
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.confirmed_at = at
        subscription.save(update_fields=["status", "confirmed_at"])
        audit.record(
            action="policies.subscription.confirmed",
            by=None,
            at=at,
            target_type="policies.subscription",
            target_id=subscription.pk,
            target_label=subscription.get_channel_display(),
            before={"status": was},
            after={
                "status": subscription.status,
                "industries": list(choice.industries),
                "categories": list(choice.categories),
                "departments": list(choice.departments),
            },
        )
    return subscription


def unsubscribe(*, at: datetime, token: str) -> bool:
    """End the subscription of a signed unsubscribe link and erase its contact. True when it
    ended now, False when it had ended before; SubscriptionError for a bad link."""
    pk = tokens.read_unsubscribe_token(token)
    if pk is None:
        raise SubscriptionError("退订链接无效。")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
        if subscription is None or subscription.status == SubscriptionStatus.ENDED:
            return False
        was = subscription.status
        subscription.status = SubscriptionStatus.ENDED
        subscription.ended_at = at
        subscription.contact = ""
        subscription.contact_index = ""
        subscription.contact_masked = ""
        subscription.save()
        audit.record(
            action="policies.subscription.ended",
            by=None,
            at=at,
            target_type="policies.subscription",
            target_id=subscription.pk,
            target_label=subscription.get_channel_display(),
            before={"status": was},
            after={"status": subscription.status},
        )
    return True


def purge_unconfirmed(*, at: datetime, older_than_days: int = 7) -> int:
    """Periodic job: delete requests never confirmed (their contact is all they hold)."""
    limit = at - timedelta(days=older_than_days)
    with transaction.atomic():
        stale = Subscription.objects.filter(status=SubscriptionStatus.PENDING, created_at__lt=limit)
        count = stale.count()
        if count:
            stale.delete()
            audit.record(
                action="policies.subscription.purged",
                by=None,
                at=at,
                target_type="policies.subscription",
                after={"deleted": count, "older_than_days": older_than_days},
            )
    return count
