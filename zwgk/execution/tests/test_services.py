"""Services of 执行公开: tasks and their expected reports, reporting, the overdue job and
problem source, the summary generated from reports, publication with the content check."""

from datetime import date

import pytest

from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.execution import services, summary
from zwgk.execution.models import ProgressReport, PublishedSummary, Task, TaskStatus
from zwgk.execution.statute import Cadence, ProgressStatus
from zwgk.supervision import problems

from .helpers import SOURCE, at, create, report, task_data

pytestmark = pytest.mark.django_db


def test_creating_a_task_assigns_reports_to_every_responsible_unit(district, supervisor):
    task = create(supervisor, district)
    keys = sorted(task.reports.values_list("unit__short_name", "period_key", "due_date"))
    # Three quarters × (lead + one co-operating unit); due 5 working days after each quarter
    # (Q3: 国庆 rest 10-01..07, then 10-08, 09, 10 (Sat, make-up), 12, 13).
    assert keys == [
        ("区教委", "2026Q1", date(2026, 4, 8)),
        ("区教委", "2026Q2", date(2026, 7, 7)),
        ("区教委", "2026Q3", date(2026, 10, 13)),
        ("区民政局", "2026Q1", date(2026, 4, 8)),
        ("区民政局", "2026Q2", date(2026, 7, 7)),
        ("区民政局", "2026Q3", date(2026, 10, 13)),
    ]
    assert list(task.milestones.values_list("title", flat=True)) == ["完成选址", "开工建设"]
    assert AuditEvent.objects.filter(action="execution.task.assigned").count() == 1


def test_only_the_district_office_creates_tasks(district, officer_a):
    with pytest.raises(PermissionDeniedError):
        create(officer_a, district)
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"title": ""}, "目标任务"),
        ({"measures": "  "}, "工作措施"),
        ({"end_date": date(2025, 12, 1)}, "完成时限"),
        ({"cadence": "weekly"}, "报送频次"),
        ({"report_workdays": 0}, "报送时限"),
        ({"milestones": [(date(2026, 3, 1), "")]}, "实施步骤"),
    ],
)
def test_invalid_tasks_are_refused(district, supervisor, extra, message):
    with pytest.raises(services.ExecutionError, match=message):
        create(supervisor, district, **extra)
    assert not Task.objects.exists() and not ProgressReport.objects.exists()


def test_changing_a_task_keeps_submitted_reports(district, supervisor, officer_a):
    task = create(supervisor, district)
    q1 = task.reports.get(unit=district.unit_a, period_key="2026Q1")
    report(officer_a, q1, "2026-04-03")
    # Monthly now, without the co-operating unit.
    services.update_task(
        by=supervisor,
        at=at("2026-04-10"),
        task=task,
        data=task_data(district, cadence=Cadence.MONTHLY, co_units=[]),
    )
    keys = set(task.reports.values_list("unit_id", "period_key"))
    assert (district.unit_a.pk, "2026Q1") in keys  # submitted: kept
    assert (district.unit_b.pk, "2026Q1") not in keys
    assert {k for u, k in keys if u == district.unit_a.pk} >= {"2026-01", "2026-09"}
    assert len(keys) == 10


def test_a_unit_reports_only_its_own_part(district, supervisor, officer_a, officer_b):
    task = create(supervisor, district)
    mine = task.reports.get(unit=district.unit_b, period_key="2026Q1")
    theirs = task.reports.get(unit=district.unit_a, period_key="2026Q1")
    with pytest.raises(PermissionDeniedError):
        report(officer_b, theirs, "2026-04-01")
    with pytest.raises(PermissionDeniedError):
        report(supervisor, theirs, "2026-04-01")
    report(officer_b, mine, "2026-04-01", progress="配合完成周边道路规划。")
    assert ProgressReport.objects.filter(submitted_at__isnull=False).count() == 1


