from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from zwgk.documents import services
from zwgk.documents.models import Document, Status, Topic

AT = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def form_data(**extra):
    data = {
        "title": "关于开展2026年春季学期安全检查的通知",
        "doc_number": "铜教发〔2026〕5号",
        "written_date": "2026-02-27",
        "topic": Topic.objects.get(name="科技、教育").pk,
        "genre": "tongzhi",
        "body": "各中小学校：请于3月底前完成检查。",
        "disclosure": "proactive",
        "disclosure_scope": "full",
    }
    data.update(extra)
    return data


@pytest.fixture
def doc(officer_a, district):
    return services.register_document(
        by=officer_a,
        at=AT,
        unit=district.unit_a,
        data=services.DocumentData(
            title="关于开展安全检查的通知",
            fields={
                "written_date": AT.date(),
                "topic": Topic.objects.first(),
                "body": "正文",
                "disclosure": "proactive",
                "disclosure_scope": "full",
            },
        ),
    )


def test_clerk_registers_a_draft(client_a, district):
    response = client_a.post(reverse("documents:create"), form_data())
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.publishing_unit == district.unit_a
    assert document.doc_number == "铜教发〔2026〕5号"


def test_bad_doc_number_is_a_chinese_message_and_nothing_saved(client_a):
    response = client_a.post(reverse("documents:create"), form_data(doc_number="第五号"))
    assert response.status_code == 400
    assert "发文字号" in response.content.decode()
    assert not Document.objects.exists()


def test_other_units_document_is_404(client_b, doc):
    for name in ("detail", "edit"):
        assert client_b.get(reverse(f"documents:{name}", args=[doc.pk])).status_code == 404
    assert client_b.post(reverse("documents:submit", args=[doc.pk])).status_code == 404
    doc.refresh_from_db()
    assert doc.status == Status.DRAFT


def test_anonymous_goes_to_login(doc):
    response = Client().get(reverse("documents:detail", args=[doc.pk]))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_list_is_scoped_and_htmx_gets_partial(client_a, client_b, doc):
    assert doc.title in client_a.get(reverse("documents:list")).content.decode()
    assert doc.title not in client_b.get(reverse("documents:list")).content.decode()
    partial = client_a.get(
        reverse("documents:list"), headers={"HX-Request": "true"}
    ).content.decode()
    assert "<table" in partial and "<html" not in partial


def test_review_through_the_pages(client_a, deputy_a, head_a, doc):
    assert client_a.post(reverse("documents:submit", args=[doc.pk])).status_code == 302
    deputy = client_for(deputy_a)
    # missing checks: refused with a message, nothing changes
    refused = deputy.post(reverse("documents:approve", args=[doc.pk]), {"check_political": "on"})
    assert refused.status_code == 400 and "法律关" in refused.content.decode()
    doc.refresh_from_db()
    assert doc.status == Status.DEPUTY_REVIEW
    checks = dict.fromkeys(
        (
            "check_political",
            "check_legal",
            "check_policy",
            "check_secrecy",
            "check_wording",
            "secrecy_review_passed",
        ),
        "on",
    )
    assert deputy.post(reverse("documents:approve", args=[doc.pk]), checks).status_code == 302
    assert (
        client_for(head_a).post(reverse("documents:approve", args=[doc.pk]), checks).status_code
        == 302
    )
    assert client_a.post(reverse("documents:publish", args=[doc.pk])).status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED


def test_review_shows_in_the_reviewers_workbench(client_a, deputy_a, doc):
    client_a.post(reverse("documents:submit", args=[doc.pk]))
    body = client_for(deputy_a).get(reverse("workspace:home")).content.decode()
    assert f"审核：{doc.title}" in body


def test_clerk_cannot_approve(client_a, doc):
    client_a.post(reverse("documents:submit", args=[doc.pk]))
    response = client_a.post(reverse("documents:approve", args=[doc.pk]), {})
    assert response.status_code == 400
    doc.refresh_from_db()
    assert doc.status == Status.DEPUTY_REVIEW


def test_normative_record_through_the_page(client_a, doc):
    from zwgk.documents.models import Document as D

    D.objects.filter(pk=doc.pk).update(is_normative=True)
    url = reverse("documents:normative", args=[doc.pk])
    bad = client_a.post(
        url, {"op": "record", "record-unified_number": "", "record-valid_from": "x"}
    )
    assert bad.status_code == 400
    ok = client_a.post(
        url,
        {
            "op": "record",
            "record-unified_number": "TLQ-2026-001",
            "record-valid_from": "2026-04-01",
        },
    )
    assert ok.status_code == 302
    doc.refresh_from_db()
    assert str(doc.normative.valid_until) == "2031-03-31"
    page = client_a.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "TLQ-2026-001" in page


def test_normative_update_other_unit_404(client_b, doc):
    url = reverse("documents:normative", args=[doc.pk])
    assert client_b.post(url, {"op": "record"}).status_code == 404


def test_cleanup_pages(client_supervisor, client_a, client_b, doc, officer_a):
    from datetime import date

    from zwgk.documents import normative

    normative.set_normative_record(
        by=officer_a, at=AT, document=doc, unified_number="N1", valid_from=date(2026, 3, 1)
    )
    response = client_supervisor.post(reverse("documents:cleanup_list"), {"title": "2026年清理"})
    assert response.status_code == 302
    detail = response["Location"]
    assert doc.title in client_a.get(detail).content.decode()
    assert client_b.get(detail).status_code == 404
    assert client_a.post(reverse("documents:cleanup_list"), {"title": "x"}).status_code == 404
