"""The services of an application: each allowed move, refused moves, a concurrent claim, the
audit rows, and one narrated lifecycle over the 2026 calendar."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import deadlines, hooks, selectors, services
from zwgk.disclosure_requests.models import (
    DisclosureRequest,
    EventKind,
    Reply,
    RequestEvent,
    Status,
)
from zwgk.disclosure_requests.reminders import send_deadline_reminders
from zwgk.disclosure_requests.tests.helpers import ID, PHONE, D, application, at, register


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(obj.pk), target_type__startswith="disclosure")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- Registration and receipt ------------------------------------------------------------------


def test_in_person_registration_starts_the_clock(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    assert obj.status == Status.PROCESSING
    assert obj.receipt_date == D("2026-02-10")
    assert obj.reply_due_date == D("2026-03-16")  # rules.md §8.4
    assert obj.due_date == D("2026-03-16") and obj.due_kind == "reply"
    assert obj.number == "铜教依申〔2026〕1号"
    assert len(obj.lookup_code) == 10
    assert audit_actions(obj) == ["disclosure_requests.request.registered"]
    # personal data: encrypted, indexed, masked; the audit row holds none of it
    raw = DisclosureRequest.objects.filter(pk=obj.pk).values_list("id_number", flat=True).get()
    assert ID not in raw.token and raw.token.startswith("test1:")
    assert obj.id_number_masked == ID[:4] + "*" * 10 + ID[-4:]
    assert obj.phone_masked == "138****5678"
    event = AuditEvent.objects.get(action="disclosure_requests.request.registered")
    assert ID not in str(event.after) and PHONE not in str(event.after)


def test_registration_numbers_follow_per_unit_and_year(officer_a, district):
    register(officer_a, district.unit_a, "2026-02-10")
    second = register(officer_a, district.unit_a, "2026-02-11")
    assert second.number == "铜教依申〔2026〕2号"


def test_invalid_application_lists_every_problem_and_saves_nothing(officer_a, district):
    with pytest.raises(services.ApplicationError) as caught:
        register(
            officer_a,
            district.unit_a,
            id_number=ID[:-1] + ("0" if ID[-1] != "0" else "1"),
            phone="12345",
            description="",
            info_title="",
        )
    assert set(caught.value.errors) == {"id_number", "phone", "description"}
    assert "校验位" in caught.value.errors["id_number"]
    assert not DisclosureRequest.objects.exists()


def test_an_organisation_applies_with_its_credit_code(officer_a, district):
    with pytest.raises(services.ApplicationError) as caught:
        register(officer_a, district.unit_a, applicant_type="legal")
    assert "统一社会信用代码" in caught.value.errors["id_type"]
    obj = register(
        officer_a,
        district.unit_a,
        applicant_type="legal",
        applicant_name="重庆某某律师事务所",
        id_type="uscc",
        id_number="91500000MA5U4K7X21",
    )
    assert obj.applicant_type == "legal" and obj.id_number.reveal() == "91500000MA5U4K7X21"


def test_purpose_is_optional_but_contact_and_form_are_not(officer_a, district):
    with pytest.raises(services.ApplicationError) as caught:
        register(
            officer_a,
            district.unit_a,
            phone="",
            email="",
            address="",
            delivery_method="",
            information_form="",
        )
    assert set(caught.value.errors) == {"phone", "information_form", "delivery_method"}


def test_another_units_clerk_cannot_register(officer_b, district):
    with pytest.raises(PermissionDeniedError):
        register(officer_b, district.unit_a)


def test_online_application_waits_for_confirmation(officer_a, district):
    obj, code = services.submit_online_application(
        at=at("2026-03-07"), unit=district.unit_a, data=application()
    )
    assert obj.status == Status.PENDING and obj.receipt_date is None
    assert code.replace("-", "") == obj.lookup_code and "-" in code
    assert obj.due_kind == "confirm" and obj.due_date == D("2026-03-09")  # Monday
    assert audit_actions(obj) == ["disclosure_requests.request.submitted_online"]
    confirmed = services.confirm_receipt(
        by=officer_a, at=at("2026-03-09"), request=obj, confirmed_on=D("2026-03-09")
    )
    assert confirmed.status == Status.PROCESSING and confirmed.receipt_date == D("2026-03-09")
    with pytest.raises(TransitionError):
        services.confirm_receipt(
            by=officer_a, at=at("2026-03-10"), request=confirmed, confirmed_on=D("2026-03-10")
        )


def test_online_auto_confirmation_is_a_setting(settings, district):
    settings.ZWGK_FOI_ONLINE_AUTO_CONFIRM = True
    obj, _code = services.submit_online_application(
        at=at("2026-03-09"), unit=district.unit_a, data=application()
    )
    assert obj.status == Status.PROCESSING and obj.receipt_date == D("2026-03-09")


def test_confirmation_cannot_predate_arrival_or_lie_in_the_future(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-03-09", channel="letter")
    for day in ("2026-03-06", "2026-03-12"):
        with pytest.raises(services.RequestError):
            services.confirm_receipt(
                by=officer_a, at=at("2026-03-10"), request=obj, confirmed_on=D(day)
            )
    obj.refresh_from_db()
    assert obj.status == Status.PENDING


def test_unreachable_letter_writer(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-03-09", channel="letter")
    obj = services.record_contact_failure(
        by=officer_a, at=at("2026-03-09", 16), request=obj, note="拨打信封所留电话两次，无人接听。"
    )
    assert obj.due_date is None  # nothing runs until contact is restored
    obj = services.confirm_receipt(
        by=officer_a,
        at=at("2026-03-16"),
        request=obj,
        confirmed_on=D("2026-03-16"),
        contact_restored=True,
    )
    assert obj.receipt_date == D("2026-03-16")


# --- The clock's events ------------------------------------------------------------------------


def test_correction_cycle(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    obj = services.request_correction(
        by=officer_a,
        at=at("2026-02-12"),
        request=obj,
        items=["请写明所需信息的年份", "请写明学校名称", " "],
        deadline=D("2026-02-27"),
        sent_on=D("2026-02-12"),
    )
    assert obj.status == Status.CORRECTION and obj.due_kind == "correction"
    assert obj.reply_due_date is None
    event = obj.events.get(kind=EventKind.CORRECTION_REQUESTED)
    assert event.data["items"] == ["请写明所需信息的年份", "请写明学校名称"]
    # lapsing before the period ends is refused
    with pytest.raises(services.RequestError, match="尚未届满"):
        services.lapse_correction(by=officer_a, at=at("2026-02-27"), request=obj)
    obj = services.receive_correction(
        by=officer_a,
        at=at("2026-03-02"),
        request=obj,
        received_on=D("2026-03-02"),
        description="请公开2025年区教委对巴川中学食堂卫生检查的结果。",
    )
    assert obj.status == Status.PROCESSING
    assert obj.reply_due_date == D("2026-03-30")  # 20 working days from 03-02
    assert "巴川中学" in obj.description


def test_correction_lapse_closes_as_abandoned(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    obj = services.request_correction(
        by=officer_a,
        at=at("2026-02-12"),
        request=obj,
        items=["年份"],
        deadline=D("2026-02-27"),
        sent_on=D("2026-02-12"),
    )
    obj = services.lapse_correction(by=officer_a, at=at("2026-03-02"), request=obj)
    assert obj.status == Status.CLOSED and obj.closed_at is not None
    assert obj.reply.outcome == "correction_timeout" and obj.reply.table3_row == "6.1"
    assert obj.due_date is None


def test_correction_needs_items_and_a_later_deadline(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    for items, deadline in (([], "2026-02-27"), (["年份"], "2026-02-12")):
        with pytest.raises(services.RequestError):
            services.request_correction(
                by=officer_a,
                at=at("2026-02-12"),
                request=obj,
                items=items,
                deadline=D(deadline),
                sent_on=D("2026-02-12"),
            )
    assert not obj.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists()


def test_consultation_pauses_the_clock(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    consultation = services.send_consultation(
        by=officer_a,
        at=at("2026-02-26"),
        request=obj,
        party="third_party",
        party_name="重庆某某餐饮管理有限公司",
        question="是否同意公开检查结果中涉及贵公司的内容",
        sent_on=D("2026-02-26"),
    )
    assert consultation.window_end == D("2026-03-18")
    obj.refresh_from_db()
    assert obj.reply_due_date == D("2026-04-07")  # paused to the window end
    with pytest.raises(services.RequestError, match="尚未届满"):
        services.record_consultation_answer(
            by=officer_a, at=at("2026-03-04"), consultation=consultation, answer="none"
        )
    services.record_consultation_answer(
        by=officer_a,
        at=at("2026-03-04"),
        consultation=consultation,
        answer="disagree",
        answered_on=D("2026-03-04"),
        note="涉及商业秘密",
    )
    obj.refresh_from_db()
    assert obj.reply_due_date == D("2026-03-23")
    with pytest.raises(services.RequestError, match="已登记"):
        services.record_consultation_answer(
            by=officer_a,
            at=at("2026-03-05"),
            consultation=consultation,
            answer="agree",
            answered_on=D("2026-03-05"),
        )


def test_silent_consultation_ends_with_the_window(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    consultation = services.send_consultation(
        by=officer_a,
        at=at("2026-02-26"),
        request=obj,
        party="co_producer",
        party_name="区财政局",
        question="",
        sent_on=D("2026-02-26"),
    )
    services.record_consultation_answer(
        by=officer_a, at=at("2026-03-19"), consultation=consultation, answer="none"
    )
    consultation.refresh_from_db()
    assert consultation.answered_on == D("2026-03-18")


def test_extension_needs_the_head_and_happens_once(officer_a, head_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    kwargs = {
        "at": at("2026-03-10"),
        "reason": "需调取多所学校档案",
        "approved_on": D("2026-03-10"),
    }
    with pytest.raises(PermissionDeniedError):
        services.extend_deadline(by=officer_a, request=obj, workdays=20, **kwargs)
    with pytest.raises(services.RequestError, match="1至20"):
        services.extend_deadline(by=head_a, request=obj, workdays=21, **kwargs)
    obj = services.extend_deadline(by=head_a, request=obj, workdays=20, **kwargs)
    assert obj.reply_due_date == D("2026-04-14")  # rules.md §8.4: +40
    with pytest.raises(services.RequestError, match="只能延长一次"):
        services.extend_deadline(by=head_a, request=obj, workdays=5, **kwargs)
    assert "disclosure_requests.request.extended" in audit_actions(obj)


def test_extension_after_the_period_is_refused(officer_a, head_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    with pytest.raises(services.RequestError, match="已届满"):
        services.extend_deadline(
            by=head_a,
            at=at("2026-03-17"),
            request=obj,
            workdays=10,
            reason="x",
            approved_on=D("2026-03-17"),
        )


def test_art35_reasons_then_a_reasonable_period(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    with pytest.raises(services.RequestError, match="说明理由"):
        services.reply_to_request(
            by=officer_a,
            at=at("2026-02-12"),
            request=obj,
            data=services.ReplyData(outcome="excessive", reply_date=D("2026-02-12"), body="x"),
        )
    obj = services.request_reasons(
        by=officer_a,
        at=at("2026-02-12"),
        request=obj,
        sent_on=D("2026-02-12"),
        deadline=D("2026-02-27"),
    )
    assert obj.status == Status.REASONS
    obj = services.accept_reasons(
        by=officer_a,
        at=at("2026-02-26"),
        request=obj,
        decided_on=D("2026-02-26"),
        reasonable_due=D("2026-05-29"),
    )
    assert obj.status == Status.PROCESSING and obj.reply_due_date == D("2026-05-29")


def test_fee_notice_is_computed_paid_and_lapses(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10", information_form="paper")
    with pytest.raises(services.RequestError, match="不收费"):
        services.notify_fee(
            by=officer_a,
            at=at("2026-03-02"),
            request=obj,
            method="per_volume",
            pages=30,
            sent_on=D("2026-03-02"),
            received_on=D("2026-03-03"),
        )
    with pytest.raises(services.RequestError, match="不得同时"):
        services.notify_fee(
            by=officer_a,
            at=at("2026-03-02"),
            request=obj,
            method="per_volume",
            pages=120,
            items=2,
            sent_on=D("2026-03-02"),
            received_on=D("2026-03-03"),
        )
    notice = services.notify_fee(
        by=officer_a,
        at=at("2026-03-03"),
        request=obj,
        method="per_volume",
        pages=120,
        sent_on=D("2026-03-02"),
        received_on=D("2026-03-03"),
    )
    assert notice.amount == Decimal("1100") and notice.pay_by == D("2026-03-31")
    obj.refresh_from_db()
    assert obj.status == Status.FEE and obj.due_kind == "fee" and obj.due_date == D("2026-03-31")
    with pytest.raises(services.RequestError, match="尚未届满"):
        services.lapse_fee(by=officer_a, at=at("2026-03-31"), request=obj)
    obj = services.record_fee_payment(
        by=officer_a, at=at("2026-03-05"), request=obj, paid_on=D("2026-03-05")
    )
    assert obj.status == Status.PROCESSING and obj.reply_due_date == D("2026-03-19")


def test_unpaid_fee_closes_as_abandoned(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    services.notify_fee(
        by=officer_a,
        at=at("2026-03-02"),
        request=obj,
        method="per_volume",
        pages=40,
        sent_on=D("2026-03-02"),
        received_on=D("2026-03-02"),
    )
    obj = services.lapse_fee(by=officer_a, at=at("2026-04-01"), request=obj)
    assert obj.status == Status.CLOSED and obj.reply.table3_row == "6.2"


def test_per_item_fee_counts_the_applicants_month(officer_a, district):
    for day in range(10):
        register(officer_a, district.unit_a, f"2026-03-{day + 2:02d}" if day < 5 else "2026-03-09")
    eleventh = register(officer_a, district.unit_a, "2026-03-10")
    assert services.earlier_items_in_month(eleventh) == 10
    notice = services.notify_fee(
        by=officer_a,
        at=at("2026-03-11"),
        request=eleventh,
        method="per_item",
        items=2,
        sent_on=D("2026-03-11"),
        received_on=D("2026-03-11"),
    )
    assert notice.amount == Decimal("200") and notice.earlier_items == 10


# --- Routing and 协办 ----------------------------------------------------------------------


def test_transfer_within_the_district(officer_a, officer_b, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    with pytest.raises(services.RequestError):
        services.transfer_request(
            by=officer_a, at=at("2026-02-11"), request=obj, to_unit=district.unit_a, reason="x"
        )
    obj = services.transfer_request(
        by=officer_a,
        at=at("2026-02-11"),
        request=obj,
        to_unit=district.unit_b,
        reason="所需信息由区民政局制作",
    )
    assert obj.handling_unit == district.unit_b
    assert obj.reply_due_date == D("2026-03-16")  # the clock continues
    assert selectors.get_request(officer_b, obj.pk) == obj
    with pytest.raises(DisclosureRequest.DoesNotExist):
        selectors.get_request(officer_a, obj.pk)
    event = AuditEvent.objects.get(action="disclosure_requests.request.transferred")
    assert event.unit_id == district.unit_a.pk


def test_assistance_lets_the_other_unit_read_and_answer(officer_a, officer_b, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    with pytest.raises(DisclosureRequest.DoesNotExist):
        selectors.get_request(officer_b, obj.pk)
    assistance = services.ask_assistance(
        by=officer_a,
        at=at("2026-02-11"),
        request=obj,
        unit=district.unit_b,
        question="请提供贵局掌握的相关检查记录。",
    )
    assert selectors.get_request(officer_b, obj.pk) == obj
    with pytest.raises(PermissionDeniedError):
        services.answer_assistance(
            by=officer_a, at=at("2026-02-12"), assistance=assistance, answer="x"
        )
    services.answer_assistance(
        by=officer_b, at=at("2026-02-12"), assistance=assistance, answer="我局无相关记录。"
    )
    assistance.refresh_from_db()
    assert assistance.answered_on == D("2026-02-12")
    # assisting does not mean handling
    with pytest.raises(PermissionDeniedError):
        services.reply_to_request(
            by=officer_b,
            at=at("2026-02-13"),
            request=obj,
            data=services.ReplyData(outcome="disclose", reply_date=D("2026-02-13")),
        )


# --- Reply, delivery, withdrawal -------------------------------------------------------------


def test_partial_disclosure_says_what_is_withheld_and_why(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    refused = services.ReplyData(outcome="partial", reply_date=D("2026-03-10"), body="见附件")
    with pytest.raises(services.RequestError, match="第三十七条"):
        services.reply_to_request(by=officer_a, at=at("2026-03-10"), request=obj, data=refused)
    reply = services.reply_to_request(
        by=officer_a,
        at=at("2026-03-10"),
        request=obj,
        data=services.ReplyData(
            outcome="partial",
            reply_date=D("2026-03-10"),
            body="现提供检查结果通报（删除部分内容）。",
            withheld_part="被检查餐饮企业的配方与进货渠道",
            withheld_grounds=["refuse_third_party"],
            withheld_reason="涉及第三方商业秘密，第三方不同意公开。",
        ),
    )
    assert reply.table3_row == "2"
    obj.refresh_from_db()
    assert obj.status == Status.REPLIED and obj.due_date is None
    assert "disclosure_requests.request.replied" in audit_actions(obj)


def test_reply_hook_runs_after_commit(officer_a, district, django_capture_on_commit_callbacks):
    seen: list[int] = []
    hooks.on_reply_recorded(seen.append)
    try:
        obj = register(officer_a, district.unit_a, "2026-02-10")
        with django_capture_on_commit_callbacks(execute=True):
            reply = services.reply_to_request(
                by=officer_a,
                at=at("2026-03-10"),
                request=obj,
                data=services.ReplyData(
                    outcome="not_our_info",
                    reply_date=D("2026-03-10"),
                    other_agency="重庆市铜梁区市场监督管理局",
                    other_agency_contact="023-45670000",
                ),
            )
        assert seen == [reply.pk]
    finally:
        hooks._reply_listeners.remove(seen.append)


@pytest.mark.parametrize(
    ("outcome", "row"),
    [("disclose", "1"), ("already_public", "1"), ("refuse_secret", "3.1"), ("repeat", "5.2")],
)
def test_each_outcome_lands_in_its_row(officer_a, district, outcome, row):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply = services.reply_to_request(
        by=officer_a,
        at=at("2026-03-10"),
        request=obj,
        data=services.ReplyData(outcome=outcome, reply_date=D("2026-03-10"), body="理由"),
    )
    assert reply.table3_row == row


def test_refusal_needs_reasons(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    with pytest.raises(services.RequestError, match="说明理由"):
        services.reply_to_request(
            by=officer_a,
            at=at("2026-03-10"),
            request=obj,
            data=services.ReplyData(outcome="refuse_process", reply_date=D("2026-03-10")),
        )
    assert not Reply.objects.exists()


def test_delivery_closes_the_case(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    services.reply_to_request(
        by=officer_a,
        at=at("2026-03-10"),
        request=obj,
        data=services.ReplyData(outcome="disclose", reply_date=D("2026-03-10")),
    )
    with pytest.raises(services.RequestError, match="邮件单号"):
        services.record_delivery(
            by=officer_a,
            at=at("2026-03-11"),
            request=obj,
            method="post",
            delivered_on=D("2026-03-11"),
        )
    obj = services.record_delivery(
        by=officer_a,
        at=at("2026-03-11"),
        request=obj,
        method="post",
        delivered_on=D("2026-03-11"),
        tracking_number="1234567890123",
    )
    assert obj.status == Status.CLOSED and obj.deliveries.get().tracking_number == "1234567890123"


def test_withdrawal(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-03-09", channel="letter")
    obj = services.withdraw_request(
        by=officer_a,
        at=at("2026-03-10"),
        request=obj,
        withdrawn_on=D("2026-03-10"),
        note="申请人来电撤回",
    )
    assert obj.status == Status.CLOSED and obj.reply.table3_row == "6.3"
    assert obj.receipt_date == D("2026-03-09")


def test_a_closed_case_refuses_further_moves(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-03-09", channel="letter")
    services.withdraw_request(
        by=officer_a, at=at("2026-03-10"), request=obj, withdrawn_on=D("2026-03-10"), note="撤回"
    )
    with pytest.raises(TransitionError, match="已办结"):
        services.request_reasons(
            by=officer_a,
            at=at("2026-03-10"),
            request=obj,
            sent_on=D("2026-03-10"),
            deadline=D("2026-03-20"),
        )


# --- Concurrency -------------------------------------------------------------------------------


def test_concurrent_claims_give_the_case_to_one_clerk(officer_a, deputy_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    stale = DisclosureRequest.objects.get(pk=obj.pk)
    services.claim_request(by=officer_a, at=at("2026-02-10"), request=obj)
    with pytest.raises(services.RequestError, match="他人认领"):
        services.claim_request(by=deputy_a, at=at("2026-02-10"), request=stale)
    obj.refresh_from_db()
    assert obj.assigned_to == officer_a
    assert audit_actions(obj).count("disclosure_requests.request.claimed") == 1


def test_a_stale_copy_cannot_repeat_a_transition(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-03-09", channel="fax")
    stale = DisclosureRequest.objects.get(pk=obj.pk)
    services.confirm_receipt(
        by=officer_a, at=at("2026-03-09"), request=obj, confirmed_on=D("2026-03-09")
    )
    with pytest.raises(TransitionError):
        services.confirm_receipt(
            by=officer_a, at=at("2026-03-09"), request=stale, confirmed_on=D("2026-03-09")
        )
    assert RequestEvent.objects.filter(request=obj, kind=EventKind.CONFIRMED).count() == 1


def test_the_row_is_locked_before_the_status_is_checked(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-03-09", channel="fax")
    with CaptureQueriesContext(connection) as queries:
        services.confirm_receipt(
            by=officer_a, at=at("2026-03-09"), request=obj, confirmed_on=D("2026-03-09")
        )
    selects = [q["sql"] for q in queries if "disclosure_requests_disclosurerequest" in q["sql"]]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in selects[0]


# --- Personal data -------------------------------------------------------------------------------


def test_reveal_is_audited_and_limited_to_the_handling_unit(officer_a, supervisor, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    value = services.reveal_personal_data(
        by=officer_a, at=at("2026-02-10"), request=obj, field="id_number"
    )
    assert value == ID
    event = AuditEvent.objects.get(action="disclosure_requests.request.personal_data_viewed")
    assert event.after == {"field": "id_number"} and event.actor_id == officer_a.pk
    with pytest.raises(PermissionDeniedError):
        services.reveal_personal_data(
            by=supervisor, at=at("2026-02-10"), request=obj, field="phone"
        )


def test_lookup_by_code_and_phone(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    code = services.format_lookup_code(obj.lookup_code).lower()
    found = selectors.lookup_request(code, "138 1234 5678")
    assert found is not None and found.number == obj.number
    assert found.reply_due == D("2026-03-16")
    assert not hasattr(found, "id_number") and PHONE not in str(found)
    assert selectors.lookup_request(code, "13900000000") is None
    assert selectors.lookup_request("AAAAA-AAAAA", PHONE) is None
    assert selectors.lookup_request("", "") is None


def test_identity_document_upload_is_encrypted(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    content = b"%PDF-1.4 identity card scan"
    record = services.add_request_file(
        by=officer_a,
        at=at("2026-02-10"),
        request=obj,
        kind="identity",
        name="身份证.pdf",
        content=content,
        content_type="application/pdf",
    )
    with record.file.open("rb") as handle:
        assert b"identity card" not in handle.read()
    assert services.read_request_file(record) == content


# --- Similar applications ---------------------------------------------------------------------


def test_similar_earlier_applications_of_the_same_applicant(officer_a, district):
    first = register(officer_a, district.unit_a, "2026-02-10")
    register(
        officer_a,
        district.unit_a,
        "2026-02-11",
        info_title="区教委2025年部门预算",
        description="请公开区教委2025年部门预算及说明。",
    )
    register(
        officer_a,
        district.unit_a,
        "2026-02-11",
        id_number="11010519491231002X",
        applicant_name="李四",
    )
    latest = register(
        officer_a,
        district.unit_a,
        "2026-03-02",
        info_title="2025年中小学食堂卫生检查结果",
        description="申请公开2025年区属中小学食堂卫生检查的结果通报。",
    )
    similar = selectors.similar_requests(latest)
    assert [s.request for s in similar] == [first]
    assert similar[0].score >= 80


# --- Narrated lifecycle ------------------------------------------------------------------------


def test_lifecycle(officer_a, head_a, district, django_capture_on_commit_callbacks):
    # 2026-02-10 (Tue): a citizen hands in an application at the 区教委's openness office.
    obj = register(officer_a, district.unit_a, "2026-02-10")
    assert obj.due_date == D("2026-03-16")
    # Two days later the clerk finds it unclear and asks, once, for every missing item.
    obj = services.request_correction(
        by=officer_a,
        at=at("2026-02-12"),
        request=obj,
        items=["请写明学校名称"],
        deadline=D("2026-02-27"),
        sent_on=D("2026-02-12"),
    )
    # After the 春节 holiday (02-15 … 02-23) the corrected application arrives on 02-24:
    # 20 working days run again from that day (02-28 is a 调休 Saturday), to 03-23.
    obj = services.receive_correction(
        by=officer_a, at=at("2026-02-24"), request=obj, received_on=D("2026-02-24")
    )
    assert obj.reply_due_date == D("2026-03-23")
    # The report names a catering company: on 02-26 the clerk consults it (art. 32).
    consultation = services.send_consultation(
        by=officer_a,
        at=at("2026-02-26"),
        request=obj,
        party="third_party",
        party_name="重庆某某餐饮管理有限公司",
        question="",
        sent_on=D("2026-02-26"),
    )
    # The company answers on 03-04: 5 working days (02-27, 02-28 调休, 03-02, 03-03, 03-04)
    # are not counted.
    services.record_consultation_answer(
        by=officer_a,
        at=at("2026-03-04"),
        consultation=consultation,
        answer="disagree",
        answered_on=D("2026-03-04"),
    )
    obj.refresh_from_db()
    assert obj.reply_due_date == D("2026-03-30")
    # The head approves a 10-working-day extension on 03-20.
    obj = services.extend_deadline(
        by=head_a,
        at=at("2026-03-20"),
        request=obj,
        workdays=10,
        reason="需逐项区分处理",
        approved_on=D("2026-03-20"),
    )
    assert obj.reply_due_date == D("2026-04-14")  # 04-06 is 清明
    # The reminder job runs: 5 working days before (04-07) one reminder, mailed after commit.
    officer_a.email = "zhang@example.gov.cn"
    officer_a.save()
    services.claim_request(by=officer_a, at=at("2026-03-20"), request=obj)
    assert send_deadline_reminders(at=at("2026-04-03")) == {"reminded": 0, "escalated": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(at=at("2026-04-07")) == {"reminded": 1, "escalated": 0}
    assert send_deadline_reminders(at=at("2026-04-07", 15)) == {"reminded": 0, "escalated": 0}
    assert len(mail.outbox) == 1 and obj.number in mail.outbox[0].subject
    assert mail.outbox[0].to == ["zhang@example.gov.cn"]
    # It replies 部分公开 on 04-13, within the period.
    services.reply_to_request(
        by=officer_a,
        at=at("2026-04-13"),
        request=obj,
        data=services.ReplyData(
            outcome="partial",
            reply_date=D("2026-04-13"),
            body="提供检查结果通报。",
            withheld_part="企业配方",
            withheld_grounds=["refuse_third_party"],
            withheld_reason="第三方不同意公开且有合理理由。",
        ),
    )
    obj = services.record_delivery(
        by=officer_a,
        at=at("2026-04-14", 15),
        request=obj,
        method="email",
        delivered_on=D("2026-04-14"),
    )
    assert obj.status == Status.CLOSED
    kinds = list(obj.events.values_list("kind", flat=True))
    assert kinds[:2] == ["received", "correction_requested"] and kinds[-1] == "delivered"
    clock = deadlines.clock_of(obj)
    assert clock.ended == "replied" and clock.warnings == ()
