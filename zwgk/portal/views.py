"""Public pages and the error handlers. Every body comes from publishing.render_page, so what a
view returns is byte for byte what `zwgk publish` writes to the page's file."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from . import publishing
from .publishing import Page, PageNotFound, SiteData

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/html; charset=utf-8"


def _respond(page: Page, data: SiteData | None = None) -> HttpResponse:
    return HttpResponse(
        publishing.render_page(page, data), content_type=CONTENT_TYPE, status=page.status
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return _respond(publishing.home_page())


@require_safe
def section(request: HttpRequest) -> HttpResponse:
    return _respond(publishing.section_page())


@require_safe
def unit_index(request: HttpRequest, code: str) -> HttpResponse:
    data = publishing.load_site_data()
    try:
        page = publishing.unit_index_page(data, code)
    except PageNotFound as error:
        raise Http404 from error
    return _respond(page, data)


@require_safe
def unit_column(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    data = publishing.load_site_data()
    try:
        page = publishing.unit_column_page(data, code, slug)
    except PageNotFound as error:
        raise Http404 from error
    return _respond(page, data)


@require_safe
def unit_subcolumn(request: HttpRequest, code: str, parent_slug: str, slug: str) -> HttpResponse:
    data = publishing.load_site_data()
    try:
        page = publishing.unit_subcolumn_page(data, code, parent_slug, slug)
    except PageNotFound as error:
        raise Http404 from error
    return _respond(page, data)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    try:
        data = publishing.load_site_data()
    except DatabaseError:  # still a 404, with the site facts known in memory
        data = publishing.error_site_data()
    return _respond(publishing.not_found_page(), data)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: no database, no request data, no details of the failure."""
    try:
        return _respond(publishing.server_error_page(), publishing.error_site_data())
    except Exception:  # the last line of defence must not fail in turn
        logger.exception("the 500 page itself failed")
        return HttpResponse(
            "<!doctype html><title>500</title><p>服务器暂时无法处理您的请求，请稍后再试。</p>"
            '<p><a href="/">返回首页</a></p>',
            content_type=CONTENT_TYPE,
            status=500,
        )
