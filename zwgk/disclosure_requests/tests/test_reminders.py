"""Reminders (5 and 2 working days before), escalation of overdue cases, the periodic job, the
recomputation after a calendar change, the workbench items and the 复议/诉讼 shares."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from zwgk.core import deadlines as core_deadlines
from zwgk.core import periodic
from zwgk.core.models import AuditEvent
from zwgk.core.selectors import load_workday_calendar
from zwgk.core.workdays import WorkdayCalendar
from zwgk.disclosure_requests import inbox, selectors, services
from zwgk.disclosure_requests.models import DisclosureRequest, EventKind, RequestEvent
from zwgk.disclosure_requests.reminders import send_deadline_reminders
from zwgk.disclosure_requests.tests.helpers import D, application, at, register


@pytest.fixture
def with_mail(officer_a, head_a, supervisor):
    for person, address in (
        (officer_a, "clerk@example.gov.cn"),
        (head_a, "head@example.gov.cn"),
        (supervisor, "office@example.gov.cn"),
    ):
        person.email = address
        person.save()


def test_reminders_at_five_and_two_working_days(
    officer_a, district, with_mail, django_capture_on_commit_callbacks
):
    obj = register(officer_a, district.unit_a, "2026-02-10")  # reply due 2026-03-16 (Mon)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(at=at("2026-03-06")) == {"reminded": 0, "escalated": 0}
        # 03-09: 5 working days left (03-10 … 03-16)
        assert send_deadline_reminders(at=at("2026-03-09")) == {"reminded": 1, "escalated": 0}
        assert send_deadline_reminders(at=at("2026-03-10")) == {"reminded": 0, "escalated": 0}
        # 03-12: 2 working days left
        assert send_deadline_reminders(at=at("2026-03-12")) == {"reminded": 1, "escalated": 0}
    keys = sorted(
        RequestEvent.objects.filter(request=obj, kind=EventKind.REMINDED).values_list(
            "dedupe_key", flat=True
        )
    )
    assert keys == ["remind:reply:2026-03-16:2", "remind:reply:2026-03-16:5"]
    assert [m.to for m in mail.outbox] == [["clerk@example.gov.cn"]] * 2
    assert "还有5个工作日" in mail.outbox[0].subject


def test_a_missed_run_sends_only_the_nearer_reminder(officer_a, district, with_mail):
    register(officer_a, district.unit_a, "2026-02-10")
    assert send_deadline_reminders(at=at("2026-03-13")) == {"reminded": 1, "escalated": 0}
    assert RequestEvent.objects.get(kind=EventKind.REMINDED).dedupe_key.endswith(":2")


def test_overdue_cases_escalate_once_to_the_head_and_the_office(
    officer_a, district, with_mail, django_capture_on_commit_callbacks
):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(at=at("2026-03-17")) == {"reminded": 0, "escalated": 1}
        assert send_deadline_reminders(at=at("2026-03-18")) == {"reminded": 0, "escalated": 0}
    assert mail.outbox[0].to == ["head@example.gov.cn", "office@example.gov.cn"]
    assert "逾期" in mail.outbox[0].subject and "138" not in mail.outbox[0].body
    assert (
        AuditEvent.objects.filter(
            action="disclosure_requests.request.escalated", target_id=str(obj.pk)
        ).count()
        == 1
    )
    # the ledger's legal clock ignores bookkeeping events
    obj.refresh_from_db()
    assert obj.reply_due_date == D("2026-03-16")


def test_the_job_is_registered_and_runs_from_the_scheduler(officer_a, district):
    register(officer_a, district.unit_a, "2026-02-10")
    assert "disclosure_requests.reminders" in periodic.registered()
    outcomes = periodic.run_due(at=at("2026-03-17"))
    assert outcomes["disclosure_requests.reminders"].startswith("ok")
    assert RequestEvent.objects.filter(kind=EventKind.ESCALATED).count() == 1


def test_a_calendar_change_recomputes_open_due_dates(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    assert obj.reply_due_date == D("2026-03-16")
    base = load_workday_calendar()
    # Suppose 2026-03-02 became an extra rest day: the reply is due one working day later.
    changed = WorkdayCalendar.build(
        years=base.years,
        rest_dates=base.rest_dates | {date(2026, 3, 2)},
        work_dates=base.work_dates,
    )
    counts = core_deadlines.recompute_all(
        years=frozenset({2026}), calendar=changed, by=None, at=timezone.now()
    )
    assert counts["disclosure_requests.due_dates"] == 1
    obj.refresh_from_db()
    assert obj.reply_due_date == D("2026-03-17")


def test_workbench_items(officer_a, head_a, supervisor, officer_b, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    pending, _code = services.submit_online_application(
        at=at("2026-03-09"), unit=district.unit_a, data=application()
    )
    today = D("2026-03-17")
    clerk_items = list(inbox.request_items(officer_a, today))
    titles = [item.title for item in clerk_items]
    assert any(obj.number in t for t in titles)
    assert any(t.startswith("待确认收件") for t in titles)
    assert not any("超过期限" in t for t in titles)  # clerks are not escalated to
    head_titles = [item.title for item in inbox.request_items(head_a, today)]
    assert any("2 件政府信息公开申请已超过期限" in t for t in head_titles)  # incl. unconfirmed
    office_titles = [item.title for item in inbox.request_items(supervisor, today)]
    assert any("已超过期限" in t for t in office_titles)
    assert list(inbox.request_items(officer_b, today)) == []
    assert pending.pk


def test_appeal_shares_and_alert(officer_a, head_a, supervisor, district):
    def case(day: str):
        obj = register(officer_a, district.unit_a, day)
        services.reply_to_request(
            by=officer_a,
            at=at("2026-03-10"),
            request=obj,
            data=services.ReplyData(outcome="disclose", reply_date=D("2026-03-10")),
        )
        return obj

    first, second = case("2026-03-02"), case("2026-03-03")
    services.record_appeal(
        by=officer_a,
        at=at("2026-03-20"),
        request=first,
        data=services.AppealData(
            kind="reconsideration",
            body="重庆市铜梁区人民政府",
            filed_on=D("2026-03-12"),
            stage="closed",
            result="upheld",
            decided_on=D("2026-03-20"),
        ),
    )
    recon = services.record_appeal(
        by=officer_a,
        at=at("2026-03-20"),
        request=second,
        data=services.AppealData(
            kind="reconsideration",
            body="重庆市铜梁区人民政府",
            filed_on=D("2026-03-12"),
        ),
    )
    rows, district_share = selectors.appeal_shares(supervisor)
    assert district_share.reconsiderations_decided == 1 and not district_share.is_alert
    services.update_appeal(
        by=officer_a,
        at=at("2026-03-25"),
        appeal=recon,
        data=services.AppealData(
            kind="reconsideration",
            body="重庆市铜梁区人民政府",
            filed_on=D("2026-03-12"),
            stage="closed",
            result="corrected",
            decided_on=D("2026-03-25"),
        ),
    )
    services.record_appeal(
        by=officer_a,
        at=at("2026-03-30"),
        request=second,
        after=recon,
        data=services.AppealData(
            kind="litigation", body="铜梁区人民法院", filed_on=D("2026-03-30")
        ),
    )
    rows, district_share = selectors.appeal_shares(supervisor)
    assert district_share.corrected_share == 0.5 and district_share.is_alert
    assert [r.unit for r in rows] == [district.unit_a]
    alerts = [i for i in inbox.request_items(head_a, D("2026-03-30")) if i.kind == "alert"]
    assert any("复议纠错 50.0%" in i.title for i in alerts)
    with pytest.raises(services.RequestError):
        services.record_appeal(
            by=officer_a,
            at=at("2026-03-30"),
            request=first,
            after=recon,  # a reconsideration of another application
            data=services.AppealData(kind="litigation", body="法院", filed_on=D("2026-03-30")),
        )
    assert DisclosureRequest.objects.count() == 2
