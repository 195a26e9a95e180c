"""The public pages of 行政执法公示 (/zfgs/): units, their standing information with its version
history, and the results by unit, type and year — mobile-first, paged, read-only.

Personal data never reaches these pages: a natural person appears as 张* (Decision.
public_party_name), identity numbers are not read at all (`defer`), and the free-text search does
not look at natural persons' names (no way to probe whether someone was penalised).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zwgk.orgs.models import Unit

from . import selectors
from .models import Decision
from .statute import DecisionKind, InfoKind, PartyKind

PAGE_SIZE = 20


def _layout(title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    crumbs = [{"label": _("Home"), "url": "/"}]
    crumbs += [
        {"label": _("Law-enforcement disclosure"), "url": reverse("enforcement_public:index")}
    ]
    crumbs += [{"label": label, "url": url} for label, url in trail]
    return {"title": title, "crumbs": crumbs}


def _unit(code: str) -> Unit:
    try:
        return selectors.get_public_unit(code)
    except Unit.DoesNotExist as error:
        raise Http404 from error


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    context = _layout(_("Law-enforcement disclosure"))
    context |= {
        "units": selectors.public_units(),
        "recent": selectors.public_decisions()[:10],
        "kinds": DecisionKind.choices,
    }
    return render(request, "enforcement/public/index.html", context)


@require_safe
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code)
    context = _layout(unit.name)
    context |= {
        "unit": unit,
        "info": selectors.current_info(unit),
        "recent": selectors.public_decisions().filter(unit=unit)[:10],
        "kinds": DecisionKind.choices,
    }
    return render(request, "enforcement/public/unit.html", context)


@require_safe
def info_history(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    unit = _unit(code)
    if kind not in InfoKind.values:
        raise Http404
    versions = list(selectors.info_history(unit, kind))
    if not versions:
        raise Http404
    label = InfoKind(kind).label
    context = _layout(
        f"{unit.short_name} {label}",
        (unit.short_name, reverse("enforcement_public:unit", args=[unit.code])),
    )
    context |= {"unit": unit, "label": label, "versions": versions}
    return render(request, "enforcement/public/info_history.html", context)


@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.public_decisions()
    units = list(selectors.public_units())
    code = request.GET.get("unit", "")[:40]
    unit = next((u for u in units if u.code == code), None)
    if unit is not None:
        qs = qs.filter(unit=unit)
    kind = request.GET.get("kind", "")
    if kind in DecisionKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    year_text = request.GET.get("year", "")[:4]
    year = int(year_text) if year_text.isdigit() else None
    if year is not None:
        qs = qs.filter(decision_date__year=year)
    query = request.GET.get("q", "").strip()[:50]
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(summary__icontains=query)
            | (~Q(party_kind=PartyKind.NATURAL) & Q(party_name__icontains=query))
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {"unit": unit.code if unit else "", "kind": kind, "year": year or "", "q": query}
    query_string = urlencode({k: v for k, v in params.items() if v})
    context = _layout(_("Enforcement results"))
    context |= {
        "page": page,
        "units": units,
        "unit": unit,
        "kinds": DecisionKind.choices,
        "kind": kind,
        "years": selectors.public_years(),
        "year": year,
        "q": query,
        "filter_query": query_string,
    }
    return render(request, "enforcement/public/decision_list.html", context)


@require_safe
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        decision: Decision = selectors.get_public_decision(pk)
    except Decision.DoesNotExist as error:
        raise Http404 from error
    context = _layout(
        decision.number,
        (_("Enforcement results"), reverse("enforcement_public:decision_list")),
    )
    context |= {"decision": decision}
    return render(request, "enforcement/public/decision.html", context)
