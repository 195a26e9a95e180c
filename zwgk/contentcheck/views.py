"""Staff pages of the dictionaries (district office only; others get 404, anonymous visitors the
login page): the overview with the "try it" box, each list with search and paging, add/edit,
deactivate/reactivate, CSV import and export.

Views only translate HTTP to selectors and services.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from zwgk.core.errors import DomainError

from . import csvio, selectors, services
from .forms import EntryForm, ImportForm, SearchForm, TryForm
from .lists import LISTS, DictionaryList, get_list
from .permissions import can_manage_dictionaries
from .presentation import findings_panel

View = Callable[..., HttpResponse]
PAGE_SIZE = 50


def manager_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_manage_dictionaries(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _invalid_status(request: HttpRequest) -> int:
    """400 for a refused form; htmx 2 does not swap a 4xx response, so htmx gets 200."""
    return 200 if _is_htmx(request) else 400


def _spec_or_404(kind: str) -> DictionaryList:
    try:
        return get_list(kind)
    except KeyError:
        raise Http404 from None


def _entry_or_404(request: HttpRequest, spec: DictionaryList, pk: int) -> Any:
    try:
        return selectors.get_entry(request.user, spec, pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _list_url(spec: DictionaryList) -> str:
    return reverse("contentcheck:list", args=[spec.kind])


@manager_only
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The three lists at a glance and the "try it" box (POST checks the text, saves nothing)."""
    form = TryForm(request.POST or None)
    panel = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            text = form.cleaned_data["text"]
            panel = findings_panel(text, selectors.get_checker().check(text), id_prefix="try")
        else:
            status = _invalid_status(request)
    template = "contentcheck/index.html"
    if _is_htmx(request):
        template += "#try-result"
    return render(
        request,
        template,
        {"form": form, "panel": panel, "summaries": selectors.count_entries(request.user)},
        status=status,
    )


@manager_only
@require_GET
def entry_list(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec_or_404(kind)
    search = SearchForm(request.GET or None)
    query, status = search.filters()
    entries = selectors.list_entries(request.user, spec, query=query, status=status)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = [(name, value) for name, value in (("q", query), ("status", status)) if value]
    template = "contentcheck/list.html"
    if _is_htmx(request):
        template += "#results"
    return render(
        request,
        template,
        {
            "spec": spec,
            "lists": LISTS.values(),
            "search": search,
            "page": page,
            "rows": [(entry, list(spec.values_of(entry).values())) for entry in page],
            "filters": filters,
            "query": query,
        },
    )


def _entry_form_view(request: HttpRequest, spec: DictionaryList, entry: Any) -> HttpResponse:
    initial = spec.values_of(entry) if entry is not None else None
    form = EntryForm(spec, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                saved = services.add_entry(
                    by=request.user, at=timezone.now(), kind=spec.kind, values=form.cleaned_data
                )
                message = _("Added: %(entry)s") % {"entry": spec.display(spec.values_of(saved))}
            else:
                saved = services.change_entry(
                    by=request.user,
                    at=timezone.now(),
                    kind=spec.kind,
                    pk=entry.pk,
                    values=form.cleaned_data,
                )
                message = _("Saved: %(entry)s") % {"entry": spec.display(spec.values_of(saved))}
        except services.EntryError as error:
            for name, problem in error.problems.items():
                form.add_error(name if name in form.fields else None, problem)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, message)
            if _is_htmx(request):
                return HttpResponseClientRedirect(_list_url(spec))
            return redirect(_list_url(spec))
    template = "contentcheck/entry_form.html"
    if _is_htmx(request):
        template += "#entry-form"
    return render(
        request,
        template,
        {"spec": spec, "form": form, "entry": entry},
        status=_invalid_status(request) if form.errors else 200,
    )


@manager_only
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, kind: str) -> HttpResponse:
    return _entry_form_view(request, _spec_or_404(kind), None)


@manager_only
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _spec_or_404(kind)
    return _entry_form_view(request, spec, _entry_or_404(request, spec, pk))


@manager_only
@require_POST
def entry_set_active(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Deactivate (active=0) or reactivate (active=1) one entry; back to the list."""
    spec = _spec_or_404(kind)
    entry = _entry_or_404(request, spec, pk)
    active = request.POST.get("active")
    if active not in ("0", "1"):
        messages.error(request, _("Choose whether to deactivate or reactivate the entry."))
    else:
        try:
            services.set_entry_active(
                by=request.user,
                at=timezone.now(),
                kind=spec.kind,
                pk=entry.pk,
                active=active == "1",
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            done = _("Reactivated: %(entry)s") if active == "1" else _("Deactivated: %(entry)s")
            messages.success(request, done % {"entry": spec.display(spec.values_of(entry))})
    # Back to the page of the list the button was on (its query string), never elsewhere.
    back = request.POST.get("next", "")
    url = back if back.startswith(_list_url(spec) + "?") else _list_url(spec)
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


@manager_only
@require_http_methods(["GET", "POST"])
def entry_import(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec_or_404(kind)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.import_entries(
                    by=request.user,
                    at=timezone.now(),
                    kind=spec.kind,
                    data=form.cleaned_data["file"],
                )
            except services.ListImportError as error:
                form.add_error(None, error.message)
                row_errors = error.errors if len(error.errors) > 1 else []
            except DomainError as error:
                form.add_error(None, error.message)
        if result is None:
            status = _invalid_status(request)
        elif not _is_htmx(request):
            messages.success(request, _import_message(result))
            return redirect(_list_url(spec))
    template = "contentcheck/import.html"
    if _is_htmx(request):
        template += "#import-form"
    return render(
        request,
        template,
        {
            "spec": spec,
            "form": form,
            "row_errors": row_errors,
            "result": result,
            "result_message": _import_message(result) if result else "",
            "sample": csvio.write(spec.headers, _sample_rows(spec), bom=False),
        },
        status=status,
    )


def _import_message(result: services.ImportResult) -> str:
    return _("Imported: %(added)s added, %(changed)s changed, %(unchanged)s unchanged.") % {
        "added": len(result.added),
        "changed": len(result.changed),
        "unchanged": result.unchanged,
    }


def _sample_rows(spec: DictionaryList) -> list[dict[str, str]]:
    samples = {
        "words": [{"词语": "示例敏感词", "类别": "其他", "状态": "启用"}],
        "expressions": [
            {"错误写法": "布署", "正确写法": "部署", "状态": "启用"},
            {"错误写法": "截止目前", "正确写法": "截至目前", "状态": "停用"},
        ],
        "leaders": [{"姓名": "张三", "职务": "区委常委、副区长", "状态": "启用"}],
    }
    return samples[spec.kind]


@manager_only
@require_GET
def entry_export(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec_or_404(kind)
    text = csvio.write(spec.headers, selectors.export_rows(request.user, spec))
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"{spec.kind}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
