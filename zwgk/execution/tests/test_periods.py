"""Reporting periods and report due dates: pure logic over the real 2026 calendar."""

from datetime import date

import pytest

from zwgk.enforcement.tests.calendars import CALENDAR_2026
from zwgk.execution.periods import Period, is_overdue, period_of, periods, report_due
from zwgk.execution.statute import Cadence


def test_monthly_periods_cover_start_to_end():
    found = periods(Cadence.MONTHLY, date(2026, 1, 15), date(2026, 4, 2))
    assert [p.key for p in found] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert found[1] == Period("2026-02", date(2026, 2, 1), date(2026, 2, 28))
    assert found[1].label == "2026年2月"


def test_quarterly_periods_across_a_year():
    found = periods(Cadence.QUARTERLY, date(2025, 11, 3), date(2026, 6, 30))
    assert [(p.key, p.start, p.end) for p in found] == [
        ("2025Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026Q2", date(2026, 4, 1), date(2026, 6, 30)),
    ]
    assert found[1].label == "2026年第1季度"
    assert period_of(Cadence.MONTHLY, date(2024, 2, 10)).end == date(2024, 2, 29)  # leap year


def test_no_periods_when_the_end_is_before_the_start():
    assert periods(Cadence.MONTHLY, date(2026, 5, 1), date(2026, 4, 1)) == []


@pytest.mark.parametrize(
    ("period_end", "workdays", "due"),
    [
        # January 2026 ends Sat 01-31: 5 working days → Feb 2,3,4,5,6 → Fri 02-06.
        (date(2026, 1, 31), 5, date(2026, 2, 6)),
        # February ends Sat 02-28, itself a make-up working day but not counted (start day):
        # Mar 2,3,4,5,6 → 03-06.
        (date(2026, 2, 28), 5, date(2026, 3, 6)),
        # Q1 ends Tue 03-31: 04-01, 02, 03, (04-06 清明 rest) 07, 08 → Wed 04-08.
        (date(2026, 3, 31), 5, date(2026, 4, 8)),
        # September ends Wed 09-30: 国庆 10-01..07 rest; 10-08, 09, 10 (Sat, make-up) → 10-10.
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
    ],
)
def test_report_due(period_end, workdays, due):
    assert report_due(CALENDAR_2026, period_end, workdays) == due


def test_report_due_unknown_without_the_year():
    assert report_due(CALENDAR_2026, date(2026, 12, 31), 5) is None


def test_overdue():
    due = date(2026, 3, 6)
    assert not is_overdue(due, None, date(2026, 3, 6))
    assert is_overdue(due, None, date(2026, 3, 9))
    assert not is_overdue(due, date(2026, 3, 5), date(2026, 4, 1))
    assert is_overdue(due, date(2026, 3, 9), date(2026, 4, 1))
    assert not is_overdue(None, None, date(2030, 1, 1))
