"""The dashboard's panels read from the other registers: monitoring's latest scorecards and open
整改, the mailbox's letters answered in time, 舆情 responses on time. The figures equal the
records; the chart and the XLSX hold the same rows."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse

from zwgk.mailbox.models import Letter, Mailbox
from zwgk.mailbox.selectors import letter_counts
from zwgk.mailbox.stats import Period as MailboxPeriod
from zwgk.monitoring.models import Rectification, Scorecard, Website
from zwgk.newmedia.models import MediaAccount, Platform
from zwgk.orgs.models import Unit
from zwgk.sentiment.models import Case, CaseTimer
from zwgk.sentiment.selectors import response_tally_by_unit
from zwgk.supervision import dashboard

TZ = ZoneInfo("Asia/Shanghai")
YEAR_2025 = "start=2025-01-01&end=2025-12-31"
PERIOD = dashboard.Period(date(2025, 1, 1), date(2025, 12, 31))


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def _letter(box: Mailbox, unit: Unit, n: int, received: str, due: str, replied: str | None):
    return Letter.objects.create(
        mailbox=box, handling_unit=unit, number=f"T{unit.pk}{n:03}",
        lookup_code=f"C{unit.pk}{n:03}", lookup_check="x", kind="other", subject=f"来信{n}",
        body="内容", writer_name="",
        writer_name_masked="", phone="", phone_index="", phone_masked="",
        received_at=at(received), updated_at=at(received), due_date=date.fromisoformat(due),
        status="replied" if replied else "open", replied_at=at(replied) if replied else None,
    )  # fmt: skip


def _timer(case: Case, code: str, due: str, met: str | None, *, active: bool = True):
    return CaseTimer.objects.create(
        case=case, rule_code=code, label=code, source="测试", hours=24,
        starts_at=at(due) - timedelta(hours=24), due_at=at(due), warn_at=at(due),
        met_at=at(met) if met else None, is_active=active,
    )  # fmt: skip


@pytest.fixture
def registers(district):
    a, b = district.unit_a, district.unit_b
    # Monitoring: A's site scored twice (the newer counts), A's account, B's site hit a veto.
    site_a = Website.objects.create(
        unit=a, name="区教委网站", home_url="http://127.0.0.1:9/a/", created_at=at("2025-01-02")
    )
    site_b = Website.objects.create(
        unit=b, name="区民政局网站", home_url="http://127.0.0.1:9/b/", created_at=at("2025-01-02")
    )
    account = MediaAccount.objects.create(
        district=district.root, host_unit=a, platform=Platform.WEIBO, name="铜梁教育微博",
        status="open", created_at=at("2025-01-02"), updated_at=at("2025-01-02"),
    )  # fmt: skip
    for subject, unit, day, verdict, total, data in [
        (site_a.subject, a, "2025-05-01", "failed_score", Decimal("55.0"), {}),
        (site_a.subject, a, "2025-06-01", "passed_bonus", Decimal("85.5"), {}),
        (f"newmedia.account:{account.pk}", a, "2025-06-02", "passed", Decimal("100.0"), {}),
        (
            site_b.subject, b, "2025-06-03", "failed_veto", None,
            {"vetoes": ["site.unreachable"],
             "lines": [{"code": "site.unreachable", "label": "站点无法访问"}]},
        ),
    ]:  # fmt: skip
        Scorecard.objects.create(
            subject=subject, unit=unit, computed_at=at(day), verdict=verdict, total=total,
            data=data,
        )  # fmt: skip
    # 整改 of A: two awaiting the unit (one overdue), one answered, one closed (not counted).
    today = date.today()
    for indicator, status, due in [
        ("site.a", "open", date(2025, 1, 10)),
        ("site.b", "open", today + timedelta(days=10)),
        ("site.c", "answered", date(2025, 1, 10)),
        ("site.d", "closed", date(2025, 1, 10)),
    ]:
        Rectification.objects.create(
            unit=a, subject=site_a.subject, indicator=indicator, title=indicator,
            status=status, due_date=due, opened_at=at("2025-01-03"),
        )  # fmt: skip
    # Letters: A — in time, late, unanswered past due, one of 2024 (outside); B — in time.
    box = Mailbox.objects.create(
        code="qzxx", name="区长信箱", owner_unit=district.office,
        created_at=at("2025-01-01"), updated_at=at("2025-01-01"),
    )  # fmt: skip
    _letter(box, a, 1, "2025-03-03", "2025-03-10", "2025-03-07")
    _letter(box, a, 2, "2025-03-03", "2025-03-10", "2025-03-12")
    _letter(box, a, 3, "2025-04-01", "2025-04-08", None)
    _letter(box, a, 4, "2024-12-20", "2024-12-27", "2024-12-23")
    _letter(box, b, 5, "2025-05-05", "2025-05-12", "2025-05-06")
    # 舆情 of A: timers met on time, met late, never met; an inactive one; a case whose timer
    # falls due after the period.
    first = Case.objects.create(
        unit=a, title="校车舆情", summary="摘要", source="manual",
        collected_at=at("2025-02-01"), updated_at=at("2025-02-01"),
    )  # fmt: skip
    _timer(first, "first", "2025-02-02", "2025-02-01")
    _timer(first, "second", "2025-02-03", "2025-02-04")
    _timer(first, "third", "2025-02-05", None)
    _timer(first, "dropped", "2025-02-05", None, active=False)
    second = Case.objects.create(
        unit=a, title="年末舆情", summary="摘要", source="manual",
        collected_at=at("2025-12-30"), updated_at=at("2025-12-30"),
    )  # fmt: skip
    _timer(second, "first", "2026-01-02", None)
    return {"site_a": site_a, "site_b": site_b, "account": account}


def _tables(district) -> dict:
    board = dashboard.build([district.unit_a, district.unit_b], PERIOD, date.today())
    return {t["key"]: t for t in dashboard.tables(board)}


def test_monitoring_panels_equal_the_records(district, registers):
    tables = _tables(district)
    scores = tables["monitoring_scores"]
    assert scores["rows"] == [
        ["区教委网站", "政府网站", "区教委", "2025-06-01", 85.5, "合格（进入加分环节）", "无"],
        ["区民政局网站", "政府网站", "区民政局", "2025-06-03", "—", "不合格（单项否决）",
         "站点无法访问"],
        ["铜梁教育微博", "政务新媒体", "区教委", "2025-06-02", 100.0, "合格", "无"],
    ]  # fmt: skip
    rect = tables["rectifications"]["rows"]
    assert rect[0] == ["区教委", 2, 1, 3, 1]
    assert rect[1] == ["区民政局", 0, 0, 0, 0]
    assert rect[-1] == ["合计", 2, 1, 3, 1]


def test_mailbox_panel_equals_the_mailbox_statistics(district, registers):
    rows = _tables(district)["mailbox"]["rows"]
    assert rows[0] == ["区教委", 3, 2, 1, 1, 1, 2, "50.0%"]
    assert rows[1] == ["区民政局", 1, 1, 1, 0, 0, 0, "100.0%"]
    assert rows[-1] == ["合计", 4, 3, 2, 1, 1, 2, "66.7%"]
    # The same figures as the mailbox's own statistics for the unit.
    own = letter_counts(
        MailboxPeriod("2025", "2025", PERIOD.start, PERIOD.end),
        as_of=date.today(),
        units=Unit.objects.filter(pk=district.unit_a.pk),
    )
    assert rows[0][1:7] == [
        own.received, own.answered, own.answered_in_time, own.answered_late,
        own.unanswered_overdue, own.overdue,
    ]  # fmt: skip


def test_sentiment_panel_equals_the_timers(district, registers):
    rows = _tables(district)["sentiment"]["rows"]
    assert rows[0] == ["区教委", 2, 3, 1, 2, 0, "33.3%"]
    assert rows[1] == ["区民政局", 0, 0, 0, 0, 0, "—"]
    # A timer still ahead of `now` is pending, not late.
    tally = response_tally_by_unit(
        [district.unit_a.pk], date(2025, 12, 1), date(2026, 1, 31), now=at("2025-12-31")
    )[district.unit_a.pk]
    assert (tally.cases, tally.due, tally.pending, tally.late) == (1, 1, 1, 0)


def test_panels_on_the_page_in_the_chart_and_in_the_xlsx(
    district, registers, client_supervisor, client_a
):
    html = client_supervisor.get(reverse("supervision:dashboard") + "?" + YEAR_2025)
    text = html.content.decode()
    assert html.status_code == 200
    for key in ("monitoring_scores", "rectifications", "mailbox", "sentiment"):
        assert f'aria-labelledby="chart-{key}"' in text
    # The scores chart draws the 得分 column: the 85.5 bar is full width, the veto site has none.
    chart = text[text.index('aria-labelledby="chart-monitoring_scores"') :]
    chart = chart[: chart.index("</svg>")]
    assert ">85.5</text>" in chart and 'width="360.0"' in chart and ">0</text>" in chart
    book = openpyxl.load_workbook(
        io.BytesIO(
            client_supervisor.get(reverse("supervision:dashboard_xlsx") + "?" + YEAR_2025).content
        )
    )
    assert ("区教委", 3, 2, 1, 1, 1, 2, "50.0%") in list(book["mailbox"].values)
    assert ("区教委", 2, 1, 3, 1) in list(book["rectifications"].values)
    assert ("区教委", 2, 3, 1, 2, 0, "33.3%") in list(book["sentiment"].values)
    scores = list(book["monitoring_scores"].values)
    assert ("区民政局网站", "政府网站", "区民政局", "2025-06-03", "—", "不合格（单项否决）",
            "站点无法访问") in scores  # fmt: skip
    # A unit's own page holds only its own sites and figures.
    own = client_a.get(
        reverse("supervision:unit_dashboard", args=[district.unit_a.pk]) + "?" + YEAR_2025
    ).content.decode()
    assert "区教委网站" in own and "铜梁教育微博" in own and "区民政局网站" not in own
