"""The statutory clock (clock.py) over the real 2025/2026 calendars, table-driven.

Expected dates were counted by hand from rules.md §8.2/§8.3 (noted next to each case) or are the
worked examples of rules.md §8.4.
"""

from datetime import date

import pytest

from zwgk.core import calendar_data
from zwgk.core.workdays import CalendarYearMissingError, WorkdayCalendar
from zwgk.disclosure_requests import clock
from zwgk.disclosure_requests.clock import LedgerEvent as E


def shipped_calendar(*years: int) -> WorkdayCalendar:
    loaded = [calendar_data.load_shipped(year) for year in years]
    return WorkdayCalendar.build(
        years=years,
        rest_dates=[d for y in loaded for d, kind, _ in y.days if kind == "rest"],
        work_dates=[d for y in loaded for d, kind, _ in y.days if kind == "work"],
    )


CAL = shipped_calendar(2025, 2026)
D = date.fromisoformat


def in_person(day: str) -> E:
    return E("received", D(day), {"channel": "in_person", "needs_confirmation": False})


def online(day: str) -> E:
    return E("received", D(day), {"channel": "online", "needs_confirmation": True})


def due_of(events, **kwargs):
    return clock.fold(events, CAL, **kwargs).reply_due


@pytest.mark.parametrize(
    ("received", "plus7", "plus20", "plus40"),
    [
        # rules.md §8.4 worked examples
        ("2025-09-26", "2025-10-13", "2025-10-30", "2025-11-27"),
        ("2025-12-31", "2026-01-12", "2026-01-29", "2026-03-04"),
        ("2026-02-10", "2026-02-26", "2026-03-16", "2026-04-14"),
    ],
)
def test_worked_examples(received, plus7, plus20, plus40):
    result = clock.fold([in_person(received)], CAL)
    assert result.receipt_date == D(received)
    assert result.reply_due == D(plus20)
    notice = next(d for d in result.deadlines if d.kind == "correction_notice")
    assert notice.due == D(plus7) and notice.article == "条例第三十条"
    extended = [in_person(received), E("extended", D(received), {"workdays": 20})]
    assert due_of(extended) == D(plus40)


CASES = [
    # (name, events, expected reply due or None, expected next deadline kind)
    (
        "online: the receipt date is the confirmation date (art. 31(三)); "
        "09-30, 10-09 … 11-03 with 10-11 (Sat) a working day",
        [online("2025-09-26"), E("confirmed", D("2025-09-29"))],
        "2025-11-03",
        "reply",
    ),
    (
        "online, not yet confirmed: only the confirmation is due, next working day",
        [online("2026-03-07")],
        None,
        "confirm",
    ),
    (
        "letter, applicant unreachable: nothing runs until contact is restored",
        [online("2026-03-09"), E("contact_failed", D("2026-03-09"))],
        None,
        None,
    ),
    (
        "consultation answered: 02-27, 02-28 (Sat, 调休), 03-02, 03-03, 03-04 paused → +5",
        [
            in_person("2026-02-10"),
            E("consultation_sent", D("2026-02-26"), {"consultation": 1}),
            E("consultation_answered", D("2026-03-04"), {"consultation": 1}),
        ],
        "2026-03-23",
        "reply",
    ),
    (
        "consultation unanswered: pause to the window end 03-18; 20th day skips 清明 04-06",
        [
            in_person("2026-02-10"),
            E("consultation_sent", D("2026-02-26"), {"consultation": 1}),
        ],
        "2026-04-07",
        "reply",
    ),
    (
        "answer after the 15-day window: the pause ends with the window",
        [
            in_person("2026-02-10"),
            E("consultation_sent", D("2026-02-26"), {"consultation": 1}),
            E("consultation_answered", D("2026-03-20"), {"consultation": 1}),
        ],
        "2026-04-07",
        "reply",
    ),
    (
        "two overlapping consultations pause each day once",
        [
            in_person("2026-02-10"),
            E("consultation_sent", D("2026-02-26"), {"consultation": 1}),
            E("consultation_sent", D("2026-03-02"), {"consultation": 2}),
            E("consultation_answered", D("2026-03-03"), {"consultation": 2}),
            E("consultation_answered", D("2026-03-04"), {"consultation": 1}),
        ],
        "2026-03-23",
        "reply",
    ),
    (
        "awaiting correction: the reply clock does not run",
        [
            in_person("2025-09-26"),
            E("correction_requested", D("2025-10-10"), {"items": ["a"], "deadline": "2025-10-24"}),
        ],
        None,
        "correction",
    ),
    (
        "correction received 10-20: 20 working days from it (art. 30)",
        [
            in_person("2025-09-26"),
            E("correction_requested", D("2025-10-10"), {"items": ["a"], "deadline": "2025-10-24"}),
            E("correction_received", D("2025-10-20")),
        ],
        "2025-11-17",
        "reply",
    ),
    (
        "correction lapsed: 视为放弃, nothing is due",
        [
            in_person("2025-09-26"),
            E("correction_requested", D("2025-10-10"), {"items": ["a"], "deadline": "2025-10-24"}),
            E("correction_lapsed", D("2025-10-27")),
        ],
        None,
        None,
    ),
    (
        "fee paid two days after receiving the notice: 03-03 … 03-05 paused → +3",
        [
            in_person("2026-02-10"),
            E("fee_notified", D("2026-03-02"), {"fee_notice": 7, "received_on": "2026-03-03"}),
            E("fee_paid", D("2026-03-05"), {"fee_notice": 7}),
        ],
        "2026-03-19",
        "reply",
    ),
    (
        "fee unpaid: payment due 20 working days after receipt of the notice (03-31)",
        [
            in_person("2026-02-10"),
            E("fee_notified", D("2026-03-02"), {"fee_notice": 7, "received_on": "2026-03-03"}),
        ],
        None,  # checked separately below: the pause runs to 03-31
        "fee",
    ),
    (
        "art. 35: reasons accepted with an agency-set period replacing art. 33",
        [
            in_person("2026-02-10"),
            E("reasons_requested", D("2026-02-12"), {"deadline": "2026-02-27"}),
            E("reasons_accepted", D("2026-02-26"), {"due": "2026-05-29"}),
        ],
        "2026-05-29",
        "reply",
    ),
    (
        "replied: the clock stops",
        [in_person("2026-02-10"), E("replied", D("2026-03-10"), {"outcome": "disclose"})],
        "2026-03-16",
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "events", "expected", "next_kind"), CASES, ids=[c[0] for c in CASES]
)
def test_clock_cases(name, events, expected, next_kind):
    result = clock.fold(events, CAL)
    if expected is not None:
        assert result.reply_due == D(expected)
    nxt = result.next_deadline
    assert (nxt.kind if nxt else None) == next_kind


