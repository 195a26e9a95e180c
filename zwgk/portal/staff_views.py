"""The site profile page for the district office supervisor (/staff/site/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import can_manage_site, supervised_district_paths

from . import selectors, services
from .forms import SiteProfileForm
from .models import SiteProfile


def _initial(district: Unit) -> dict[str, Any]:
    """Values offered when a district has no profile yet (the office checks and completes them)."""
    info = selectors.get_site_info()
    office = selectors.get_competent_office(district)
    return {
        "name": district.name,
        "domain": info.domain,
        "sponsor": office.name if office else district.name,
        "address": (office.office_address if office else "") or district.office_address,
        "postcode": (office.office_postcode if office else "") or district.office_postcode,
        "phone": office.office_phone if office else "",
        "email": office.office_email if office else "",
        "show_party_gov_mark": True,
    }


def _district_of(user: Any) -> Unit:
    """The district this supervisor manages; 404 for anyone else (no hint that the page exists)."""
    if not can_manage_site(user):
        raise Http404
    paths = supervised_district_paths(user)
    district = Unit.objects.filter(path__in=paths, parent__isnull=True).order_by("path").first()
    if district is None:
        raise Http404
    return district


@login_required
@require_http_methods(["GET", "POST"])
def site_profile_edit(request: HttpRequest) -> HttpResponse:
    district = _district_of(request.user)
    profile = SiteProfile.objects.filter(unit=district).first()
    if request.method == "POST":
        form = SiteProfileForm(request.POST, instance=SiteProfile(unit=district))
    elif profile is not None:
        form = SiteProfileForm(instance=profile)
    else:
        form = SiteProfileForm(initial=_initial(district))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_site_profile(
                by=request.user,
                at=timezone.now(),
                district=district,
                data={name: form.cleaned_data[name] for name in services.PROFILE_FIELDS},
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The website settings were saved."))
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(request.path)
            return redirect("portal_staff:site_profile")
    template = "portal/staff/site_profile_form.html"
    if getattr(request, "htmx", False):
        template += "#profile-form"
    return render(
        request,
        template,
        {"district": district, "profile": profile, "form": form},
        status=400 if form.errors else 200,
    )
