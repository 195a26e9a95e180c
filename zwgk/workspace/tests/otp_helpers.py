"""Completing the staff login in tests: the password form, then the second factor (enrolling
a TOTP device on first login), with the code computed from the device's key."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def password_login(client: Client, username: str, password: str):
    return client.post(reverse("workspace:login"), {"username": username, "password": password})


def full_login(client: Client, username: str, password: str):
    """Password, then enrolment or verification; returns the last response (followed)."""
    password_login(client, username, password)
    page = client.get(reverse("workspace:otp_verify"), follow=True)
    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "pk")[0]
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else reverse("workspace:otp_verify"),
        {"token": current_code(device)},
        follow=True,
    )