def test_unpaid_fee_pauses_to_the_last_day_to_pay():
    events = [
        in_person("2026-02-10"),
        E("fee_notified", D("2026-03-02"), {"fee_notice": 7, "received_on": "2026-03-03"}),
    ]
    result = clock.fold(events, CAL)
    fee = next(d for d in result.deadlines if d.kind == "fee")
    assert fee.due == D("2026-03-31")  # 03-04 … 03-31 are 20 working days
    # paused 03-03 … 03-31: 21 working days; 03-16 + 21 working days
    assert result.reply_due == CAL.add_workdays(D("2026-03-16"), 21)
    assert result.waiting_for_applicant


def test_fee_pause_is_a_policy_switch():
    events = [
        in_person("2026-02-10"),
        E("fee_notified", D("2026-03-02"), {"fee_notice": 7, "received_on": "2026-03-03"}),
        E("fee_paid", D("2026-03-05"), {"fee_notice": 7}),
    ]
    assert due_of(events, fee_pauses_clock=False) == D("2026-03-16")


def test_confirmation_due_on_the_next_working_day():
    result = clock.fold([online("2026-03-07")], CAL)  # a Saturday
    assert result.next_deadline.due == D("2026-03-09")
    assert result.receipt_date is None


def test_late_correction_notice_is_flagged():
    events = [
        in_person("2025-09-26"),
        E("correction_requested", D("2025-10-14"), {"items": ["a", "b"], "deadline": "2025-10-24"}),
    ]
    result = clock.fold(events, CAL)
    assert any("2025-10-13" in warning for warning in result.warnings)
    assert "补正2项" in result.steps[-1].text


def test_second_correction_restarts_again():
    events = [
        in_person("2025-09-26"),
        E("correction_requested", D("2025-10-10"), {"items": ["a"], "deadline": "2025-10-24"}),
        E("correction_received", D("2025-10-20")),
        E("correction_requested", D("2025-10-22"), {"items": ["b"], "deadline": "2025-11-05"}),
        E("correction_received", D("2025-11-03")),
    ]
    result = clock.fold(events, CAL)
    assert result.receipt_date == D("2025-11-03")
    assert result.first_receipt_date == D("2025-09-26")
    assert result.reply_due == CAL.add_workdays(D("2025-11-03"), 20)


def test_late_reply_is_a_warning_and_ends_the_clock():
    events = [in_person("2026-02-10"), E("replied", D("2026-03-17"), {"outcome": "disclose"})]
    result = clock.fold(events, CAL)
    assert result.ended == "replied" and result.deadlines == ()
    assert any("2026-03-16" in warning for warning in result.warnings)


def test_explanation_cites_the_articles():
    events = [
        in_person("2026-02-10"),
        E("consultation_sent", D("2026-02-26"), {"consultation": 1, "party": "third_party"}),
        E("consultation_answered", D("2026-03-04"), {"consultation": 1}),
        E("extended", D("2026-03-10"), {"workdays": 10}),
    ]
    result = clock.fold(events, CAL)
    articles = [step.article for step in result.steps]
    assert articles == [
        "条例第三十一条",
        "条例第三十三条第三款",
        "条例第三十三条第三款",
        "条例第三十三条第二款",
    ]
    assert "第三十二条" in result.steps[1].text
    # Each step shows the due date as it stood after it.
    assert [step.reply_due for step in result.steps] == [
        D("2026-03-16"),
        D("2026-04-07"),
        D("2026-03-23"),
        CAL.add_workdays(D("2026-03-23"), 10),
    ]
    assert result.paused_workdays == 5 and result.extension_workdays == 10


def test_same_day_events_keep_their_order():
    events = [
        in_person("2026-02-10"),
        E("consultation_sent", D("2026-02-26"), {"consultation": 1}),
        E("consultation_answered", D("2026-02-26"), {"consultation": 1}),
    ]
    # answered the day it was sent: the pause (from the next day) is empty
    assert due_of(events) == D("2026-03-16")


def test_a_missing_year_is_an_error_not_a_guess():
    with pytest.raises(CalendarYearMissingError):
        clock.fold([in_person("2026-12-20")], CAL)
