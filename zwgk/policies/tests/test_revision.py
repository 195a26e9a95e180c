"""修订 of a published policy: the published version stays public while the revision is
prepared and reviewed; the approval replaces the public text and is pushed once to the matching
subscribers as a changed policy; every step is audited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.policies import channels, services
from zwgk.policies.models import Category, Industry, Policy, PolicyRevision, RevisionStatus, Status

from .helpers import draft, publish, subscribe
from .test_views import form_data

pytestmark = pytest.mark.django_db

OLD = "对不裁员或少裁员的参保企业返还部分失业保险费。"
NEW = "返还比例由 50% 提高到 75%，2026 年 12 月 31 日前申请。"


def actions(policy):
    return list(
        AuditEvent.objects.filter(target_type="policies.policy", target_id=str(policy.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def public_page(policy) -> str:
    response = Client().get(reverse("policies_public:detail", args=[policy.pk]))
    assert response.status_code == 200
    return response.content.decode()


def revise(policy, by, **values):
    return services.update_policy(
        by=by,
        at=timezone.now(),
        policy=policy,
        values=values,
        industries=list(policy.industries.all()),
        categories=list(policy.categories.all()),
        target_groups=[],
    )


@pytest.fixture(autouse=True)
def _clean_outbox():
    channels.outbox.clear()
    mail.outbox.clear()
    yield
    channels.outbox.clear()


def test_the_published_version_stays_public_until_the_revision_is_approved(
    district, officer_a, head_a, django_capture_on_commit_callbacks
):
    subscribe("boss@factory.example.com", codes=("C",), categories=("稳岗",))
    subscribe("farmer@coop.example.com", codes=("A",))
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    assert [m.to for m in mail.outbox] == [["boss@factory.example.com"]]
    mail.outbox.clear()

    # The clerk revises: the public page keeps the old text.
    with django_capture_on_commit_callbacks(execute=True):
        revise(policy, officer_a, summary=NEW)
    assert OLD in public_page(policy) and NEW not in public_page(policy)
    # Submitted: still the old text, still in the public library, nothing pushed.
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    page = public_page(policy)
    assert OLD in page and NEW not in page
    assert Policy.objects.public().filter(pk=policy.pk).exists()
    policy.refresh_from_db()
    assert policy.status == Status.PUBLISHED and policy.revision == 1 and policy.summary == OLD
    assert mail.outbox == [] and channels.outbox == []

    # Returned with a reason, corrected, submitted again: the public page never changes.
    services.return_policy(by=head_a, at=timezone.now(), policy=policy, reason="请写明申请期限")
    assert PolicyRevision.objects.get().status == RevisionStatus.DRAFT
    revise(policy, officer_a, summary=NEW + "（补充）")
    services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    assert OLD in public_page(policy)

    # Approved: the new text replaces the old one and exactly one "changed" message goes out.
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    page = public_page(policy)
    assert NEW + "（补充）" in page and OLD not in page
    policy.refresh_from_db()
    assert policy.revision == 2 and policy.status == Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [["boss@factory.example.com"]]
    assert "已更新" in mail.outbox[0].subject
    assert channels.outbox == []
    revision = PolicyRevision.objects.get()
    assert revision.status == RevisionStatus.APPROVED and revision.approved_by == head_a
    assert actions(policy) == [
        "policies.policy.created",
        "policies.policy.submitted",
        "policies.policy.published",
        "policies.push.completed",
        "policies.policy.revised",
        "policies.revision.submitted",
        "policies.revision.returned",
        "policies.policy.revised",
        "policies.revision.submitted",
        "policies.policy.changed",
        "policies.push.completed",
    ]


def test_tags_change_only_on_approval(district, officer_a, head_a):
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    services.update_policy(
        by=officer_a,
        at=timezone.now(),
        policy=policy,
        values={},
        industries=list(Industry.objects.filter(code="A")),
        categories=[Category.objects.get(name="惠农")],
        target_groups=[],
    )
    assert list(policy.industries.values_list("code", flat=True)) == ["C"]
    services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    assert list(policy.industries.values_list("code", flat=True)) == ["A"]
    assert list(policy.categories.values_list("name", flat=True)) == ["惠农"]


def test_refused_moves_of_a_revision(district, officer_a, deputy_a, head_a):
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    with pytest.raises(TransitionError):  # nothing to submit yet
        services.submit_policy(by=officer_a, at=timezone.now(), policy=policy)
    with pytest.raises(TransitionError):
        services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    revise(policy, deputy_a, summary=NEW)
    with pytest.raises(TransitionError):  # a draft revision is not approved
        services.approve_policy(by=head_a, at=timezone.now(), policy=policy)
    with pytest.raises(services.PolicyError):  # bad values are refused when revising
        revise(policy, officer_a, summary="")
    services.submit_policy(by=deputy_a, at=timezone.now(), policy=policy)
    with pytest.raises(TransitionError) as raised:  # in review: no edits
        revise(policy, officer_a, summary="再改")
    assert "送审中的修订不能修改" in str(raised.value)
    with pytest.raises(PermissionDeniedError):  # the submitter does not review
        services.approve_policy(by=deputy_a, at=timezone.now(), policy=policy)
    with pytest.raises(services.PolicyError):
        services.return_policy(by=head_a, at=timezone.now(), policy=policy, reason=" ")
    policy.refresh_from_db()
    assert policy.summary == OLD and PolicyRevision.objects.get().values["summary"] == NEW


def test_staff_pages_continue_the_open_revision(client_a, district, officer_a, head_a):
    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    data = form_data(
        title=policy.title,
        summary=NEW,
        industries=[str(Industry.objects.get(code="C").pk)],
        categories=[str(Category.objects.get(name="稳岗").pk)],
    )
    response = client_a.post(reverse("policies:edit", args=[policy.pk]), data)
    assert response.status_code == 302
    assert OLD in public_page(policy)
    form = client_a.get(reverse("policies:edit", args=[policy.pk])).content.decode()
    assert NEW in form  # the clerk continues the revision, not the public text
    detail = client_a.get(reverse("policies:detail", args=[policy.pk])).content.decode()
    assert 'id="policy-revision"' in detail
    assert reverse("policies:submit", args=[policy.pk]) in detail
    assert client_a.post(reverse("policies:submit", args=[policy.pk])).status_code == 302
    head = client_for(head_a)
    detail = head.get(reverse("policies:detail", args=[policy.pk])).content.decode()
    assert reverse("policies:approve", args=[policy.pk]) in detail
    assert head.post(reverse("policies:approve", args=[policy.pk])).status_code == 302
    assert NEW in public_page(policy)


def test_a_revision_in_review_is_in_the_reviewers_inbox(district, officer_a, deputy_a, head_a):
    from zwgk.policies.inbox import policy_items

    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    today = timezone.localdate()
    assert list(policy_items(head_a, today)) == []
    revise(policy, deputy_a, summary=NEW)
    assert list(policy_items(head_a, today)) == []  # a draft revision waits for nobody
    services.submit_policy(by=deputy_a, at=timezone.now(), policy=policy)
    items = list(policy_items(head_a, today))
    assert [item.url for item in items] == [reverse("policies:detail", args=[policy.pk])]
    assert list(policy_items(deputy_a, today)) == []  # the submitter does not review


def test_at_most_one_open_revision_per_policy(district, officer_a, head_a):
    from django.db import IntegrityError, transaction

    policy = publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    revise(policy, officer_a, summary=NEW)
    revise(policy, officer_a, summary=NEW + "（二）")  # the same revision is changed
    assert PolicyRevision.objects.filter(policy=policy).count() == 1
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyRevision.objects.create(
            policy=policy, status=RevisionStatus.PENDING, created_at=now, updated_at=now
        )
    PolicyRevision.objects.create(  # approved ones are history and may be many
        policy=policy, status=RevisionStatus.APPROVED, created_at=now, updated_at=now
    )
