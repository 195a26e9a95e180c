"""Services of 行政执法公示: record, publish (personal-data check, deadline), withdraw, standing
information versions, the annual-report counts and the late-result problem source."""

from datetime import date

import pytest
from django.db import connection

from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.enforcement import selectors, services
from zwgk.enforcement.models import Decision, DecisionStatus, InfoVersion
from zwgk.enforcement.statute import DecisionKind, InfoKind, PartyKind
from zwgk.supervision import problems

from .helpers import ID_NUMBER, at, data, record

pytestmark = pytest.mark.django_db


def test_record_stores_the_identity_number_encrypted_and_computes_the_due_date(district, officer_a):
    decision = record(officer_a, district.unit_a)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.party_id_number.reveal() == ID_NUMBER
    with connection.cursor() as cursor:
        cursor.execute("SELECT party_id_number FROM enforcement_decision")
        raw = cursor.fetchone()[0]
    assert raw and ID_NUMBER not in raw
    # 7 working days (UNCONFIRMED) from Tue 2026-02-10 over 春节 → 2026-02-26.
    assert decision.publish_due_date == date(2026, 2, 26)
    event = AuditEvent.objects.get(action="enforcement.decision.recorded")
    assert "张晓明" not in str(event.after) and ID_NUMBER not in str(event.after)
    assert event.after["party"] == "张**"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "", "决定书文号"),
        ("kind", "fine", "执法类别"),
        ("party_id_number", "500224199001011234", "身份证号码不正确"),
        ("decision_date", date(2099, 1, 1), "不能晚于今天"),
        ("summary", "", "主要内容"),
    ],
)
def test_invalid_data_is_refused_and_nothing_is_stored(district, officer_a, field, value, message):
    with pytest.raises(services.EnforcementError, match=message):
        record(officer_a, district.unit_a, **{field: value})
    assert not Decision.objects.exists()


def test_identity_number_only_for_natural_persons(district, officer_a):
    with pytest.raises(services.EnforcementError, match="只有自然人"):
        record(officer_a, district.unit_a, party_kind=PartyKind.LEGAL, party_name="某公司")


def test_same_number_twice_in_a_unit_is_refused(district, officer_a, officer_b):
    record(officer_a, district.unit_a)
    with pytest.raises(services.EnforcementError, match="已有文号"):
        record(officer_a, district.unit_a)
    record(officer_b, district.unit_b)  # another unit may use the same number
    assert Decision.objects.count() == 2


def test_only_the_units_own_staff_record_and_publish(district, officer_a, officer_b, supervisor):
    with pytest.raises(PermissionDeniedError):
        record(officer_b, district.unit_a)
    with pytest.raises(PermissionDeniedError):
        record(supervisor, district.unit_a)
    decision = record(officer_a, district.unit_a)
    with pytest.raises(PermissionDeniedError):
        services.publish_decision(by=officer_b, at=at("2026-02-12"), decision=decision)
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_publication_is_refused_while_an_identity_number_is_in_the_summary(district, officer_a):
    decision = record(
        officer_a, district.unit_a, summary=f"当事人身份证号{ID_NUMBER}，罚款五百元。"
    )
    with pytest.raises(services.PublicationBlockedError) as caught:
        services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=decision)
    assert [f.rule for f in caught.value.findings if f.severity == "block"] == ["pii.id_card"]
    assert ID_NUMBER not in caught.value.findings[0].excerpt  # the finding is masked
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert not AuditEvent.objects.filter(action="enforcement.decision.published").exists()


def test_publication_is_refused_while_the_persons_name_is_written_out(district, officer_a):
    decision = record(officer_a, district.unit_a, summary="张晓明未经批准举办培训，罚款五百元。")
    with pytest.raises(services.PublicationBlockedError) as caught:
        services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=decision)
    assert [(f.rule, f.excerpt) for f in caught.value.findings] == [("pii.person_name", "张**")]
    # Fixed: the summary no longer names the person → published.
    services.update_decision(
        by=officer_a,
        at=at("2026-02-12"),
        decision=decision,
        data=data(summary="当事人未经批准举办培训，罚款五百元。"),
    )
    services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=decision)
    assert Decision.objects.get().status == DecisionStatus.PUBLISHED


def test_a_companys_name_is_public_and_not_a_finding(district, officer_a):
    decision = record(
        officer_a,
        district.unit_a,
        party_kind=PartyKind.LEGAL,
        party_name="重庆某某培训有限公司",
        party_id_number="",
        summary="重庆某某培训有限公司超范围办学，罚款五千元。",
    )
    services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=decision)
    assert decision.public_party_name == "重庆某某培训有限公司"


def test_publication_in_time_and_late(district, officer_a):
    # Lifecycle: decided Tue 2026-02-10; due 7 working days later, 2026-02-26 (UNCONFIRMED).
    on_time = record(officer_a, district.unit_a, number="铜教罚〔2026〕1号")
    late = record(officer_a, district.unit_a, number="铜教罚〔2026〕2号")
    services.publish_decision(by=officer_a, at=at("2026-02-26"), decision=on_time)
    # One day after the due date the second one is still unpublished: a problem.
    found = problems.collect(date(2026, 2, 1), date(2026, 2, 28), names=["enforcement.late_result"])
    assert [(p.kind, p.occurred_on) for p in found] == [("执法结果逾期未公示", date(2026, 2, 27))]
    services.publish_decision(by=officer_a, at=at("2026-03-02"), decision=late)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.is_late, late.is_late) == (False, True)
    found = problems.collect(date(2026, 3, 1), date(2026, 3, 31), names=["enforcement.late_result"])
    assert [(p.unit_id, p.kind, p.occurred_on) for p in found] == [
        (district.unit_a.pk, "执法结果未按期公示", date(2026, 3, 2))
    ]
    assert "UNCONFIRMED" in found[0].summary
    # Scoped by unit: unit B has no problem.
    of_b = problems.collect(
        date(2026, 1, 1),
        date(2026, 12, 31),
        [district.unit_b.pk],
        names=["enforcement.late_result"],
    )
    assert of_b == []


