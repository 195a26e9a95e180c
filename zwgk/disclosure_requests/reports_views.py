"""Staff pages for annual-report tables 三 and 四: the tables for a chosen year and scope (a unit
sees its own units; the district office any unit of its district or the whole district), their
validation, and the XLSX export laid out like the official tables.

Scopes the viewer may not see answer 404; a year outside 2019..this year is a Chinese message
with status 400.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from zwgk.core import audit
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import supervised_district_paths, visible_units

from . import reports
from .statute import TABLE3_COLUMNS, TABLE3_TOTAL_COLUMN, TABLE4_LITIGATION_GROUPS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DISTRICT = "district"


def scope_choices(user: Any) -> list[tuple[str, str, reports.Scope]]:
    """(value, label, scope) the viewer may report on: the whole district for the district
    office's supervisors, then every visible unit."""
    choices = []
    for path in supervised_district_paths(user):
        root = Unit.objects.filter(path=path).first()
        if root is not None:
            scope = reports.district_scope(root)
            value = DISTRICT if len(choices) == 0 else f"{DISTRICT}-{root.pk}"
            choices.append((value, scope.name, scope))
    for unit in visible_units(user).filter(is_active=True).order_by("path"):
        choices.append((str(unit.pk), unit.name, reports.unit_scope(unit)))
    return choices


def _chosen(
    request: HttpRequest,
) -> tuple[list[tuple[str, str, reports.Scope]], str, int | None, str]:
    """(choices, chosen value, year or None, error)."""
    choices = scope_choices(request.user)
    if not choices:
        raise Http404
    value = request.GET.get("scope") or choices[0][0]
    if value not in {c[0] for c in choices}:
        raise Http404
    default_year = timezone.localdate().year - 1
    text = (request.GET.get("year") or str(default_year)).strip()
    years = reports.report_years()
    if not text.isdigit() or int(text) not in years:
        message = _("Choose a year from %(first)s to %(last)s.") % {
            "first": years[-1],
            "last": years[0],
        }
        return choices, value, None, message
    return choices, value, int(text), ""


def table3_layout(report: reports.Report) -> list[dict[str, Any]]:
    """Rows of table 三 with their label cells (text, rowspan, colspan) as the official table
    merges them."""
    rows = report.table3.rows
    result_rows = [r for r in rows if len(r.labels) > 1]
    group_sizes: dict[str, int] = {}
    for row in result_rows:
        if len(row.labels) == 3:
            group_sizes[row.labels[1]] = group_sizes.get(row.labels[1], 0) + 1
    laid = []
    seen_groups: set[str] = set()
    for row in rows:
        heads: list[tuple[str, int, int]] = []
        if len(row.labels) == 1:
            heads.append((row.labels[0], 1, 3))
        else:
            if row is result_rows[0]:
                heads.append((row.labels[0], len(result_rows), 1))
            if len(row.labels) == 2:
                heads.append((row.labels[1], 1, 2))
            else:
                group = row.labels[1]
                if group not in seen_groups:
                    seen_groups.add(group)
                    heads.append((group, group_sizes[group], 1))
                heads.append((row.labels[2], 1, 1))
        laid.append({"key": row.key, "heads": heads, "cells": row.cells})
    return laid


def _context(request: HttpRequest) -> dict[str, Any]:
    choices, value, year, error = _chosen(request)
    context: dict[str, Any] = {
        "choices": [(v, label) for v, label, _scope in choices],
        "scope_value": value,
        "years": reports.report_years(),
        "year": year,
        "error": error,
        "report": None,
    }
    if year is not None:
        scope = next(scope for v, _label, scope in choices if v == value)
        report = reports.build_report(scope, year)
        context |= {
            "report": report,
            "table3": table3_layout(report),
            "legal_columns": [label for _key, label in TABLE3_COLUMNS[1:]],
            "natural_column": TABLE3_COLUMNS[0][1],
            "total_column": TABLE3_TOTAL_COLUMN,
            "table4_results": reports.TABLE4_RESULT_COLUMNS,
            "table4_groups": reports.TABLE4_GROUPS,
            "table4_litigation": TABLE4_LITIGATION_GROUPS,
            "table4_cells": report.table4.as_list(),
            "titles": (reports.TABLE3_TITLE, reports.TABLE4_TITLE),
            "left_header": reports.TABLE3_LEFT_HEADER,
            "top_header": reports.TABLE3_TOP_HEADER,
            "legal_group": reports.LEGAL_PERSON_GROUP,
        }
    return context


@login_required
def foi_report(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    template = "disclosure_requests/reports_foi.html"
    if request.htmx:
        template += "#tables"
    return render(request, template, context, status=400 if context["error"] else 200)


@login_required
def foi_report_xlsx(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    report = context["report"]
    if report is None:
        return render(
            request,
            "disclosure_requests/reports_foi.html",
            context,
            status=400,
        )
    data = reports.to_xlsx(report)
    audit.record(
        action="disclosure_requests.report.exported",
        by=request.user,
        at=timezone.now(),
        target_type="disclosure_requests.report",
        target_label=f"{report.scope.code} {report.year}",
        after={"year": report.year, "scope": report.scope.code, "valid": report.is_valid},
    )
    name = f"年度报告表三表四-{report.scope.code}-{report.year}.xlsx"
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
