"""Concurrent claims: the seat limit of an open meeting and comment numbers hold when many
requests arrive at once (real threads, each with its own database connection)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from zwgk.participation import services
from zwgk.participation.models import Comment, Registration
from zwgk.participation.services import ParticipationError

from .helpers import open_consultation

NOW = datetime(2026, 3, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def run_all(count: int, fn) -> tuple[list, list]:
    barrier = threading.Barrier(count)
    ok, refused, errors = [], [], []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait()
            result = fn(i)
            with lock:
                ok.append(result)
        except ParticipationError as error:
            with lock:
                refused.append(str(error))
        except Exception as error:  # reported in the test's own thread
            with lock:
                errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return ok, refused


@pytest.mark.django_db(transaction=True)
def test_seat_limit_holds_under_concurrent_registrations(shipped_calendar, district, officer_a):
    m = services.create_meeting(
        by=officer_a,
        at=NOW,
        unit=district.unit_a,
        data=services.MeetingData(
            title="划片听取意见会",
            topic="学区",
            agenda="议程",
            place="区教委",
            starts_at=NOW + timedelta(days=10),
            public_seats=3,
            registration_closes_at=NOW + timedelta(days=9),
        ),
    )
    services.announce_meeting(by=officer_a, at=NOW, meeting=m)

    def register(i: int):
        return services.register_for_meeting(
            at=NOW,
            meeting=m,
            data=services.RegistrationData(
                group="public", name=f"市民{i}", phone=f"1380000{i:04d}"
            ),
        )

    ok, refused = run_all(12, register)
    m.refresh_from_db()
    assert len(ok) == 3 and len(refused) == 9
    assert m.seats_taken == 3 == Registration.objects.filter(meeting=m).count()
    assert sorted(Registration.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert all("名额已满" in message for message in refused)


@pytest.mark.django_db(transaction=True)
def test_comment_numbers_are_unique_under_concurrency(
    shipped_calendar, district, officer_a, head_a
):
    c = open_consultation(officer_a, head_a, district.unit_a, day="2026-03-02")

    def comment(i: int):
        return services.submit_public_comment(
            at=NOW, consultation=c, data=services.CommentData(body=f"意见{i}")
        )

    ok, refused = run_all(8, comment)
    assert len(ok) == 8 and refused == []
    assert sorted(Comment.objects.values_list("number", flat=True)) == list(range(1, 9))
