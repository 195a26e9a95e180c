"""Objects of unit A for the access matrix (tests/security)."""

from __future__ import annotations

from datetime import date

from tests.security.access_matrix import AT


def objects(*, district, officer_a, supervisor) -> dict:
    from zwgk.execution import services
    from zwgk.execution.models import ProgressReport
    from zwgk.execution.statute import Cadence, SourceKind

    task = services.create_task(
        by=supervisor,
        at=AT,
        data=services.TaskData(
            year=2026,
            source_kind=SourceKind.WORK_REPORT,
            source_title="2026年区政府工作报告",
            title="新建改扩建中小学校3所（矩阵任务）",
            measures="完成选址、立项和开工（矩阵措施）",
            lead_unit=district.unit_a,
            cadence=Cadence.MONTHLY,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        ),
    )
    report = ProgressReport.objects.filter(task=task, period_key="2026-02").get()
    published = services.publish_summary(
        by=supervisor, at=AT, viewer=supervisor, year=2026, source_title="2026年区政府工作报告"
    )
    return {
        **{f"execution:{name}.pk": task.pk for name in ("task_detail", "task_edit", "task_close")},
        "execution:report_edit.pk": report.pk,
        "execution_public:summary.pk": published.pk,
        "execution:summary_withdraw.pk": published.pk,
        "_markers": ["矩阵任务", "矩阵措施"],
    }
