"""An issued 通报 marked for public release goes to the portal as a document of the 区政府办
through the register's review, and can be withdrawn; personal data is never published."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conftest import client_for, make_person
from zwgk.core.errors import PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.documents import services as documents
from zwgk.documents.models import Document, Status
from zwgk.orgs import services as orgs
from zwgk.orgs.models import Role
from zwgk.portal import columns as portal_columns
from zwgk.portal import selectors as portal
from zwgk.supervision import bulletin_publication as publication
from zwgk.supervision import bulletins
from zwgk.supervision.bulletins import BulletinError
from zwgk.supervision.models import Bulletin

from .test_bulletins import evidence  # noqa: F401 — the fixture

TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(TZ)


@pytest.fixture
def office(district, supervisor):
    """The 区政府办: the supervisor is also its clerk (registers documents); a second
    supervisor reviews 通报 and does the office check; the office's deputy and head review."""
    orgs.add_membership(by=None, at=now(), user=supervisor, unit=district.office, role=Role.CLERK)
    return {
        "reviewer": make_person("supervisor2", "孙督查", district.office, Role.SUPERVISOR),
        "deputy": make_person("office_deputy", "钱副主任", district.office, Role.DEPUTY),
        "head": make_person("office_head", "赵主任", district.office, Role.HEAD),
    }


@pytest.fixture
def issued(evidence, district, supervisor, office):  # noqa: F811
    bulletin = bulletins.draft_bulletin(
        by=supervisor,
        at=now(),
        district=district.root,
        title="关于2025年政务公开工作情况的通报",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        rectify_by=date.today() + timedelta(days=30),
    )
    bulletin.intro = "现将2025年政务公开工作检查情况通报如下。"
    bulletin.save()
    bulletins.submit_bulletin(by=supervisor, at=now(), bulletin=bulletin)
    return bulletins.issue_bulletin(by=office["reviewer"], at=now(), bulletin=bulletin)


def review_and_publish(document, office, clerk):
    checks = {key: True for key, _label in documents.FIVE_CHECKS}
    for reviewer in (office["deputy"], office["head"], office["reviewer"]):
        document.refresh_from_db()
        if document.status in (Status.APPROVED, Status.PUBLISHED):
            break
        documents.approve_document(
            by=reviewer, at=now(), document=document, checks=checks, secrecy_review_passed=True
        )
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    documents.publish_document(by=clerk, at=now(), document=document)
    document.refresh_from_db()
    return document


def test_only_a_bulletin_marked_public_is_published(issued, supervisor):
    with pytest.raises(BulletinError, match="未标记为公开"):
        publication.publish_bulletin(by=supervisor, at=now(), bulletin=issued)
    assert not Document.objects.filter(genre="tongbao").exists()


