"""Mailbox statistics: counts folded from plain facts, percentages computed from the counts
(no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zwgk.mailbox.stats import (
    LetterFacts,
    count_letters,
    ended_periods,
    month,
    parse_period,
    quarter,
)

D = date.fromisoformat


def facts(received, due, replied=None, satisfaction=""):
    return LetterFacts(
        D(received), D(due) if due else None, D(replied) if replied else None, satisfaction
    )


LETTERS = [
    facts("2026-03-02", "2026-03-09", "2026-03-05", "satisfied"),  # in time
    facts("2026-03-03", "2026-03-10", "2026-03-10", "basically"),  # in time, on the due day
    facts("2026-03-10", "2026-03-17", "2026-03-20", "unsatisfied"),  # late
    facts("2026-03-20", "2026-03-27"),  # unanswered, overdue by 2026-04-10
    facts("2026-03-30", "2026-04-20"),  # unanswered, not yet due
    facts("2026-02-27", "2026-03-06", "2026-03-04", "satisfied"),  # February: not counted
]


def test_counts_and_rates_of_a_month():
    c = count_letters(LETTERS, month(2026, 3), as_of=D("2026-04-10"))
    assert (c.received, c.answered, c.answered_in_time, c.answered_late) == (5, 3, 2, 1)
    assert (c.unanswered_overdue, c.overdue) == (1, 2)
    assert (c.rated, c.satisfied, c.basically, c.unsatisfied) == (3, 1, 1, 1)
    assert c.answered_rate == Decimal("60.0")
    assert c.in_time_rate == Decimal("66.7")
    assert c.satisfaction_rate == Decimal("66.7")


def test_as_of_ignores_later_replies():
    c = count_letters(LETTERS, month(2026, 3), as_of=D("2026-03-18"))
    # On 03-18 the late reply of 03-20 has not happened: that letter is unanswered and overdue.
    assert (c.answered, c.answered_late, c.unanswered_overdue) == (2, 0, 1)


def test_empty_period_has_no_percentages():
    c = count_letters([], quarter(2026, 1), as_of=D("2026-04-10"))
    assert c.received == 0 and c.answered_rate is None and c.satisfaction_rate is None


def test_quarter_spans_three_months():
    c = count_letters(LETTERS, quarter(2026, 1), as_of=D("2026-04-10"))
    assert c.received == 6


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-02", "2026-02-01", "2026-02-28"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-12", "2026-12-01", "2026-12-31"),
        ("2026-Q4", "2026-10-01", "2026-12-31"),
        ("2026-q1", "2026-01-01", "2026-03-31"),
    ],
)
def test_parse_period(key, start, end):
    period = parse_period(key)
    assert period is not None and (period.start, period.end) == (D(start), D(end))


@pytest.mark.parametrize("key", ["", "2026", "2026-13", "2026-Q5", "abc-01", "1900-01", "2026-Q"])
def test_parse_period_refuses(key):
    assert parse_period(key) is None


def test_ended_periods_exclude_the_current_one():
    periods = ended_periods(D("2026-01-15"), months=2, quarters=2)
    assert [p.key for p in periods] == ["2025-12", "2025-11", "2025-Q4", "2025-Q3"]