def test_withdraw_needs_a_reason_and_a_public_decision(district, officer_a):
    decision = record(officer_a, district.unit_a)
    with pytest.raises(TransitionError):
        services.withdraw_decision(by=officer_a, at=at("2026-02-12"), decision=decision, reason="x")
    services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=decision)
    with pytest.raises(services.EnforcementError, match="理由"):
        services.withdraw_decision(by=officer_a, at=at("2026-02-13"), decision=decision, reason=" ")
    services.withdraw_decision(
        by=officer_a, at=at("2026-02-13"), decision=decision, reason="文号录入错误"
    )
    assert Decision.objects.get().status == DecisionStatus.WITHDRAWN
    with pytest.raises(TransitionError):
        services.update_decision(by=officer_a, at=at("2026-02-13"), decision=decision, data=data())


def test_standing_information_is_versioned_and_audited(district, officer_a, officer_b):
    services.publish_info(
        by=officer_a, at=at("2026-02-11"), unit=district.unit_a, kind=InfoKind.BASES, body="依据一"
    )
    with pytest.raises(services.EnforcementError, match="相同"):
        services.publish_info(
            by=officer_a,
            at=at("2026-02-12"),
            unit=district.unit_a,
            kind=InfoKind.BASES,
            body="依据一",
        )
    services.publish_info(
        by=officer_a, at=at("2026-02-12"), unit=district.unit_a, kind=InfoKind.BASES, body="依据二"
    )
    assert list(InfoVersion.objects.filter(unit=district.unit_a).values_list("number", "body")) == [
        (2, "依据二"),
        (1, "依据一"),
    ]
    assert AuditEvent.objects.filter(action="enforcement.info.published").count() == 2
    with pytest.raises(PermissionDeniedError):
        services.publish_info(
            by=officer_b, at=at("2026-02-12"), unit=district.unit_a, kind=InfoKind.BASES, body="x"
        )
    with pytest.raises(services.PublicationBlockedError):
        services.publish_info(
            by=officer_a,
            at=at("2026-02-12"),
            unit=district.unit_a,
            kind=InfoKind.SUPERVISION,
            body="投诉请联系科长，手机13812345678",
        )
    assert InfoVersion.objects.count() == 2


def test_decision_counts_for_the_annual_report(district, officer_a, officer_b):
    record(officer_a, district.unit_a, number="罚1")
    record(officer_a, district.unit_a, number="罚2", decision_date=date(2025, 12, 31))
    record(officer_a, district.unit_a, number="许1", kind=DecisionKind.LICENSE)
    record(officer_a, district.unit_a, number="查1", kind=DecisionKind.INSPECTION)
    withdrawn = record(officer_a, district.unit_a, number="强1", kind=DecisionKind.COERCION)
    services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=withdrawn)
    services.withdraw_decision(by=officer_a, at=at("2026-02-12"), decision=withdrawn, reason="错录")
    record(officer_b, district.unit_b, number="强2", kind=DecisionKind.COERCION)
    assert selectors.decision_counts(unit_ids=None, year=2026) == {
        "license": 1,
        "penalty": 1,
        "coercion": 1,
    }
    assert selectors.decision_counts(unit_ids=[district.unit_a.pk], year=2026) == {
        "license": 1,
        "penalty": 1,
        "coercion": 0,
    }
    assert selectors.decision_counts(unit_ids=[district.unit_a.pk], year=2025) == {
        "license": 0,
        "penalty": 1,
        "coercion": 0,
    }
    assert selectors.decision_counts(unit_ids=[], year=2026) == {
        "license": 0,
        "penalty": 0,
        "coercion": 0,
    }


def test_full_width_punctuation_is_kept(district, officer_a):
    decision = record(officer_a, district.unit_a, number="铜教罚〔2026〕3号（补）")
    assert Decision.objects.get(pk=decision.pk).number == "铜教罚〔2026〕3号（补）"
    # Full-width digits in an identity number are normalised before the check.
    other = record(
        officer_a,
        district.unit_a,
        number="罚2",
        party_id_number="１１０１０５１９４９１２３１００２Ｘ",
    )
    assert other.party_id_number.reveal() == ID_NUMBER


def test_a_calendar_change_recomputes_due_dates_and_lateness(district, officer_a):
    from zwgk.core.workdays import WorkdayCalendar
    from zwgk.enforcement.deadlines import recompute_due_dates

    decision = record(officer_a, district.unit_a)  # due 2026-02-26 on the real calendar
    services.publish_decision(by=officer_a, at=at("2026-02-25"), decision=decision)
    assert Decision.objects.get().is_late is False
    # Suppose the arrangement had no 春节 rest: 7 working days after Tue 02-10 end on Thu 02-19.
    plain = WorkdayCalendar.build(years=[2025, 2026], rest_dates=[], work_dates=[])
    assert recompute_due_dates(frozenset({2026}), plain, at("2026-03-01")) == 1
    decision = Decision.objects.get()
    assert (decision.publish_due_date, decision.is_late) == (date(2026, 2, 19), True)
