"""Deadline recomputation when a year's arrangement changes (deadlines.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from zwgk.core import audit, calendar_csv, calendar_services, deadlines, selectors
from zwgk.core.deadlines import DeadlineRecomputeError
from zwgk.core.models import AuditEvent, HolidayYear, SpecialDay

pytestmark = pytest.mark.django_db

AT = datetime(2025, 9, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
D = date.fromisoformat


class ReplyDeadlines:
    """A stand-in for a later app's stored due dates: open requests received on a date, due 20
    working days later (条例 art. 33). It recomputes each due date with the new calendar, writes
    an audit row per deadline (in the transaction) and publishes its cache only on commit."""

    def __init__(self, received: dict[str, date]) -> None:
        self.received = received
        self.due = {
            key: selectors.get_workday_calendar().add_workdays(day, 20)
            for key, day in received.items()
        }
        self.calls: list[frozenset[int]] = []

    def __call__(self, years, calendar, at):
        self.calls.append(years)
        new_due = {}
        for key, day in self.received.items():
            if day.year in years or calendar.add_workdays(day, 20).year in years:
                new_due[key] = calendar.add_workdays(day, 20)
                audit.record(
                    action="test.deadline.recomputed",
                    by=None,
                    at=at,
                    target_type="test.request",
                    target_id=key,
                    after={"due": new_due[key].isoformat()},
                )
        transaction.on_commit(lambda: self.due.update(new_due))
        return len(new_due)


@pytest.fixture
def registry():
    saved = deadlines.registered()
    for name in saved:
        deadlines.unregister(name)
    yield deadlines
    for name in deadlines.registered():
        deadlines.unregister(name)
    for name, fn in saved.items():
        deadlines.register(name, fn)


def corrected_2025_rows():
    """2025 with 10-08 turned into an ordinary working day."""
    days = [r for r in selectors.year_days(2025) if r[0] != D("2025-10-08")]
    return calendar_csv.rows_for(days)


def test_every_recomputer_runs_and_the_counts_are_audited(
    registry, supervisor, django_capture_on_commit_callbacks
):
    replies = ReplyDeadlines(
        {"A-1": D("2025-09-26"), "A-2": D("2025-06-03"), "B-1": D("2024-12-20")}
    )
    assert replies.due["A-1"] == D("2025-10-30")
    other = []
    registry.register("test.reply_due", replies)
    registry.register("test.other", lambda years, calendar, at: other.append(years) or 0)
    with django_capture_on_commit_callbacks(execute=True):
        result = calendar_services.import_holiday_year(
            year=2025, rows=corrected_2025_rows(), source="更正", by=supervisor, at=AT
        )
    # The receipt of 2025-09-26 now falls due a day earlier; all three touch 2025.
    assert replies.due["A-1"] == D("2025-10-29")
    assert replies.calls == [frozenset({2025})] and other == [frozenset({2025})]
    assert result.recomputed == {"test.other": 0, "test.reply_due": 3}
    event = AuditEvent.objects.get(action="core.deadlines.recomputed")
    assert event.after == {
        "years": [2025],
        "counts": {"test.other": 0, "test.reply_due": 3},
        "total": 3,
    }
    assert event.target_label == "2025年"
    assert AuditEvent.objects.filter(action="test.deadline.recomputed").count() == 3
    # The recomputation is audited after the import, in the same chain.
    imported = AuditEvent.objects.get(action="core.holiday_year.imported")
    assert imported.seq < event.seq


def test_a_failing_recomputer_rolls_everything_back(
    registry, supervisor, django_capture_on_commit_callbacks
):
    replies = ReplyDeadlines({"A-1": D("2025-09-26")})
    registry.register("test.a_reply_due", replies)

    def broken(years, calendar, at):
        raise ZeroDivisionError

    registry.register("test.b_broken", broken)
    revision = HolidayYear.objects.get(year=2025).revision
    days_before = SpecialDay.objects.filter(year__year=2025).count()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(DeadlineRecomputeError) as raised,
    ):
        calendar_services.import_holiday_year(
            year=2025, rows=corrected_2025_rows(), source="更正", by=supervisor, at=AT
        )
    assert "test.b_broken" in raised.value.message and "未保存" in raised.value.message
    assert replies.calls == [frozenset({2025})]  # it ran, then was rolled back
    assert replies.due["A-1"] == D("2025-10-30")  # on_commit never fired
    assert HolidayYear.objects.get(year=2025).revision == revision
    assert SpecialDay.objects.filter(year__year=2025).count() == days_before
    assert not AuditEvent.objects.filter(action__startswith="core.").exists()
    assert not AuditEvent.objects.filter(action="test.deadline.recomputed").exists()
    assert selectors.get_workday_calendar().add_workdays(D("2025-09-26"), 20) == D("2025-10-30")


@pytest.mark.parametrize("bad", [-1, None, True, "3"])
def test_a_recomputer_must_return_a_count(registry, supervisor, bad):
    registry.register("test.bad_count", lambda years, calendar, at: bad)
    with pytest.raises(DeadlineRecomputeError, match="无效的数量"):
        calendar_services.import_holiday_year(
            year=2025, rows=corrected_2025_rows(), source="更正", by=supervisor, at=AT
        )
    assert HolidayYear.objects.get(year=2025).source != "更正"


def test_no_recomputers_still_audits_an_empty_recomputation(registry, supervisor):
    calendar_services.import_holiday_year(
        year=2025, rows=corrected_2025_rows(), source="更正", by=supervisor, at=AT
    )
    event = AuditEvent.objects.get(action="core.deadlines.recomputed")
    assert event.after == {"years": [2025], "counts": {}, "total": 0}


def test_chain_stays_intact(registry, supervisor):
    registry.register("test.reply_due", ReplyDeadlines({"A-1": D("2025-09-26")}))
    calendar_services.import_holiday_year(
        year=2025, rows=corrected_2025_rows(), source="更正", by=supervisor, at=AT
    )
    assert list(audit.iter_chain_breaks()) == []
