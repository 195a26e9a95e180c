"""Issue 7 §1 (accounts): opening a 政务新媒体 account in a real browser, under the real CSP.

The unit's clerk applies → the unit's head agrees → the district office files it (filing number
XMT-…) → the clerk sees the masked administrator phone and downloads the 备案表.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import staff_log_in
from zwgk.newmedia.models import MediaAccount, Status

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open_as(browser: Browser, base: str, user: Any, errors: list[str]) -> Page:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on(
        "console",
        lambda m: m.type == "error" and "status of 400" not in m.text and errors.append(m.text),
    )
    staff_log_in(page, base, user.username, PASSWORD)
    return page


def test_account_opened_agreed_filed_and_exported(
    browser: Browser, live_server: Any, district: Any, officer_a: Any, head_a: Any, supervisor: Any
) -> None:
    errors: list[str] = []
    base = live_server.url
    clerk = _open_as(browser, base, officer_a, errors)
    clerk.goto(base + reverse("newmedia:create"))
    clerk.get_by_label("平台类型", exact=True).select_option(label="微信订阅号")
    clerk.get_by_label("账号名称", exact=True).fill("铜梁教育")
    clerk.get_by_label("管理员", exact=True).fill("张敏")
    clerk.get_by_label("管理员电话", exact=True).fill("13812345678")
    clerk.get_by_role("button", name="提交申请").click()
    expect(clerk.get_by_role("heading", level=1)).to_contain_text("铜梁教育")
    expect(clerk.get_by_text("138****5678")).to_be_visible()
    account = MediaAccount.objects.get()
    detail = base + reverse("newmedia:detail", args=[account.pk])

    head = _open_as(browser, base, head_a, errors)
    head.goto(detail)
    head.get_by_role("button", name="同意（主要负责人）").click()
    expect(head.get_by_role("heading", name="办理中的备案: 开设 · 待区政府办审核")).to_be_visible()

    office = _open_as(browser, base, supervisor, errors)
    office.goto(detail)
    office.get_by_role("button", name="审核备案（区政府办）").click()
    expect(office.get_by_role("cell", name=re.compile(r"^XMT-\d{4}-0001$"))).to_be_visible()
    account.refresh_from_db()
    assert account.status == Status.OPEN

    clerk.goto(base + reverse("newmedia:list"))
    with clerk.expect_download() as download:
        clerk.get_by_role("link", name="备案表（XLSX）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert errors == []
