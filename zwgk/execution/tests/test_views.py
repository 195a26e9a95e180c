"""Staff and public pages of 执行公开: happy paths, invalid input, another unit's task or report
→ 404, anonymous → login, htmx partials, exports, publication to the public page."""

from __future__ import annotations

import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from conftest import client_for
from zwgk.core.models import AuditEvent
from zwgk.execution.models import ProgressReport, PublishedSummary, Task

from .helpers import SOURCE, create, report

pytestmark = pytest.mark.django_db

TASK_FORM = {
    "year": "2026",
    "source_kind": "work_report",
    "source_title": SOURCE,
    "number": "3",
    "title": "完成城区老旧小区改造12个",
    "measures": "制定改造方案，分批实施。",
    "steps": "2026-03-31 完成方案\n2026-10-31 完工验收",
    "division_of_work": "",
    "supervision_method": "区政府办季度督查",
    "cadence": "monthly",
    "report_workdays": "5",
    "start_date": "2026-01-01",
    "end_date": "2026-06-30",
}


def test_anonymous_is_sent_to_login(client):
    for name in ("task_list", "task_create", "summary", "summary_export"):
        response = client.get(reverse(f"execution:{name}"))
        assert response.status_code == 302 and "/staff/login" in response["Location"]


def test_supervisor_creates_a_task(client_supervisor, district):
    data = {**TASK_FORM, "lead_unit": district.unit_a.pk, "co_units": [district.unit_b.pk]}
    response = client_supervisor.post(reverse("execution:task_create"), data)
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("execution:task_detail", args=[task.pk])
    assert [m.title for m in task.milestones.all()] == ["完成方案", "完工验收"]
    assert task.reports.count() == 12  # 6 months × 2 units
    page = client_supervisor.get(response["Location"]).content.decode()
    assert "完成城区老旧小区改造12个" in page and "区政府办季度督查" in page


def test_invalid_task_input_changes_nothing(client_supervisor, district):
    data = {**TASK_FORM, "lead_unit": district.unit_a.pk, "steps": "三月 完成方案"}
    response = client_supervisor.post(reverse("execution:task_create"), data)
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()
    data = {**TASK_FORM, "lead_unit": district.unit_a.pk, "end_date": "2025-01-01"}
    response = client_supervisor.post(reverse("execution:task_create"), data)
    assert response.status_code == 400 and "完成时限" in response.content.decode()
    assert not Task.objects.exists()


def test_units_cannot_create_or_change_tasks(client_a, district, supervisor):
    task = create(supervisor, district)
    assert client_a.get(reverse("execution:task_create")).status_code == 404
    assert client_a.get(reverse("execution:task_edit", args=[task.pk])).status_code == 404
    assert client_a.post(reverse("execution:task_close", args=[task.pk])).status_code == 404