def test_publish_review_and_withdraw(issued, supervisor, office, district):
    publication.mark_public(by=supervisor, at=now(), bulletin=issued, public=True)
    document = publication.publish_bulletin(by=supervisor, at=now(), bulletin=issued)
    issued.refresh_from_db()
    assert issued.document == document and document.status == Status.DEPUTY_REVIEW
    assert document.publishing_unit == district.office
    assert (document.genre, document.column) == ("tongbao", publication.BULLETIN_COLUMN)
    item = issued.items.filter(is_included=True).first()
    assert item.summary in document.body and issued.intro in document.body
    assert "/staff/" not in document.body  # no internal evidence links
    # Twice is refused while it is with the register; so is changing its public mark.
    with pytest.raises(BulletinError, match="发布流程"):
        publication.publish_bulletin(by=supervisor, at=now(), bulletin=issued)
    with pytest.raises(BulletinError, match="撤稿后"):
        publication.mark_public(by=supervisor, at=now(), bulletin=issued, public=False)
    document = review_and_publish(document, office, supervisor)
    assert document.status == Status.PUBLISHED
    assert publication.publication_status(Bulletin.objects.get(pk=issued.pk)) == "published"
    # On the portal: among the office's public documents, in a column the portal has for it.
    assert publication.BULLETIN_COLUMN in dict(portal_columns.list_columns_of(district.office))
    assert document in portal.public_documents([district.office.pk])
    # Withdrawal: the register's 撤稿 with its reason.
    with pytest.raises(BulletinError):
        publication.withdraw_bulletin(by=supervisor, at=now(), bulletin=issued, reason="")
    publication.withdraw_bulletin(by=supervisor, at=now(), bulletin=issued, reason="内容有误")
    document.refresh_from_db()
    assert document.status == Status.WITHDRAWN and document.withdraw_reason == "内容有误"
    assert document not in portal.public_documents([district.office.pk])
    assert document in portal.documents_with_pages([district.office.pk])  # "withdrawn" page
    # After withdrawal it can be published again, as a new document.
    again = publication.publish_bulletin(by=supervisor, at=now(), bulletin=issued)
    assert again.pk != document.pk
    actions = set(
        AuditEvent.objects.filter(action__startswith="supervision.bulletin.").values_list(
            "action", flat=True
        )
    )
    assert {
        "supervision.bulletin.marked_public",
        "supervision.bulletin.sent_for_publication",
        "supervision.bulletin.withdrawn_from_portal",
    } <= actions


def test_personal_data_is_never_published(issued, supervisor):
    publication.mark_public(by=supervisor, at=now(), bulletin=issued, public=True)
    item = issued.items.filter(is_included=True).first()
    item.summary = "申请人13812345678的申请逾期未答复"
    item.save()
    with pytest.raises(BulletinError, match="个人信息") as refused:
        publication.publish_bulletin(by=supervisor, at=now(), bulletin=issued)
    assert "13812345678" not in str(refused.value)  # the finding is shown masked
    issued.refresh_from_db()
    assert issued.document is None and not Document.objects.filter(genre="tongbao").exists()


def test_not_issued_or_not_an_office_drafter_is_refused(issued, district, office):
    draft = Bulletin.objects.get(pk=issued.pk)
    draft.status = Bulletin.Status.DRAFT
    draft.issued_at = None
    draft.is_public = True
    draft.save()
    with pytest.raises(BulletinError, match="已印发"):
        publication.publish_bulletin(by=office["reviewer"], at=now(), bulletin=draft)
    Bulletin.objects.filter(pk=issued.pk).update(status="issued", issued_at=now())
    with pytest.raises(PermissionDeniedError, match="经办人或负责人"):
        publication.publish_bulletin(by=office["reviewer"], at=now(), bulletin=issued)


def test_unit_staff_cannot_mark_or_publish(issued, officer_a):
    with pytest.raises(PermissionDeniedError):
        publication.mark_public(by=officer_a, at=now(), bulletin=issued, public=True)


def test_the_page_marks_publishes_and_withdraws(issued, supervisor, office, client_a):
    client = client_for(supervisor)
    url = reverse("supervision:bulletin_detail", args=[issued.pk])
    action = lambda name: reverse("supervision:bulletin_action", args=[issued.pk, name])  # noqa: E731
    assert "mark_public" in client.get(url).content.decode()
    refused = client.post(action("publish"))
    assert refused.status_code == 400 and "未标记为公开" in refused.content.decode()
    assert client.post(action("mark_public")).status_code == 302
    assert client.post(action("publish")).status_code == 302
    issued.refresh_from_db()
    assert issued.document.status == Status.DEPUTY_REVIEW
    review_and_publish(issued.document, office, supervisor)
    bad = client.post(action("withdraw"), {"reason": ""})
    assert bad.status_code == 400
    assert client.post(action("withdraw"), {"reason": "需要更正"}).status_code == 302
    issued.document.refresh_from_db()
    assert issued.document.status == Status.WITHDRAWN
    # A unit's clerk cannot act on the 通报.
    assert client_a.post(action("mark_internal")).status_code == 404
