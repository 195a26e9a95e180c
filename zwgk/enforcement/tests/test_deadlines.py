"""Publication deadlines of enforcement results: pure logic over the real 2026 calendar."""

from datetime import date

import pytest

from zwgk.core.workdays import WorkdayCalendar
from zwgk.enforcement.deadlines import is_late, publication_due, workdays_late
from zwgk.enforcement.masking import mask_person_name
from zwgk.enforcement.statute import PUBLICATION_DEADLINES, DecisionKind

from .calendars import CALENDAR_2026


@pytest.mark.parametrize(
    ("kind", "decided", "due"),
    [
        # 7 working days: decided Tue 2026-02-10, the 春节 rest 02-15..02-23 is skipped, the
        # make-up Saturday 02-14 counts: 11,12,13,14(Sat),24,25,26 → 02-26.
        (DecisionKind.PENALTY, date(2026, 2, 10), date(2026, 2, 26)),
        (DecisionKind.LICENSE, date(2026, 2, 10), date(2026, 2, 26)),
        # 7 working days over 国庆: Tue 09-29 → 30, 10-08, 09, 10(Sat, make-up), 12, 13, 14.
        (DecisionKind.PENALTY, date(2026, 9, 29), date(2026, 10, 14)),
        # 20 working days for 行政强制 from Mon 2026-03-02 → Mon 2026-03-30.
        (DecisionKind.COERCION, date(2026, 3, 2), date(2026, 3, 30)),
        # A decision on a Friday: the weekend is not counted (Fri 03-06 + 7 → Tue 03-17).
        (DecisionKind.LICENSE, date(2026, 3, 6), date(2026, 3, 17)),
    ],
)
def test_publication_due(kind, decided, due):
    assert publication_due(CALENDAR_2026, kind, decided) == due


def test_due_is_unknown_while_the_calendar_lacks_the_year():
    # 2026-12-28 + 7 working days runs into 2027, which this calendar does not know.
    assert publication_due(CALENDAR_2026, DecisionKind.PENALTY, date(2026, 12, 28)) is None
    empty = WorkdayCalendar.build(years=[], rest_dates=[], work_dates=[])
    assert publication_due(empty, DecisionKind.PENALTY, date(2026, 3, 2)) is None


def test_every_deadline_is_marked_unconfirmed_with_its_source():
    # rules.md does not state these periods: the mark must stay until a human check.
    assert set(PUBLICATION_DEADLINES) == set(DecisionKind.values)
    for rule in PUBLICATION_DEADLINES.values():
        assert rule.confirmed is False
        assert rule.mark == "UNCONFIRMED"
        assert "UNCONFIRMED" in rule.source


def test_late():
    due = date(2026, 2, 26)
    assert not is_late(due, date(2026, 2, 26), date(2026, 3, 10))
    assert is_late(due, date(2026, 2, 27), date(2026, 3, 10))
    assert is_late(due, None, date(2026, 2, 27))  # still unpublished after the due date
    assert not is_late(due, None, date(2026, 2, 26))
    assert not is_late(None, date(2026, 12, 31), date(2026, 12, 31))
    # Published on Mon 03-02: 27(Fri), 28(Sat, make-up), 03-02 → 3 working days late.
    assert workdays_late(CALENDAR_2026, due, date(2026, 3, 2), date(2026, 3, 10)) == 3
    assert workdays_late(CALENDAR_2026, due, due, date(2026, 3, 10)) == 0


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("王建国", "王**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳", "欧*"),
        (" 李 四 ", "李*"),
        ("", ""),
    ],
)
def test_mask_person_name(name, masked):
    assert mask_person_name(name) == masked
