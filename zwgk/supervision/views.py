"""Staff pages of supervision: the annual reports (list with the overdue flags, one report
with its validation, editing, submission, exports).

Another unit's report answers 404; a refused action is a Chinese message with status 400 and
changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zwgk.core import audit
from zwgk.core.errors import DomainError
from zwgk.disclosure_requests.reports import FIRST_YEAR
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import is_staff_member

from . import annual, selectors, services, statute
from . import render as report_render
from .forms import AnnualReportForm
from .permissions import can_edit_report, can_start_report

EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}


def _staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    text = (request.GET.get("year") or "").strip()
    if text.isdigit() and FIRST_YEAR <= int(text) < today.year:
        return int(text)
    return today.year - 1


@login_required
def annual_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    year = _year(request)
    rows = selectors.list_report_status(request.user, year, today)
    startable = {
        (row.unit.pk, row.is_district)
        for row in rows
        if row.report is None
        and can_start_report(request.user, row.unit, is_district=row.is_district)
    }
    context = {
        "year": year,
        "years": list(range(today.year - 1, FIRST_YEAR - 1, -1)),
        "rows": [(row, (row.unit.pk, row.is_district) in startable) for row in rows],
        "overdue": [row for row in rows if row.is_overdue],
        "unit_due": statute.due_date(year, is_district=False),
        "district_due": statute.due_date(year, is_district=True),
        "due_sources": (statute.UNIT_DUE_SOURCE, statute.DISTRICT_DUE_SOURCE),
    }
    template = "supervision/annual_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, context)


@login_required
@require_POST
def annual_start(request: HttpRequest) -> HttpResponse:
    _staff(request)
    text = (request.POST.get("unit") or "").strip()
    year_text = (request.POST.get("year") or "").strip()
    unit = Unit.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 10 else None
    is_district = request.POST.get("district") == "1"
    error = ""
    if unit is None or not year_text.isdigit() or len(year_text) != 4:
        error = "请选择单位和年度。"
    elif not can_start_report(request.user, unit, is_district=is_district):
        raise Http404
    else:
        try:
            report = services.start_report(
                by=request.user,
                at=timezone.now(),
                unit=unit,
                year=int(year_text),
                is_district=is_district,
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("supervision:annual_detail", pk=report.pk)
    return render(request, "supervision/message.html", {"message": error}, status=400)


def _detail_context(request: HttpRequest, report: Any, form: Any = None) -> dict[str, Any]:
    frozen = bool(report.snapshot) and not services.is_editable(report)
    content = annual.build(report)
    data = report.snapshot if frozen else content.as_dict()
    editable = services.is_editable(report) and can_edit_report(request.user, report)
    if form is None and editable:
        form = AnnualReportForm(
            initial=AnnualReportForm.initial_for(report, content.overview), year=report.year
        )
    return {
        "report": report,
        "data": data,
        "content": content,
        "frozen": frozen,
        "status": selectors.status_of(report),
        "status_label": selectors.STATUS_LABELS[selectors.status_of(report)],
        "due": statute.due_date(report.year, is_district=report.is_district),
        "editable": editable,
        "form": form,
        "table2": report_render.table2_grid(data),
        "table3_grid": report_render.table3_grid(data),
        "table4_grid": report_render.table4_grid(data),
        "sections": statute,
        "sources": data["table2"]["sources"],
    }


@login_required
def annual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    template = "supervision/annual_detail.html"
    if request.htmx:
        template += "#report"
    return render(request, template, _detail_context(request, report))


@login_required
@require_POST
def annual_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    form = AnnualReportForm(request.POST, year=report.year)
    if form.is_valid():
        try:
            services.update_report(
                by=request.user, at=timezone.now(), report=report, changes=form.changes()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "年度报告已保存。")
            return redirect("supervision:annual_detail", pk=report.pk)
    report.refresh_from_db()
    context = _detail_context(request, report, form=form)
    context["form"] = form
    return render(request, "supervision/annual_detail.html", context, status=400)


@login_required
@require_POST
def annual_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    try:
        services.redraft_overview(by=request.user, at=timezone.now(), report=report)
    except DomainError as exc:
        return render(request, "supervision/message.html", {"message": exc.message}, status=400)
    messages.success(request, "已按最新数据重新起草总体情况。")
    return redirect("supervision:annual_detail", pk=report.pk)


@login_required
@require_POST
def annual_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    try:
        report = services.submit_report(by=request.user, at=timezone.now(), report=report)
    except DomainError as exc:
        return render(request, "supervision/message.html", {"message": exc.message}, status=400)
    if selectors.status_of(report) == selectors.RETURNED:
        messages.warning(request, f"公文登记系统已退文：{report.document.return_reason}")
    else:
        messages.success(request, "年度报告已提交审核，审核通过后在“政府信息公开年报”栏目发布。")
    return redirect("supervision:annual_detail", pk=report.pk)


@login_required
def annual_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    if fmt not in EXPORT_TYPES:
        raise Http404
    frozen = bool(report.snapshot) and not services.is_editable(report)
    try:
        data_dict = report.snapshot if frozen else annual.build(report).as_dict()
        if fmt == "docx":
            data = report_render.to_docx(data_dict)
        elif fmt == "pdf":
            data = report_render.to_pdf(data_dict)
        else:
            import json

            data = json.dumps(data_dict, ensure_ascii=False, indent=2).encode()
    except DomainError as exc:
        return render(request, "supervision/message.html", {"message": exc.message}, status=400)
    audit.record(
        action="supervision.annual_report.exported",
        by=request.user,
        at=timezone.now(),
        target=report,
        after={"format": fmt, "frozen": frozen},
    )
    name = f"{data_dict['title']}.{fmt}"
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def detail_url(report: Any) -> str:
    return reverse("supervision:annual_detail", kwargs={"pk": report.pk})
