"""The public pages of 执行公开: the published summary tables (snapshots generated from the
units' reports), at /zxgk/ (public_urls.py). Mobile-first: on a narrow screen each row reads
as a card."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors, summary
from .models import PublishedSummary


def _crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    crumbs = [{"label": _("Home"), "url": "/"}]
    crumbs += [
        {
            "label": _("Execution disclosure"),
            "url": reverse("execution_public:summaries"),
        }
    ]
    return crumbs + [{"label": label, "url": url} for label, url in trail]


@require_safe
def summaries(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_summaries(), 20).get_page(request.GET.get("page"))
    context = {"title": _("Execution disclosure"), "crumbs": _crumbs(), "page": page}
    return render(request, "execution/public/summaries.html", context)


@require_safe
def summary_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        published = selectors.get_public_summary(pk)
    except PublishedSummary.DoesNotExist as error:
        raise Http404 from error
    context = {
        "title": published.title,
        "crumbs": _crumbs((published.title, "?")),
        "published": published,
        "rows": summary.rows_of(published.rows),
        "columns": summary.COLUMNS,
    }
    return render(request, "execution/public/summary.html", context)
