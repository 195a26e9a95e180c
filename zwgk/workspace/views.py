"""Staff workspace: login, the 工作台, and the unit pages. Views only translate HTTP to
selectors and services; every read is scoped to the viewer's units."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from zwgk.core import audit
from zwgk.core.errors import DomainError
from zwgk.orgs import permissions, selectors, services
from zwgk.orgs.models import Unit

from . import inbox
from .forms import LoginForm, UnitContactForm

PASSWORD_CHANGED = "auth.password.changed"  # noqa: S105 — an audit action code


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change of one's own password (also where the 90-day expiry sends staff)."""

    template_name = "workspace/password_change.html"
    success_url = reverse_lazy("workspace:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(
            action=PASSWORD_CHANGED,
            by=self.request.user,
            at=timezone.now(),
            target=self.request.user,
        )
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = inbox.items_for(request.user, today)
    return render(
        request,
        "workspace/home.html",
        {
            "today": today,
            "todos": [i for i in items if i.kind == "todo"],
            "alerts": [i for i in items if i.kind == "alert"],
            "my_units": selectors.list_user_units(request.user),
            "is_supervisor": permissions.is_supervisor(request.user),
        },
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = selectors.list_units(request.user)
    return render(request, "workspace/unit_list.html", {"units": units})


def _get_unit_or_404(request: HttpRequest, pk: int) -> Unit:
    try:
        return selectors.get_unit(request.user, pk)
    except Unit.DoesNotExist as error:
        raise Http404 from error


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get_unit_or_404(request, pk)
    return render(
        request,
        "workspace/unit_detail.html",
        {
            "unit": unit,
            "memberships": selectors.list_memberships(request.user, unit),
            "can_edit": permissions.can_change_unit_contact(request.user, unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get_unit_or_404(request, pk)
    if not permissions.can_change_unit_contact(request.user, unit):
        raise Http404
    form = UnitContactForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit_contact(
                by=request.user, at=timezone.now(), unit=unit, data=form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contact details were saved."))
            if request.htmx:
                return HttpResponseClientRedirect(reverse("workspace:unit_detail", args=[unit.pk]))
            return redirect("workspace:unit_detail", pk=unit.pk)
    template = "workspace/unit_contact_form.html"
    if request.htmx:
        template += "#contact-form"
    return render(
        request, template, {"unit": unit, "form": form}, status=400 if form.errors else 200
    )
