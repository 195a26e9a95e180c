"""The read-only public JSON API at /api/v1/ (django-ninja), described by OpenAPI at
/api/v1/openapi.json.

It serves what the public pages show and nothing more: published (主动公开) documents of the
site's units with their public fields — never the review chain, the disclosure reasoning, who
drafted or signed, or anything of a document that is not published — plus the units, their
columns and the topics to filter by. No interactive documentation page: it would load scripts
the site's Content-Security-Policy forbids; the OpenAPI file is the description.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from zwgk.documents.models import Document

from . import columns as column_tree
from .pages import SiteData, column_url, load_site_data
from .selectors import (
    NEWEST_FIRST,
    SUMMARY_CHARS,
    DocumentView,
    Link,
    get_topic,
    list_topics,
    load_document_views,
    local_date,
    public_documents,
    summary_text,
    year_filter,
)
from .urls_for import document_path

MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="政府信息公开 API",
    version="1",
    description="只读接口：本网站主动公开的政府信息、发布单位、栏目和主题分类。",
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = sorted({str(item.get("loc", ["", ""])[-1]) for item in error.errors})
    return api.create_response(
        request,
        {"detail": f"参数不正确：{'、'.join(fields)}。", "errors": error.errors},
        status=422,
    )


class UnitRef(Schema):
    code: str
    name: str


class TopicOut(Schema):
    id: int
    name: str


class ColumnRef(Schema):
    slug: str
    name: str


class DocumentLink(Schema):
    id: int
    title: str
    url: str


class DocumentSummary(Schema):
    id: int
    url: str
    index_number: str = Field(description="索引号")
    title: str = Field(description="标题")
    doc_number: str = Field(description="发文字号")
    summary: str = Field(description="内容概述")
    publishing_unit: UnitRef
    topic: TopicOut | None = Field(description="主题分类")
    written_date: date | None = Field(description="成文日期")
    published_date: date | None = Field(description="发布日期")
    column: ColumnRef | None


class DocumentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[DocumentSummary]


class AttachmentOut(Schema):
    name: str
    url: str
    size: int
    format: str


class NormativeOut(Schema):
    unified_number: str = Field(description="统一编号")
    validity: str = Field(description="有效性")
    valid_from: date | None
    valid_until: date | None
    replaced_by: DocumentLink | None
    replaces: list[DocumentLink]


class DocumentDetail(DocumentSummary):
    issuers: list[str] = Field(description="发文机关")
    genre: str
    published_at: datetime | None
    body: str
    normative: NormativeOut | None = Field(description="行政规范性文件的统一编号和有效性")
    attachments: list[AttachmentOut]
    interprets: DocumentLink | None = Field(description="本解读所解读的政策")
    interpretations: list[DocumentLink] = Field(description="本政策的解读")
    interpretation_form: str
    video_url: str


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    url: str


class ColumnOut(Schema):
    slug: str
    name: str
    source: str
    parent: str | None
    url: str
    feed_url: str


class DocumentFilters(Schema):
    unit: str | None = Field(None, description="发布单位代码", max_length=40)
    topic: int | None = Field(None, description="主题分类编号", ge=1)
    year: int | None = Field(None, description="生成日期所在年份", ge=1949, le=2999)
    column: str | None = Field(None, description="栏目代码", max_length=20)
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _unit_ref(data: SiteData, unit_id: int) -> UnitRef:
    unit = data.by_pk[unit_id]
    return UnitRef(code=unit.code, name=unit.name)


def _column_ref(data: SiteData, unit_id: int, slug: str) -> ColumnRef | None:
    found = (
        column_tree.find_column(data.by_pk[unit_id].kind, slug, data.by_pk[unit_id].code)
        if slug
        else None
    )
    return ColumnRef(slug=slug, name=found[0].name) if found else None


def _link(link: Link | None) -> DocumentLink | None:
    if link is None:
        return None
    return DocumentLink(id=link.pk, title=link.title, url=link.url)


def _filtered(data: SiteData, filters: DocumentFilters) -> QuerySet[Document]:
    documents = public_documents(data.unit_pks)
    if filters.unit is not None:
        unit = data.by_code.get(filters.unit)
        if unit is None:
            raise HttpError(404, f"没有代码为“{filters.unit}”的单位。")
        documents = documents.filter(publishing_unit=unit)
    if filters.topic is not None:
        if get_topic(filters.topic) is None:
            raise HttpError(404, f"没有编号为 {filters.topic} 的主题分类。")
        documents = documents.filter(topic_id=filters.topic)
    if filters.year is not None:
        documents = documents.filter(year_filter(filters.year))
    if filters.column is not None:
        documents = documents.filter(column=filters.column)
    return documents


@api.get("/documents", response=DocumentPage, summary="主动公开的政府信息（最新的在前）")
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> dict[str, Any]:
    data = load_site_data()
    documents = _filtered(data, filters)
    start = (filters.page - 1) * filters.page_size
    rows = documents.select_related("topic").order_by(*NEWEST_FIRST)[
        start : start + filters.page_size
    ]
    results = [
        DocumentSummary(
            id=d.pk,
            url=document_path(data.by_pk[d.publishing_unit_id].code, d.pk),
            index_number=d.index_number,
            title=d.title,
            doc_number=d.doc_number,
            summary=summary_text(d.summary, d.body[: SUMMARY_CHARS + 1]),
            publishing_unit=_unit_ref(data, d.publishing_unit_id),
            topic=TopicOut(id=d.topic.pk, name=d.topic.name) if d.topic else None,
            written_date=d.written_date,
            published_date=local_date(d.published_at),
            column=_column_ref(data, d.publishing_unit_id, d.column),
        )
        for d in rows
    ]
    return {
        "count": documents.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": results,
    }


def _detail(data: SiteData, view: DocumentView) -> DocumentDetail:
    normative = None
    if view.is_normative and view.validity:
        normative = NormativeOut(
            unified_number=view.unified_number,
            validity=view.validity,
            valid_from=view.valid_from,
            valid_until=view.valid_until,
            replaced_by=_link(view.replaced_by),
            replaces=[link for link in map(_link, view.replaces) if link],
        )
    return DocumentDetail(
        id=view.pk,
        url=view.url,
        index_number=view.index_number,
        title=view.title,
        doc_number=view.doc_number,
        summary=view.summary,
        publishing_unit=UnitRef(code=view.unit.code, name=view.unit.name),
        topic=TopicOut(id=view.topic_id, name=view.topic) if view.topic_id else None,
        written_date=view.written_date,
        published_date=view.published_date,
        column=_column_ref(data, view.unit.pk, view.column),
        issuers=list(view.issuers),
        genre=view.genre,
        published_at=timezone.localtime(view.published_at) if view.published_at else None,
        body=view.body,
        normative=normative,
        attachments=[
            AttachmentOut(name=a.name, url=a.url, size=a.size, format=a.kind)
            for a in view.attachments
        ],
        interprets=_link(view.interprets),
        interpretations=[link for link in map(_link, view.interpretations) if link],
        interpretation_form=view.interpretation_form,
        video_url=view.video_url,
    )


@api.get("/documents/{document_id}", response=DocumentDetail, summary="一条主动公开的政府信息")
def get_document(request: HttpRequest, document_id: int) -> DocumentDetail:
    data = load_site_data()
    view = load_document_views([document_id], data.by_pk).get(document_id)
    if view is None or view.is_withdrawn:
        raise HttpError(404, "没有这条公开信息。")
    return _detail(data, view)


@api.get("/units", response=list[UnitOut], summary="发布单位")
def list_units(request: HttpRequest) -> list[UnitOut]:
    data = load_site_data()
    return [
        UnitOut(
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name,
            kind=unit.kind,
            parent=data.by_pk[unit.parent_id].code if unit.parent_id in data.by_pk else None,
            url=f"/xxgk/{unit.code}/",
        )
        for unit in data.units
    ]


@api.get("/units/{code}/columns", response=list[ColumnOut], summary="单位的栏目")
def list_columns(request: HttpRequest, code: str) -> list[ColumnOut]:
    data = load_site_data()
    unit = data.by_code.get(code)
    if unit is None:
        raise HttpError(404, f"没有代码为“{code}”的单位。")
    found = []
    for column in column_tree.columns_for(unit.kind, unit.code):
        for item, parent in [(column, None), *((child, column) for child in column.children)]:
            url = column_url(unit, item, parent)
            listed = item.slug not in column_tree.GENERATED_SLUGS and not item.children
            found.append(
                ColumnOut(
                    slug=item.slug,
                    name=item.name,
                    source=item.source,
                    parent=parent.slug if parent else None,
                    url=url,
                    feed_url=f"{url}feed.xml" if listed else "",
                )
            )
    return found


@api.get("/topics", response=list[TopicOut], summary="主题分类")
def topics(request: HttpRequest) -> list[TopicOut]:
    return [TopicOut(id=topic.pk, name=topic.name) for topic in list_topics()]
