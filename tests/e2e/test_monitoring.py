"""Issue 7 §3–§5 (websites) in a real browser, under the real CSP.

The district office registers a unit's site — a generated site served on 127.0.0.1 with five blank
columns and a dead link on its home page. The first check runs at once (the test settings run
tasks immediately; in production the worker takes it), and the site page shows the veto, the
findings with their evidence and the columns the crawl proposed; the office confirms a column's
kind. The unit's clerk finds the 整改 work order and answers it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import staff_log_in
from zwgk.monitoring.models import Column, CrawlRun, Rectification, Website
from zwgk.monitoring.tests.sitegen import ColumnDef, SiteSpec, serve_in_thread

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open_as(browser: Browser, base: str, user: Any, errors: list[str]) -> Page:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    staff_log_in(page, base, user.username, PASSWORD)
    return page


def test_site_registered_checked_scored_and_its_work_order_answered(
    browser: Browser, live_server: Any, district: Any, officer_a: Any, supervisor: Any
) -> None:
    errors: list[str] = []
    base = live_server.url
    blank = tuple(ColumnDef(f"工作动态{k}", f"n{k}", None) for k in range(5))
    spec = SiteSpec(today=timezone.localdate(), articles=5, columns=blank, dead_links_home=1)
    with serve_in_thread(spec) as site:
        office = _open_as(browser, base, supervisor, errors)
        office.goto(base + reverse("monitoring:site_register"))
        office.get_by_label("主办单位", exact=True).select_option(label=str(district.unit_a))
        office.get_by_label("网站名称", exact=True).fill("区教委网站")
        office.get_by_label("首页地址", exact=True).fill(site)
        office.get_by_role("button", name="登记").click()
        expect(office.get_by_role("heading", level=1)).to_have_text("区教委网站")

    website = Website.objects.get()
    run = CrawlRun.objects.get(website=website)
    assert run.status == CrawlRun.Status.DONE and run.pages == 1 + 5 + 5 + 1 + 1
    office.reload()
    expect(office.get_by_text("不合格（单项否决）")).to_be_visible()
    findings = office.locator("#findings")
    expect(findings.get_by_text("空白栏目")).to_have_count(5)
    expect(findings.get_by_text("首页链接不可用")).to_have_count(1)
    expect(findings.get_by_text(re.compile(r"/missing/home-0\.html"))).to_be_visible()
    # the crawl proposed the navigation's columns: the office confirms one as 动态要闻
    row = office.get_by_role("row").filter(has_text="工作动态0")
    expect(row.get_by_text("抓取建议，待确认")).to_be_visible()
    row.get_by_label("栏目类型").select_option(label="动态要闻类（2周）")
    row.get_by_role("button", name="保存").click()
    column = Column.objects.get(website=website, name="工作动态0")
    expect(
        office.get_by_role("row").filter(has_text="工作动态0").get_by_text("已确认")
    ).to_be_visible()
    column.refresh_from_db()
    assert column.status == Column.Status.CONFIRMED and column.kind == "news"

    order = Rectification.objects.get(subject=website.subject, indicator="site.veto.blank_columns")
    clerk = _open_as(browser, base, officer_a, errors)
    clerk.goto(base + reverse("monitoring:rectification_list"))
    clerk.get_by_role("link", name=order.title).click()
    clerk.get_by_label("整改情况", exact=True).fill("五个空白栏目已补充内容，其余栏目已合并。")
    clerk.get_by_role("button", name="提交答复").click()
    expect(clerk.get_by_text("已答复，待复查").first).to_be_visible()
    order.refresh_from_db()
    assert order.status == Rectification.Status.ANSWERED
    assert errors == []
