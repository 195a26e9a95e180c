"""Browser tests: Debian's chromium driven by Playwright's sync API against pytest-django's
live_server. Never a browser downloaded by Playwright (`playwright install` is not used).

Fixtures:
  browser         one headless chromium per session (Playwright gives it a fresh, temporary
                  user data directory, removed when the browser closes)
  page            a fresh browser context and page per test; `page.console_errors` collects
                  console errors and uncaught exceptions (CSP violations are console errors) and
                  the test fails at teardown if any occurred; on failure a screenshot is saved
                  to var/e2e/<test name>.png
  chromium_path   $ZWGK_CHROMIUM, else `chromium` on PATH (/usr/bin/chromium on Debian)

Mark browser tests with @pytest.mark.e2e and @pytest.mark.django_db(transaction=True): the live
server runs in another thread and only sees committed data.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("ZWGK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        pytest.fail(
            f"Debian's chromium is not installed at {path}: apt-get install chromium "
            "(make e2e installs it when missing)."
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls
    # from the test body (SynchronousOnlyOperation), although the body is plain synchronous code.
    # Only while the browser runs, so that the rest of the suite keeps Django's check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
            )
            yield launched
            launched.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


# A refused form (bad input, a refused workflow move) is re-rendered with status 400 by design;
# Chromium logs that navigation as a console error. Anything else — 404s, CSP violations,
# script errors — still fails the test.
EXPECTED = re.compile(r"^Failed to load resource: the server responded with a status of 400 ")


class ConsoleErrors(list[str]):
    def record(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not EXPECTED.match(message.text):
            self.append(f"{message.text} ({message.location.get('url', '')})")


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    errors = ConsoleErrors()
    new_page.on("console", errors.record)
    new_page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    new_page.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield new_page
        report = request.node.stash.get(_CALL_REPORT, None)
        if report is not None and report.failed:
            _screenshot(new_page, request.node.name)
    finally:
        context.close()
    assert not errors, f"console errors on {request.node.name}: {errors}"


def _screenshot(page: Page, test_name: str) -> None:
    folder = Path(settings.BASE_DIR) / "var" / "e2e"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^\w.-]+", "_", test_name) + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # the page may be gone; the test failure matters more
        print(f"screenshot failed: {error}")
    else:
        print(f"screenshot: {path}")
