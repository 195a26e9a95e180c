"""Second factor for staff (security.md §2.1 L3-CES1-04): TOTP devices of django-otp.

After the password, staff without a confirmed device enrol (the page shows the secret and the
otpauth URI for an authenticator app, and asks for a code); staff with one enter a code. Until
then StaffSecurityMiddleware keeps them out of every staff URL. Enrolment, verification and
failures are audited; failed codes count towards the account lockout (zwgk.orgs.lockout).
"""

from __future__ import annotations

import base64
from typing import Any

import django_otp
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from zwgk.core import audit
from zwgk.orgs import lockout

ENROLLED = "auth.otp.enrolled"
VERIFIED = "auth.otp.verified"
FAILED = "auth.otp.failed"
DEVICE_NAME = "TOTP"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps take it when typed."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "workspace:home"


def _check(request: HttpRequest, device: TOTPDevice, form: TokenForm) -> bool:
    user = request.user
    now = timezone.now()
    if lockout.is_locked(user, at=now):
        return False
    if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
        return True
    audit.record(action=FAILED, by=user, at=now, target=user, outcome="failure")
    if lockout.register_failure(user=user, at=now, reason="otp"):
        logout(request)
    return False


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{_url('workspace:otp_enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if _check(request, device, form):
            django_otp.login(request, device)
            lockout.register_success(user=request.user)
            audit.record(action=VERIFIED, by=request.user, at=timezone.now(), target=request.user)
            return redirect(_next_url(request))
        if not request.user.is_authenticated:
            return redirect("workspace:login")
        form.add_error(None, _("The code is not correct or has expired."))
    return render(
        request,
        "workspace/otp_verify.html",
        {"form": form, "next": _next_url_value(request)},
        status=400 if form.errors else 200,
    )


@never_cache  # the page shows the secret key
@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request))
    if confirmed_device(request.user) is not None:
        return redirect(f"{_url('workspace:otp_verify')}?{request.GET.urlencode()}")
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if _check(request, device, form):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            lockout.register_success(user=request.user)
            audit.record(action=ENROLLED, by=request.user, at=timezone.now(), target=request.user)
            return redirect(_next_url(request))
        if not request.user.is_authenticated:
            return redirect("workspace:login")
        form.add_error(None, _("The code is not correct or has expired."))
    return render(
        request,
        "workspace/otp_enrol.html",
        {
            "form": form,
            "secret": secret_of(device),
            "config_url": device.config_url,
            "next": _next_url_value(request),
        },
        status=400 if form.errors else 200,
    )


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _next_url_value(request: HttpRequest) -> str:
    value = _next_url(request)
    return "" if value == "workspace:home" else value
