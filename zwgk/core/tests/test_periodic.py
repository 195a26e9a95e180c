from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from zwgk.core import periodic
from zwgk.core.models import PeriodicRun

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def job():
    calls = []
    periodic.register(
        "test.job", every=timedelta(minutes=10), fn=lambda at: calls.append(at) or len(calls)
    )
    yield calls
    periodic._jobs.pop("test.job", None)


@pytest.fixture
def failing():
    def boom(at):
        raise RuntimeError("x")

    periodic.register("test.boom", every=timedelta(minutes=10), fn=boom)
    yield
    periodic._jobs.pop("test.boom", None)


def test_runs_once_per_interval(db, job):
    assert periodic.run_due(at=T0)["test.job"] == "ok: 1"
    assert "test.job" not in periodic.run_due(at=T0 + timedelta(minutes=5))
    assert "test.job" in periodic.run_due(at=T0 + timedelta(minutes=10))
    assert job == [T0, T0 + timedelta(minutes=10)]


def test_a_second_worker_does_not_run_the_same_round(db, job):
    periodic.run_due(at=T0)
    # another worker with the same clock finds the job already claimed
    assert "test.job" not in periodic.run_due(at=T0)
    assert len(job) == 1


def test_failure_is_recorded_and_others_still_run(db, job, failing):
    outcomes = periodic.run_due(at=T0)
    assert outcomes["test.boom"] == "failed: RuntimeError"
    assert outcomes["test.job"] == "ok: 1"
    assert PeriodicRun.objects.get(name="test.boom").last_outcome == "failed: RuntimeError"
