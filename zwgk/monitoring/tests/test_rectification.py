"""整改 work orders: open, answer, re-check closes or sends back, supervisor closes; repeat
offenders quarter to quarter; the scoring table edits and recorded scorecards."""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.monitoring import selectors, services
from zwgk.monitoring.models import Rectification

AT = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def _open(district, subject="newmedia.account:7", indicator="account.veto.not_updated", at=AT):
    return services.open_rectification(
        by=None,
        at=at,
        unit=district.unit_a,
        subject=subject,
        indicator=indicator,
        title="账号两周未更新",
        evidence={"last_post": "2026-02-10"},
        due=at.date() + timedelta(days=5),
    )


def test_open_answer_recheck_close_lifecycle(district, officer_a):
    r = _open(district)
    assert r.status == Rectification.Status.OPEN
    assert AuditEvent.objects.filter(action="monitoring.rectification.opened").count() == 1
    # opening again while it is live returns the same work order
    assert _open(district).pk == r.pk
    assert Rectification.objects.count() == 1

    # the unit answers
    r = services.answer_rectification(
        by=officer_a, at=AT + timedelta(days=1), rectification=r, answer="已发布3篇信息"
    )
    assert r.status == Rectification.Status.ANSWERED
    # the re-check still fails: back to the unit
    counts = services.recheck_rectifications(
        at=AT + timedelta(days=2),
        subject="newmedia.account:7",
        failing={"account.veto.not_updated"},
    )
    assert counts == {"closed": 0, "reopened": 1}
    r.refresh_from_db()
    assert r.status == Rectification.Status.OPEN and r.reopened_count == 1
    # a re-check that passes closes it
    counts = services.recheck_rectifications(
        at=AT + timedelta(days=3), subject="newmedia.account:7", failing=set()
    )
    assert counts == {"closed": 1, "reopened": 0}
    r.refresh_from_db()
    assert r.status == Rectification.Status.CLOSED and r.closed_how == "recheck"
    actions = list(
        AuditEvent.objects.filter(target_id=str(r.pk), action__startswith="monitoring.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.rectification.opened",
        "monitoring.rectification.answered",
        "monitoring.rectification.reopened",
        "monitoring.rectification.closed",
    ]
    # once closed, a new finding opens a new work order
    assert _open(district, at=AT + timedelta(days=4)).pk != r.pk


def test_recheck_leaves_indicators_it_did_not_cover(district):
    r = _open(district, indicator="account.veto.interaction")
    services.recheck_rectifications(
        at=AT, subject=r.subject, failing=set(), checked={"account.veto.not_updated"}
    )
    r.refresh_from_db()
    assert r.status == Rectification.Status.OPEN


def test_only_the_unit_answers_and_only_the_office_closes(
    district, officer_b, officer_a, supervisor
):
    r = _open(district)
    with pytest.raises(PermissionDeniedError):
        services.answer_rectification(by=officer_b, at=AT, rectification=r, answer="x")
    with pytest.raises(DomainError):
        services.answer_rectification(by=officer_a, at=AT, rectification=r, answer="  ")
    with pytest.raises(PermissionDeniedError):
        services.close_rectification(by=officer_a, at=AT, rectification=r)
    r = services.close_rectification(by=supervisor, at=AT, rectification=r, note="已核实")
    assert r.closed_how == "supervisor"
    with pytest.raises(TransitionError):
        services.answer_rectification(by=officer_a, at=AT, rectification=r, answer="晚了")


@pytest.mark.parametrize(
    ("subject", "title", "due"),
    [
        ("account 7", "标题", date(2026, 3, 9)),
        ("newmedia.account:7", "", date(2026, 3, 9)),
        ("newmedia.account:7", "x" * 201, date(2026, 3, 9)),
        ("newmedia.account:7", "标题", date(2026, 3, 1)),
    ],
)
def test_invalid_work_orders_are_refused_and_nothing_is_written(district, subject, title, due):
    with pytest.raises(DomainError):
        services.open_rectification(
            by=None,
            at=AT,
            unit=district.unit_a,
            subject=subject,
            indicator="x",
            title=title,
            evidence={},
            due=due,
        )
    assert Rectification.objects.count() == 0


def test_repeat_offenders_are_visible_quarter_to_quarter(district, supervisor, officer_b):
    first = _open(district, at=AT)  # 2026Q1
    services.recheck_rectifications(at=AT, subject=first.subject, failing=set())
    _open(district, at=AT + timedelta(days=60))  # 2026Q2, same indicator again
    _open(district, subject="monitoring.site:3", indicator="site.dead_link_home", at=AT)
    offenders = selectors.list_repeat_offenders(supervisor)
    assert [(o.subject, o.indicator, o.quarters) for o in offenders] == [
        ("newmedia.account:7", "account.veto.not_updated", ("2026Q1", "2026Q2"))
    ]
    assert selectors.count_rectifications_by_quarter(supervisor) == {
        "2026Q1": {"区教委": 2},
        "2026Q2": {"区教委": 1},
    }
    assert selectors.list_repeat_offenders(officer_b) == []


def test_indicator_edit_changes_the_recorded_scorecard(district, supervisor, officer_a):
    card = services.record_scorecard(
        at=AT,
        subject="monitoring.site:1",
        unit=district.unit_a,
        findings={"site.dead_link_home": 2},
    )
    assert card.total == Decimal(98)
    with pytest.raises(PermissionDeniedError):
        services.update_indicator(
            by=officer_a,
            at=AT,
            code="site.dead_link_home",
            points=3,
            cap=5,
            threshold=1,
            enabled=True,
            confidence="UNCONFIRMED",
        )
    with pytest.raises(DomainError):
        services.update_indicator(
            by=supervisor,
            at=AT,
            code="site.dead_link_home",
            points="abc",
            cap=5,
            threshold=1,
            enabled=True,
            confidence="UNCONFIRMED",
        )
    services.update_indicator(
        by=supervisor,
        at=AT,
        code="site.dead_link_home",
        points=3,
        cap=5,
        threshold=1,
        enabled=True,
        confidence="UNCONFIRMED",
    )
    card = services.record_scorecard(
        at=AT + timedelta(days=1),
        subject="monitoring.site:1",
        unit=district.unit_a,
        findings={"site.dead_link_home": 2},
    )
    assert card.total == Decimal(95)  # 2 × 3 = 6, capped at 5
    assert [c.total for c in selectors.list_scorecards("monitoring.site:1")] == [95, 98]
    assert AuditEvent.objects.filter(action="monitoring.indicator.updated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_openers_make_one_work_order(district):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    results, errors = [], []

    def worker():
        try:
            results.append(_open(district).pk)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1
    assert Rectification.objects.count() == 1
