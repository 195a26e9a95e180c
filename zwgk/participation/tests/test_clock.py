"""Comment periods and hearing dates over the real 2025/2026 calendars (rules.md §7, §8.4).

Expected dates counted by hand from rules.md §8.3.
"""

from datetime import date

import pytest

from zwgk.core import calendar_data
from zwgk.core.workdays import WorkdayCalendar
from zwgk.participation import clock


def shipped(*years: int) -> WorkdayCalendar:
    loaded = [calendar_data.load_shipped(year) for year in years]
    return WorkdayCalendar.build(
        years=years,
        rest_dates=[d for y in loaded for d, kind, _ in y.days if kind == "rest"],
        work_dates=[d for y in loaded for d, kind, _ in y.days if kind == "work"],
    )


CAL = shipped(2025, 2026)
D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        # 30 calendar days from the day after publication (民法典 art. 201): 03-02 → 04-01 (Wed).
        ("2026-03-02", 30, "2026-04-01"),
        # Nominal last day 2026-10-01 is 国庆 (rest 10-01…10-07): ends 10-08 (art. 203).
        ("2026-09-01", 30, "2026-10-08"),
        # Nominal last day 2026-02-15 (Sun, 春节 rest until 02-23): ends 2026-02-24.
        ("2026-01-16", 30, "2026-02-24"),
        # Nominal last day 2026-03-07 is a Saturday: the next working day, Monday 03-09.
        ("2026-02-05", 30, "2026-03-09"),
        # Nominal last day 2026-02-28 (Sat) is a make-up working day (调休): it stands.
        ("2026-01-29", 30, "2026-02-28"),
        # Shortened (urgent) period of 10 days ending 2025-10-11 (Sat, 调休 working day).
        ("2025-10-01", 10, "2025-10-11"),
    ],
)
def test_comment_period_end(start, days, end):
    assert clock.comment_period_end(CAL, D(start), days) == D(end)


def test_moved_end_reports_rest_days_passed_over():
    period = clock.comment_period(CAL, D("2026-09-01"), 30)
    assert period.nominal_end == D("2026-10-01")
    assert period.was_moved
    assert period.moved_over[0] == D("2026-10-01") and period.moved_over[-1] == D("2026-10-07")


@pytest.mark.parametrize(("days", "needs"), [(29, True), (30, False), (45, False), (1, True)])
def test_urgency_reason_needed_below_30_days(days, needs):
    assert clock.needs_urgency_reason(days) is needs


def test_earliest_hearing_is_seven_days_after_materials():
    assert clock.earliest_hearing_date(D("2026-03-10")) == D("2026-03-17")


def test_results_due_counts_working_days_from_the_close():
    # Closed Wed 2026-04-01; 20 working days: 04-06 (清明) skipped → 2026-04-30.
    assert clock.results_due_date(CAL, D("2026-04-01"), 20) == D("2026-04-30")
