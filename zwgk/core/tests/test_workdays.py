"""The pure working-day rules (workdays.py) over the real 2025/2026 arrangements, rules.md §8."""

from datetime import date

import pytest

from zwgk.core import calendar_data
from zwgk.core.errors import DomainError
from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar, months_before


def shipped_calendar(*years: int) -> WorkdayCalendar:
    loaded = [calendar_data.load_shipped(year) for year in years]
    return WorkdayCalendar.build(
        years=years,
        rest_dates=[d for y in loaded for d, kind, _ in y.days if kind == "rest"],
        work_dates=[d for y in loaded for d, kind, _ in y.days if kind == "work"],
    )


CAL = shipped_calendar(2024, 2025, 2026)
D = date.fromisoformat


# rules.md §8.4 worked examples: received, +7, +20, +40 working days.
WORKED_EXAMPLES = [
    ("2025-09-26", "2025-10-13", "2025-10-30", "2025-11-27"),
    ("2025-12-31", "2026-01-12", "2026-01-29", "2026-03-04"),
    ("2026-02-10", "2026-02-26", "2026-03-16", "2026-04-14"),
]


@pytest.mark.parametrize(("received", "plus7", "plus20", "plus40"), WORKED_EXAMPLES)
def test_worked_examples(received, plus7, plus20, plus40):
    for n, expected in ((7, plus7), (20, plus20), (40, plus40)):
        assert CAL.add_workdays(D(received), n) == D(expected), (received, n)
        assert CAL.workdays_between(D(received), D(expected)) == n


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-09-28", True),  # Sunday, 调休上班
        ("2025-10-11", True),  # Saturday, 调休上班
        ("2025-10-01", False),  # 国庆节
        ("2025-10-08", False),  # Wednesday inside the 8-day break
        ("2025-10-09", True),  # ordinary Thursday
        ("2025-10-12", False),  # ordinary Sunday
        ("2025-01-26", True),  # Sunday, 春节调休
        ("2026-01-04", True),  # Sunday, 元旦调休
        ("2026-02-23", False),  # Monday, 正月初七
        ("2026-05-09", True),  # Saturday, 劳动节调休
        ("2026-06-19", False),  # 端午节 (Friday)
    ],
)
def test_is_workday(day, expected):
    assert CAL.is_workday(D(day)) is expected


def test_start_day_is_not_counted():
    # A Friday receipt: one working day later is Monday, not the Friday itself.
    assert CAL.add_workdays(D("2025-06-06"), 1) == D("2025-06-09")
    assert CAL.add_workdays(D("2025-06-06"), 0) == D("2025-06-06")
    # Receipt on a rest day: counting starts on the next working day.
    assert CAL.add_workdays(D("2025-10-04"), 1) == D("2025-10-09")


def test_add_workdays_lists_the_skipped_days():
    detail = CAL.add_workdays_detail(D("2025-09-26"), 20)
    assert detail.due == D("2025-10-30")
    assert D("2025-09-27") in detail.skipped  # Saturday
    assert D("2025-09-28") not in detail.skipped  # 调休上班
    assert [d for d in detail.skipped if D("2025-10-01") <= d <= D("2025-10-08")] == [
        D(f"2025-10-0{i}") for i in range(1, 9)
    ]
    assert D("2025-10-11") not in detail.skipped


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        CAL.add_workdays(D("2025-09-26"), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-09-26", "2025-09-26", 0),
        ("2025-09-26", "2025-09-27", 0),  # Saturday
        ("2025-09-26", "2025-09-28", 1),  # Sunday, 调休上班
        ("2025-09-30", "2025-10-08", 0),  # the whole 国庆 break
        ("2025-09-30", "2025-10-09", 1),
        ("2025-10-30", "2025-09-26", -20),  # backwards: negative
        ("2025-12-31", "2026-12-31", 248),  # the whole of 2026
    ],
)
def test_workdays_between(start, end, expected):
    assert CAL.workdays_between(D(start), D(end)) == expected


@pytest.mark.parametrize(
    ("start", "days", "nominal", "end"),
    [
        # 30-day comment period ending on an ordinary Wednesday: no move.
        ("2025-03-01", 30, "2025-03-31", "2025-03-31"),
        # Last day 2025-10-01 (国庆): ends the day after the break (民法典 art. 203).
        ("2025-09-01", 30, "2025-10-01", "2025-10-09"),
        # Last day a plain Saturday: moves to Monday.
        ("2025-05-16", 30, "2025-06-15", "2025-06-16"),
        # Last day 2025-09-28 is a Sunday but a 调休 working day: no move.
        ("2025-08-29", 30, "2025-09-28", "2025-09-28"),
        # 60-day 复议 period crossing the year end into 2026's 元旦 (01-01..01-03): 01-04 works.
        ("2025-11-02", 60, "2026-01-01", "2026-01-04"),
    ],
)
def test_calendar_period_end(start, days, nominal, end):
    detail = CAL.calendar_period_end_detail(D(start), days)
    assert detail.nominal_end == D(nominal)
    assert detail.end == D(end)
    assert detail.was_moved is (nominal != end)
    assert CAL.calendar_period_end(D(start), days) == D(end)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2025-03-14", 6, "2025-09-15"),  # 09-14 is a Sunday
        ("2025-08-31", 6, "2026-02-28"),  # no 02-31: month end, a 调休 Saturday
        ("2025-04-01", 6, "2025-10-09"),  # 10-01 inside the 国庆 break
        ("2025-01-15", 1, "2025-02-17"),  # 02-15 Saturday, 02-16 Sunday
    ],
)
def test_month_period_end(start, months, end):
    assert CAL.month_period_end(D(start), months) == D(end)


def test_missing_year_is_an_error_not_a_guess():
    only_2025 = shipped_calendar(2025)
    with pytest.raises(CalendarYearMissingError) as raised:
        only_2025.add_workdays(D("2025-12-20"), 20)
    assert raised.value.year == 2026
    assert isinstance(raised.value, DomainError)
    assert "2026 年" in raised.value.message
    with pytest.raises(CalendarYearMissingError):
        only_2025.is_workday(D("2024-12-31"))
    with pytest.raises(CalendarYearMissingError):
        only_2025.workdays_between(D("2025-12-01"), D("2026-01-05"))
    with pytest.raises(CalendarYearMissingError):
        only_2025.calendar_period_end(D("2025-12-01"), 31)  # 2026-01-01


def test_empty_calendar_knows_nothing():
    with pytest.raises(CalendarYearMissingError):
        WorkdayCalendar(frozenset()).is_workday(D("2025-06-03"))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 15), 3, date(2026, 5, 15)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 5, 31), 3, date(2028, 2, 29)),
        (date(2026, 2, 10), 3, date(2025, 11, 10)),  # across the year
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 1), 12, date(2025, 3, 1)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected
