"""Periods, due dates and statuses: table-driven, no database."""

from datetime import date

import pytest

from zwgk.keyarea import cadence, catalogue
from zwgk.keyarea.cadence import LATE, MISSING, PUBLISHED, PUBLISHED_LATE
from zwgk.keyarea.catalogue import Cadence

RESULT = catalogue.item_by_slug("zd-ywzs-lqjg").cadence  # school year, due 08-31
PLAN = catalogue.item_by_slug("zd-ywzs-zsfa").cadence  # school year, due 06-30
BUDGET = catalogue.item_by_slug("zd-ys").cadence  # annual, due 03-31
DEBT = catalogue.item_by_slug("zd-zw-xe").cadence  # half-yearly
SUPPLY = catalogue.item_by_slug("zd-jy-gq").cadence  # quarterly


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        (RESULT, 2026, [("2026", "2026年秋季入学", "2026-01-01", "2026-12-31", "2026-08-31")]),
        (PLAN, 2025, [("2025", "2025年秋季入学", "2025-01-01", "2025-12-31", "2025-06-30")]),
        (BUDGET, 2026, [("2026", "2026年", "2026-01-01", "2026-12-31", "2026-03-31")]),
        (
            DEBT,
            2026,
            [
                ("2026-H1", "2026年上半年", "2026-01-01", "2026-06-30", "2026-06-30"),
                ("2026-H2", "2026年下半年", "2026-07-01", "2026-12-31", "2026-12-31"),
            ],
        ),
        (
            SUPPLY,
            2025,
            [
                ("2025-Q1", "2025年第一季度", "2025-01-01", "2025-03-31", "2025-03-31"),
                ("2025-Q2", "2025年第二季度", "2025-04-01", "2025-06-30", "2025-06-30"),
                ("2025-Q3", "2025年第三季度", "2025-07-01", "2025-09-30", "2025-09-30"),
                ("2025-Q4", "2025年第四季度", "2025-10-01", "2025-12-31", "2025-12-31"),
            ],
        ),
    ],
)
def test_periods_in_year(rule, year, expected):
    got = [
        (p.key, p.label, p.start.isoformat(), p.end.isoformat(), p.due.isoformat())
        for p in cadence.periods_in_year(rule, year)
    ]
    assert got == expected


def test_a_29th_of_february_due_date_in_a_common_year_is_the_28th():
    rule = Cadence(catalogue.ANNUAL, "02-29")
    assert cadence.periods_in_year(rule, 2026)[0].due == date(2026, 2, 28)
    assert cadence.periods_in_year(rule, 2028)[0].due == date(2028, 2, 29)


def test_unknown_cadence_kind_is_an_error():
    with pytest.raises(ValueError):
        cadence.periods_in_year(Cadence("weekly"), 2026)


def test_started_periods_leave_out_future_quarters():
    keys = [p.key for p in cadence.started_periods(SUPPLY, 2026, date(2026, 5, 10))]
    assert keys == ["2026-Q1", "2026-Q2"]


def test_periods_due_between_span_years():
    keys = [p.key for p in cadence.periods_due_between(DEBT, date(2025, 12, 1), date(2026, 7, 1))]
    assert keys == ["2025-H2", "2026-H1"]


RESULT_2026 = cadence.periods_in_year(RESULT, 2026)[0]


@pytest.mark.parametrize(
    ("published", "today", "status", "first"),
    [
        # nothing yet, due date ahead: not yet published
        ([], "2026-08-01", MISSING, None),
        # due on 08-31: the day itself is still on time
        ([], "2026-08-31", MISSING, None),
        # the day after: late
        ([], "2026-09-01", LATE, None),
        # published before the due date
        (["2026-07-20"], "2026-11-29", PUBLISHED, "2026-07-20"),
        (["2026-08-31"], "2026-11-29", PUBLISHED, "2026-08-31"),
        # published after it: still public, but late
        (["2026-11-29"], "2026-11-29", PUBLISHED_LATE, "2026-11-29"),
        # the earliest document decides
        (["2026-10-01", "2026-08-02"], "2026-11-29", PUBLISHED, "2026-08-02"),
        # last year's document does not count for this year
        (["2025-08-20"], "2026-11-29", LATE, None),
    ],
)
def test_assess(published, today, status, first):
    result = cadence.assess(
        RESULT_2026, [date.fromisoformat(d) for d in published], date.fromisoformat(today)
    )
    assert result.status == status
    assert result.first_published_on == (date.fromisoformat(first) if first else None)
    assert result.is_done == (status in (PUBLISHED, PUBLISHED_LATE))


def test_a_recorded_event_sets_the_due_date():
    opens = {"enrolment_opens": date(2026, 7, 1)}
    (period,) = cadence.periods_in_year(PLAN, 2026, opens)
    assert period.due == date(2026, 6, 30) and period.anchored_on == date(2026, 7, 1)
    # an event of another kind does not move this item
    (period,) = cadence.periods_in_year(PLAN, 2026, {"budget_approved": date(2026, 2, 1)})
    assert period.due == date(2026, 6, 30) and period.anchored_on is None
    approved = {"budget_approved": date(2026, 2, 10)}
    (period,) = cadence.periods_in_year(BUDGET, 2026, approved)
    assert period.due == date(2026, 3, 2)  # 20 calendar days (UNCONFIRMED)
    assert BUDGET.anchor is not None and BUDGET.anchor.unconfirmed


def test_a_due_date_past_new_year_extends_the_window():
    (period,) = cadence.periods_in_year(BUDGET, 2026, {"budget_approved": date(2026, 12, 20)})
    assert period.due == date(2027, 1, 9) and period.end == date(2027, 1, 9)
    assert cadence.assess(period, [date(2027, 1, 5)], date(2027, 2, 1)).status == PUBLISHED
    found = cadence.periods_due_between(
        BUDGET, date(2027, 1, 1), date(2027, 1, 31), {2026: {"budget_approved": date(2026, 12, 20)}}
    )
    assert [p.key for p in found] == ["2026"]
