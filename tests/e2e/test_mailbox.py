"""Issue 8 §5 (second half): a letter to the public mailbox, answered, read with the 查询码 — in a
real browser, under the real CSP.

A citizen writes to 区教委信箱 from the portal and receives a 查询码 → the unit's clerk drafts the
reply → the unit's head approves it (先审后发) → the citizen looks the letter up with the 查询码 and
the last four digits of the phone, reads the reply and rates it.

Each person has their own browser context. The story happens on 2026-03-02 (a Monday), inside the
shipped 2026 calendar; `serialized_rollback` keeps that calendar for the tests that follow.
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
from tests.e2e.staff_login import staff_log_in
from zwgk.core.tests.test_captcha import solve
from zwgk.mailbox import services
from zwgk.mailbox.models import Letter, Status

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TZ = ZoneInfo("Asia/Shanghai")
PHONE = "13812345678"
REPLY = "经现场勘查，区教委已会同交巡警部门在校门口增设人行横道和护栏，预计3月底完工。"


@pytest.fixture
def story_day() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=True):
        yield


@pytest.fixture
def staff_pages(browser: Browser, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []
    errors: list[str] = []

    def open_as(user: Any) -> Page:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: m.type == "error" and "status of 400" not in m.text and errors.append(m.text),
        )
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        staff_log_in(page, live_server.url, user.username, PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not errors, errors


def test_letter_written_answered_and_read_with_the_lookup_code(
    page: Page,
    staff_pages: Any,
    story_day: None,
    live_server: Any,
    district: Any,
    officer_a: Any,
    head_a: Any,
    supervisor: Any,
) -> None:
    base = live_server.url
    services.save_mailbox(
        by=supervisor,
        at=datetime(2026, 3, 2, 8, 0, tzinfo=TZ),
        data=services.MailboxData(
            code="jwxx",
            name="区教委信箱",
            owner_unit=district.unit_a,
            description="教育方面的咨询、建议和投诉",
            reply_workdays=5,
            is_active=True,
        ),
    )
    citizen = page

    # --- The citizen writes from the mailbox page -------------------------------------------
    citizen.goto(base + reverse("mailbox_public:index"))
    citizen.get_by_role("link", name="区教委信箱").click()
    expect(citizen.get_by_role("heading", name="我要写信", level=1)).to_be_visible()
    expect(citizen.locator("#id_mailbox")).to_have_value("jwxx")
    citizen.get_by_label("建议", exact=True).check()
    citizen.locator("#id_subject").fill("建议在龙城大道小学门口增设人行横道")
    citizen.locator("#id_body").fill("上下学时校门口车辆多，孩子过马路很危险，建议增设人行横道。")
    citizen.locator("#id_writer_name").fill("王小明")
    citizen.locator("#id_phone").fill(PHONE)
    citizen.locator("#id_consents_to_publication").check()
    citizen.locator("#id_consent").check()
    question = citizen.locator('label[for="id_captcha_answer"]').inner_text()
    citizen.locator("#id_captcha_answer").fill(str(solve(question)))
    citizen.get_by_role("button", name="提交来信").click()

    expect(citizen.get_by_role("heading", name="来信已收到", level=1)).to_be_visible()
    code = citizen.locator(".lookup-code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    expect(citizen.locator("main")).to_contain_text("2026-03-09")  # 5 working days
    letter = Letter.objects.get()
    letter_url = base + reverse("mailbox:detail", args=[letter.pk])

    # --- The unit's clerk drafts the reply --------------------------------------------------
    clerk = staff_pages(officer_a)
    clerk.goto(base + reverse("mailbox:list"))
    clerk.get_by_role("link", name=letter.number).click()
    expect(clerk).to_have_url(letter_url)
    expect(clerk.locator("main")).to_contain_text("138****5678")
    expect(clerk.locator("main")).not_to_contain_text(PHONE)
    clerk.locator("#id_reply-text").fill(REPLY)
    clerk.get_by_role("button", name="提交审核").click()
    expect(clerk.get_by_role("alert")).to_have_count(0)
    expect(clerk.locator("main")).to_contain_text("答复待负责人审核")

    # --- Before approval the citizen sees no reply ------------------------------------------
    citizen.goto(base + reverse("mailbox_public:lookup"))
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_label("联系电话后四位").fill(PHONE[-4:])
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.locator("main")).to_contain_text("尚未答复")
    expect(citizen.locator("main")).not_to_contain_text(REPLY)

    # --- The head approves (先审后发) ---------------------------------------------------------
    head = staff_pages(head_a)
    head.goto(letter_url)
    expect(head.locator(".draft-reply")).to_contain_text(REPLY)
    head.locator("#id_approve-confirm").check()
    head.get_by_role("button", name="审核通过并发出").click()
    expect(head.get_by_role("alert")).to_have_count(0)
    letter.refresh_from_db()
    assert letter.status == Status.REPLIED and letter.replied_in_time

    # --- The citizen reads the reply with the 查询码 and rates it -----------------------------
    citizen.goto(base + reverse("mailbox_public:lookup"))
    citizen.get_by_label("查询码").fill(code.lower().replace("-", ""))
    citizen.get_by_label("联系电话后四位").fill(PHONE[-4:])
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.locator(".reply-text")).to_contain_text(REPLY)
    expect(citizen.locator("main")).to_contain_text("重庆市铜梁区教育委员会")
    citizen.get_by_label("满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    expect(citizen.get_by_role("status")).to_contain_text("感谢您的评价")
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied"