def test_scoping_of_tasks_and_reports(district, supervisor, client_a, client_b):
    mine = create(supervisor, district, title="只属于区教委的任务", co_units=[])
    shared = create(supervisor, district, number="2", title="区民政局配合的任务")
    page_b = client_b.get(reverse("execution:task_list")).content.decode()
    assert "区民政局配合的任务" in page_b and "只属于区教委的任务" not in page_b
    assert client_b.get(reverse("execution:task_detail", args=[mine.pk])).status_code == 404
    assert client_b.get(reverse("execution:task_detail", args=[shared.pk])).status_code == 200
    # Unit B sees the shared task but cannot write unit A's report on it.
    report_a = shared.reports.filter(unit=district.unit_a).first()
    assert client_b.get(reverse("execution:report_edit", args=[report_a.pk])).status_code == 404
    post = client_b.post(
        reverse("execution:report_edit", args=[report_a.pk]),
        {"status": "on_track", "progress": "x"},
    )
    assert post.status_code == 404
    assert not ProgressReport.objects.filter(submitted_at__isnull=False).exists()
    summary_b = client_b.get(reverse("execution:summary"), {"year": 2026}).content.decode()
    assert "只属于区教委的任务" not in summary_b
    partial = client_a.get(reverse("execution:task_list"), {"year": 2026}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "只属于区教委的任务" in partial.content.decode()


@time_machine.travel("2026-04-03 10:00 +0800", tick=False)
def test_unit_reports_progress(district, supervisor, officer_a, client_a):
    task = create(supervisor, district)
    q1 = task.reports.get(unit=district.unit_a, period_key="2026Q1")
    url = reverse("execution:report_edit", args=[q1.pk])
    assert client_a.get(url).status_code == 200
    bad = client_a.post(url, {"status": "done", "percent": "150", "progress": "完成"})
    assert bad.status_code == 400
    refused = client_a.post(url, {"status": "done", "percent": "80", "progress": "完成"})
    assert refused.status_code == 400 and "100%" in refused.content.decode()
    response = client_a.post(url, {"status": "on_track", "percent": "30", "progress": "选址完成"})
    assert response.status_code == 302
    q1.refresh_from_db()
    assert (q1.status, q1.percent, q1.progress) == ("on_track", 30, "选址完成")
    detail = client_a.get(reverse("execution:task_detail", args=[task.pk])).content.decode()
    assert "选址完成" in detail


@time_machine.travel("2026-04-20 10:00 +0800", tick=False)
def test_inbox_lists_overdue_reports(district, supervisor, officer_b):
    from datetime import date

    from zwgk.workspace.inbox import items_for

    task = create(supervisor, district)
    items = items_for(officer_b, date(2026, 4, 20))
    mine = [i for i in items if "/staff/execution/reports/" in i.url]
    assert len(mine) == 1 and mine[0].kind == "alert" and "2026年第1季度" in mine[0].title
    for_office = [i for i in items_for(supervisor, date(2026, 4, 20)) if "overdue=1" in i.url]
    assert len(for_office) == 1 and "2" in for_office[0].title
    assert task.pk


def test_summary_export_and_publication(district, supervisor, officer_a, client_supervisor, client):
    task = create(supervisor, district)
    report(officer_a, task.reports.get(unit=district.unit_a, period_key="2026Q1"), "2026-04-07")
    url = reverse("execution:summary")
    page = client_supervisor.get(url, {"year": 2026, "source": SOURCE}).content.decode()
    assert "已完成选址论证。" in page
    xlsx = client_supervisor.get(
        reverse("execution:summary_export"), {"year": 2026, "source": SOURCE, "format": "xlsx"}
    )
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B4"].value == task.title
    docx = client_supervisor.get(
        reverse("execution:summary_export"), {"year": 2026, "format": "docx"}
    )
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert (
        client_supervisor.get(reverse("execution:summary_export"), {"format": "pdf"}).status_code
        == 404
    )
    # Publish: the public page shows the snapshot to anyone.
    response = client_supervisor.post(
        reverse("execution:summary_publish"), {"year": "2026", "source": SOURCE}
    )
    published = PublishedSummary.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("execution_public:summary", args=[published.pk])
    public = client.get(response["Location"]).content.decode()
    assert "2026年区政府工作报告目标任务推进情况汇总表" in public and "已完成选址论证。" in public
    listing = client.get(reverse("execution_public:summaries")).content.decode()
    assert published.title in listing
    bad = client_supervisor.post(reverse("execution:summary_publish"), {"year": "x"})
    assert bad.status_code == 400 and PublishedSummary.objects.count() == 1
    # Withdrawn: gone from the public site; a unit cannot withdraw.
    withdraw = reverse("execution:summary_withdraw", args=[published.pk])
    assert client_for(officer_a).post(withdraw).status_code == 404
    assert client_supervisor.post(withdraw).status_code == 302
    assert client.get(response["Location"]).status_code == 404
    assert client_supervisor.post(withdraw).status_code == 302  # again: a message, no change
    assert AuditEvent.objects.filter(action="execution.summary.withdrawn").count() == 1


def test_publication_refused_shows_the_findings(district, supervisor, officer_a, client_supervisor):
    task = create(supervisor, district)
    q1 = task.reports.get(unit=district.unit_a, period_key="2026Q1")
    report(officer_a, q1, "2026-04-07", progress="联系人身份证11010519491231002X")
    response = client_supervisor.post(
        reverse("execution:summary_publish"), {"year": "2026", "source": SOURCE}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "1101**********002X" in body and "11010519491231002X" not in body
    assert not PublishedSummary.objects.exists()


def test_unpublished_summary_is_404_publicly(client):
    assert client.get(reverse("execution_public:summary", args=[999])).status_code == 404
    assert client.get(reverse("execution_public:summaries")).status_code == 200


@pytest.mark.django_db
def test_the_old_addresses_under_zfgs_redirect_to_zxgk(client):
    listing = client.get("/zfgs/zxgk/")
    assert listing.status_code == 301 and listing["Location"] == "/zxgk/"
    table = client.get("/zfgs/zxgk/7/")
    assert table.status_code == 301 and table["Location"] == "/zxgk/7/"
    assert reverse("execution_public:summaries") == "/zxgk/"
