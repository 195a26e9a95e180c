"""Staff pages of 政策直通车 (/staff/policies/): the unit's policies, entry and revision, the
review (approve or return), the categories and the statistics (district office).

Views only translate HTTP to selectors and services; another unit's policy is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from zwgk.core.errors import DomainError

from . import permissions, selectors, services
from .forms import CategoryForm, PolicyForm, ReturnForm, StaffFilterForm
from .models import Category, Policy

View = Callable[..., HttpResponse]
PAGE_SIZE = 30


def staff_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_use_library(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def supervisor_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_view_statistics(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _invalid_status(request: HttpRequest) -> int:
    """400 for a refused form; htmx 2 does not swap a 4xx response, so htmx gets 200."""
    return 200 if _is_htmx(request) else 400


def _policy_or_404(request: HttpRequest, pk: int) -> Policy:
    try:
        return selectors.get_policy(request.user, pk)
    except Policy.DoesNotExist:
        raise Http404 from None


def _done(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


@staff_only
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    search = StaffFilterForm(request.GET or None)
    query = status = ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        status = search.cleaned_data["status"]
    policies = selectors.list_policies(request.user, status=status, query=query)
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "policies/staff/list.html"
    if _is_htmx(request):
        template += "#results"
    return render(
        request,
        template,
        {
            "search": search,
            "page": page,
            "can_enter": bool(permissions.units_for_entry(request.user)),
            "is_supervisor": permissions.can_view_statistics(request.user),
        },
        status=200 if search.is_valid() or not search.is_bound else _invalid_status(request),
    )


def _save_form(
    request: HttpRequest, form: PolicyForm, policy: Policy | None
) -> tuple[Policy | None, str]:
    data = form.cleaned_data
    tags = {
        "industries": data["industries"],
        "categories": data["categories"],
        "target_groups": data["target_groups"],
    }
    try:
        if policy is None:
            saved = services.create_policy(
                by=request.user, at=timezone.now(), unit=data["unit"], values=form.values(), **tags
            )
        else:
            saved = services.update_policy(
                by=request.user, at=timezone.now(), policy=policy, values=form.values(), **tags
            )
    except DomainError as error:
        return None, error.message
    return saved, ""


def from_document(document: Any) -> dict[str, Any]:
    """Initial values of a district policy taken from a published document ("add to the
    library"): the clerk completes the tags, the interpretation and the guide."""
    return {
        "unit": document.publishing_unit_id,
        "title": document.title[:200],
        "level": "district",
        "issuing_authority": document.publishing_unit.name,
        "doc_number": document.doc_number,
        "issued_date": document.written_date,
        "valid_from": document.written_date,
        "summary": document.summary,
        "document_index": document.index_number,
    }


def _form_page(
    request: HttpRequest, form: PolicyForm, policy: Policy | None, *, status: int = 200
) -> HttpResponse:
    template = "policies/staff/form.html"
    if _is_htmx(request):
        template += "#policy-form"
    return render(request, template, {"form": form, "policy": policy}, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    units = permissions.units_for_entry(request.user)
    if not units:
        raise Http404
    form = PolicyForm(request.POST or None, units=units)
    if request.method == "GET" and request.GET.get("document"):
        document = selectors.get_published_document(
            request.user, request.GET["document"][:80].strip()
        )
        if document is None:
            messages.error(request, _("No published document of your unit has this index number."))
        else:
            form.initial.update(from_document(document))
    if request.method == "POST":
        if form.is_valid():
            saved, error = _save_form(request, form, None)
            if saved is not None:
                messages.success(request, _("The policy was saved as a draft."))
                return _done(request, saved.get_staff_url())
            form.add_error(None, error)
        return _form_page(request, form, None, status=_invalid_status(request))
    return _form_page(request, form, None)


@staff_only
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy_or_404(request, pk)
    if not permissions.can_edit(request.user, policy):
        raise Http404
    form = PolicyForm(request.POST or None, instance=policy, units=[policy.unit])
    if request.method == "GET":
        form.initial.update(
            industries=list(policy.industries.all()),
            categories=list(policy.categories.all()),
            target_groups=list(policy.target_groups.all()),
        )
        revision = policy.open_revision() if policy.is_public else None
        if revision is not None:  # continue the revision in preparation, not the public text
            form.initial.update(selectors.revision_initial(revision))
    if request.method == "POST":
        if form.is_valid():
            # The ModelForm wrote the cleaned values onto `policy`; the service re-reads the row.
            saved, error = _save_form(request, form, policy)
            if saved is not None:
                messages.success(request, _("The policy was saved."))
                return _done(request, saved.get_staff_url())
            form.add_error(None, error)
        return _form_page(request, form, policy, status=_invalid_status(request))
    return _form_page(request, form, policy)


@staff_only
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy_or_404(request, pk)
    deliveries = policy.deliveries.values("revision", "status").order_by("revision", "status")
    counts: dict[tuple[int, str], int] = {}
    for row in deliveries:
        key = (row["revision"], row["status"])
        counts[key] = counts.get(key, 0) + 1
    return render(
        request,
        "policies/staff/detail.html",
        {
            "policy": policy,
            "revision": policy.open_revision() if policy.is_public else None,
            "can_edit": permissions.can_edit(request.user, policy),
            "can_review": permissions.can_review(request.user, policy),
            "return_form": ReturnForm(),
            "delivery_counts": sorted(counts.items()),
        },
    )


def _act(request: HttpRequest, pk: int, action: Callable[[Policy], Any], done: str) -> HttpResponse:
    policy = _policy_or_404(request, pk)
    try:
        action(policy)
    except DomainError as error:
        messages.error(request, error.message)
        if _is_htmx(request):
            return HttpResponseClientRedirect(policy.get_staff_url())
        return render(
            request,
            "policies/staff/refused.html",
            {"policy": policy, "message": error.message},
            status=400,
        )
    messages.success(request, done)
    return _done(request, policy.get_staff_url())


@staff_only
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda policy: services.submit_policy(by=request.user, at=timezone.now(), policy=policy),
        _("The policy was submitted for review."),
    )


@staff_only
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda policy: services.approve_policy(by=request.user, at=timezone.now(), policy=policy),
        _("The policy was published; matching subscribers are being notified."),
    )


