"""Staff pages of the working-day calendar: the years, one year, CSV import and export (district
office only, `policy.MANAGE_CALENDAR`), and the working-day calculator (any staff member,
`policy.USE_WORKDAY_CALCULATOR`). Others get 404; anonymous visitors the login page.

Views only translate HTTP to selectors and services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import calendar_csv, calendar_services, policy, selectors
from .calendar_forms import CalculatorForm, HolidayImportForm
from .calendar_services import HolidayImportError
from .errors import DomainError
from .hooks import missing_years
from .models import HolidayYear, SpecialDay
from .workdays import CalendarYearMissingError, is_weekend, weekday_name

View = Callable[..., HttpResponse]


def _allowed_by(permission: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not policy.allows(permission, request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


calendar_manager_only = _allowed_by(policy.MANAGE_CALENDAR)
staff_only = _allowed_by(policy.USE_WORKDAY_CALCULATOR)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _invalid_status(request: HttpRequest) -> int:
    """400 for a refused form; but htmx 2 does not swap a 4xx response by default, so an htmx
    request gets its partial (with the errors) as 200."""
    return 200 if _is_htmx(request) else 400


@calendar_manager_only
@require_GET
def year_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = selectors.list_holiday_years()
    return render(
        request,
        "core/calendar_years.html",
        {
            "years": years,
            "missing": missing_years(today, frozenset(row.year for row in years)),
            "today": today,
        },
    )


@dataclass(frozen=True)
class DayRow:
    date: date
    weekday: str
    kind: str
    name: str
    changes_count: bool  # a weekday rest day or a weekend working day


@calendar_manager_only
@require_GET
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    try:
        holiday_year = selectors.get_holiday_year(year)
    except HolidayYear.DoesNotExist as error:
        raise Http404 from error
    days = [
        DayRow(
            date=day.date,
            weekday=weekday_name(day.date),
            kind=day.kind,
            name=day.name,
            changes_count=(day.kind == SpecialDay.Kind.REST) != is_weekend(day.date),
        )
        for day in selectors.list_special_days(holiday_year)
    ]
    summary = selectors.get_workday_calendar().year_summary(year)
    return render(
        request,
        "core/calendar_year.html",
        {"holiday_year": holiday_year, "days": days, "summary": summary},
    )


@calendar_manager_only
@require_GET
def year_export(request: HttpRequest, year: int) -> HttpResponse:
    if year not in selectors.known_years():
        raise Http404
    text = calendar_csv.write(calendar_csv.rows_for(selectors.year_days(year)), bom=True)
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="holidays-{year}.csv"'
    return response


@calendar_manager_only
@require_http_methods(["GET", "POST"])
def year_import(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    requested = request.GET.get("year", "")
    if requested.isdigit():
        initial["year"] = int(requested)
    form = HolidayImportForm(request.POST or None, request.FILES or None, initial=initial)
    row_errors: list[str] = []
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = calendar_services.import_holiday_file(
                    year=form.cleaned_data["year"],
                    data=form.cleaned_data["file"],
                    source=form.cleaned_data["source"],
                    by=request.user,
                    at=timezone.now(),
                )
            except HolidayImportError as error:
                form.add_error(None, error.message)
                row_errors = error.errors if len(error.errors) > 1 else []
            except DomainError as error:
                form.add_error(None, error.message)
        if result is None:
            status = _invalid_status(request)
        elif not _is_htmx(request):
            messages.success(request, _import_message(result))
            return redirect("core:calendar_year", year=result.year)
    template = "core/calendar_import.html"
    if _is_htmx(request):
        template += "#import-form"
    return render(
        request,
        template,
        {
            "form": form,
            "row_errors": row_errors,
            "result": result,
            "result_message": _import_message(result) if result else "",
            "existing": selectors.known_years(),
        },
        status=status,
    )


def _import_message(result: calendar_services.ImportResult) -> str:
    return _(
        "%(year)s saved: %(rest)s rest days, %(work)s make-up working days, %(workdays)s "
        "working days in the year; %(recomputed)s deadlines recomputed."
    ) % {
        "year": result.year,
        "rest": result.rest_days,
        "work": result.work_days,
        "workdays": result.workdays,
        "recomputed": result.recomputed_total,
    }


@dataclass(frozen=True)
class SkippedDay:
    date: date
    weekday: str
    reason: str


@staff_only
@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    form = CalculatorForm(request.GET if "start" in request.GET else None)
    result: dict[str, Any] | None = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                result = _calculate(form.cleaned_data)
            except CalendarYearMissingError as error:
                form.add_error(None, error.message)
        if result is None:
            status = _invalid_status(request)
    template = "core/calendar_calculator.html"
    # The form pushes its URL; when htmx restores that from history it wants the whole page.
    if _is_htmx(request) and not request.headers.get("HX-History-Restore-Request"):
        template += "#calculator-result"
    return render(request, template, {"form": form, "result": result}, status=status)


def _calculate(data: dict[str, Any]) -> dict[str, Any]:
    calendar = selectors.get_workday_calendar()
    start: date = data["start"]
    count: int = data["count"]
    if data["mode"] == CalculatorForm.WORKDAYS:
        detail = calendar.add_workdays_detail(start, count)
        due, skipped, nominal = detail.due, detail.skipped, None
    else:
        period = calendar.calendar_period_end_detail(start, count)
        due, skipped = period.end, period.moved_over
        nominal = period.nominal_end if period.was_moved else None
    names = selectors.special_day_names(skipped)
    return {
        "start": start,
        "start_weekday": weekday_name(start),
        "count": count,
        "mode": data["mode"],
        "due": due,
        "due_weekday": weekday_name(due),
        "nominal": nominal,
        "skipped": [
            SkippedDay(
                date=day,
                weekday=weekday_name(day),
                reason=names.get(day) or (_("weekend") if is_weekend(day) else _("rest day")),
            )
            for day in skipped
        ],
    }
