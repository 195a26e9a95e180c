"""Staff pages of 执行公开: the task list (scoped), the district office's task form, the task
page with every unit's reports, a unit's report form, the summary table with its XLSX/DOCX
export and its publication.

Another unit's task or report answers 404; a refused action re-renders with the service's
Chinese message (status 400) and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.permissions import visible_units

from . import permissions, selectors, services, summary
from .forms import ReportForm, TaskForm
from .models import ProgressReport, PublishedSummary, Task, TaskStatus
from .statute import SourceKind


def _staff(request: HttpRequest) -> None:
    if not permissions.can_use(request.user):
        raise Http404


def _task(request: HttpRequest, pk: int) -> Task:
    try:
        return selectors.get_task(request.user, pk)
    except Task.DoesNotExist as error:
        raise Http404 from error


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")[:4]
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    qs = selectors.list_tasks(request.user)
    year_text = request.GET.get("year", "")[:4]
    if year_text.isdigit():
        qs = qs.filter(year=int(year_text))
    source = request.GET.get("source", "")[:200]
    if source:
        qs = qs.filter(source_title=source)
    status = request.GET.get("status", "")
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        late = selectors.overdue_reports(None, today).values("task_id")
        qs = qs.filter(pk__in=late)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    overdue_ids = set(
        selectors.overdue_reports(None, today)
        .filter(task__in=[task.pk for task in page])
        .values_list("task_id", flat=True)
    )
    own = permissions.reporting_unit_ids(request.user)
    context = {
        "page": page,
        "year": year_text,
        "source": source,
        "sources": selectors.sources(request.user),
        "status": status,
        "statuses": TaskStatus.choices,
        "overdue": overdue,
        "overdue_ids": overdue_ids,
        "can_manage": permissions.can_manage_tasks(request.user),
        "to_report": selectors.open_reports(own, today).order_by("due_date")[:20] if own else [],
        "today": today,
    }
    template = "execution/task_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _task_data(cleaned: dict[str, Any]) -> services.TaskData:
    return services.TaskData(
        year=cleaned["year"],
        source_kind=cleaned["source_kind"],
        source_title=cleaned["source_title"],
        number=cleaned.get("number") or "",
        title=cleaned["title"],
        measures=cleaned["measures"],
        division_of_work=cleaned.get("division_of_work") or "",
        supervision_method=cleaned.get("supervision_method") or "",
        lead_unit=cleaned["lead_unit"],
        co_units=list(cleaned.get("co_units") or []),
        cadence=cleaned["cadence"],
        report_workdays=cleaned["report_workdays"],
        start_date=cleaned["start_date"],
        end_date=cleaned["end_date"],
        milestones=cleaned.get("steps") or [],
    )


def _task_form(request: HttpRequest, task: Task | None) -> HttpResponse:
    if not permissions.can_manage_tasks(request.user):
        raise Http404
    units = visible_units(request.user).filter(is_active=True).order_by("path")
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    if task is not None:
        initial = {
            name: getattr(task, name)
            for name in (
                "year",
                "source_kind",
                "source_title",
                "number",
                "title",
                "measures",
                "division_of_work",
                "supervision_method",
                "cadence",
                "report_workdays",
                "start_date",
                "end_date",
            )
        }
        initial |= {
            "lead_unit": task.lead_unit_id,
            "co_units": [u.pk for u in task.co_units.all()],
            "steps": "\n".join(
                f"{m.due_date.isoformat()} {m.title}" for m in task.milestones.all()
            ),
        }
    form = TaskForm(request.POST or None, initial=initial, units=units)
    status = 200
    if task is not None and task.status != TaskStatus.ACTIVE:
        form.add_error(None, _("A closed task cannot be changed."))
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            try:
                if task is None:
                    task = services.create_task(
                        by=request.user, at=timezone.now(), data=_task_data(form.cleaned_data)
                    )
                    messages.success(request, _("Task created and assigned to its units."))
                else:
                    services.update_task(
                        by=request.user,
                        at=timezone.now(),
                        task=task,
                        data=_task_data(form.cleaned_data),
                    )
                    messages.success(request, _("Task saved."))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("execution:task_detail", task.pk)
        status = 400
    context = {"form": form, "task": task}
    return render(request, "execution/task_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return _task_form(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    return _task_form(request, _task(request, pk))


def _detail_context(request: HttpRequest, task: Task) -> dict[str, Any]:
    today = timezone.localdate()
    own = permissions.reporting_unit_ids(request.user)
    reports = selectors.reports_of(task)
    return {
        "task": task,
        "reports": [r for r in reports if r.period_start <= today or r.submitted_at],
        "own": own,
        "today": today,
        "can_manage": permissions.can_manage_tasks(request.user),
        "source_label": SourceKind(task.source_kind).label,
    }


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    task = _task(request, pk)
    return render(request, "execution/task_detail.html", _detail_context(request, task))


@login_required
@require_POST
def task_close(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    task = _task(request, pk)
    if not permissions.can_manage_tasks(request.user):
        raise Http404
    try:
        services.close_task(by=request.user, at=timezone.now(), task=task)
    except DomainError as error:
        context = _detail_context(request, task) | {"error": error.message}
        return render(request, "execution/task_detail.html", context, status=400)
    messages.success(request, _("Task closed."))
    return redirect("execution:task_detail", task.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        report = selectors.get_own_report(request.user, pk)
    except ProgressReport.DoesNotExist as error:
        raise Http404 from error
    initial = {
        "status": report.status,
        "percent": report.percent,
        "progress": report.progress,
        "evidence": report.evidence,
    }
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_report(
                    by=request.user,
                    at=timezone.now(),
                    report=report,
                    data=services.ReportData(
                        progress=form.cleaned_data["progress"],
                        status=form.cleaned_data["status"],
                        percent=form.cleaned_data.get("percent"),
                        evidence=form.cleaned_data.get("evidence") or "",
                    ),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Progress reported."))
                return redirect("execution:task_detail", report.task_id)
        status = 400
    context = {"form": form, "report": report, "today": timezone.localdate()}
    return render(request, "execution/report_form.html", context, status=status)


def _table(request: HttpRequest) -> tuple[summary.Table, int, str]:
    year = _year(request)
    source = request.GET.get("source", request.POST.get("source", ""))[:200]
    table = summary.build(request.user, year=year, source_title=source, today=timezone.localdate())
    return table, year, source


@login_required
def summary_view(request: HttpRequest) -> HttpResponse:
    _staff(request)
    table, year, source = _table(request)
    context = {
        "table": table,
        "columns": summary.COLUMNS,
        "year": year,
        "source": source,
        "sources": selectors.sources(request.user, year),
        "can_manage": permissions.can_manage_tasks(request.user),
        "published": PublishedSummary.objects.filter(year=year)[:10]
        if permissions.can_manage_tasks(request.user)
        else [],
    }
    template = "execution/summary.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
def summary_export(request: HttpRequest) -> HttpResponse:
    _staff(request)
    table = _table(request)[0]
    kind = request.GET.get("format", "xlsx")
    if kind == "docx":
        content = summary.to_docx(table)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "xlsx":
        content = summary.to_xlsx(table)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{table.title}-{date.today().isoformat()}.{kind}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def summary_publish(request: HttpRequest) -> HttpResponse:
    _staff(request)
    if not permissions.can_manage_tasks(request.user):
        raise Http404
    year_text = request.POST.get("year", "")[:4]
    source = request.POST.get("source", "")[:200]
    try:
        if not year_text.isdigit():
            raise services.ExecutionError("请选择年度。")
        published = services.publish_summary(
            by=request.user,
            at=timezone.now(),
            viewer=request.user,
            year=int(year_text),
            source_title=source,
        )
    except DomainError as error:
        table, year, source = _table(request)
        context = {
            "table": table,
            "columns": summary.COLUMNS,
            "year": year,
            "source": source,
            "sources": selectors.sources(request.user, year),
            "can_manage": True,
            "published": [],
            "error": error.message,
            "checked_text": getattr(error, "text", ""),
            "findings": getattr(error, "findings", []),
        }
        return render(request, "execution/summary.html", context, status=400)
    messages.success(request, _("The summary table is public."))
    return redirect("execution_public:summary", published.pk)


@login_required
@require_POST
def summary_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    if not permissions.can_manage_tasks(request.user):
        raise Http404
    published = PublishedSummary.objects.filter(pk=pk).first()
    if published is None:
        raise Http404
    try:
        services.withdraw_summary(by=request.user, at=timezone.now(), published=published)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("execution:summary") + f"?year={published.year}")
    messages.success(request, _("The summary table was withdrawn from the public site."))
    return redirect(reverse("execution:summary") + f"?year={published.year}")
