"""规范性文件 lifecycle: validity period, filing, expiry, repeal/amendment, clean-up, table 二."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.documents import normative, services
from zwgk.documents.models import Document, Status, Topic
from zwgk.documents.statute import FIVE_CHECKS, Validity

TZ = ZoneInfo("Asia/Shanghai")
ALL = {k: True for k, _ in FIVE_CHECKS}


def at(y, m, d):
    return datetime(y, m, d, 10, tzinfo=TZ)


def published_normative(officer, deputy, head, unit, when, title="铜梁区某某管理办法"):
    doc = services.register_document(
        by=officer,
        at=when,
        unit=unit,
        data=services.DocumentData(
            title=title,
            fields={
                "written_date": when.date(),
                "topic": Topic.objects.first(),
                "body": "第一条……",
                "disclosure": "proactive",
                "disclosure_scope": "full",
                "is_normative": True,
            },
        ),
    )
    services.submit_document(by=officer, at=when, document=doc)
    for reviewer in (deputy, head):
        services.approve_document(
            by=reviewer, at=when, document=doc, checks=ALL, secrecy_review_passed=True
        )
    services.publish_document(by=officer, at=when, document=doc)
    return Document.objects.get(pk=doc.pk)


@pytest.fixture
def doc(officer_a, deputy_a, head_a, district):
    return published_normative(officer_a, deputy_a, head_a, district.unit_a, at(2025, 3, 3))


def test_default_validity_is_five_years(officer_a, doc):
    record = normative.set_normative_record(
        by=officer_a,
        at=at(2025, 3, 3),
        document=doc,
        unified_number="TLQ-2025-001",
        valid_from=date(2025, 4, 1),
    )
    assert record.valid_until == date(2030, 3, 31)
    assert AuditEvent.objects.filter(action="documents.normative.set").exists()


def test_filing_and_bad_input(officer_a, doc):
    with pytest.raises(DomainError):
        normative.file_normative(
            by=officer_a, at=at(2025, 3, 3), document=doc, filed_on=date(2025, 3, 5), reference="x"
        )  # no record yet
    normative.set_normative_record(
        by=officer_a,
        at=at(2025, 3, 3),
        document=doc,
        unified_number="TLQ-2025-001",
        valid_from=date(2025, 4, 1),
    )
    with pytest.raises(DomainError, match="晚于今天"):
        normative.file_normative(
            by=officer_a,
            at=at(2025, 3, 3),
            document=doc,
            filed_on=date(2025, 3, 9),
            reference="渝备2025-1",
        )
    record = normative.file_normative(
        by=officer_a,
        at=at(2025, 3, 10),
        document=doc,
        filed_on=date(2025, 3, 9),
        reference="渝备2025-1",
    )
    assert record.filing_reference == "渝备2025-1"


def test_expiry_unless_renewed(officer_a, doc):
    normative.set_normative_record(
        by=officer_a,
        at=at(2025, 3, 3),
        document=doc,
        unified_number="TLQ-2025-001",
        valid_from=date(2025, 4, 1),
        valid_until=date(2026, 3, 31),
    )
    # the day after the last valid day, the daily job marks it 失效
    assert normative.expire_normative_documents(at=at(2026, 3, 31)) == 0
    assert normative.expire_normative_documents(at=at(2026, 4, 1)) == 1
    doc.normative.refresh_from_db()
    assert doc.normative.validity == Validity.EXPIRED
    normative.renew_normative(
        by=officer_a, at=at(2026, 4, 2), document=doc, valid_until=date(2031, 3, 31)
    )
    doc.normative.refresh_from_db()
    assert doc.normative.validity == Validity.VALID


def test_amendment_needs_the_new_version(officer_a, deputy_a, head_a, district, doc):
    normative.set_normative_record(
        by=officer_a,
        at=at(2025, 3, 3),
        document=doc,
        unified_number="TLQ-2025-001",
        valid_from=date(2025, 4, 1),
    )
    with pytest.raises(DomainError):
        normative.change_validity(
            by=officer_a, at=at(2025, 6, 1), document=doc, validity=Validity.AMENDED
        )
    new = published_normative(
        officer_a, deputy_a, head_a, district.unit_a, at(2025, 6, 2), "修订后的办法"
    )
    normative.change_validity(
        by=officer_a, at=at(2025, 6, 2), document=doc, validity=Validity.AMENDED, replaced_by=new
    )
    assert list(new.replaces.all()) == [doc.normative]


def test_other_unit_cannot_manage(officer_b, doc):
    with pytest.raises(PermissionDeniedError):
        normative.set_normative_record(
            by=officer_b,
            at=at(2025, 3, 3),
            document=doc,
            unified_number="X",
            valid_from=date(2025, 4, 1),
        )


def test_cleanup_campaign_repeals(officer_a, supervisor, district, doc):
    normative.set_normative_record(
        by=officer_a,
        at=at(2025, 3, 3),
        document=doc,
        unified_number="TLQ-2025-001",
        valid_from=date(2025, 4, 1),
    )
    campaign = normative.start_cleanup(
        by=supervisor, at=at(2025, 9, 1), district=district.root, title="2025年规范性文件清理"
    )
    item = campaign.items.get()
    normative.decide_cleanup(
        by=officer_a, at=at(2025, 9, 5), item=item, decision="repeal", note="已不适用"
    )
    doc.normative.refresh_from_db()
    assert doc.normative.validity == Validity.REPEALED


def test_table_two_counts(officer_a, deputy_a, head_a, district, doc):
    normative.set_normative_record(
        by=officer_a,
        at=at(2025, 3, 3),
        document=doc,
        unified_number="A",
        valid_from=date(2025, 4, 1),
    )
    second = published_normative(
        officer_a, deputy_a, head_a, district.unit_a, at(2025, 5, 6), "第二件"
    )
    normative.set_normative_record(
        by=officer_a,
        at=at(2025, 5, 6),
        document=second,
        unified_number="B",
        valid_from=date(2025, 5, 6),
    )
    normative.change_validity(
        by=officer_a, at=at(2025, 11, 1), document=second, validity=Validity.REPEALED
    )
    counts = normative.normative_counts(units=[district.unit_a], year=2025)
    assert (counts.made, counts.repealed, counts.in_force) == (2, 1, 1)
    # the year before, nothing existed yet
    assert normative.normative_counts(units=[district.unit_a], year=2024).made == 0
    assert Document.objects.filter(status=Status.PUBLISHED).count() == 2
