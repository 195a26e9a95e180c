"""The policy workflow: draft → submitted → published (reviewed, audited), revision (修订) →
published again as a changed policy, and expiry when the validity ends (periodic, audited)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.policies import services
from zwgk.policies.models import Policy, Status

from .helpers import draft, industries, publish

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def actions(policy):
    return list(
        AuditEvent.objects.filter(target_type="policies.policy", target_id=str(policy.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_lifecycle_is_audited(district, officer_a, head_a, django_capture_on_commit_callbacks):
    policy = draft(officer_a, district.unit_a)
    assert policy.status == Status.DRAFT and policy.revision == 0
    services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    with django_capture_on_commit_callbacks(execute=True):
        published = services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    assert published.status == Status.PUBLISHED and published.revision == 1
    assert published.approved_by == head_a and published.published_at is not None
    # 修订: editing the published policy opens a revision; the published version stays public
    # until the revision is approved, which is "changed".
    services.update_policy(
        by=officer_a,
        at=timezone.now(),
        policy=published,
        values={"summary": "返还比例提高到 75%。"},
        industries=industries("C"),
        categories=list(published.categories.all()),
        target_groups=[],
    )
    policy.refresh_from_db()
    assert policy.status == Status.PUBLISHED and policy.revision == 1
    assert Policy.objects.public().filter(pk=policy.pk).exists()
    assert policy.summary != "返还比例提高到 75%。"
    publish(policy, author=officer_a, reviewer=head_a)
    policy.refresh_from_db()
    assert policy.status == Status.PUBLISHED and policy.revision == 2
    assert policy.summary == "返还比例提高到 75%。"
    assert actions(policy) == [
        "policies.policy.created",
        "policies.policy.submitted",
        "policies.policy.published",
        "policies.push.completed",  # the push ran after the commit (summary audited)
        "policies.policy.revised",
        "policies.revision.submitted",
        "policies.policy.changed",
    ]


def test_submitter_cannot_review_own_policy(district, officer_a, head_a, deputy_a):
    policy = draft(head_a, district.unit_a)
    services.submit_policy(by=head_a, at=timezone.now(), policy=policy)
    with pytest.raises(PermissionDeniedError):
        services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    with pytest.raises(PermissionDeniedError):  # a clerk does not review
        services.approve_policy(by=officer_a, at=timezone.now(), policy=policy)
    services.approve_policy(by=deputy_a, at=timezone.now(), policy=policy)


def test_district_office_reviews_any_unit(district, officer_a, supervisor, officer_b):
    policy = draft(officer_a, district.unit_a)
    services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    with pytest.raises(PermissionDeniedError):  # another unit's clerk
        services.approve_policy(by=officer_b, at=timezone.now(), policy=policy)
    services.approve_policy(by=supervisor, at=timezone.now(), policy=policy)
    assert Policy.objects.get(pk=policy.pk).status == Status.PUBLISHED


def test_refused_moves_change_nothing(district, officer_a, head_a):
    policy = draft(officer_a, district.unit_a)
    with pytest.raises(TransitionError):
        services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    untagged = draft(officer_a, district.unit_a, title="无标签", codes=(), categories=())
    with pytest.raises(services.PolicyError, match="至少选择一个行业"):
        services.submit_policy(by=officer_a, at=timezone.now(), policy=untagged)
    no_source = draft(officer_a, district.unit_a, title="无出处", source_url="")
    with pytest.raises(services.PolicyError, match="原文链接"):
        services.submit_policy(by=officer_a, at=timezone.now(), policy=no_source)
    assert set(Policy.objects.values_list("status", flat=True)) == {Status.DRAFT}
    services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    with pytest.raises(services.PolicyError, match="理由"):
        services.return_policy(by=head_a, at=timezone.now(), policy=policy, reason=" ")
    returned = services.return_policy(
        by=head_a, at=timezone.now(), policy=policy, reason="补充材料"
    )
    assert returned.status == Status.DRAFT and returned.return_reason == "补充材料"


def test_validity_dates_in_order(district, officer_a):
    with pytest.raises(services.PolicyError):
        draft(officer_a, district.unit_a, valid_from=date(2026, 5, 1), valid_until=date(2026, 4, 1))
    assert not Policy.objects.exists()


def test_other_unit_cannot_enter_or_edit(district, officer_a, officer_b):
    with pytest.raises(PermissionDeniedError):
        draft(officer_b, district.unit_a)
    policy = draft(officer_a, district.unit_a)
    with pytest.raises(PermissionDeniedError):
        services.submit_policy(by=officer_b, at=timezone.now(), policy=policy)


def test_expiry_job(district, officer_a, head_a):
    # A policy valid until 2026-06-30 is still in force on that day and expires the next.
    policy = draft(officer_a, district.unit_a, valid_until=date(2026, 6, 30))
    forever = draft(officer_a, district.unit_a, title="长期有效")
    publish(policy, author=officer_a, reviewer=head_a)
    publish(forever, author=officer_a, reviewer=head_a)
    assert services.expire_policies(at=datetime(2026, 6, 30, 23, 0, tzinfo=TZ)) == 0
    assert services.expire_policies(at=datetime(2026, 7, 1, 0, 30, tzinfo=TZ)) == 1
    policy.refresh_from_db()
    forever.refresh_from_db()
    assert policy.status == Status.EXPIRED and forever.status == Status.PUBLISHED
    assert actions(policy)[-1] == "policies.policy.expired"
    assert services.expire_policies(at=datetime(2026, 7, 2, tzinfo=TZ)) == 0  # once
    # Expired policies stay in the public library (marked), not in the default list.
    assert Policy.objects.public().filter(pk=policy.pk).exists()


def test_expiry_job_is_registered():
    from zwgk.core import periodic

    assert {"policies.expire", "policies.retry_deliveries", "policies.purge_unconfirmed"} <= set(
        periodic.registered()
    )