@staff_only
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    reason = (
        request.POST.get("reason", "")[:600] if not form.is_valid() else form.cleaned_data["reason"]
    )
    return _act(
        request,
        pk,
        lambda policy: services.return_policy(
            by=request.user, at=timezone.now(), policy=policy, reason=reason
        ),
        _("The policy was returned to its author."),
    )


# --- District office ---------------------------------------------------------------------------


@supervisor_only
@require_GET
@never_cache
def statistics(request: HttpRequest) -> HttpResponse:
    """Subscribers per tag and messages sent; contacts only masked."""
    return render(
        request,
        "policies/staff/statistics.html",
        {
            "stats": selectors.subscription_statistics(),
            "recent": selectors.list_recent_subscriptions(),
        },
    )


@supervisor_only
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_category(
                    by=request.user,
                    at=timezone.now(),
                    name=form.cleaned_data["name"],
                    is_active=form.cleaned_data["is_active"],
                )
            except DomainError as error:
                form.add_error("name", error.message)
            else:
                messages.success(request, _("The category was added."))
                return _done(request, request.path)
        status = _invalid_status(request)
    template = "policies/staff/categories.html"
    if _is_htmx(request):
        template += "#category-form"
    return render(
        request,
        template,
        {"form": form, "categories": selectors.list_categories(active_only=False)},
        status=status,
    )


@supervisor_only
@require_POST
def category_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    try:
        services.save_category(
            by=request.user,
            at=timezone.now(),
            category=category,
            name=category.name,
            is_active=not category.is_active,
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _done(request, reverse("policies:categories"))
