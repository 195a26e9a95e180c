"""The review chain of a document, narrated: register → submit → deputy → head → publish."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.documents import services
from zwgk.documents.models import Document, ReviewEvent, Status, Topic
from zwgk.documents.statute import FIVE_CHECKS
from zwgk.textcheck.pii import ID_CHECK, ID_WEIGHTS

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
ALL_CHECKS = {key: True for key, _ in FIVE_CHECKS}


def valid_id() -> str:
    first = "50022419900101123"
    return first + ID_CHECK[sum(int(d) * w for d, w in zip(first, ID_WEIGHTS, strict=True)) % 11]


def data(**fields):
    base = {
        "doc_number": "铜教发[2026] 3 号",
        "written_date": date(2026, 2, 27),
        "topic": Topic.objects.get(name="科技、教育"),
        "genre": "tongzhi",
        "body": "各中小学校：现将有关事项通知如下。",
        "disclosure": "proactive",
        "disclosure_scope": "full",
    }
    base.update(fields)
    return services.DocumentData(
        title=fields.pop("title", "关于做好2026年义务教育招生工作的通知"), fields=base
    )


@pytest.fixture
def draft(officer_a, district):
    return services.register_document(by=officer_a, at=AT, unit=district.unit_a, data=data())


def test_registration_normalises_number_and_assigns_index(draft, district):
    assert draft.doc_number == "铜教发〔2026〕3号"
    assert draft.index_number == f"{district.unit_a.code}/2026-00001"
    # 2026-02-27 (Fri) + 20 working days; Sat 02-28 is a make-up working day (调休)
    assert draft.publish_due_date == date(2026, 3, 26)
    assert AuditEvent.objects.filter(action="documents.document.registered").count() == 1


def test_full_chain_to_publication(draft, officer_a, deputy_a, head_a):
    services.submit_document(by=officer_a, at=AT, document=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DEPUTY_REVIEW
    # the deputy confirms the five checks and the secrecy review
    services.approve_document(
        by=deputy_a, at=AT, document=draft, checks=ALL_CHECKS, secrecy_review_passed=True
    )
    draft.refresh_from_db()
    assert draft.status == Status.HEAD_REVIEW
    services.approve_document(
        by=head_a, at=AT, document=draft, checks=ALL_CHECKS, secrecy_review_passed=True
    )
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED and draft.approved_hash
    services.publish_document(by=officer_a, at=AT, document=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at == AT
    decisions = list(ReviewEvent.objects.filter(document=draft).values_list("decision", flat=True))
    assert decisions == ["submitted", "approved", "approved"]


def test_missing_attribute_is_returned_automatically(officer_a, district):
    doc = services.register_document(
        by=officer_a, at=AT, unit=district.unit_a, data=data(disclosure="")
    )
    services.submit_document(by=officer_a, at=AT, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED
    assert "未明确公开属性" in doc.return_reason


def test_withheld_without_ground_is_returned(officer_a, district):
    doc = services.register_document(
        by=officer_a, at=AT, unit=district.unit_a, data=data(disclosure="withheld")
    )
    services.submit_document(by=officer_a, at=AT, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED and "法律依据" in doc.return_reason


def test_nobody_approves_their_own_draft(head_a, district):
    doc = services.register_document(by=head_a, at=AT, unit=district.unit_a, data=data())
    services.submit_document(by=head_a, at=AT, document=doc)
    with pytest.raises(PermissionDeniedError):
        services.approve_document(
            by=head_a, at=AT, document=doc, checks=ALL_CHECKS, secrecy_review_passed=True
        )


def test_five_checks_must_all_be_confirmed(draft, officer_a, deputy_a):
    services.submit_document(by=officer_a, at=AT, document=draft)
    with pytest.raises(DomainError, match="保密关"):
        services.approve_document(
            by=deputy_a,
            at=AT,
            document=draft,
            checks={**ALL_CHECKS, "check_secrecy": False},
            secrecy_review_passed=True,
        )
    draft.refresh_from_db()
    assert draft.status == Status.DEPUTY_REVIEW


def test_personal_data_blocks_submission_until_fixed(officer_a, district):
    doc = services.register_document(
        by=officer_a,
        at=AT,
        unit=district.unit_a,
        data=data(body=f"联系人身份证号{valid_id()}。"),
    )
    with pytest.raises(DomainError, match="公民身份号码"):
        services.submit_document(by=officer_a, at=AT, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.DRAFT
    services.update_document(by=officer_a, at=AT, document=doc, data=data(body="联系人：区教委。"))
    services.submit_document(by=officer_a, at=AT, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.DEPUTY_REVIEW


def test_edit_after_approval_goes_back_to_draft(draft, officer_a, deputy_a, head_a):
    services.submit_document(by=officer_a, at=AT, document=draft)
    for reviewer in (deputy_a, head_a):
        services.approve_document(
            by=reviewer, at=AT, document=draft, checks=ALL_CHECKS, secrecy_review_passed=True
        )
    services.update_document(by=officer_a, at=AT, document=draft, data=data(body="改过的正文"))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not draft.approved_hash
    with pytest.raises(TransitionError):
        services.publish_document(by=officer_a, at=AT, document=draft)


def test_other_unit_cannot_touch(draft, officer_b):
    with pytest.raises(PermissionDeniedError):
        services.submit_document(by=officer_b, at=AT, document=draft)


def test_withdraw_needs_reason_and_is_audited(draft, officer_a, deputy_a, head_a):
    services.submit_document(by=officer_a, at=AT, document=draft)
    for reviewer in (deputy_a, head_a):
        services.approve_document(
            by=reviewer, at=AT, document=draft, checks=ALL_CHECKS, secrecy_review_passed=True
        )
    services.publish_document(by=officer_a, at=AT, document=draft)
    with pytest.raises(DomainError):
        services.withdraw_document(by=head_a, at=AT, document=draft, reason=" ")
    services.withdraw_document(by=head_a, at=AT, document=draft, reason="内容已过时")
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN and draft.withdraw_reason == "内容已过时"
    assert Document.objects.published().count() == 0
