"""The staff login in the browser: password, then the second factor (enrolment on the first
login, a code afterwards). The code is computed from the account's TOTP key as an authenticator
app would; `last_t` is cleared first so that a second login of the same account within one
30-second step is not refused as a replayed code."""

from __future__ import annotations

import re

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from zwgk.workspace.tests.otp_helpers import current_code

SECOND_FACTOR_URL = re.compile(r"/staff/login/(verify|enrol)/")


def complete_second_factor(page: Page, username: str) -> None:
    page.wait_for_url(SECOND_FACTOR_URL)
    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "pk")[0]
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.get_by_label("六位动态口令").fill(current_code(device))
    page.get_by_role("button", name="验证").click()


def staff_log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    complete_second_factor(page, username)
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
