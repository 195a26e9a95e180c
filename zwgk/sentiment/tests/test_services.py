"""舆情 cases: the open_case contract, timers from the rules table, 会商, 研判, 回应, 评估,
alerts and the supervision problem source."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from zwgk.core.models import AuditEvent
from zwgk.sentiment import rules, selectors, services
from zwgk.sentiment.models import Case, CaseEvent, Status
from zwgk.supervision import problems

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def _open(district, by=None, **extra):
    values = {
        "by": by,
        "at": T0,
        "unit": district.unit_a,
        "source": "manual",
        "title": "网传某校食堂食品安全问题",
        "summary": "多个微信群转发某校食堂照片，质疑食品安全。",
    }
    values.update(extra)
    return services.open_case(**values)


def test_rules_are_data_with_their_source():
    codes = {rule.code: rule for rule in rules.TIMER_RULES}
    assert codes["authoritative_info_5h"].hours == 5
    assert codes["press_conference_24h"].hours == 24
    assert codes["response_48h"].hours == 48
    assert all("UNCONFIRMED" in rule.source for rule in rules.TIMER_RULES)


@pytest.mark.django_db
def test_open_case_contract_makes_48h_timer_and_audit(district, officer_a):
    case = _open(district, by=officer_a, source="mailbox.letter:12")
    assert case.status == Status.COLLECTED and case.unit == district.unit_a
    timers = list(case.timers.all())
    assert [(t.rule_code, t.due_at) for t in timers] == [("response_48h", T0 + timedelta(hours=48))]
    assert timers[0].warn_at == T0 + timedelta(hours=40)
    assert AuditEvent.objects.filter(
        action="sentiment.case.opened", target_id=str(case.pk)
    ).exists()
    # The same source while the case is open: the same case, not a second one.
    again = _open(district, by=None, source="mailbox.letter:12", title="别的标题")
    assert again.pk == case.pk and Case.objects.count() == 1


@pytest.mark.django_db
def test_open_case_by_system_and_major_emergency(district):
    case = _open(district, source="monitoring.finding:9", is_major_emergency=True)
    assert sorted(t.rule_code for t in case.timers.all()) == [
        "authoritative_info_5h",
        "press_conference_24h",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [
        ("source", "bad source"),
        ("source", ""),
        ("title", ""),
        ("title", "x" * 201),
        ("summary", " "),
    ],
)
def test_open_case_refuses_bad_input(district, field, value):
    with pytest.raises(services.CaseError):
        _open(district, **{field: value})
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_assessment_as_major_emergency_switches_timers(district, officer_a):
    case = _open(district, by=officer_a)
    services.assess_case(
        by=officer_a,
        at=T0 + timedelta(hours=1),
        case=case,
        risk_level="high",
        is_major_emergency=True,
        note="涉及学生健康，可能引发群体关注",
    )
    active = sorted(t.rule_code for t in case.timers.filter(is_active=True))
    assert active == ["authoritative_info_5h", "press_conference_24h"]
    assert case.timers.get(rule_code="response_48h").is_active is False
    case.refresh_from_db()
    assert case.status == Status.ASSESSED


@pytest.mark.django_db
def test_response_meets_timers_and_late_one_is_a_problem(district, officer_a):
    case = _open(district, by=officer_a, is_major_emergency=True)
    services.record_response(
        by=officer_a,
        at=T0 + timedelta(hours=6),
        case=case,
        kind="authoritative_info",
        text="区教委已派工作组进驻核查，情况将及时通报。",
        channel="区政府网站",
        published_at=T0 + timedelta(hours=4),
    )
    info = case.timers.get(rule_code="authoritative_info_5h")
    press = case.timers.get(rule_code="press_conference_24h")
    assert info.met_at == T0 + timedelta(hours=4) and press.met_at is None
    services.record_response(
        by=officer_a,
        at=T0 + timedelta(hours=30),
        case=case,
        kind="press_conference",
        text="召开新闻发布会通报核查结果。",
        channel="新闻发布会",
        published_at=T0 + timedelta(hours=30),
    )
    press.refresh_from_db()
    assert press.is_late
    found = problems.collect(date(2026, 3, 1), date(2026, 3, 31), names=["sentiment.late_response"])
    assert [p.reference for p in found] == [f"sentiment.timer:{press.pk}"]
    assert found[0].unit_id == district.unit_a.pk
    # Unit B's view of the problems is empty.
    assert (
        problems.collect(
            date(2026, 3, 1),
            date(2026, 3, 31),
            [district.unit_b.pk],
            names=["sentiment.late_response"],
        )
        == []
    )


@pytest.mark.django_db
def test_response_with_personal_data_is_refused(district, officer_a):
    case = _open(district, by=officer_a)
    with pytest.raises(services.CaseError, match="手机号码"):
        services.record_response(
            by=officer_a,
            at=T0 + timedelta(hours=1),
            case=case,
            kind="response",
            text="请联系当事人13812345678了解情况。",
            channel="区政府网站",
            published_at=T0 + timedelta(hours=1),
        )
    assert case.responses.count() == 0


@pytest.mark.django_db
def test_evaluation_needs_a_response(district, officer_a):
    case = _open(district, by=officer_a)
    with pytest.raises(services.CaseError):
        services.evaluate_case(by=officer_a, at=T0, case=case, effect="good", note="平息")
    services.record_response(
        by=officer_a,
        at=T0 + timedelta(hours=2),
        case=case,
        kind="response",
        text="经核查，照片系外地旧图。",
        channel="政务微博",
        published_at=T0 + timedelta(hours=2),
    )
    services.evaluate_case(
        by=officer_a, at=T0 + timedelta(days=3), case=case, effect="good", note="网民认可"
    )
    case.refresh_from_db()
    assert case.status == Status.EVALUATED and not case.is_open


@pytest.mark.django_db
def test_reassignment_by_the_district_office_only(district, officer_a, supervisor):
    case = _open(district, by=officer_a)
    with pytest.raises(services.CaseError):
        services.reassign_case(
            by=officer_a, at=T0, case=case, unit=district.unit_b, reason="属民政事项"
        )
    services.reassign_case(
        by=supervisor, at=T0, case=case, unit=district.unit_b, reason="属民政事项，谁主管谁负责"
    )
    case.refresh_from_db()
    assert case.unit == district.unit_b
    event = case.events.get(kind=CaseEvent.Kind.REASSIGNED)
    assert event.from_unit == district.unit_a and "谁主管谁负责" in event.note
    assert AuditEvent.objects.filter(action="sentiment.case.reassigned").count() == 1


@pytest.mark.django_db
def test_consultation_invites_units_who_see_the_case(district, officer_a, officer_b):
    case = _open(district, by=officer_a)
    assert not selectors.list_cases(officer_b).filter(pk=case.pk).exists()
    [opinion] = services.invite_units(
        by=officer_a, at=T0, case=case, units=[district.unit_b], question="请民政局提供意见"
    )
    assert selectors.list_cases(officer_b).filter(pk=case.pk).exists()
    with pytest.raises(services.CaseError):
        services.record_opinion(by=officer_a, at=T0, opinion=opinion, text="越权")
    services.record_opinion(by=officer_b, at=T0, opinion=opinion, text="建议联合回应")
    opinion.refresh_from_db()
    assert opinion.opinion == "建议联合回应" and opinion.answered_by == officer_b


@pytest.mark.django_db
def test_alerts_before_and_at_expiry_once_each(district, officer_a, head_a, supervisor):
    head_a.email = "head@example.com"
    head_a.save()
    case = _open(district, by=officer_a)
    assert services.send_timer_alerts(at=T0 + timedelta(hours=39)) == {"before": 0, "expired": 0}
    assert services.send_timer_alerts(at=T0 + timedelta(hours=41)) == {"before": 1, "expired": 0}
    assert services.send_timer_alerts(at=T0 + timedelta(hours=42)) == {"before": 0, "expired": 0}
    assert services.send_timer_alerts(at=T0 + timedelta(hours=49)) == {"before": 0, "expired": 1}
    assert services.send_timer_alerts(at=T0 + timedelta(hours=50)) == {"before": 0, "expired": 0}
    assert case.events.filter(kind=CaseEvent.Kind.ALERTED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_alert_mail_goes_after_commit(district, officer_a, head_a):
    head_a.email = "head@example.com"
    head_a.save()
    _open(district, by=officer_a)
    services.send_timer_alerts(at=T0 + timedelta(hours=49))
    assert len(mail.outbox) == 1 and "head@example.com" in mail.outbox[0].to
    assert "48小时" in mail.outbox[0].subject


@pytest.mark.django_db
def test_unmet_timer_of_a_closed_case_is_still_a_problem(district, officer_a):
    case = _open(district, by=officer_a, is_major_emergency=True)
    services.record_response(
        by=officer_a,
        at=T0 + timedelta(hours=3),
        case=case,
        kind="authoritative_info",
        text="已派工作组核查。",
        channel="区政府网站",
        published_at=T0 + timedelta(hours=3),
    )
    services.evaluate_case(
        by=officer_a, at=T0 + timedelta(days=2), case=case, effect="fair", note="持续关注"
    )
    found = selectors.late_timers(
        date(2026, 3, 1), date(2026, 3, 31), None, now=T0 + timedelta(days=3)
    )
    assert [t.rule_code for t in found] == ["press_conference_24h"]
