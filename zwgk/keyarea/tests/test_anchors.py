"""The district office records the events due dates count from: the service (permission,
validation, audit, correction), the page, and the effect on completeness."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.keyarea import cadence, selectors, services
from zwgk.keyarea.models import DueDateAnchor

AT = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
URL = reverse("keyarea:anchors")


def record(by, district, **fields):
    base = {"year": 2026, "anchor": "enrolment_opens", "on_date": date(2026, 7, 1), "note": ""}
    base.update(fields)
    return services.record_anchor(by=by, at=AT, district=district.root, **base)


def test_record_and_correct_with_audit(supervisor, district):
    first = record(supervisor, district, note="区教委公告")
    again = record(supervisor, district, on_date=date(2026, 7, 5))
    assert first.pk == again.pk and DueDateAnchor.objects.count() == 1
    events = AuditEvent.objects.filter(action="keyarea.anchor.recorded").order_by("pk")
    assert events.count() == 2
    assert events.last().before["on_date"] == "2026-07-01"
    assert events.last().after["on_date"] == "2026-07-05"


def test_only_the_district_supervisor_records(officer_a, head_a, district):
    for person in (officer_a, head_a):
        with pytest.raises(PermissionDeniedError):
            record(person, district)
    assert not DueDateAnchor.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"anchor": "moon_phase"}, "起算事件"),
        ({"year": 2018, "on_date": date(2018, 7, 1)}, "年度"),
        ({"on_date": date(2025, 7, 1)}, "2026年内"),
        ({"note": "长" * 201}, "200"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(supervisor, district, fields, message):
    with pytest.raises(DomainError, match=message):
        record(supervisor, district, **fields)
    assert not DueDateAnchor.objects.exists()
    assert not AuditEvent.objects.filter(action="keyarea.anchor.recorded").exists()


def test_completeness_follows_the_recorded_dates(supervisor, officer_a, district):
    today = date(2026, 3, 20)

    def status(slug):
        rows = selectors.list_completeness(officer_a, year=2026, today=today)
        (row,) = [r for r in rows if r.item.slug == slug]
        return row

    assert status("zd-ys").period.due == date(2026, 3, 31)
    assert status("zd-ys").status == cadence.MISSING
    # the budgets were approved on 02-10: due 20 days later, so late by 03-20
    record(supervisor, district, anchor="budget_approved", on_date=date(2026, 2, 10))
    row = status("zd-ys")
    assert row.period.due == date(2026, 3, 2) and row.period.anchored_on == date(2026, 2, 10)
    assert row.status == cadence.LATE
    assert status("zd-xmwb").period.due == date(2026, 3, 2)
    assert status("zd-js").period.due == date(2026, 9, 30)  # 决算 has its own event


def test_page_for_the_supervisor(client_supervisor, district):
    response = client_supervisor.get(URL)
    assert response.status_code == 200
    assert "义务教育招生报名开始日期" in response.content.decode()
    response = client_supervisor.post(
        URL, {"year": "2026", "anchor": "school_starts", "on_date": "2026-09-01", "note": "校历"}
    )
    assert response.status_code == 302
    anchor = DueDateAnchor.objects.get()
    assert anchor.on_date == date(2026, 9, 1) and anchor.district == district.root
    page = client_supervisor.get(URL).content.decode()
    assert "2026-09-01" in page and "校历" in page


@pytest.mark.parametrize(
    "data",
    [
        {"year": "2026", "anchor": "school_starts", "on_date": "2026-13-01"},
        {"year": "2026", "anchor": "school_starts", "on_date": "2025-09-01"},
        {"year": "abc", "anchor": "school_starts", "on_date": "2026-09-01"},
        {"year": "2026", "anchor": "<b>x</b>", "on_date": "2026-09-01"},
        {},
    ],
)
def test_page_refuses_bad_input_with_a_message(client_supervisor, district, data):
    response = client_supervisor.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "<b>x</b>" not in html
    assert not DueDateAnchor.objects.exists()


def test_page_is_404_for_unit_staff_and_login_for_anonymous(client_a, client_b, client):
    assert client_a.get(URL).status_code == 404
    assert client_b.post(URL, {"year": "2026"}).status_code == 404
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]
