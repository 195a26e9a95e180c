"""Staff pages of key-area disclosure: the completeness view, its XLSX export and the catalogue.

Every staff member may open them; each sees the units they may see (the district supervisor:
every unit; a unit's staff: their own). A unit outside the viewer's scope answers 404; a bad
filter answers 400 with the form's message and no rows.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import (
    is_staff_member,
    is_supervisor,
    supervised_district_paths,
    visible_units,
)

from . import cadence, catalogue, selectors, services
from .forms import STATUS_LABELS, AnchorForm, CompletenessFilterForm

BADGES = {
    cadence.PUBLISHED: "ok",
    cadence.PUBLISHED_LATE: "ok",
    cadence.MISSING: "warn",
    cadence.LATE: "danger",
}


def _staff_or_404(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


def _filtered(request: HttpRequest) -> tuple[CompletenessFilterForm, list[selectors.Row], int]:
    """The bound filter form and its rows; the HTTP status to answer with (400 on bad input)."""
    today = timezone.localdate()
    units = visible_units(request.user).active().order_by("path")
    raw_unit = request.GET.get("unit", "")
    if raw_unit.isdigit() and not units.filter(pk=int(raw_unit)).exists():
        raise Http404  # another unit's records
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    form = CompletenessFilterForm(data, units=units, today_year=today.year)
    if not form.is_valid():
        return form, [], 400
    rows = selectors.list_completeness(
        request.user,
        year=form.cleaned_data["year"] or today.year,
        today=today,
        area=form.cleaned_data["area"],
        unit=form.cleaned_data["unit"],
        status=form.cleaned_data["status"],
    )
    return form, rows, 200


def _due_note(row: selectors.Row) -> dict[str, Any]:
    """How the due date was found: from a recorded event, or the cadence's default."""
    rule = row.item.cadence
    if row.period.anchored_on is not None and rule.anchor is not None:
        return {
            "text": f"{rule.anchor.label} {row.period.anchored_on.isoformat()}；{rule.anchor.rule}",
            "unconfirmed": rule.anchor.unconfirmed,
        }
    return {"text": rule.source, "unconfirmed": rule.unconfirmed}


@login_required
@require_GET
def completeness(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    form, rows, status = _filtered(request)
    context = {
        "form": form,
        "rows": [
            {
                "row": row,
                "badge": BADGES[row.status],
                "label": STATUS_LABELS[row.status],
                "due_note": _due_note(row),
            }
            for row in rows
        ],
        "counts": [
            {"status": key, "label": STATUS_LABELS[key], "count": count, "badge": BADGES[key]}
            for key, count in selectors.count_by_status(rows).items()
        ],
        "is_supervisor": is_supervisor(request.user),
        "misfiled": (
            selectors.list_misfiled(
                request.user,
                year=form.cleaned_data["year"] or timezone.localdate().year,
                unit=form.cleaned_data["unit"],
            )
            if status == 200
            else []
        ),
        "export_query": request.GET.urlencode(),
    }
    template = "keyarea/completeness.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context, status=status)


EXPORT_HEADERS = (
    "单位",
    "重点领域",
    "栏目",
    "事项",
    "周期",
    "应公开日期",
    "状态",
    "首次公开日期",
    "公开文件",
    "公开时限依据",
)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    form, rows, status = _filtered(request)
    if status != 200:
        return render(
            request,
            "keyarea/completeness.html",
            {"form": form, "rows": [], "counts": []},
            status=status,
        )
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "重点领域信息公开"
    sheet.append(EXPORT_HEADERS)
    for row in rows:
        first = row.first_document
        basis = row.item.cadence.source + (
            "（UNCONFIRMED）" if row.item.cadence.unconfirmed else ""
        )
        sheet.append(
            (
                row.unit.name,
                row.item.area.name,
                row.item.column.name,
                row.item.short_name,
                row.period.label,
                row.period.due.isoformat(),
                str(STATUS_LABELS[row.status]),
                first.published_on.isoformat() if first else "",
                first.title if first else "",
                basis,
            )
        )
    buffer = BytesIO()
    book.save(buffer)
    year = form.cleaned_data["year"] or timezone.localdate().year
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="keyarea-{year}.xlsx"'
    return response


@login_required
@require_GET
def column_catalogue(request: HttpRequest) -> HttpResponse:
    """The key-area columns, their items, responsible units and cadences, with sources."""
    _staff_or_404(request)
    return render(
        request,
        "keyarea/columns.html",
        {"areas": catalogue.AREAS, "items": catalogue.ITEMS, "title": _("Key-area columns")},
    )


def _supervised_district(request: HttpRequest) -> Unit:
    paths = supervised_district_paths(request.user)
    if not paths:
        raise Http404
    return Unit.objects.get(path=paths[0])


@login_required
@require_http_methods(["GET", "POST"])
def anchors(request: HttpRequest) -> HttpResponse:
    """The district office records the events due dates count from (e.g. the day enrolment
    opens); the completeness view computes the due dates from them at once."""
    district = _supervised_district(request)
    today = timezone.localdate()
    form = AnchorForm(request.POST if request.method == "POST" else None, today_year=today.year)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.record_anchor(
                    by=request.user,
                    at=timezone.now(),
                    district=district,
                    year=form.cleaned_data["year"],
                    anchor=form.cleaned_data["anchor"],
                    on_date=form.cleaned_data["on_date"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The date is recorded; due dates follow from it."))
                return redirect("keyarea:anchors")
    context = {
        "form": form,
        "anchors": selectors.list_anchors(request.user),
        "definitions": catalogue.ANCHORS.values(),
    }
    return render(request, "keyarea/anchors.html", context, status=status)
