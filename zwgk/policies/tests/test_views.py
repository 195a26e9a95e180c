"""Staff pages: happy path, invalid input, another unit's policy → 404, anonymous → login,
htmx partials; the review buttons; the district office's statistics (masked contacts)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from zwgk.policies.models import Category, Industry, Policy, Status

from .helpers import draft, publish, subscribe

pytestmark = pytest.mark.django_db


def form_data(**extra) -> dict:
    data = {
        "unit": "",
        "title": "铜梁区支持制造业企业技术改造若干措施",
        "level": "district",
        "issuing_authority": "重庆市铜梁区经济和信息化委员会",
        "doc_number": "铜经信发〔2026〕3号",
        "source_url": "https://www.cqstl.gov.cn/zcwj/3.html",
        "issued_date": "2026-03-01",
        "valid_from": "2026-03-01",
        "valid_until": "2028-02-29",
        "summary": "对技术改造投资 500 万元以上的项目给予补助。",
        "interpretation": "",
        "guide_who": "区内规模以上工业企业",
        "guide_what": "",
        "guide_how": "",
        "guide_where": "",
        "guide_contact": "023-45678901",
        "industries": [str(Industry.objects.get(code="C").pk)],
        "categories": [str(Category.objects.get(name="科技").pk)],
        "document_index": "",
    }
    data.update(extra)
    return data


def test_anonymous_goes_to_login(client, district, officer_a):
    policy = draft(officer_a, district.unit_a)
    for url in [
        reverse("policies:list"),
        reverse("policies:create"),
        reverse("policies:detail", args=[policy.pk]),
        reverse("policies:statistics"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_create_edit_submit_approve(client_a, district, head_a):
    data = form_data(unit=district.unit_a.pk)
    response = client_a.post(reverse("policies:create"), data)
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.unit == district.unit_a and policy.status == Status.DRAFT
    assert list(policy.industries.values_list("code", flat=True)) == ["C"]
    page = client_a.get(reverse("policies:detail", args=[policy.pk])).content.decode()
    assert reverse("policies:submit", args=[policy.pk]) in page
    assert "铜梁区支持制造业企业技术改造若干措施" in page
    edit = client_a.post(
        reverse("policies:edit", args=[policy.pk]), form_data(title="新标题", unit="")
    )
    assert edit.status_code == 302
    assert Policy.objects.get().title == "新标题"
    assert client_a.post(reverse("policies:submit", args=[policy.pk])).status_code == 302
    # The clerk who submitted cannot approve: the page says so, nothing changes.
    refused = client_a.post(reverse("policies:approve", args=[policy.pk]))
    assert refused.status_code == 400 and Policy.objects.get().status == Status.PENDING
    head = client_for(head_a)
    page = head.get(reverse("policies:detail", args=[policy.pk])).content.decode()
    assert reverse("policies:approve", args=[policy.pk]) in page
    assert head.post(reverse("policies:approve", args=[policy.pk])).status_code == 302
    assert Policy.objects.get().status == Status.PUBLISHED


def test_invalid_input_changes_nothing(client_a, district):
    response = client_a.post(
        reverse("policies:create"),
        form_data(
            unit=district.unit_a.pk,
            title="",
            source_url="javascript:alert(1)",
            valid_until="2020-01-01",
            document_index="NOPE/2026-1",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "field-error" in body and not Policy.objects.exists()


def test_cannot_enter_for_another_unit(client_b, district):
    response = client_b.post(reverse("policies:create"), form_data(unit=district.unit_a.pk))
    assert response.status_code == 400 and not Policy.objects.exists()


def test_another_units_policy_is_404(client_b, district, officer_a):
    policy = draft(officer_a, district.unit_a)
    for name in ("detail", "edit"):
        assert client_b.get(reverse(f"policies:{name}", args=[policy.pk])).status_code == 404
    for name in ("submit", "approve", "return"):
        assert client_b.post(reverse(f"policies:{name}", args=[policy.pk])).status_code == 404
    assert policy.title not in client_b.get(reverse("policies:list")).content.decode()


def test_list_and_htmx_partials(client_a, district, officer_a):
    draft(officer_a, district.unit_a, title="甲政策")
    full = client_a.get(reverse("policies:list"))
    assert "甲政策" in full.content.decode() and "<html" in full.content.decode()
    partial = client_a.get(reverse("policies:list"), {"q": "甲"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "甲政策" in body and "<html" not in body
    form = client_a.post(reverse("policies:create"), {"title": ""}, HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and "<html" not in form.content.decode()
    assert "field-error" in form.content.decode()


def test_return_with_reason(client_a, district, officer_a, head_a):
    policy = draft(officer_a, district.unit_a)
    client_a.post(reverse("policies:submit", args=[policy.pk]))
    head = client_for(head_a)
    assert (
        head.post(reverse("policies:return", args=[policy.pk]), {"reason": ""}).status_code == 400
    )
    assert (
        head.post(
            reverse("policies:return", args=[policy.pk]), {"reason": "请补充办理指南"}
        ).status_code
        == 302
    )
    policy.refresh_from_db()
    assert policy.status == Status.DRAFT and policy.return_reason == "请补充办理指南"


def test_statistics_for_the_district_office_only(
    client_a, client_supervisor, district, officer_a, head_a, django_capture_on_commit_callbacks
):
    subscribe("factory.owner@example.com", codes=("C",), categories=("稳岗",))
    subscribe("13800138000", channel="sms", codes=("C",))
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft(officer_a, district.unit_a), author=officer_a, reviewer=head_a)
    assert client_a.get(reverse("policies:statistics")).status_code == 404
    response = client_supervisor.get(reverse("policies:statistics"))
    body = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "f***@example.com" in body and "138****8000" in body
    assert "factory.owner" not in body and "13800138000" not in body
    assert '<dd id="stat-active">2</dd>' in body
    assert "<td>电子邮箱</td><td>1</td><td>1</td><td>0</td>" in body


def test_categories_are_editable_data(client_supervisor, client_a):
    assert client_a.get(reverse("policies:categories")).status_code == 404
    response = client_supervisor.post(
        reverse("policies:categories"), {"name": "外贸", "is_active": "on"}
    )
    assert response.status_code == 302 and Category.objects.filter(name="外贸").exists()
    again = client_supervisor.post(reverse("policies:categories"), {"name": "外贸"})
    assert again.status_code == 400
    toggle = client_supervisor.post(
        reverse("policies:category_toggle", args=[Category.objects.get(name="外贸").pk])
    )
    assert toggle.status_code == 302 and not Category.objects.get(name="外贸").is_active


def test_inbox_lists_reviews(client_a, district, officer_a, head_a):
    from django.utils import timezone

    from zwgk.policies.inbox import policy_items

    policy = draft(officer_a, district.unit_a)
    client_a.post(reverse("policies:submit", args=[policy.pk]))
    assert [item.url for item in policy_items(head_a, timezone.localdate())] == [
        reverse("policies:detail", args=[policy.pk])
    ]
    assert list(policy_items(officer_a, timezone.localdate())) == []


def _published_document(unit, index_number="11500151MB0000000X/2026-00007"):
    """A published document row (the documents app's own tests cover how it gets there)."""
    from datetime import date

    from django.utils import timezone

    from zwgk.documents.models import Document, Topic

    return Document.objects.create(
        publishing_unit=unit,
        title="铜梁区关于支持教育培训机构稳岗就业的通知",
        doc_number="铜教发〔2026〕7号",
        written_date=date(2026, 3, 1),
        index_number=index_number,
        summary="对稳定就业岗位的培训机构给予支持。",
        topic=Topic.objects.first(),
        disclosure="proactive",
        disclosure_scope="full",
        status="published",
        approved_hash="0" * 64,
        published_at=timezone.now(),
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )


def test_add_a_published_document_to_the_library(client_a, client_b, district, head_a):
    document = _published_document(district.unit_a)
    page = client_a.get(reverse("policies:create"), {"document": document.index_number})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="铜梁区关于支持教育培训机构稳岗就业的通知"' in body
    assert f'value="{document.index_number}"' in body
    other = client_b.get(reverse("policies:create"), {"document": document.index_number})
    assert "铜梁区关于支持教育培训机构稳岗就业的通知" not in other.content.decode()
    data = form_data(unit=district.unit_a.pk, document_index=document.index_number, source_url="")
    assert client_a.post(reverse("policies:create"), data).status_code == 302
    policy = Policy.objects.get()
    assert policy.document == document
    public = client_a.post(reverse("policies:submit", args=[policy.pk]))
    assert public.status_code == 302  # a linked document stands for the source link
    assert client_for(head_a).post(reverse("policies:approve", args=[policy.pk])).status_code == 302
    page = client_b.get(reverse("policies_public:detail", args=[policy.pk])).content.decode()
    assert reverse("portal:document", args=[district.unit_a.code, document.pk]) in page
