"""The read-only JSON API: published documents only, public fields only, filters, paging,
clear errors, and its OpenAPI description."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client

from zwgk.documents.models import Topic
from zwgk.portal import urls_for
from zwgk.portal.tests.conftest import AT, bulk_published

# Everything a document row holds that the public must never get through the API.
PRIVATE_FIELDS = {
    "status",
    "signer",
    "created_by",
    "disclosure",
    "disclosure_scope",
    "withheld_part",
    "legal_ground",
    "ground_explanation",
    "approved_hash",
    "return_reason",
    "risk_assessment",
    "response_plan",
    "is_major_decision",
    "needs_interpretation",
    "publish_due_date",
    "scheduled_at",
    "withdraw_reason",
    "extracted_text",
}


@pytest.fixture
def api():
    return Client()


def get(api, url, status=200):
    response = api.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def keys(value) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_lists_only_published_documents_newest_first(api, publisher):
    first = publisher("第一份", signer="王建国", risk_assessment="内部评估")
    second = publisher("第二份", at=AT + timedelta(days=1))
    publisher.draft("草稿")
    publisher.approve(publisher.draft("审核通过未发布"))
    withdrawn = publisher("撤稿的", at=AT + timedelta(days=2))
    publisher.withdraw(withdrawn, "有误")
    page = get(api, "/api/v1/documents")
    assert page["count"] == 2 and page["page"] == 1 and page["page_size"] == 20
    assert [d["title"] for d in page["results"]] == ["第二份", "第一份"]
    item = page["results"][1]
    assert item == {
        "id": first.pk,
        "url": urls_for.document_url(first),
        "index_number": "tlq-jw/2026-00001",
        "title": "第一份",
        "doc_number": "铜教发〔2026〕3号",
        "summary": "各中小学校： 现将有关事项通知如下。",
        "publishing_unit": {"code": "tlq-jw", "name": "重庆市铜梁区教育委员会"},
        "topic": {"id": first.topic_id, "name": "科技、教育"},
        "written_date": "2026-02-27",
        "published_date": "2026-03-02",
        "column": {"slug": "a20-1", "name": "行政法规、规章和规范性文件"},
    }
    assert second.pk in [d["id"] for d in page["results"]]


def test_document_detail_has_public_fields_only(api, publisher):
    policy = publisher.draft(
        "关于印发某办法的通知",
        needs_interpretation=True,
        signer="王建国",
        is_major_decision=True,
        risk_assessment="内部评估",
        response_plan="内部预案",
    )
    reading = publisher.draft(
        "《某办法》解读", interprets=policy, genre="jiedu", interpretation_form="qa"
    )
    publisher.publish(publisher.approve(policy))
    detail = get(api, f"/api/v1/documents/{policy.pk}")
    assert detail["title"] == "关于印发某办法的通知"
    assert detail["issuers"] == ["重庆市铜梁区教育委员会"]
    assert detail["body"] == "各中小学校：\n现将有关事项通知如下。"
    assert detail["published_at"] == "2026-03-02T09:00:00+08:00"
    assert detail["interpretations"] == [
        {"id": reading.pk, "title": "《某办法》解读", "url": urls_for.document_url(reading)}
    ]
    assert detail["normative"] is None and detail["attachments"] == []
    assert not keys(detail) & PRIVATE_FIELDS
    assert "王建国" not in json.dumps(detail, ensure_ascii=False)
    assert "内部" not in json.dumps(detail, ensure_ascii=False)
    reading_detail = get(api, f"/api/v1/documents/{reading.pk}")
    assert reading_detail["interprets"]["id"] == policy.pk
    assert reading_detail["interpretation_form"] == "问答"


def test_unpublished_and_withdrawn_documents_are_not_found(api, publisher):
    draft = publisher.draft()
    assert get(api, f"/api/v1/documents/{draft.pk}", 404) == {"detail": "没有这条公开信息。"}
    document = publisher()
    publisher.withdraw(document, "有误")
    get(api, f"/api/v1/documents/{document.pk}", 404)
    get(api, "/api/v1/documents/999999", 404)


def test_filters(api, publisher, district):
    education = Topic.objects.get(name="科技、教育")
    labour = Topic.objects.get(name="劳动、人事、监察")
    publisher("甲", column="a20-1")
    publisher("乙", column="zfxxgknb", topic=labour, at=AT + timedelta(days=1))
    publisher(
        "丙",
        written_date=date(2025, 12, 1),
        doc_number="铜教发〔2025〕1号",
        at=AT + timedelta(days=2),
    )
    bulk_published(
        district.unit_b, 1, title="民政文件", topic=education, start=AT - timedelta(days=1)
    )

    def titles(query: str) -> list[str]:
        return [d["title"] for d in get(api, f"/api/v1/documents?{query}")["results"]]

    assert titles("") == ["丙", "乙", "甲", "民政文件1"]
    assert titles("unit=tlq-jw") == ["丙", "乙", "甲"]
    assert titles("unit=tlq-mzj") == ["民政文件1"]
    assert titles(f"topic={labour.pk}") == ["乙"]
    assert titles(f"topic={education.pk}&unit=tlq-jw") == ["丙", "甲"]
    assert titles("year=2025") == ["丙"]
    assert titles("year=2026&unit=tlq-jw") == ["乙", "甲"]
    assert titles("column=zfxxgknb") == ["乙"]
    assert titles("column=a20-1&year=2026") == ["甲", "民政文件1"]
    assert titles("year=2024") == []


def test_paging(api, profile, district):
    bulk_published(district.unit_a, 45)
    page = get(api, "/api/v1/documents?page=3&page_size=20")
    assert page["count"] == 45
    assert [d["title"] for d in page["results"]] == ["文件5", "文件4", "文件3", "文件2", "文件1"]
    assert get(api, "/api/v1/documents?page=9")["results"] == []
    assert len(get(api, "/api/v1/documents?page_size=100")["results"]) == 45


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=abc",
        "page_size=101",
        "page_size=0",
        "year=12",
        "topic=-1",
        "unit=" + "x" * 41,
    ],
)
def test_bad_parameters_get_a_clear_message(api, profile, query):
    body = get(api, f"/api/v1/documents?{query}", 422)
    assert body["detail"].startswith("参数不正确：")


def test_unknown_unit_or_topic(api, profile, district):
    assert get(api, "/api/v1/documents?unit=nope", 404) == {"detail": "没有代码为“nope”的单位。"}
    get(api, "/api/v1/documents?topic=99999", 404)


def test_units_columns_and_topics(api, profile, district, town):
    units = get(api, "/api/v1/units")
    assert {u["code"] for u in units} == {"tlq", "tlq-anju", "tlq-jw", "tlq-mzj", "tlq-zfb"}
    assert units[0]["code"] == "tlq" and units[0]["parent"] is None  # the district first
    jw = next(u for u in units if u["code"] == "tlq-jw")
    assert jw == {
        "code": "tlq-jw",
        "name": "重庆市铜梁区教育委员会",
        "short_name": "区教委",
        "kind": "department",
        "parent": "tlq",
        "url": "/xxgk/tlq-jw/",
    }
    assert not keys(units) & {"office_phone", "uscc", "path", "is_active"}
    columns = get(api, "/api/v1/units/tlq-anju/columns")
    slugs = [c["slug"] for c in columns]
    assert slugs[:3] == ["zfxxgkzn", "zfxxgkzd", "fdzdgknr"] and "a21x-1" in slugs
    a20 = next(c for c in columns if c["slug"] == "a20-1")
    assert a20["parent"] == "fdzdgknr"
    assert a20["url"] == "/xxgk/tlq-anju/fdzdgknr/a20-1/"
    assert a20["feed_url"] == "/xxgk/tlq-anju/fdzdgknr/a20-1/feed.xml"
    assert next(c for c in columns if c["slug"] == "zfxxgkzn")["feed_url"] == ""
    get(api, "/api/v1/units/nope/columns", 404)
    topics = get(api, "/api/v1/topics")
    assert len(topics) == 21 and topics[0]["name"] == "综合政务"


def test_openapi_description(api, profile):
    schema = get(api, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/units",
        "/api/v1/units/{code}/columns",
        "/api/v1/topics",
    }
    assert list(schema["paths"]["/api/v1/documents"]) == ["get"]  # read-only
    assert api.get("/api/v1/docs").status_code == 404  # no page that loads remote scripts


def test_api_is_read_only(api, publisher):
    document = publisher()
    assert api.post("/api/v1/documents", {}).status_code == 405
    assert api.delete(f"/api/v1/documents/{document.pk}").status_code == 405