def test_report_rules(district, supervisor, officer_a):
    task = create(supervisor, district)
    q2 = task.reports.get(unit=district.unit_a, period_key="2026Q2")
    with pytest.raises(services.ExecutionError, match="尚未开始"):
        report(officer_a, q2, "2026-03-01")
    q1 = task.reports.get(unit=district.unit_a, period_key="2026Q1")
    with pytest.raises(services.ExecutionError, match="进展情况"):
        report(officer_a, q1, "2026-04-01", progress=" ")
    with pytest.raises(services.ExecutionError, match="100%"):
        report(officer_a, q1, "2026-04-01", status=ProgressStatus.DONE, percent=80)
    with pytest.raises(services.ExecutionError, match="推进状态"):
        report(officer_a, q1, "2026-04-01", status="stalled")
    report(officer_a, q1, "2026-04-01")
    report(officer_a, q1, "2026-04-02", percent=35, progress="选址论证完成，进入立项。")
    q1.refresh_from_db()
    assert (q1.percent, q1.submitted_at, q1.updated_at) == (35, at("2026-04-01"), at("2026-04-02"))
    actions = list(
        AuditEvent.objects.filter(action__startswith="execution.report")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["execution.report.submitted", "execution.report.corrected"]
    services.close_task(by=supervisor, at=at("2026-05-01"), task=task)
    with pytest.raises(TransitionError):
        report(officer_a, q1, "2026-05-02")


def test_overdue_lifecycle(district, supervisor, officer_a, officer_b):
    task = create(supervisor, district)
    # Q1 reports are due Wed 2026-04-08. On the due date nothing is flagged yet.
    assert services.flag_overdue_reports(at=at("2026-04-08", 18)) == 0
    # Unit A reports on time; unit B does not.
    report(officer_a, task.reports.get(unit=district.unit_a, period_key="2026Q1"), "2026-04-07")
    # The day after, the job flags unit B's report, once.
    assert services.flag_overdue_reports(at=at("2026-04-09", 1)) == 1
    assert services.flag_overdue_reports(at=at("2026-04-09", 2)) == 0
    flagged = ProgressReport.objects.get(flagged_at__isnull=False)
    assert flagged.unit == district.unit_b
    assert AuditEvent.objects.filter(action="execution.report.flagged_overdue").count() == 1
    found = problems.collect(
        date(2026, 4, 1), date(2026, 4, 30), names=["execution.overdue_report"]
    )
    assert [(p.unit_id, p.kind, p.occurred_on) for p in found] == [
        (district.unit_b.pk, "执行公开进展逾期未报", date(2026, 4, 9))
    ]
    # Unit B reports a week late: now a late-report problem on that day.
    report(officer_b, flagged, "2026-04-15")
    found = problems.collect(
        date(2026, 4, 10), date(2026, 4, 30), names=["execution.overdue_report"]
    )
    assert [(p.kind, p.occurred_on) for p in found] == [("执行公开进展逾期报送", date(2026, 4, 15))]
    only_a = problems.collect(
        date(2026, 4, 1),
        date(2026, 4, 30),
        [district.unit_a.pk],
        names=["execution.overdue_report"],
    )
    assert only_a == []


def test_summary_is_generated_from_the_reports(district, supervisor, officer_a, officer_b):
    task = create(supervisor, district)
    create(supervisor, district, number="2", title="建成养老服务中心", co_units=[])
    report(officer_a, task.reports.get(unit=district.unit_a, period_key="2026Q1"), "2026-04-07")
    report(
        officer_a,
        task.reports.get(unit=district.unit_a, period_key="2026Q2"),
        "2026-07-06",
        status=ProgressStatus.BEHIND,
        percent=45,
        progress="受雨季影响，开工推迟。",
    )
    report(
        officer_b,
        task.reports.get(unit=district.unit_b, period_key="2026Q1"),
        "2026-04-20",
        progress="道路规划已批复。",
    )
    table = summary.build(supervisor, year=2026, source_title=SOURCE, today=date(2026, 7, 20))
    first, second = table.rows
    assert table.title == "2026年区政府工作报告目标任务推进情况汇总表"
    assert first.number == "1" and first.lead_unit == "区教委" and first.co_units == "区民政局"
    assert first.progress.startswith("（2026年第2季度）受雨季影响，开工推迟。")
    assert "区民政局：道路规划已批复。" in first.progress
    assert (first.percent, first.status) == ("45%", "滞后")
    assert "2026-03-31 完成选址" in first.measures
    assert first.reporting == "应报2期，已报2期"
    assert (second.progress, second.percent, second.reporting) == (
        "尚未报送进展",
        "—",
        "应报2期，已报0期，逾期未报2期",
    )
    # A unit's summary holds only its tasks.
    of_b = summary.build(officer_b, year=2026, source_title="", today=date(2026, 7, 20))
    assert [row.title for row in of_b.rows] == [task.title]


def test_exports_are_real_xlsx_and_docx(district, supervisor):
    import io

    import docx
    import openpyxl

    create(supervisor, district, title='=HYPERLINK("x")任务')
    table = summary.build(supervisor, year=2026, source_title=SOURCE, today=date(2026, 7, 20))
    book = openpyxl.load_workbook(io.BytesIO(summary.to_xlsx(table)))
    sheet = book.active
    assert sheet["A1"].value == table.title
    assert [c.value for c in sheet[3]][:3] == ["序号", "目标任务", "牵头单位"]
    assert sheet["B4"].value.startswith("'=")  # no formula injection
    document = docx.Document(io.BytesIO(summary.to_docx(table)))
    assert document.tables[0].rows[0].cells[1].text == "目标任务"
    assert document.tables[0].rows[1].cells[2].text == "区教委"


def test_publish_summary_snapshot_and_content_check(district, supervisor, officer_a):
    task = create(supervisor, district)
    q1 = task.reports.get(unit=district.unit_a, period_key="2026Q1")
    report(officer_a, q1, "2026-04-07", progress="联系人手机13812345678")
    with pytest.raises(services.SummaryBlockedError) as caught:
        services.publish_summary(
            by=supervisor, at=at("2026-04-20"), viewer=supervisor, year=2026, source_title=SOURCE
        )
    assert [f.rule for f in caught.value.findings] == ["pii.mobile"]
    assert not PublishedSummary.objects.exists()
    report(officer_a, q1, "2026-04-21", progress="选址论证已完成。")
    published = services.publish_summary(
        by=supervisor, at=at("2026-04-22"), viewer=supervisor, year=2026, source_title=SOURCE
    )
    assert published.rows[0]["progress"] == "（2026年第1季度）选址论证已完成。"
    # The snapshot does not change when reports change later.
    report(officer_a, q1, "2026-04-23", progress="已立项。")
    published.refresh_from_db()
    assert "选址论证已完成" in published.rows[0]["progress"]
    with pytest.raises(PermissionDeniedError):
        services.publish_summary(
            by=officer_a, at=at("2026-04-22"), viewer=officer_a, year=2026, source_title=SOURCE
        )
    with pytest.raises(services.ExecutionError, match="没有可以公开的任务"):
        services.publish_summary(
            by=supervisor, at=at("2026-04-22"), viewer=supervisor, year=2025, source_title=""
        )


def test_closing_drops_reports_not_yet_started(district, supervisor):
    task = create(supervisor, district)
    services.close_task(by=supervisor, at=at("2026-05-10"), task=task)
    assert task.reports.filter(period_key="2026Q3").count() == 0
    assert task.reports.filter(period_key="2026Q2").count() == 2
    assert Task.objects.get().status == TaskStatus.CLOSED
    with pytest.raises(TransitionError):
        services.close_task(by=supervisor, at=at("2026-05-11"), task=task)
    # Closed tasks produce no overdue reports.
    assert services.flag_overdue_reports(at=at("2026-08-01")) == 0


def test_full_width_punctuation_is_kept(district, supervisor):
    task = create(supervisor, district, source_title="2026年区政府工作报告（演示）")
    assert Task.objects.get(pk=task.pk).source_title == "2026年区政府工作报告（演示）"
    table = summary.build(
        supervisor, year=2026, source_title="2026年区政府工作报告（演示）", today=date(2026, 5, 1)
    )
    assert len(table.rows) == 1
