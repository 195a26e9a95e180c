"""Issue 6 §4 (first half): a clerk of the education bureau sees that 2026's 录取结果 item of
the 义务教育招生 column is not published, registers the document into that item's column, the
deputy and the head approve it, the clerk publishes it, and the completeness view turns green;
the document is on the portal under 重点领域信息公开."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import staff_log_in
from zwgk.orgs.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "铜梁区2026年义务教育招生录取结果"
ROW = 'tr[data-item="zd-ywzs-lqjg"][data-period="2026"]'


def log_in(page: Page, base: str, user: User) -> None:
    staff_log_in(page, base, user.username, PASSWORD)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def open_completeness_2026(page: Page) -> None:
    page.get_by_role("link", name="重点领域公开").first.click()
    expect(page.get_by_role("heading", name="重点领域信息公开情况", level=1)).to_be_visible()
    page.get_by_label("年度").select_option("2026")
    page.get_by_label("重点领域").select_option(label="民生")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator(ROW)).to_have_count(1)


def test_enrolment_result_goes_from_missing_to_published(
    page: Page, live_server: Any, officer_a: User, deputy_a: User, head_a: User
) -> None:
    base = live_server.url

    # The clerk sees the 2026 录取结果 item not published (its due date, 08-31, has passed).
    log_in(page, base, officer_a)
    open_completeness_2026(page)
    row = page.locator(ROW)
    expect(row).to_contain_text("义务教育招生·录取结果")
    expect(row).to_have_attribute("data-status", "late")
    expect(row.locator(".badge")).to_have_text("逾期未公开")
    expect(row.locator(".badge")).to_have_class("badge danger")

    # The clerk registers the results into the item's column and submits them.
    page.get_by_role("link", name="公文").first.click()
    page.get_by_role("link", name="登记公文").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("成文日期").fill("2026-08-20")
    page.get_by_label("主题分类").select_option(label="科技、教育")
    page.get_by_label("体裁").select_option(label="公告")
    page.get_by_label("栏目").select_option(label="重点领域信息公开 / 义务教育招生·录取结果")
    page.get_by_label("正文").fill(
        "2026年全区义务教育阶段学校秋季招生录取工作已经结束，现将录取结果公布如下。"
    )
    page.get_by_label("公开属性").select_option(label="主动公开")
    page.get_by_label("公开方式").select_option(label="全文公开")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("main")).to_contain_text("待分管负责人审核")
    log_out(page)

    # The deputy and the head approve.
    for reviewer in (deputy_a, head_a):
        log_in(page, base, reviewer)
        page.get_by_role("link", name=f"审核：{TITLE}").click()
        for label in ("政治关", "法律关", "政策关", "保密关", "文字关", "保密审查通过"):
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="审核通过").click()
        expect(page.locator(".messages")).to_contain_text("已审核通过")
        log_out(page)

    # The clerk publishes it.
    log_in(page, base, officer_a)
    page.get_by_role("link", name=f"待发布：{TITLE}").click()
    page.get_by_role("button", name="立即发布").click()
    expect(page.locator("main")).to_contain_text("已发布")

    # The completeness view turns green and links the document.
    open_completeness_2026(page)
    row = page.locator(ROW)
    expect(row.locator(".badge")).to_have_class("badge ok")
    expect(row).to_have_attribute("data-status", "published_late")
    expect(row.locator(".badge")).to_have_text("已公开（逾期公开）")
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    log_out(page)

    # The public sees it under 重点领域信息公开 on the portal.
    page.goto(base + "/xxgk/tlq-jw/zdlyxxgk/")
    expect(page.get_by_role("heading", name="重点领域信息公开").first).to_be_visible()
    page.get_by_role("link", name="义务教育招生·录取结果").first.click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert page.console_errors == []  # type: ignore[attr-defined]
