"""Issue #4 §9: one application through its whole life, in a real browser, under the real CSP.

A citizen applies online from the unit's 依申请公开 page → the clerk confirms receipt and asks for
a 补正 → the citizen corrects through the portal with the 查询码 → the clerk consults a third party
and records its answer → the head of the unit approves an extension → the clerk replies 部分公开
and issues the generated 答复书 → the citizen reads the reply and downloads the letter with the
查询码 → annual-report table 三 counts the application in the right cell.

Each person has their own browser context (their own cookies). The whole story happens on
2026-03-02, a Monday, so that every deadline (20 + 20 working days) stays inside the shipped
2026 calendar; `serialized_rollback` keeps that calendar for the tests that follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tests.e2e.staff_login import complete_second_factor
from zwgk.core.tests.test_captcha import solve
from zwgk.disclosure_requests.models import DisclosureRequest
from zwgk.disclosure_requests.tests.helpers import ID, PHONE
from zwgk.orgs.models import User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TZ = ZoneInfo("Asia/Shanghai")
DAY = "2026-03-02"
ITEMS = ["请写明所需检查结果涉及的学校范围", "请注明所需信息的年度"]


@pytest.fixture
def story_day() -> Iterator[None]:
    # tick=True: the clock moves on, so sessions, timeouts and the browser behave normally.
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=True):
        yield


class People:
    """A browser context per person, each collecting console errors (CSP violations)."""

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
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        return page

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
def people(browser: Browser, live_server: Any, story_day: None) -> Iterator[People]:
    crowd = People(browser, live_server.url)
    try:
        yield crowd
    finally:
        crowd.close()
    assert not crowd.errors, crowd.errors


def do_action(
    page: Page, name: str, fields: dict[str, str], selects: dict[str, str] | None = None
) -> None:
    """Open the case page's action `name`, fill its fields (by id) and submit it."""
    form = page.locator(f'form[action$="/do/{name}/"]')
    page.locator("details.action", has=form).locator("summary").click()
    for field, value in (selects or {}).items():
        form.locator(f"#id_{name}-{field}").select_option(value)
    for field, value in fields.items():
        form.locator(f"#id_{name}-{field}").fill(value)
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_online_application_from_submission_to_the_annual_report(
    page: Page,
    people: People,
    live_server: Any,
    district: Any,
    officer_a: User,
    head_a: User,
    supervisor: User,
) -> None:
    base = live_server.url
    citizen = page

    # --- The citizen applies online from the unit's 依申请公开 page ---------------------------
    citizen.goto(base + "/xxgk/tlq-jw/ysqgk/")
    citizen.get_by_role("link", name="网上申请").click()
    expect(citizen.get_by_role("heading", name="政府信息公开申请", level=1)).to_be_visible()
    expect(citizen.get_by_label("申请的机关")).to_have_value("tlq-jw")
    citizen.get_by_label("自然人", exact=True).check()
    citizen.get_by_label("申请人姓名或名称").fill("王小明")
    citizen.locator("#id_id_type").select_option("resident_id")
    citizen.get_by_label("证件号码").fill(ID)
    citizen.get_by_label("联系电话").fill(PHONE)
    citizen.get_by_label("电子邮箱").fill("wang@example.com")
    citizen.get_by_label("所需信息名称").fill("2025年区属中小学食堂卫生检查结果")
    citizen.get_by_label("所需信息内容描述").fill(
        "请公开区教委2025年对区属中小学食堂卫生检查的结果通报。"
    )
    citizen.get_by_label("电子数据").check()
    citizen.get_by_label("电子邮件", exact=True).check()
    citizen.get_by_label("我已阅读并同意按上述说明处理我的个人信息").check()
    question = citizen.locator('label[for="id_captcha_answer"]').inner_text()
    citizen.locator("#id_captcha_answer").fill(str(solve(question)))
    citizen.get_by_role("button", name="提交申请").click()

    expect(citizen.get_by_role("heading", name="申请已提交", level=1)).to_be_visible()
    expect(citizen.locator("main")).to_contain_text("以双方确认之日为收到申请之日")
    code = citizen.locator(".lookup-code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    application = DisclosureRequest.objects.get()
    case_url = base + reverse("disclosure_requests:detail", args=[application.pk])

    # --- The clerk confirms receipt (art. 31) and asks for a correction (art. 30) -------------
    clerk = people.staff(officer_a)
    clerk.goto(base + reverse("disclosure_requests:list"))
    clerk.get_by_role("link", name=application.number).click()
    expect(clerk).to_have_url(case_url)
    do_action(clerk, "confirm", {"confirmed_on": DAY})
    do_action(
        clerk, "correction", {"items": "\n".join(ITEMS), "sent_on": DAY, "deadline": "2026-03-16"}
    )
    expect(clerk.locator("main")).to_contain_text(ITEMS[0])

    # --- The citizen corrects through the portal ----------------------------------------------
    citizen.goto(base + reverse("disclosure_requests_public:lookup"))
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_label("申请时填写的联系电话").fill(PHONE)
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.get_by_role("heading", name="需要补正")).to_be_visible()
    for item in ITEMS:
        expect(citizen.locator("#correction")).to_contain_text(item)
    citizen.get_by_label("补正内容").fill("全区公办中小学；2025年度。")
    citizen.get_by_role("button", name="提交补正").click()
    expect(citizen.get_by_role("status")).to_contain_text("补正已收到")
    expect(citizen.get_by_role("heading", name="需要补正")).to_have_count(0)

    # --- The clerk consults a third party and records its answer (arts. 32, 33) ---------------
    clerk.goto(case_url)
    expect(clerk.locator("main")).to_contain_text("全区公办中小学；2025年度。")
    do_action(
        clerk,
        "consult",
        {
            "party_name": "重庆某某餐饮管理有限公司",
            "question": "是否同意公开检查结果",
            "sent_on": DAY,
        },
        {"party": "third_party"},
    )
    consultation = application.consultations.get()
    answer = clerk.locator(f'form[action$="/consultations/{consultation.pk}/answer/"]')
    answer.locator(f"#id_c{consultation.pk}-answer").select_option("disagree")
    answer.locator(f"#id_c{consultation.pk}-answered_on").fill(DAY)
    answer.locator(f"#id_c{consultation.pk}-note").fill("涉及本公司商业秘密")
    answer.locator("button[type=submit]").click()
    expect(clerk.get_by_role("alert")).to_have_count(0)
    ledger = clerk.locator("section", has=clerk.locator("#ledger-heading"))
    expect(ledger).to_contain_text("收到征求意见结果")

    # --- The head of the unit approves an extension (art. 33) ---------------------------------
    head = people.staff(head_a)
    head.goto(case_url)
    do_action(
        head,
        "extend",
        {"workdays": "15", "approved_on": DAY, "reason": "需征求第三方意见并区分处理"},
    )
    ledger = head.locator("section", has=head.locator("#ledger-heading"))
    expect(ledger.locator("tr", has_text="延长答复期限")).to_contain_text("15")
    assert application.events.filter(kind="extended", by=head_a).exists()

    # --- The clerk replies 部分公开 (art. 37) and issues the generated 答复书 -----------------
    clerk.goto(case_url)
    form = clerk.locator('form[action$="/do/reply/"]')
    clerk.locator("details.action", has=form).locator("summary").click()
    form.locator("#id_reply-outcome").select_option("partial")
    form.locator("#id_reply-reply_date").fill(DAY)
    form.locator("#id_reply-body").fill(
        "现向您提供2025年区属中小学食堂卫生检查结果通报（删除涉及企业商业秘密的部分）。"
    )
    form.locator("#id_reply-withheld_part").fill(
        "检查结果中涉及重庆某某餐饮管理有限公司配方和工艺的内容"
    )
    form.locator('input[name="reply-withheld_grounds"][value="refuse_third_party"]').check()
    form.locator("#id_reply-withheld_reason").fill(
        "第三方不同意公开且有合理理由，公开会损害其合法权益。"
    )
    form.locator("button[type=submit]").click()
    expect(clerk.get_by_role("alert")).to_have_count(0)

    clerk.goto(base + reverse("disclosure_letters:list", args=[application.pk]))
    reply_row = clerk.locator("tr", has_text=f"答复书（{DAY}）")
    reply_row.get_by_role("link").click()
    expect(clerk.locator("#letter-title")).to_have_text(
        "重庆市铜梁区教育委员会政府信息公开申请答复书"
    )
    clerk.get_by_role("button", name=re.compile("DOCX")).click()
    expect(clerk.locator("tr", has_text=f"答复书（{DAY}）")).to_contain_text("公复〔2026〕1号")

    # --- The citizen reads the reply and downloads the letter ----------------------------------
    citizen.reload()
    main = citizen.locator("main")
    expect(main).to_contain_text("部分公开")
    expect(main).to_contain_text("配方和工艺")
    expect(main).to_contain_text("第三方不同意公开且有合理理由")
    letter = citizen.get_by_role("link", name=re.compile(r"答复书.*\.pdf"))
    with citizen.expect_download() as download:
        letter.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert PHONE not in main.inner_text() and ID not in main.inner_text()

    # --- Annual-report table 三 counts it: received and 部分公开, a natural person ------------
    office = people.staff(supervisor)
    office.goto(base + reverse("disclosure_reports:foi") + f"?year=2026&scope={district.unit_a.pk}")
    table3 = office.locator("table.report-table").first

    def cells(label: str) -> list[str]:
        row = table3.locator("tr", has=office.locator("th", has_text=label))
        return row.first.locator("td").all_inner_texts()

    received = cells("一、本年新收政府信息公开申请数量")
    partial = cells("（二）部分公开")
    assert received[0] == "1" and received[-1] == "1"  # 自然人 and 总计
    assert partial[0] == "1" and partial[-1] == "1"
    assert cells("（一）予以公开")[0] == "0"
