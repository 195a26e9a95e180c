"""Staff pages of key-area disclosure: the completeness view, its XLSX export and the catalogue.

Every staff member may open them; each sees the units they may see (the district supervisor:
every unit; a unit's staff: their own). A unit outside the viewer's scope answers 404; a bad
filter answers 400 with the form's message and no rows.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zwgk.orgs.permissions import is_staff_member, is_supervisor, visible_units

from . import cadence, catalogue, selectors
from .forms import STATUS_LABELS, CompletenessFilterForm

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


@login_required
@require_GET
def completeness(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    form, rows, status = _filtered(request)
    context = {
        "form": form,
        "rows": [
            {"row": row, "badge": BADGES[row.status], "label": STATUS_LABELS[row.status]}
            for row in rows
        ],
        "counts": [
            {"status": key, "label": STATUS_LABELS[key], "count": count, "badge": BADGES[key]}
            for key, count in selectors.count_by_status(rows).items()
        ],
        "is_supervisor": is_supervisor(request.user),
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
