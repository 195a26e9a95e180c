"""The dashboards: the district office's (every unit of its district, drill down to one unit)
and a unit's own (for its leaders). Charts are server-side SVG drawn from the same tables the
page shows; every table exports to XLSX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from zwgk.core import audit
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import roles_in

from . import dashboard, selectors, svg
from .permissions import supervises

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_DAYS = 3 * 366


def _period(request: HttpRequest) -> tuple[dashboard.Period, str]:
    today = timezone.localdate()
    default = dashboard.default_period(today)
    try:
        start = date.fromisoformat((request.GET.get("start") or "")[:10] or str(default.start))
        end = date.fromisoformat((request.GET.get("end") or "")[:10] or str(default.end))
    except ValueError:
        return default, "日期格式应为YYYY-MM-DD，已显示今年以来的数据。"
    if start > end or (end - start).days > MAX_DAYS:
        return default, "统计期间无效（开始晚于结束或超过三年），已显示今年以来的数据。"
    return dashboard.Period(start, end), ""


def _district_units(user: Any) -> tuple[Unit, list[Unit]]:
    roots = selectors.supervised_roots(user)
    if not roots:
        raise Http404
    root = roots[0]
    units = list(Unit.objects.within(root).filter(is_active=True).exclude(pk=root.pk))
    return root, units


def _unit_for(user: Any, pk: int) -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not (supervises(user, unit) or roles_in(user, unit)):
        raise Http404
    return unit


def _charted(board: dashboard.Dashboard) -> list[dict[str, Any]]:
    return [
        table | {"svg": mark_safe(svg.bar_chart(table, skip_last_row=table["has_total"]))}  # noqa: S308 — built by svg.py with every text escaped
        for table in dashboard.tables(board)
    ]


@login_required
def district_dashboard(request: HttpRequest) -> HttpResponse:
    root, units = _district_units(request.user)
    period, error = _period(request)
    today = timezone.localdate()
    board = dashboard.build(units, period, today)
    year = today.year - 1
    reports = selectors.list_report_status(request.user, year, today)
    context = {
        "root": root,
        "period": period,
        "error": error,
        "board": board,
        "tables": _charted(board),
        "reports": reports,
        "report_year": year,
        "overdue_reports": sum(1 for r in reports if r.is_overdue),
        "query": f"start={period.start}&end={period.end}",
    }
    template = "supervision/dashboard.html"
    if request.htmx:
        template += "#board"
    return render(request, template, context, status=400 if error else 200)


@login_required
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for(request.user, pk)
    period, error = _period(request)
    today = timezone.localdate()
    board = dashboard.build([unit], period, today)
    context = {
        "unit": unit,
        "period": period,
        "error": error,
        "board": board,
        "row": board.rows[0],
        "tables": _charted(board),
        "overdue": dashboard.overdue_applications(unit, today),
        "problems": dashboard.unit_problems(unit, period),
        "is_supervisor": supervises(request.user, unit),
        "query": f"start={period.start}&end={period.end}",
        "today": today,
    }
    template = "supervision/unit_dashboard.html"
    if request.htmx:
        template += "#board"
    return render(request, template, context, status=400 if error else 200)


@login_required
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """The 工作台 menu's entry for a unit's staff: their (first) unit's page."""
    from django.shortcuts import redirect

    from zwgk.orgs.permissions import memberships_of

    units = [m.unit for m in memberships_of(request.user)]
    if not units:
        raise Http404
    return redirect("supervision:unit_dashboard", pk=sorted(units, key=lambda u: u.path)[0].pk)


def _xlsx(tables: list[dict[str, Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table["key"])
        sheet.append([f"{title} · {table['title']}"])
        sheet.cell(row=1, column=1).font = Font(bold=True)
        sheet.append(table["header"])
        for row in table["rows"]:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    period, _error = _period(request)
    today = timezone.localdate()
    text = request.GET.get("unit") or ""
    if text:
        if not text.isdigit() or len(text) > 10:
            raise Http404
        unit = _unit_for(request.user, int(text))
        units, scope = [unit], unit.code
    else:
        root, units = _district_units(request.user)
        scope = root.code
    board = dashboard.build(units, period, today)
    title = f"{scope} {period.start}至{period.end}"
    data = _xlsx(dashboard.tables(board), title)
    audit.record(
        action="supervision.dashboard.exported",
        by=request.user,
        at=timezone.now(),
        target_type="supervision.dashboard",
        target_label=title,
        after={"scope": scope, "start": str(period.start), "end": str(period.end)},
    )
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"政务公开统计-{scope}-{period.start}-{period.end}.xlsx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
