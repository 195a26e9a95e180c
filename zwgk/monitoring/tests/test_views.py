"""Staff pages of monitoring: happy paths, invalid input, another unit's object, anonymous,
htmx partials."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zwgk.core.models import AuditEvent
from zwgk.monitoring import services
from zwgk.monitoring.models import Column, IndicatorSetting, PageVersion, Rectification, Website


@pytest.fixture
def website(district, supervisor):
    return services.register_website(
        by=supervisor,
        at=timezone.now(),
        unit=district.unit_a,
        name="区教委网站",
        home_url="http://127.0.0.1:9/",
    )


@pytest.fixture
def rectification(district, website):
    return services.open_rectification(
        by=None,
        at=timezone.now(),
        unit=district.unit_a,
        subject=website.subject,
        indicator="site.dead_link_home",
        title="首页死链整改",
        evidence={"count": 2, "items": [{"url": "http://127.0.0.1:9/x", "status": 404}]},
        due=timezone.localdate() + timedelta(days=5),
    )


def test_site_list_and_detail(client_a, website):
    response = client_a.get(reverse("monitoring:site_list"))
    assert response.status_code == 200
    assert "区教委网站" in response.content.decode()
    response = client_a.get(reverse("monitoring:site_list"), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and "区教委网站" in response.content.decode()
    response = client_a.get(reverse("monitoring:site_detail", args=[website.pk]))
    assert response.status_code == 200


def test_another_units_site_is_404(client_b, website):
    assert client_b.get(reverse("monitoring:site_detail", args=[website.pk])).status_code == 404
    assert client_b.post(reverse("monitoring:site_check", args=[website.pk])).status_code == 404
    assert "区教委网站" not in client_b.get(reverse("monitoring:site_list")).content.decode()


def test_anonymous_goes_to_login(website):
    response = Client().get(reverse("monitoring:site_detail", args=[website.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_supervisor_registers_a_website(client_supervisor, district):
    url = reverse("monitoring:site_register")
    response = client_supervisor.post(
        url,
        {
            "unit": district.unit_b.pk,
            "name": "区民政局网站",
            "home_url": "https://mzj.example.gov.cn/",
            "kind": "site",
            "site_code": "5002240002",
            "is_district_run": "on",
        },
    )
    assert response.status_code == 302
    website = Website.objects.get(name="区民政局网站")
    assert website.runs.count() == 1  # the first check is queued
    # invalid: bad site code and missing name → 400, nothing saved
    response = client_supervisor.post(
        url,
        {"unit": district.unit_b.pk, "name": "", "home_url": "ftp://x", "kind": "site"},
    )
    assert response.status_code == 400
    response = client_supervisor.post(
        url,
        {
            "unit": district.unit_b.pk,
            "name": "另一个",
            "home_url": "https://b.example.gov.cn/",
            "kind": "site",
            "site_code": "12",
        },
    )
    assert response.status_code == 400
    assert "网站标识码" in response.content.decode()
    assert Website.objects.count() == 1


def test_officer_may_not_register(client_a):
    assert client_a.get(reverse("monitoring:site_register")).status_code == 404


def test_column_confirmation(client_supervisor, client_a, website):
    column = Column.objects.create(
        website=website, name="通知公告", url="http://127.0.0.1:9/tzgg/", proposed_at=timezone.now()
    )
    url = reverse("monitoring:column_confirm", args=[column.pk])
    assert client_a.post(url, {"kind": "notice", "is_column": "on"}).status_code == 404
    assert client_supervisor.post(url, {"kind": "bogus"}).status_code == 400
    column.refresh_from_db()
    assert column.status == "proposed"
    response = client_supervisor.post(url, {"kind": "notice", "is_column": "on"})
    assert response.status_code == 302
    column.refresh_from_db()
    assert (column.status, column.kind) == ("confirmed", "notice")
    assert AuditEvent.objects.filter(action="monitoring.column.confirmed").exists()


def test_rectification_answer_and_close(client_a, client_b, client_supervisor, rectification):
    detail = reverse("monitoring:rectification_detail", args=[rectification.pk])
    page = client_a.get(detail).content.decode()
    # the evidence: its facts, then each finding's (not the "items" key read as dict.items)
    assert "count：2" in page and "http://127.0.0.1:9/x · HTTP 404" in page
    assert "url：status" not in page
    assert client_b.get(detail).status_code == 404
    answer = reverse("monitoring:rectification_answer", args=[rectification.pk])
    assert client_a.post(answer, {"answer": ""}).status_code == 400
    assert client_b.post(answer, {"answer": "x"}).status_code == 404
    response = client_a.post(answer, {"answer": "已修复首页两个死链"})
    assert response.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.ANSWERED
    close = reverse("monitoring:rectification_close", args=[rectification.pk])
    assert client_a.post(close, {"note": ""}).status_code == 400
    assert client_supervisor.post(close, {"note": "核实已整改"}).status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.CLOSED
    listing = client_a.get(reverse("monitoring:rectification_list"), {"status": "closed"})
    assert "首页死链整改" in listing.content.decode()
    partial = client_a.get(reverse("monitoring:rectification_list"), headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()


def test_a_work_order_shows_the_evidence_of_a_real_crawl(client_a, district, website):
    evidence = {
        "time": "2026-11-30T09:00:00+08:00",
        "url": "http://127.0.0.1:9/col/n0/",
        "status": 200,
        "content_hash": "a" * 64,
        "excerpt": "工作动态0",
        "elapsed_ms": 12,
        "column": "工作动态0",
        "kind": "news",
    }
    order = services.open_rectification(
        by=None,
        at=timezone.now(),
        unit=district.unit_a,
        subject=website.subject,
        indicator="site.veto.blank_columns",
        title="空白栏目整改",
        evidence={"count": 1, "items": [evidence]},
        due=timezone.localdate() + timedelta(days=5),
    )
    response = client_a.get(reverse("monitoring:rectification_detail", args=[order.pk]))
    assert response.status_code == 200
    assert "http://127.0.0.1:9/col/n0/ · HTTP 200 · 工作动态0" in response.content.decode()


def test_inbox_shows_open_work_orders(client_a, rectification):
    response = client_a.get(reverse("workspace:home"))
    assert "首页死链整改" in response.content.decode()


def test_indicator_edit(client_supervisor, client_a):
    url = reverse("monitoring:indicator_edit", args=["site.dead_link_home"])
    data = {
        "points": "2",
        "cap": "6",
        "threshold": "1",
        "enabled": "on",
        "confidence": "UNCONFIRMED",
    }
    assert client_a.post(url, data).status_code == 404
    assert client_supervisor.post(url, {**data, "points": "abc"}).status_code == 400
    assert not IndicatorSetting.objects.exists()
    assert client_supervisor.post(url, data).status_code == 302
    assert IndicatorSetting.objects.get(code="site.dead_link_home").cap == 6
    bogus = reverse("monitoring:indicator_edit", args=["no.such"])
    assert client_supervisor.post(bogus, data).status_code == 404
    page = client_a.get(reverse("monitoring:indicator_list")).content.decode()
    assert "UNCONFIRMED" in page and "首页不更新" in page


def test_page_diff(client_a, client_b, website):
    at = timezone.now()
    PageVersion.objects.create(
        website=website,
        url=website.home_url,
        url_hash="a" * 32,
        content_hash="1" * 64,
        text="第一行\n旧的第二行",
        fetched_at=at - timedelta(days=1),
    )
    new = PageVersion.objects.create(
        website=website,
        url=website.home_url,
        url_hash="a" * 32,
        content_hash="2" * 64,
        text="第一行\n新的第二行",
        fetched_at=at,
    )
    response = client_a.get(reverse("monitoring:page_diff", args=[new.pk]))
    body = response.content.decode()
    assert "-旧的第二行" in body and "+新的第二行" in body
    assert client_b.get(reverse("monitoring:page_diff", args=[new.pk])).status_code == 404
