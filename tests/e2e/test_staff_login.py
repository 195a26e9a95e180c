"""Issue #2 §6: a clerk opens the public portal, follows the link to the staff login, logs in and
completes the second factor (enrolment on the first login) and sees the 工作台 with their
name and unit — in a real browser, under the real CSP."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import SECOND_FACTOR_URL, complete_second_factor
from zwgk.orgs.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_goes_from_the_portal_to_the_workbench(
    page: Page, live_server: Any, officer_a: User
) -> None:
    response = page.goto(live_server.url + reverse("portal:home"))
    assert response is not None and response.status == 200
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp

    page.locator(f'a[href^="{reverse("workspace:login")}"]').first.click()

    expect(page).to_have_url(live_server.url + reverse("workspace:login"))
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill(officer_a.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    # first login: the second factor is enrolled (secret shown, code asked)
    page.wait_for_url(SECOND_FACTOR_URL)
    expect(page.get_by_role("heading", name="设置第二重身份验证")).to_be_visible()
    expect(page.locator("#otp-secret")).not_to_be_empty()
    complete_second_factor(page, officer_a.username)

    expect(page).to_have_url(live_server.url + reverse("workspace:home"))
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("张敏")
    expect(main).to_contain_text("重庆市铜梁区教育委员会")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_wrong_password_keeps_the_clerk_on_the_login_page(
    page: Page, live_server: Any, officer_a: User
) -> None:
    page.goto(live_server.url + reverse("workspace:login"))

    page.get_by_label("用户名").fill(officer_a.username)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(live_server.url + reverse("workspace:login"))
    assert page.context.cookies() == [] or all(
        cookie["name"] not in {"sessionid", "__Host-sessionid"} for cookie in page.context.cookies()
    )
