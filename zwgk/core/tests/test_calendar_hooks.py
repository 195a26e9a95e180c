"""The calendar's nav entries and inbox alerts in the staff workspace (core/hooks.py).

Core's tests may not import the workspace either (import-linter), so the nav is checked on the
rendered pages and the alerts through the registered provider.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conftest import client_for
from zwgk.core import calendar_csv, calendar_services, hooks

YEARS = reverse("core:calendar_years")
CALC = reverse("core:calendar_calculator")


def calendar_alerts(user, today):
    return hooks.calendar_alerts(user, today)


def test_nav_entries(supervisor, officer_a, citizen):
    def urls(user: object) -> set[str]:
        page = client_for(user).get(reverse("workspace:home")).content.decode()
        nav = page[page.index('<nav aria-label="') : page.index("</nav>")]
        return {url for url in (YEARS, CALC) if f'href="{url}"' in nav}

    assert {YEARS, CALC} <= urls(supervisor)
    assert CALC in urls(officer_a) and YEARS not in urls(officer_a)
    # a citizen's account has no staff pages at all
    assert client_for(citizen).get(reverse("workspace:home")).status_code == 404


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 1), []),  # before November: nothing to do yet
        (date(2026, 10, 31), []),
        (date(2026, 11, 1), [(2027, date(2026, 12, 31))]),
        (date(2026, 12, 30), [(2027, date(2026, 12, 31))]),
        # A year with no data at all (the office missed it): alert for this year, due today.
        (date(2027, 3, 1), [(2027, date(2027, 3, 1))]),
        (date(2027, 11, 2), [(2027, date(2027, 11, 2)), (2028, date(2027, 12, 31))]),
    ],
)
def test_supervisor_alerts(supervisor, today, expected):
    items = calendar_alerts(supervisor, today)
    assert [(int(i.url.rsplit("=", 1)[1]), i.due_date) for i in items] == expected
    assert all(i.kind == "alert" for i in items)


def test_alert_goes_away_once_the_year_is_imported(supervisor):
    assert calendar_alerts(supervisor, date(2026, 11, 15))
    calendar_services.import_holiday_year(
        year=2027,
        rows=calendar_csv.parse("日期,类型\n2027-01-01,放假\n"),
        source="x",
        by=supervisor,
        at=datetime(2026, 11, 15, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    assert calendar_alerts(supervisor, date(2026, 11, 15)) == []


def test_unit_staff_get_no_calendar_alert(officer_a, officer_b):
    assert calendar_alerts(officer_a, date(2026, 11, 15)) == []
    assert calendar_alerts(officer_b, date(2027, 3, 1)) == []


def test_alert_shows_on_the_workbench(client_supervisor, client_a, time_machine):
    time_machine.move_to("2026-11-20 09:00 +08:00")
    import_url = f"{reverse('core:calendar_import')}?year=2027"
    assert import_url in client_supervisor.get(reverse("workspace:home")).content.decode()
    assert import_url not in client_a.get(reverse("workspace:home")).content.decode()
