"""Public pages and the error handlers.

Every body comes from pages.render_page (or downloads.render_download), so what a view returns is
byte for byte what `zwgk publish` writes to the page's file. When that file exists under
settings.ZWGK_SITE_ROOT (`make run` after a publish), the view serves the file itself, as nginx
does in production: the published site is what the public sees.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from zwgk.documents.models import Attachment, Status

from . import downloads, publishing, urls_for
from .pages import ATOM, HTML, Page, PageNotFound, SiteData, output_path

logger = logging.getLogger(__name__)

CONTENT_TYPE = HTML
CONTENT_TYPES = {
    ".html": HTML,
    ".xml": ATOM,
    **{f".{fmt}": value for fmt, value in downloads.CONTENT_TYPES.items()},
}
DOWNLOAD_SUFFIXES = frozenset({".csv", ".xlsx"})


def _published_file(url_path: str) -> Path | None:
    """The published file of this address, if the site root holds one."""
    if not getattr(settings, "ZWGK_SERVE_SITE_FILES", True):
        return None
    root = Path(settings.ZWGK_SITE_ROOT).resolve()
    target = (root / output_path(url_path)).resolve()
    if root not in target.parents or not target.is_file():
        return None
    return target


def _file_response(target: Path, filename: str | None = None) -> HttpResponse:
    suffix = target.suffix
    if suffix in CONTENT_TYPES and suffix not in DOWNLOAD_SUFFIXES and filename is None:
        return HttpResponse(target.read_bytes(), content_type=CONTENT_TYPES[suffix])
    content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0]
    response = FileResponse(
        target.open("rb"),
        as_attachment=True,
        filename=filename or target.name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _respond(page: Page, data: SiteData | None = None) -> HttpResponse:
    return HttpResponse(
        publishing.render_page(page, data), content_type=page.content_type, status=page.status
    )


def _page(request: HttpRequest, make: Callable[[SiteData], Page]) -> HttpResponse:
    """The published file of this address, else the page rendered now (404 if there is none)."""
    published = _published_file(request.path)
    if published is not None:
        return _file_response(published)
    data = publishing.load_site_data()
    try:
        page = make(data)
        return _respond(page, data)
    except PageNotFound as error:
        raise Http404 from error


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, lambda data: publishing.home_page())


@require_safe
def section(request: HttpRequest) -> HttpResponse:
    return _page(request, lambda data: publishing.section_page())


@require_safe
def unit_index(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, lambda data: publishing.unit_index_page(data, code))


@require_safe
def unit_column(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    return _page(request, lambda data: publishing.unit_column_page(data, code, slug))


@require_safe
def unit_subcolumn(request: HttpRequest, code: str, parent_slug: str, slug: str) -> HttpResponse:
    return _page(
        request, lambda data: publishing.unit_subcolumn_page(data, code, parent_slug, slug)
    )


@require_safe
def column_archive(
    request: HttpRequest, code: str, slug: str, number: int, parent_slug: str = ""
) -> HttpResponse:
    return _page(
        request,
        lambda data: publishing.column_archive_page(data, code, slug, number, parent_slug),
    )


@require_safe
def column_feed(request: HttpRequest, code: str, slug: str, parent_slug: str = "") -> HttpResponse:
    return _page(request, lambda data: publishing.column_feed_page(data, code, slug, parent_slug))


@require_safe
def document(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _page(request, lambda data: publishing.document_page(data, code, pk))


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    return _page(request, lambda data: publishing.catalogue_page())


@require_safe
def catalogue_list(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    return _page(request, lambda data: publishing.catalogue_list_page(data, kind, key))


@require_safe
def catalogue_archive(request: HttpRequest, kind: str, key: str, number: int) -> HttpResponse:
    return _page(request, lambda data: publishing.catalogue_archive_page(data, kind, key, number))


@require_safe
def catalogue_download(request: HttpRequest, kind: str, key: str, fmt: str) -> HttpResponse:
    published = _published_file(request.path)
    if published is not None:
        return _file_response(published)
    try:
        content = downloads.render_download(publishing.load_site_data(), kind, key, fmt)
    except PageNotFound as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=downloads.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{publishing.DOWNLOAD_NAMES[fmt]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def attachment(request: HttpRequest, name: str) -> HttpResponse:
    """An attachment of a published document, always as a download (never shown inline)."""
    pk, _sep, _rest = name.partition("-")
    if not pk.isdigit():
        raise Http404
    found = (
        Attachment.objects.select_related("document")
        .filter(pk=int(pk), document__status=Status.PUBLISHED)
        .first()
    )
    data = publishing.load_site_data()
    if (
        found is None
        or urls_for.attachment_name(found) != name
        or found.document.publishing_unit_id not in data.by_pk
    ):
        raise Http404
    published = _published_file(request.path)
    if published is not None:
        return _file_response(published, filename=found.original_name)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
