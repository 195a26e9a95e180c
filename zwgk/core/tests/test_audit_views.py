"""The district office's audit viewer: who may look, filters, paging, htmx, detail, export."""

import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zwgk.core import audit, audit_labels
from zwgk.core.models import AuditEvent

LIST = reverse("core:audit_list")
EXPORT = reverse("core:audit_export")
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def rows(response):
    return [row.event for row in response.context["rows"]]


@pytest.fixture
def contact_change(client_a, district):
    """Officer A changes the unit's phone number through the workspace page."""
    url = reverse("workspace:unit_contact_edit", args=[district.unit_a.pk])
    assert client_a.post(url, {"office_phone": "023-45678901"}).status_code == 302
    return AuditEvent.objects.get(action="orgs.unit.contact_updated")


# --- Who may look --------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(district):
    event = AuditEvent.objects.earliest("seq")
    for response in (
        Client().get(LIST),
        Client().get(reverse("core:audit_detail", args=[event.seq])),
        Client().post(EXPORT),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("workspace:login"))


def test_staff_who_are_not_the_district_office_get_404(client_a, district):
    event = AuditEvent.objects.earliest("seq")
    assert client_a.get(LIST).status_code == 404
    assert client_a.get(reverse("core:audit_detail", args=[event.seq])).status_code == 404
    assert client_a.post(EXPORT).status_code == 404
    assert not AuditEvent.objects.filter(action="core.audit.exported").exists()


def test_nav_entry_only_for_the_district_office(client_a, client_supervisor):
    assert LIST in client_supervisor.get(reverse("workspace:home")).content.decode()
    assert LIST not in client_a.get(reverse("workspace:home")).content.decode()


# --- The list --------------------------------------------------------------------------------


def test_list_shows_time_actor_unit_ip_action_target_and_change(client_supervisor, contact_change):
    response = client_supervisor.get(LIST)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "审计日志" in body
    assert audit.format_time(contact_change.occurred_at) in body
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", body)
    assert "张敏" in body and "重庆市铜梁区教育委员会" in body
    assert "修改政府信息公开工作机构联系方式" in body and "orgs.unit.contact_updated" in body
    assert "创建单位" in body and "登录成功" in body
    assert "office_phone" in body and "023-45678901" in body
    assert rows(response)[0].seq == AuditEvent.objects.latest("seq").seq  # newest first


def test_viewing_is_not_audited(client_supervisor, district):
    before = AuditEvent.objects.count()
    client_supervisor.get(LIST)
    client_supervisor.get(reverse("core:audit_detail", args=[1]))
    assert AuditEvent.objects.count() == before


def test_filter_by_unit(client_supervisor, contact_change, officer_b, district):
    response = client_supervisor.get(LIST, {"unit": district.unit_a.pk})
    found = rows(response)
    assert contact_change in found
    assert found and all(event.unit_id == district.unit_a.pk for event in found)
    choices = dict(response.context["form"].fields["unit"].choices)
    assert choices[district.unit_b.pk] == "重庆市铜梁区民政局"


def test_filter_by_person(client_supervisor, contact_change, officer_b):
    found = rows(client_supervisor.get(LIST, {"person": "张"}))
    assert contact_change in found
    assert all("张" in event.actor_label for event in found)


def test_filter_by_exact_action_and_by_prefix(client_supervisor, contact_change):
    exact = rows(client_supervisor.get(LIST, {"action": "orgs.unit.created"}))
    assert len(exact) == 4 and {event.action for event in exact} == {"orgs.unit.created"}
    prefix = rows(client_supervisor.get(LIST, {"action": "orgs.unit."}))
    assert {event.action for event in prefix} == {"orgs.unit.created", "orgs.unit.contact_updated"}
    auth = rows(client_supervisor.get(LIST, {"action": "auth."}))
    assert auth and all(event.action.startswith("auth.") for event in auth)


