"""Staff pages of 舆情 cases: collection, each step through its form, invalid input (400,
nothing changes), another unit's case (404), anonymous (login), the htmx partial of the timers,
the opinion of an invited unit, risk plans of policy documents, and the inbox items."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from zwgk.sentiment import services
from zwgk.sentiment.inbox import case_items
from zwgk.sentiment.models import Case, RiskPlan, Status


@pytest.fixture
def case_a(district, officer_a):
    return services.open_case(
        by=officer_a,
        at=timezone.now() - timedelta(hours=1),
        unit=district.unit_a,
        source="manual",
        title="网传学校收费问题",
        summary="网民质疑某校违规收费。",
    )


def _post(client, case, name, data):
    prefixed = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(reverse("sentiment:action", args=[case.pk, name]), prefixed)


def _now_text(delta=timedelta(0)) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db
def test_collect_a_case_through_the_form(client_a, district):
    url = reverse("sentiment:create")
    data = {"unit": district.unit_a.pk, "title": "", "summary": "摘要", "collected_at": _now_text()}
    assert client_a.post(url, data).status_code == 400
    assert Case.objects.count() == 0
    data["title"] = "网传食堂问题"
    response = client_a.post(url, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.unit == district.unit_a and case.timers.count() == 1


@pytest.mark.django_db
def test_list_detail_partial_404_and_login(client_a, client_b, case_a):
    assert case_a.title in client_a.get(reverse("sentiment:list")).content.decode()
    assert case_a.title not in client_b.get(reverse("sentiment:list")).content.decode()
    assert client_b.get(reverse("sentiment:detail", args=[case_a.pk])).status_code == 404
    assert _post(client_b, case_a, "assess", {"risk_level": "low", "note": "x"}).status_code == 404
    partial = client_a.get(reverse("sentiment:detail", args=[case_a.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content
    assert "48" in partial.content.decode()
    response = Client().get(reverse("sentiment:list"))
    assert response.status_code == 302 and reverse("workspace:login") in response["Location"]
    htmx = client_a.get(reverse("sentiment:list") + "?q=学校", HTTP_HX_REQUEST="true")
    assert b"<html" not in htmx.content


@pytest.mark.django_db
def test_steps_through_the_pages(client_a, case_a):
    assert _post(client_a, case_a, "assess", {"risk_level": "bad"}).status_code == 400
    ok = _post(client_a, case_a, "assess", {"risk_level": "medium", "note": "关注度中等"})
    assert ok.status_code == 302
    refused = _post(
        client_a,
        case_a,
        "respond",
        {
            "kind": "response",
            "text": "请联系13812345678",
            "channel": "网站",
            "published_at": _now_text(),
        },
    )
    assert refused.status_code == 400 and "手机号码" in refused.content.decode()
    assert (
        _post(
            client_a,
            case_a,
            "respond",
            {
                "kind": "response",
                "text": "经核查，收费符合规定。",
                "channel": "区政府网站",
                "published_at": _now_text(),
            },
        ).status_code
        == 302
    )
    case_a.refresh_from_db()
    assert case_a.status == Status.RESPONDED
    assert case_a.timers.get().met_at is not None
    assert (
        _post(client_a, case_a, "evaluate", {"effect": "good", "note": "舆情平息"}).status_code
        == 302
    )
    case_a.refresh_from_db()
    assert case_a.status == Status.EVALUATED


@pytest.mark.django_db
def test_reassign_and_consultation(client_supervisor, client_a, officer_b, district, case_a):
    assert (
        _post(client_a, case_a, "reassign", {"unit": district.unit_b.pk, "reason": "x"}).status_code
        == 400
    )
    assert (
        _post(
            client_a, case_a, "invite", {"units": [district.unit_b.pk], "question": "请提供意见"}
        ).status_code
        == 302
    )
    client_b = client_for(officer_b)
    page = client_b.get(reverse("sentiment:detail", args=[case_a.pk]))
    assert page.status_code == 200
    opinion = case_a.opinions.get()
    url = reverse("sentiment:opinion", args=[case_a.pk, opinion.pk])
    assert client_b.post(url, {}).status_code == 400
    assert client_b.post(url, {f"op{opinion.pk}-opinion": "建议联合发布"}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.opinion == "建议联合发布"
    ok = _post(
        client_supervisor, case_a, "reassign", {"unit": district.unit_b.pk, "reason": "属民政"}
    )
    assert ok.status_code == 302
    case_a.refresh_from_db()
    assert case_a.unit == district.unit_b


@pytest.mark.django_db
def test_risk_plan_of_a_policy_document(client_a, client_b, officer_a, district, case_a):
    from zwgk.documents import services as documents
    from zwgk.documents.models import Topic

    document = documents.register_document(
        by=officer_a,
        at=timezone.now(),
        unit=district.unit_a,
        data=documents.DocumentData(
            title="关于调整学区划分的通知",
            fields={
                "written_date": timezone.localdate(),
                "topic": Topic.objects.first(),
                "body": "正文",
                "disclosure": "proactive",
                "disclosure_scope": "full",
            },
        ),
    )
    url = reverse("sentiment:plan_edit", args=[document.pk])
    assert client_b.get(url).status_code == 404
    assert client_a.post(url, {"assessment": "", "plan": "预案"}).status_code == 400
    assert (
        client_a.post(url, {"assessment": "可能引发家长关注", "plan": "及时解读"}).status_code
        == 302
    )
    plan = RiskPlan.objects.get()
    assert "关于调整学区划分的通知" in client_a.get(reverse("sentiment:plans")).content.decode()
    assert _post(client_a, case_a, "link_plan", {"plan": plan.pk}).status_code == 302
    case_a.refresh_from_db()
    assert case_a.risk_plan == plan


@pytest.mark.django_db
def test_inbox_items(officer_a, officer_b, district, case_a):
    items = list(case_items(officer_a, date.today()))
    assert len(items) == 1 and items[0].kind == "alert" and "48" in items[0].title
    assert list(case_items(officer_b, date.today())) == []
    services.invite_units(by=officer_a, at=timezone.now(), case=case_a, units=[district.unit_b])
    assert [i.kind for i in case_items(officer_b, date.today())] == ["todo"]


def test_source_links_to_the_mailbox_pages():
    from zwgk.sentiment.views import source_url

    assert source_url("mailbox.letter:12") == reverse("mailbox:detail", args=[12])
    assert source_url("mailbox.message:3") == reverse("mailbox:message_detail", args=[3])
    assert source_url("monitoring.finding:9") == ""
    assert source_url("manual") == ""
