"""行政执法公示 in a real browser under the real CSP: a clerk of the education bureau records a
penalty whose summary names the person, is refused publication with the findings shown, fixes
the summary and publishes; a citizen finds the result on /zfgs/ with the name masked. Then the
district office assigns a 政府工作报告 task, the unit reports, and the office publishes the
summary table, which the citizen reads at /zxgk/."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import staff_log_in
from zwgk.enforcement.models import Decision, DecisionStatus
from zwgk.enforcement.tests.helpers import ID_NUMBER
from zwgk.execution.models import ProgressReport, PublishedSummary, Task

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fresh(browser: Browser) -> Page:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_a_penalty_is_published_with_the_name_masked(
    page: Page, browser: Browser, live_server: Any, district: Any, officer_a: Any
) -> None:
    base = live_server.url
    staff_log_in(page, base, officer_a.username, PASSWORD)
    page.goto(base + reverse("enforcement:decision_create"))
    page.get_by_label("执法类别").select_option(label="行政处罚")
    page.get_by_label("决定书文号").fill("铜教罚〔2026〕7号")
    page.get_by_label("当事人类型").select_option(label="自然人")
    page.get_by_label("当事人（名称或姓名）").fill("张晓明")
    page.get_by_label("自然人身份证号码（不公开）").fill(ID_NUMBER)
    page.get_by_label("作出决定日期").fill("2026-02-10")
    page.get_by_label("决定主要内容（公开）").fill("张晓明未经批准举办校外培训，罚款人民币一万元。")
    page.get_by_role("button", name="保存").click()

    # The check before publication shows the name as a finding and disables publication.
    expect(page.get_by_role("heading", name="公开前检查")).to_be_visible()
    expect(page.get_by_role("button", name="公开", exact=True)).to_be_disabled()
    expect(page.locator("main")).not_to_contain_text(ID_NUMBER)

    page.get_by_role("link", name="修改决定").click()
    page.get_by_label("决定主要内容（公开）").fill("当事人未经批准举办校外培训，罚款人民币一万元。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="公开", exact=True).click()
    expect(page.get_by_text("执法结果已公开。")).to_be_visible()
    assert Decision.objects.get().status == DecisionStatus.PUBLISHED

    citizen = _fresh(browser)
    citizen.goto(base + reverse("enforcement_public:index"))
    citizen.get_by_label("执法类别").select_option(label="行政处罚")
    citizen.locator("main").get_by_role("button", name="搜索").click()
    citizen.get_by_role("link", name="铜教罚〔2026〕7号").click()
    expect(citizen.locator("main")).to_contain_text("张**")
    expect(citizen.locator("main")).not_to_contain_text("张晓明")
    citizen.context.close()


def test_a_task_is_reported_and_the_summary_published(
    page: Page,
    browser: Browser,
    live_server: Any,
    district: Any,
    officer_a: Any,
    supervisor: Any,
) -> None:
    base = live_server.url
    staff_log_in(page, base, supervisor.username, PASSWORD)
    page.goto(base + reverse("execution:task_create"))
    page.get_by_label("年度").fill("2026")
    page.get_by_label("任务来源类别").select_option(label="政府工作报告")
    page.get_by_label("任务来源（如“2026年区政府工作报告”）").fill("2026年区政府工作报告")
    page.get_by_label("目标任务").fill("新建改扩建中小学校3所")
    page.get_by_label("工作措施").fill("完成选址和立项，年内开工。")
    page.get_by_label("实施步骤，每行一项：YYYY-MM-DD 步骤内容").fill("2026-03-31 完成选址")
    page.get_by_label("牵头单位").select_option(label=district.unit_a.name)
    page.get_by_label("报送频次").select_option(label="每季度")
    page.get_by_label("开始日期").fill("2026-01-01")
    page.get_by_label("完成时限").fill("2026-09-30")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="新建改扩建中小学校3所")).to_be_visible()
    task = Task.objects.get()

    clerk = _fresh(browser)
    staff_log_in(clerk, base, officer_a.username, PASSWORD)
    report = ProgressReport.objects.get(task=task, period_key="2026Q3")
    clerk.goto(base + reverse("execution:report_edit", args=[report.pk]))
    clerk.get_by_label("正常推进").check()
    clerk.get_by_label("完成进度（%）").fill("70")
    clerk.get_by_label("本期推进情况").fill("2所学校主体完工。")
    clerk.get_by_role("button", name="提交").click()
    expect(clerk.get_by_text("进展已报送。")).to_be_visible()
    clerk.context.close()

    page.goto(base + reverse("execution:summary") + "?year=2026")
    expect(page.locator("#results")).to_contain_text("2所学校主体完工。")
    page.get_by_role("button", name="公开汇总表").click()
    expect(page.get_by_role("heading", name="2026年目标任务推进情况汇总表")).to_be_visible()
    published = PublishedSummary.objects.get()

    citizen = _fresh(browser)
    citizen.goto(base + reverse("execution_public:summaries"))
    citizen.get_by_role("link", name=published.title).click()
    expect(citizen.locator("main")).to_contain_text("2所学校主体完工。")
    citizen.context.close()
