"""Issue #3 §9: a clerk drafts a document that contains an ID number → publication is blocked with
the finding highlighted → the clerk fixes it → the deputy and the head approve → it is published
→ a citizen finds it by searching a two-character word and opens its interpretation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import staff_log_in
from zwgk.orgs.models import User
from zwgk.textcheck.pii import ID_CHECK, ID_WEIGHTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "关于做好2026年义务教育招生入学工作的通知"


def an_id_number() -> str:
    first = "50022419900101123"
    total = sum(int(d) * w for d, w in zip(first, ID_WEIGHTS, strict=True))
    return first + ID_CHECK[total % 11]


def log_in(page: Page, base: str, user: User) -> None:
    staff_log_in(page, base, user.username, PASSWORD)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_document_from_draft_to_citizen(
    page: Page, live_server: Any, officer_a: User, deputy_a: User, head_a: User
) -> None:
    base = live_server.url

    # The clerk registers the policy; by mistake the body carries a citizen's ID number.
    log_in(page, base, officer_a)
    page.get_by_role("link", name="公文").first.click()
    page.get_by_role("link", name="登记公文").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("发文字号").fill("铜教发[2026] 12号")
    page.get_by_label("成文日期").fill("2026-03-02")
    page.get_by_label("主题分类").select_option(label="科技、教育")
    page.get_by_label("体裁").select_option(label="通知")
    page.get_by_label("正文").fill(
        f"各中小学校：现将2026年义务教育招生入学有关事项通知如下。联系人身份证号{an_id_number()}。"
    )
    page.get_by_label("公开属性").select_option(label="主动公开")
    page.get_by_label("公开方式").select_option(label="全文公开")
    page.get_by_label("需要政策解读").check()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # The finding is highlighted (masked) and submission is refused.
    mark = page.locator("mark.finding-block").first
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("5002**********")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("alert").first).to_contain_text("公民身份号码")

    # The interpretation is drafted with the policy (同步起草).
    page.get_by_role("link", name="添加政策解读").click()
    page.get_by_label("正文").fill(
        "一、招生范围：本区户籍适龄儿童。二、报名时间：5月。三、咨询电话见通知。"
    )
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name=f"《{TITLE}》政策解读")).to_be_visible()
    page.get_by_role("link", name=TITLE, exact=True).first.click()

    # The clerk removes the ID number and submits.
    page.get_by_role("link", name="修改").first.click()
    page.get_by_label("正文").fill("各中小学校：现将2026年义务教育招生入学有关事项通知如下。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("mark.finding-block")).to_have_count(0)
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("main")).to_contain_text("待分管负责人审核")
    log_out(page)

    # The deputy and then the head confirm the five checks and approve.
    for reviewer in (deputy_a, head_a):
        log_in(page, base, reviewer)
        page.get_by_role("link", name=f"审核：{TITLE}").click()
        for label in ("政治关", "法律关", "政策关", "保密关", "文字关", "保密审查通过"):
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="审核通过").click()
        expect(page.locator(".messages")).to_contain_text("已审核通过")
        log_out(page)

    # The clerk publishes; policy and interpretation go out together.
    log_in(page, base, officer_a)
    page.get_by_role("link", name=f"待发布：{TITLE}").click()
    page.get_by_role("button", name="立即发布").click()
    expect(page.locator("main")).to_contain_text("已发布")
    log_out(page)

    # A citizen searches a two-character word on the portal and opens the interpretation.
    page.goto(base + "/")
    page.get_by_role("searchbox").first.fill("招生")
    page.get_by_role("searchbox").first.press("Enter")
    page.get_by_role("link", name=TITLE, exact=True).first.click()
    expect(page.get_by_role("heading", name=TITLE, exact=True)).to_be_visible()
    page.get_by_role("link", name=f"《{TITLE}》政策解读").first.click()
    expect(page.locator("main")).to_contain_text("招生范围")
    assert page.console_errors == []  # type: ignore[attr-defined]
