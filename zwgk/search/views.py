"""The public search page (/search/): a dynamic page next to the published static site.

GET parameters q, unit, topic, year, validity, page. Bad input gets the page with a clear
message and status 400; an index that is missing or being replaced gets a message and 503.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zwgk.documents.models import Document
from zwgk.documents.statute import Validity
from zwgk.portal import columns, urls_for

from . import analysis
from .engine import PER_PAGE, Results, SearchUnavailable
from .forms import SearchForm
from .indexing import get_index

logger = logging.getLogger(__name__)

VALIDITY_LABELS = dict(Validity.choices)
FILTERS = ("unit", "topic", "year", "validity")


def _page_url(request: HttpRequest, page: int) -> str:
    params = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    if page > 1:
        params.append(("page", str(page)))
    return "?" + urlencode(params) if params else "?"


def _still_published(results: Results) -> None:
    """Defence in depth: never list a document that is no longer published, even if an index
    update failed (the count may then be one too high until the next update). Each hit gets the
    URL of its published page (zwgk.portal.urls_for decides the scheme)."""
    ids = [hit.id for hit in results.hits]
    live = dict(
        Document.objects.published().filter(pk__in=ids).values_list("pk", "publishing_unit__code")
    )
    results.hits = [hit for hit in results.hits if hit.id in live]
    for hit in results.hits:
        hit.url = urls_for.document_path(live[hit.id], hit.id)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET if request.GET else None)
    context: dict[str, Any] = {
        "form": form,
        "title": _("Site search"),
        "section_name": columns.SECTION_NAME,
        "guide_column": columns.GUIDE,
        "on_request_column": columns.ON_REQUEST,
        "crumbs": [{"label": _("Home"), "url": "/"}, {"label": _("Site search"), "url": "?"}],
    }
    context["filters_open"] = any(request.GET.get(name) for name in FILTERS)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        query = form.cleaned_data["q"]
        parsed = analysis.parse_query(query)
        context["query"] = query
        if query and parsed.is_empty:
            context["nothing_to_search"] = True
        elif not parsed.is_empty:
            page = form.cleaned_data["page"] or 1
            try:
                results = get_index().search(parsed, form.filters(), page=page)
            except SearchUnavailable:
                if Document.objects.published().exists():
                    logger.warning("search index unavailable: run `zwgk search rebuild`")
                    context["unavailable"] = True
                    status = 503
                else:  # a new site: nothing published, nothing indexed yet
                    context["results"] = Results(total=0, page=1, per_page=PER_PAGE)
            else:
                _still_published(results)
                for hit in results.hits:
                    hit.validity_label = VALIDITY_LABELS.get(hit.validity, "")
                context["results"] = results
                context["beyond_last_page"] = page > results.pages and results.total > 0
                if page > 1:
                    context["previous_url"] = _page_url(request, page - 1)
                if page < results.pages:
                    context["next_url"] = _page_url(request, page + 1)
                context["first_page_url"] = _page_url(request, 1)
    return render(request, "search/search.html", context, status=status)
