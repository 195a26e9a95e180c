"""Issue 9 §5: the district office opens the dashboard, drills into a unit with an overdue
application, issues a 通报 that lists it (drafted by one supervisor, reviewed and issued by
another), and publishes the district's annual report once its validation passes (drafted by the
office's clerk; the register's review chain approves it; the office publishes it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_person
from tests.e2e.staff_login import staff_log_in
from zwgk.disclosure_requests import services as requests
from zwgk.disclosure_requests.tests.helpers import application
from zwgk.documents import services as documents
from zwgk.orgs.models import Role, User
from zwgk.supervision.models import AnnualReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TZ = ZoneInfo("Asia/Shanghai")


def log_in(page: Page, base: str, user: User) -> None:
    staff_log_in(page, base, user.username, PASSWORD)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_dashboard_bulletin_and_district_annual_report(
    page: Page, live_server: Any, district: Any, officer_a: User, supervisor: User
) -> None:
    base = live_server.url
    today = timezone.localdate()
    reviewer = make_person("supervisor2", "孙督查", district.office, Role.SUPERVISOR)
    office_clerk = make_person("office_clerk", "周文", district.office, Role.CLERK)
    office_deputy = make_person("office_deputy", "吴刚", district.office, Role.DEPUTY)
    office_head = make_person("office_head", "郑红", district.office, Role.HEAD)
    # 区教委 received an application 60 days ago and never answered it: overdue now.
    received = today - timedelta(days=60)
    stamp = datetime.combine(received, time(10), tzinfo=TZ)
    case = requests.register_application(
        by=officer_a,
        at=stamp,
        unit=district.unit_a,
        data=application(),
        channel="in_person",
        received_at=stamp,
    )
    case.refresh_from_db()
    assert case.due_date < today

    # The district office opens the dashboard and drills into 区教委.
    log_in(page, base, supervisor)
    page.get_by_role("link", name="政务公开统计看板").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("政务公开统计看板")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.locator("#t-applications").locator("..").get_by_role("link", name="区教委").click()
    expect(page.get_by_role("heading", name="重庆市铜梁区教育委员会", level=1)).to_be_visible()
    overdue = page.locator("section", has=page.get_by_role("heading", name="当前逾期未办结的申请"))
    expect(overdue.get_by_role("link", name=case.number)).to_be_visible()

    # A 通报 for this year lists it.
    page.get_by_role("link", name="通报").first.click()
    page.get_by_label("通报标题").fill(f"关于{today.year}年依申请公开办理情况的通报")
    page.get_by_label("统计期间起").fill(f"{today.year}-01-01")
    page.get_by_label("统计期间止").fill(today.isoformat())
    page.get_by_label("整改期限").fill((today + timedelta(days=15)).isoformat())
    page.get_by_role("button", name="按证据起草").click()
    unit_section = page.locator(
        "section", has=page.get_by_role("heading", name="重庆市铜梁区教育委员会")
    )
    expect(unit_section).to_contain_text(case.number)
    expect(unit_section.get_by_role("link", name="依据").first).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("通报已提交审核。")).to_be_visible()
    bulletin_url = page.url
    log_out(page)

    # Another supervisor reviews and issues it.
    log_in(page, base, reviewer)
    page.goto(bulletin_url)
    page.get_by_role("button", name="审核通过并印发").click()
    expect(page.get_by_text("通报已印发，各单位在工作台中可见。")).to_be_visible()
    log_out(page)

    # 区教委 sees it in its 工作台.
    log_in(page, base, officer_a)
    expect(page.get_by_role("link", name="通报整改：依申请公开答复超期")).to_be_visible()
    log_out(page)

    # The office's clerk drafts the district's annual report on last year.
    year = today.year - 1
    log_in(page, base, office_clerk)
    page.get_by_role("link", name="政府信息公开工作年度报告").first.click()
    row = page.get_by_role("row", name="重庆市铜梁区人民政府（全区年度报告）")
    row.get_by_role("button", name="开始编制").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"{year}年政府信息公开工作年度报告"
    )
    expect(page.get_by_text("校验未通过，不能发布")).to_be_visible()
    page.get_by_role("button", name="提交审核并发布").click()
    expect(page.get_by_text("校验未通过，不能提交")).to_be_visible()
    page.go_back()
    overview = page.get_by_role("textbox", name="一、总体情况")
    text = overview.input_value()
    assert "新收政府信息公开申请0件" in text
    import re

    overview.fill(re.sub(r"（请填写：[^）]*）", "按要求开展。", text))
    page.get_by_role("textbox", name="五、存在的主要问题及改进情况").fill(
        "依申请公开办理时效有待提高。"
    )
    page.get_by_role("textbox", name="六、其他需要报告的事项").fill("无。")
    page.get_by_label("行政许可（本年处理决定数量）").fill("0")
    page.get_by_label("行政处罚（本年处理决定数量）").fill("0")
    page.get_by_label("行政强制（本年处理决定数量）").fill("0")
    page.get_by_label("行政事业性收费（本年收费金额，万元）").fill("0")
    page.get_by_label("填报或更正数字的依据（统计来源、台账或文件）").fill("区财政局收费统计")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("校验通过")).to_be_visible()
    page.get_by_role("button", name="提交审核并发布").click()
    expect(page.get_by_text("年度报告已提交审核")).to_be_visible()
    log_out(page)

    # The register's review chain: the office's deputy and head, then the district office.
    report = AnnualReport.objects.get(is_district=True, year=year)
    checks = {key: True for key, _label in documents.FIVE_CHECKS}
    for by in (office_deputy, office_head, reviewer):
        document = report.document.__class__.objects.get(pk=report.document_id)
        documents.approve_document(
            by=by, at=timezone.now(), document=document, checks=checks, secrecy_review_passed=True
        )

    # The district office publishes it into 政府信息公开年报.
    log_in(page, base, supervisor)
    page.goto(base + f"/staff/supervision/annual/{report.pk}/")
    expect(page.get_by_text("审核中")).to_be_visible()
    page.get_by_role("link", name="公文登记中的文件").click()
    page.get_by_role("button", name="立即发布").click()
    page.goto(base + f"/staff/supervision/annual/{report.pk}/")
    expect(page.get_by_text("已发布").first).to_be_visible()
    report.refresh_from_db()
    assert report.document.column == "zfxxgknb" and report.document.status == "published"
    assert report.snapshot["valid"] is True
    assert date.today() >= report.document.published_at.date()
