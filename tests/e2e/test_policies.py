"""Issue 6 §4 (second half): a business subscribed to 制造业 (GB/T 4754 section C) + 稳岗 receives
the new district 稳岗 policy and not the agricultural one when staff publish both — in a real
browser, under the real CSP.

The business subscribes on the public site (answering the arithmetic question), opens the
confirmation link from its mailbox (Django's locmem outbox) and confirms → the clerk of unit A
enters both policies in the staff form and submits them → the head of unit A approves both →
the push (a django-tasks task, run at once by the test settings) sends one e-mail to the
business, about the 稳岗 policy; the business opens it and reads the 办理指南, then unsubscribes
in one step from the link in the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import complete_second_factor
from zwgk.core.tests.test_captcha import solve
from zwgk.orgs.models import User
from zwgk.policies.models import Delivery, Policy, Subscription, SubscriptionStatus

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUSINESS = "owner@tongliang-gear.example.com"
FARMER = "coop@tongliang-farm.example.com"
STEADY = "铜梁区2026年稳岗返还实施办法"
FARM = "铜梁区农业产业化龙头企业奖补办法"


class People:
    def __init__(self, browser: Browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.contexts: list[Any] = []
        self.errors: list[str] = []

    def page(self) -> Page:
        context = self.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self._console(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        return page

    def _console(self, text: str) -> None:
        # A refused form answers 400 by design (see tests/e2e/conftest.py).
        if not text.startswith(
            "Failed to load resource: the server responded with a status of 400"
        ):
            self.errors.append(text)

    def staff(self, user: User) -> Page:
        page = self.page()
        page.goto(self.base + reverse("workspace:login"))
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        complete_second_factor(page, user.username)
        expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(browser: Browser, live_server: Any, settings: Any) -> Iterator[People]:
    settings.ZWGK_POLICIES_BASE_URL = live_server.url
    cache.clear()
    crowd = People(browser, live_server.url)
    yield crowd
    crowd.close()
    assert crowd.errors == [], crowd.errors


def subscribe(page: Page, base: str, contact: str, *, industry: str, category: str) -> None:
    page.goto(base + reverse("policies_public:index"))
    page.get_by_role("link", name="订阅：通过邮件、短信或微信接收新政策").click()
    expect(page.get_by_role("heading", name="订阅政策", level=1)).to_be_visible()
    page.get_by_label("电子邮箱", exact=True).check()
    page.get_by_label("电子邮箱、手机号码或微信标识").fill(contact)
    page.locator("summary", has_text="行业").click()
    page.get_by_label(industry, exact=True).check()
    page.locator("summary", has_text="类别").click()
    page.get_by_label(category, exact=True).check()
    question = page.locator('label[for="id_captcha_answer"]').inner_text()
    page.locator("#id_captcha_answer").fill(str(solve(question)))
    page.get_by_role("button", name="订阅", exact=True).click()
    expect(page.get_by_role("heading", name="请查收确认消息")).to_be_visible()


def confirm_from_mailbox(page: Page, base: str, contact: str) -> None:
    message = next(m for m in reversed(mail.outbox) if m.to == [contact])
    link = re.search(r"(http://\S+/zcztc/confirm/\S+/)", message.body).group(1)
    assert link.startswith(base)
    page.goto(link)
    page.get_by_role("button", name="确认订阅").click()
    expect(page.get_by_text("订阅已确认")).to_be_visible()


def enter_policy(
    page: Page, base: str, *, title: str, industry: str, category: str, summary: str
) -> None:
    page.goto(base + reverse("policies:list"))
    page.get_by_role("link", name="录入政策").click()
    page.get_by_label("政策标题").fill(title)
    page.get_by_label("层级").select_option("district")
    page.get_by_label("发布机关").fill("重庆市铜梁区人民政府办公室")
    page.get_by_label("原文链接").fill("https://www.cqstl.gov.cn/zwgk/zcwj/2026/1.html")
    page.get_by_label("发布日期").fill("2026-03-01")
    page.get_by_label("内容摘要").fill(summary)
    page.get_by_label("申请对象").fill("在铜梁区依法参加失业保险的企业")
    page.get_by_label("办理地点").fill("铜梁区政务服务中心人社窗口")
    page.get_by_label(industry, exact=True).check()
    page.get_by_label(category, exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("待审核").first).to_be_visible()


def approve(page: Page, base: str, title: str) -> None:
    page.goto(base + reverse("policies:list"))
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.get_by_text("已发布").first).to_be_visible()


def test_business_receives_the_steady_jobs_policy_and_not_the_agricultural_one(
    people: People, officer_a: User, head_a: User, live_server: Any
) -> None:
    base = live_server.url
    mail.outbox.clear()

    # A manufacturing business subscribes to 制造业 + 稳岗; a farm co-operative to 农业 + 惠农.
    business = people.page()
    subscribe(business, base, BUSINESS, industry="C 制造业", category="稳岗")
    confirm_from_mailbox(business, base, BUSINESS)
    farmer = people.page()
    subscribe(farmer, base, FARMER, industry="A 农、林、牧、渔业", category="惠农")
    confirm_from_mailbox(farmer, base, FARMER)
    assert Subscription.objects.filter(status=SubscriptionStatus.ACTIVE).count() == 2
    mail.outbox.clear()

    # The clerk enters both policies; the head of the unit reviews and publishes both.
    clerk = people.staff(officer_a)
    enter_policy(
        clerk,
        base,
        title=STEADY,
        industry="C 制造业",
        category="稳岗",
        summary="对不裁员或少裁员的参保企业，按上年度实际缴纳失业保险费的一定比例返还。",
    )
    enter_policy(
        clerk,
        base,
        title=FARM,
        industry="A 农、林、牧、渔业",
        category="惠农",
        summary="对新认定的区级以上农业产业化龙头企业给予一次性奖补。",
    )
    assert mail.outbox == []  # nothing is pushed before the review
    head = people.staff(head_a)
    approve(head, base, STEADY)
    approve(head, base, FARM)

    # Exactly the matching subscribers got one message each.
    to_business = [m for m in mail.outbox if m.to == [BUSINESS]]
    to_farmer = [m for m in mail.outbox if m.to == [FARMER]]
    assert [m.subject for m in to_business] == [f"【政策直通车】政策新发布：{STEADY}"]
    assert [m.subject for m in to_farmer] == [f"【政策直通车】政策新发布：{FARM}"]
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(status="sent").count() == 2

    # The business opens the policy from the message and reads how to apply.
    steady = Policy.objects.get(title=STEADY)
    link = re.search(r"(http://\S+/zcztc/\d+/)", to_business[0].body).group(1)
    business.goto(link)
    expect(business.get_by_role("heading", name=STEADY, level=1)).to_be_visible()
    expect(business.get_by_text("铜梁区政务服务中心人社窗口")).to_be_visible()
    assert business.url.endswith(reverse("policies_public:detail", args=[steady.pk]))

    # The public library finds it from a phone-sized search.
    business.set_viewport_size({"width": 390, "height": 844})
    business.goto(base + reverse("policies_public:index"))
    business.get_by_label("关键词").fill("稳岗 返还")
    business.get_by_label("关键词").press("Enter")
    expect(business.get_by_role("link", name=STEADY)).to_be_visible()
    expect(business.get_by_role("link", name=FARM)).to_have_count(0)

    # One step to unsubscribe, from the link in the message.
    leave = re.search(r"(http://\S+/zcztc/unsubscribe/\S+/)", to_business[0].body).group(1)
    business.goto(leave)
    business.get_by_role("button", name="退订").click()
    expect(business.get_by_text("您已退订")).to_be_visible()
    ended = Subscription.objects.filter(status=SubscriptionStatus.ENDED).get()
    assert not ended.contact and ended.contact_index == ""
