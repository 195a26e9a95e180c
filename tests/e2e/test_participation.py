"""Issue 8 §5 (first half): a citizen comments on an open draft on /hdjl/ → the clerk answers it
未采纳 with a reason → the comment period ends and the consultation closes by itself (the
periodic job) → the clerk publishes the 意见采纳情况 with the decision → the public page shows
the comment, its disposition and the reason, without the commenter's name or phone.

Each person has their own browser context. The story starts on 2026-03-02 (a Monday): the
30-day period ends on 2026-04-01, inside the shipped 2026 calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tests.e2e.conftest import EXPECTED
from tests.e2e.staff_login import complete_second_factor
from zwgk.core import periodic
from zwgk.core.tests.test_captcha import solve
from zwgk.orgs.models import User
from zwgk.participation.models import Comment, Consultation, Status
from zwgk.participation.tests.helpers import open_consultation

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TZ = ZoneInfo("Asia/Shanghai")
COMMENT = "建议在龙城街道增设一所公办幼儿园，缓解入园难。"
REASON = "龙城街道已有两所公办园在建，2027年投用后学位充足。"


@pytest.fixture
def story_day() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=TZ), tick=True):
        yield


def staff_page(browser: Browser, base: str, user: User) -> Page:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    # A refused answer is re-rendered with status 400 by design (tests/e2e/conftest.py).
    page.on(
        "console",
        lambda m: m.type == "error" and not EXPECTED.match(m.text) and errors.append(m.text),
    )
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    complete_second_factor(page, user.username)
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
    return page


def test_comment_answered_not_adopted_appears_in_the_published_results(
    page: Page,
    browser: Browser,
    live_server: Any,
    story_day: None,
    district: Any,
    officer_a: User,
    head_a: User,
) -> None:
    base = live_server.url
    consultation = open_consultation(officer_a, head_a, district.unit_a, day="2026-03-02")
    citizen = page

    # --- The citizen finds the open draft on /hdjl/ and comments -----------------------------
    citizen.goto(base + reverse("participation_public:index"))
    citizen.get_by_role("link", name=consultation.title).click()
    expect(citizen.get_by_role("heading", name=consultation.title, level=1)).to_be_visible()
    expect(citizen.locator("main")).to_contain_text("2026-04-01")
    citizen.locator("#id_body").fill(COMMENT)
    citizen.locator("#id_author_name").fill("李四")
    citizen.locator("#id_phone").fill("13912345678")
    question = citizen.locator('label[for="id_captcha_answer"]').inner_text()
    citizen.locator("#id_captcha_answer").fill(str(solve(question)))
    citizen.get_by_role("button", name="提交意见").click()
    expect(citizen.get_by_role("heading", name="感谢您提出意见", level=1)).to_be_visible()
    expect(citizen.locator("main")).to_contain_text("第1条")
    comment = Comment.objects.get()
    assert comment.body == COMMENT and comment.phone.reveal() == "13912345678"

    # --- The clerk answers it 未采纳 with a reason --------------------------------------------
    clerk = staff_page(browser, base, officer_a)
    clerk.goto(base + reverse("participation:detail", args=[consultation.pk]))
    clerk.get_by_role("link", name="1", exact=True).click()
    expect(clerk.locator("main")).to_contain_text(COMMENT)
    expect(clerk.locator("main")).not_to_contain_text("13912345678")  # masked for staff
    clerk.get_by_label("未采纳", exact=True).check()
    clerk.get_by_role("button", name="保存答复").click()
    expect(clerk.get_by_role("alert")).to_contain_text("说明理由")  # refused: no reason
    clerk.get_by_label("未采纳", exact=True).check()
    clerk.locator("#id_reason").fill(REASON)
    clerk.get_by_role("button", name="保存答复").click()
    expect(clerk.get_by_role("heading", name=consultation.title, level=1)).to_be_visible()
    expect(clerk.locator("#comments")).to_contain_text("未采纳")

    # --- The period ends; the periodic job closes the consultation by itself ------------------
    job = periodic.registered()["participation.consultation_clock"]
    assert job.fn(datetime(2026, 4, 1, 23, 0, tzinfo=TZ)) == "opened 0, closed 0"
    assert job.fn(datetime(2026, 4, 2, 0, 10, tzinfo=TZ)) == "opened 0, closed 1"
    consultation.refresh_from_db()
    assert consultation.status == Status.CLOSED
    citizen.goto(base + reverse("participation_public:consultation", args=[consultation.pk]))
    expect(citizen.locator("#id_body")).to_have_count(0)

    # --- The clerk publishes the adoption results with the decision ---------------------------
    clerk.goto(base + reverse("participation:results", args=[consultation.pk]))
    clerk.locator("#id_decision").fill("规划经区政府第12次常务会议审议通过。")
    clerk.get_by_role("button", name="公布意见采纳情况").click()
    expect(clerk.locator("main")).to_contain_text("已公布意见采纳情况")
    assert Consultation.objects.get().status == Status.RESULTS_PUBLISHED

    # --- The public sees the comment, its disposition and the reason ---------------------------
    citizen.goto(base + reverse("participation_public:index"))
    citizen.get_by_role("link", name="意见采纳情况").click()
    main = citizen.locator("main")
    expect(main).to_contain_text("共收到意见 1 条")
    row = citizen.locator("#c-1")
    expect(row).to_contain_text(COMMENT)
    expect(row).to_contain_text("未采纳")
    expect(row).to_contain_text(REASON)
    expect(main).to_contain_text("规划经区政府第12次常务会议审议通过。")
    expect(main).not_to_contain_text("李四")
    expect(main).not_to_contain_text("13912345678")
    assert clerk.errors == []  # type: ignore[attr-defined]