def test_filter_by_period_uses_local_dates(client_supervisor, district):
    # 00:30 in Chongqing on 5 January is still 4 January in UTC.
    early = audit.record(
        action="tests.thing.done", by=None, at=datetime(2026, 1, 5, 0, 30, tzinfo=SHANGHAI)
    )
    audit.record(action="tests.thing.done", by=None, at=datetime(2026, 1, 6, 9, 0, tzinfo=SHANGHAI))
    found = rows(client_supervisor.get(LIST, {"date_from": "2026-01-05", "date_to": "2026-01-05"}))
    assert found == [early]
    assert rows(client_supervisor.get(LIST, {"date_to": "2026-01-04"})) == []
    later = rows(client_supervisor.get(LIST, {"date_from": "2026-01-06"}))
    assert early not in later and len(later) >= 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "结束日期不能早于开始日期"),
        ({"date_from": "2026-02-30"}, "日期"),
        ({"unit": "abc"}, "单位"),
        ({"action": "no.such.action"}, "操作"),
        ({"person": "张" * 51}, "人员"),
    ],
)
def test_invalid_filter_gets_a_message_not_an_error(client_supervisor, district, params, message):
    response = client_supervisor.get(LIST, params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "请更正筛选条件" in body and message in body
    assert response.context["rows"] == []


def test_bad_page_number_shows_a_page(client_supervisor, district):
    assert client_supervisor.get(LIST, {"page": "zzz"}).status_code == 200
    assert client_supervisor.get(LIST, {"page": "999"}).status_code == 200


def test_paging_fifty_per_page(client_supervisor, district):
    start = timezone.now() - timedelta(hours=2)
    for n in range(60):
        audit.record(action="tests.thing.done", by=None, at=start + timedelta(seconds=n))
    total = AuditEvent.objects.count()
    first = client_supervisor.get(LIST)
    assert len(rows(first)) == 50
    assert "第 1 页，共 2 页" in first.content.decode()
    second = client_supervisor.get(LIST, {"page": 2})
    assert len(rows(second)) == total - 50
    assert not set(rows(first)) & set(rows(second))


def test_paging_links_keep_the_filter(client_supervisor, district):
    for _n in range(55):
        audit.record(action="tests.thing.done", by=None, at=timezone.now())
    body = client_supervisor.get(LIST, {"action": "tests.thing.done"}).content.decode()
    assert "action=tests.thing.done&amp;page=2" in body


def test_htmx_gets_the_results_partial(client_supervisor, contact_change):
    response = client_supervisor.get(
        LIST, {"action": "orgs.unit.contact_updated"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="audit-results"' in body
    assert "orgs.unit.contact_updated" in body and '<form method="get"' not in body
    invalid = client_supervisor.get(
        LIST, {"date_from": "2026-03-10", "date_to": "2026-03-01"}, headers={"HX-Request": "true"}
    )
    # htmx 2 swaps only 2xx answers, so the partial with the message comes back as 200.
    assert invalid.status_code == 200
    assert "结束日期不能早于开始日期" in invalid.content.decode()
    assert "<html" not in invalid.content.decode()


# --- One event -------------------------------------------------------------------------------


def test_detail_shows_the_event_and_its_hashes(client_supervisor, contact_change):
    response = client_supervisor.get(reverse("core:audit_detail", args=[contact_change.seq]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "修改政府信息公开工作机构联系方式" in body and "023-45678901" in body
    assert contact_change.hash in body and contact_change.prev_hash in body
    assert client_supervisor.get(reverse("core:audit_detail", args=[99999])).status_code == 404


# --- Export ----------------------------------------------------------------------------------


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_writes_the_filtered_rows_and_is_audited(client_supervisor, contact_change):
    expected = AuditEvent.objects.filter(action__startswith="orgs.unit.").count()
    response = client_supervisor.post(EXPORT, {"action": "orgs.unit."})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    table = read_csv(response)
    assert table[0][:3] == ["序号", "时间", "人员"]
    assert len(table) - 1 == expected
    assert {line[6] for line in table[1:]} == {"orgs.unit.created", "orgs.unit.contact_updated"}
    exported = AuditEvent.objects.get(action="core.audit.exported")
    assert exported.actor_label == "刘芳"
    assert exported.after["filters"] == {"action": "orgs.unit."}
    assert exported.after["rows"] == expected
    assert audit.verify_chain().ok


def test_export_does_not_include_its_own_row(client_supervisor, district):
    before = AuditEvent.objects.count()
    table = read_csv(client_supervisor.post(EXPORT))
    assert len(table) - 1 == before
    assert "core.audit.exported" not in {line[6] for line in table[1:]}


def test_export_cells_cannot_become_formulas(client_supervisor, district):
    audit.record(action="tests.thing.done", by=None, at=timezone.now(), target_label="=1+2")
    table = read_csv(client_supervisor.post(EXPORT, {"action": "tests.thing.done"}))
    assert table[1][10] == "'=1+2"


def test_export_with_an_invalid_filter_exports_and_records_nothing(client_supervisor, district):
    response = client_supervisor.post(EXPORT, {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not AuditEvent.objects.filter(action="core.audit.exported").exists()


def test_export_needs_post(client_supervisor, district):
    assert client_supervisor.get(EXPORT).status_code == 405


def test_every_action_code_recorded_by_the_code_base_has_a_label():
    """Grep the source for literal action codes; each must have a registered label."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r'action="([a-z_]+(?:\.[a-z_0-9]+){2,})"')
    codes = {
        code
        for path in root.glob("*/**/*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for code in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert "orgs.unit.created" in codes
    unlabelled = sorted(code for code in codes if audit_labels.label_for(code) == code)
    assert unlabelled == [], "label them in <app>/audit_actions.py (see zwgk/core/audit_labels.py)"
