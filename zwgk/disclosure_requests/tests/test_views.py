"""Staff pages: happy paths, invalid input, another unit's case (404), anonymous → login, htmx
partials, the audited reveal, and the 复议/诉讼 pages."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import client_for
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import services
from zwgk.disclosure_requests.models import Appeal, DisclosureRequest, Status
from zwgk.disclosure_requests.tests.helpers import ID, PHONE, D, at, register

NOW = at("2026-03-10", 10)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(officer_a, district):
    return register(officer_a, district.unit_a, "2026-03-02")


def form_data(**extra):
    data = {
        "unit": "",
        "channel": "in_person",
        "received_at": "2026-03-10T09:30",
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": ID,
        "phone": PHONE,
        "email": "",
        "address": "重庆市铜梁区巴川街道龙城大道1号",
        "description": "请公开2025年区教委部门决算。",
        "information_form": "paper",
        "delivery_method": "post",
    }
    data.update(extra)
    return data


def url(name, *args):
    return reverse(f"disclosure_requests:{name}", args=args)


def test_register_through_the_page(client_a, district):
    response = client_a.post(url("create"), form_data(unit=district.unit_a.pk))
    obj = DisclosureRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", obj.pk)
    assert obj.receipt_date == D("2026-03-10") and obj.status == Status.PROCESSING
    page = client_a.get(url("detail", obj.pk)).content.decode()
    assert "查询码" in page or services.format_lookup_code(obj.lookup_code) in page
    assert ID not in page and PHONE not in page
    assert obj.id_number_masked in page and "138****5678" in page


def test_register_with_bad_input_shows_chinese_messages(client_a, district):
    response = client_a.post(
        url("create"), form_data(unit=district.unit_a.pk, id_number="500224199003071230")
    )
    assert response.status_code == 400
    assert "居民身份证号码不正确" in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_register_for_another_unit_is_refused(client_b, district):
    response = client_b.post(url("create"), form_data(unit=district.unit_a.pk))
    assert response.status_code == 400
    assert not DisclosureRequest.objects.exists()


def test_a_citizen_without_a_unit_cannot_register(citizen):
    assert client_for(citizen).get(url("create")).status_code == 404


def test_other_units_case_is_404(client_b, case):
    for name in ("detail", "explain"):
        assert client_b.get(url(name, case.pk)).status_code == 404
    assert client_b.post(url("action", case.pk, "claim")).status_code == 404
    assert client_b.post(url("reveal", case.pk, "phone")).status_code == 404
    assert client_b.post(url("appeal_create", case.pk), {}).status_code == 404
    case.refresh_from_db()
    assert case.assigned_to is None


def test_anonymous_goes_to_login(case):
    for target in (url("list"), url("detail", case.pk), url("appeals")):
        response = Client().get(target)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_list_is_scoped_filtered_and_htmx_gets_the_partial(client_a, client_b, case):
    assert case.number in client_a.get(url("list")).content.decode()
    assert case.number not in client_b.get(url("list")).content.decode()
    partial = client_a.get(url("list"), {"status": "processing"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<table" in body and "<html" not in body and case.number in body
    assert case.number not in client_a.get(url("list"), {"status": "closed"}).content.decode()


def test_list_finds_an_applicant_by_exact_id_number(client_a, case):
    body = client_a.get(url("list"), {"q": ID}).content.decode()
    assert case.number in body
    assert (
        case.number not in client_a.get(url("list"), {"q": "11010519491231002X"}).content.decode()
    )


def test_overdue_is_highlighted(client_a, officer_a, district):
    old = register(officer_a, district.unit_a, "2026-01-20")  # due 2026-02-27
    body = client_a.get(url("list"), {"overdue": "1"}).content.decode()
    assert old.number in body and 'class="overdue"' in body


def test_explain_panel_and_its_partial(client_a, case):
    page = client_a.get(url("detail", case.pk)).content.decode()
    assert "条例第三十一条" in page and "2026-03-30" in page
    partial = client_a.get(url("explain", case.pk), headers={"HX-Request": "true"}).content.decode()
    assert "条例第三十三条第二款" in partial and "<html" not in partial


def test_actions_through_the_page(client_a, case):
    response = client_a.post(
        url("action", case.pk, "correction"),
        {
            "correction-items": "请写明年份\n请写明学校名称",
            "correction-sent_on": "2026-03-04",
            "correction-deadline": "2026-03-18",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CORRECTION
    # a refused move: a reply is not allowed while awaiting the correction → 400, nothing saved
    refused = client_a.post(
        url("action", case.pk, "reply"),
        {"reply-outcome": "disclose", "reply-reply_date": "2026-03-10"},
    )
    assert refused.status_code == 400 and "待补正" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == Status.CORRECTION


def test_invalid_action_input_is_400_with_the_form(client_a, case):
    response = client_a.post(
        url("action", case.pk, "correction"),
        {"correction-items": "", "correction-sent_on": "x", "correction-deadline": ""},
    )
    assert response.status_code == 400
    assert "请修改表单" in response.content.decode() or "form-error" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.PROCESSING


def test_unknown_action_is_404(client_a, case):
    assert client_a.post(url("action", case.pk, "explode")).status_code == 404


def test_extension_form_is_offered_only_to_the_head(client_a, head_a, case):
    assert "do/extend/" not in client_a.get(url("detail", case.pk)).content.decode()
    head = client_for(head_a)
    assert "do/extend/" in head.get(url("detail", case.pk)).content.decode()
    refused = client_a.post(
        url("action", case.pk, "extend"),
        {"extend-workdays": "10", "extend-approved_on": "2026-03-10", "extend-reason": "x"},
    )
    assert refused.status_code == 400
    response = head.post(
        url("action", case.pk, "extend"),
        {"extend-workdays": "10", "extend-approved_on": "2026-03-10", "extend-reason": "档案多"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.reply_due_date == D("2026-04-14")


def test_reveal_is_audited_and_htmx_gets_only_the_value(client_a, client_supervisor, case):
    response = client_a.post(url("reveal", case.pk, "phone"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action="disclosure_requests.request.personal_data_viewed"
    ).exists()
    # the district office sees the case, masked, and cannot reveal
    page = client_supervisor.get(url("detail", case.pk)).content.decode()
    assert "138****5678" in page and "reveal/phone" not in page
    refused = client_supervisor.post(
        url("reveal", case.pk, "phone"), headers={"HX-Request": "true"}
    )
    assert refused.status_code == 403 and PHONE not in refused.content.decode()
    assert client_a.post(url("reveal", case.pk, "password")).status_code == 404
    assert client_a.get(url("reveal", case.pk, "phone")).status_code == 405


def test_assisting_unit_reads_and_answers(client_b, officer_a, case, district):
    assert client_b.get(url("detail", case.pk)).status_code == 404
    assistance = services.ask_assistance(
        by=officer_a, at=NOW, request=case, unit=district.unit_b, question="请提供检查记录"
    )
    page = client_b.get(url("detail", case.pk)).content.decode()
    assert "请提供检查记录" in page and "reveal/" not in page
    response = client_b.post(
        url("assistance_answer", case.pk, assistance.pk), {"answer": "无相关记录"}
    )
    assert response.status_code == 302
    assistance.refresh_from_db()
    assert assistance.answer == "无相关记录"


def test_appeals_register_and_shares(client_a, client_supervisor, officer_a, case):
    services.reply_to_request(
        by=officer_a,
        at=NOW,
        request=case,
        data=services.ReplyData(
            outcome="refuse_process", reply_date=D("2026-03-10"), body="过程稿"
        ),
    )
    bad = client_a.post(
        url("appeal_create", case.pk),
        {
            "appeal-kind": "reconsideration",
            "appeal-body": "重庆市铜梁区人民政府",
            "appeal-filed_on": "2026-03-10",
            "appeal-stage": "closed",
            "appeal-result": "corrected",
            "appeal-decided_on": "",
        },
    )
    assert bad.status_code == 400 and "审结日期" in bad.content.decode()
    ok = client_a.post(
        url("appeal_create", case.pk),
        {
            "appeal-kind": "reconsideration",
            "appeal-body": "重庆市铜梁区人民政府",
            "appeal-filed_on": "2026-03-10",
            "appeal-stage": "closed",
            "appeal-result": "corrected",
            "appeal-decided_on": "2026-03-10",
        },
    )
    assert ok.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.unit_id == case.handling_unit_id
    page = client_supervisor.get(url("appeals")).content.decode()
    assert "重庆市铜梁区人民政府" in page and 'class="overdue"' in page  # 1/1 corrected > 2%
    partial = client_supervisor.get(
        url("appeals"), {"year": "2026"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in partial.content.decode()
    # the supervisor's workbench carries the alert
    home = client_supervisor.get(reverse("workspace:home")).content.decode()
    assert "2%" in home


def test_appeal_edit_and_other_unit(client_a, client_b, officer_a, case):
    services.reply_to_request(
        by=officer_a,
        at=NOW,
        request=case,
        data=services.ReplyData(outcome="disclose", reply_date=D("2026-03-10")),
    )
    appeal = services.record_appeal(
        by=officer_a,
        at=NOW,
        request=case,
        data=services.AppealData(
            kind="litigation", body="铜梁区人民法院", filed_on=D("2026-03-09")
        ),
    )
    assert client_b.get(url("appeal_edit", appeal.pk)).status_code == 404
    response = client_a.post(
        url("appeal_edit", appeal.pk),
        {
            "body": "铜梁区人民法院",
            "filed_on": "2026-03-09",
            "stage": "closed",
            "result": "upheld",
            "decided_on": "2026-03-10",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.result == "upheld" and appeal.kind == "litigation"
    bad = client_a.post(
        url("appeal_edit", appeal.pk),
        {"body": "", "filed_on": "2026-03-09", "stage": "closed", "result": "upheld"},
    )
    assert bad.status_code == 400


def test_workbench_shows_open_cases(client_a, case):
    body = client_a.get(reverse("workspace:home")).content.decode()
    assert case.number in body


def test_the_case_page_renders_in_every_state(client_a, officer_a, district):
    """Never a 500: walk one case through its states and open the page at each."""
    obj = register(officer_a, district.unit_a, "2026-03-02", channel="letter")
    pages = [client_a.get(url("detail", obj.pk))]
    services.confirm_receipt(by=officer_a, at=NOW, request=obj, confirmed_on=D("2026-03-02"))
    pages.append(client_a.get(url("detail", obj.pk)))
    services.request_reasons(
        by=officer_a, at=NOW, request=obj, sent_on=D("2026-03-03"), deadline=D("2026-03-13")
    )
    pages.append(client_a.get(url("detail", obj.pk)))
    services.accept_reasons(
        by=officer_a, at=NOW, request=obj, decided_on=D("2026-03-05"), reasonable_due=None
    )
    services.notify_fee(
        by=officer_a,
        at=NOW,
        request=obj,
        method="per_volume",
        pages=50,
        sent_on=D("2026-03-06"),
        received_on=D("2026-03-06"),
    )
    pages.append(client_a.get(url("detail", obj.pk)))
    services.record_fee_payment(by=officer_a, at=NOW, request=obj, paid_on=D("2026-03-09"))
    services.send_consultation(
        by=officer_a,
        at=NOW,
        request=obj,
        party="co_producer",
        party_name="区财政局",
        question="",
        sent_on=D("2026-03-09"),
    )
    pages.append(client_a.get(url("detail", obj.pk)))
    services.reply_to_request(
        by=officer_a,
        at=NOW,
        request=obj,
        data=services.ReplyData(outcome="disclose", reply_date=D("2026-03-10")),
    )
    pages.append(client_a.get(url("detail", obj.pk)))
    services.record_delivery(
        by=officer_a, at=NOW, request=obj, method="collect", delivered_on=D("2026-03-10")
    )
    pages.append(client_a.get(url("detail", obj.pk)))
    assert [page.status_code for page in pages] == [200] * 7
    last = pages[-1].content.decode()
    assert "已办结" in last and "（一）予以公开" in last and "条例第三十六条第（二）项" in last
