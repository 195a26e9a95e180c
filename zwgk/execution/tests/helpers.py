from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from zwgk.execution import services
from zwgk.execution.statute import Cadence, ProgressStatus, SourceKind

TZ = ZoneInfo("Asia/Shanghai")
SOURCE = "2026年区政府工作报告"


def at(day: str, hour: int = 10) -> datetime:
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, hour, 0, tzinfo=TZ)


def task_data(district, **extra) -> services.TaskData:
    values = {
        "year": 2026,
        "source_kind": SourceKind.WORK_REPORT,
        "source_title": SOURCE,
        "number": "1",
        "title": "新建改扩建中小学校3所，新增学位2700个",
        "measures": "完成选址和立项，9月前开工建设。",
        "division_of_work": "区教委牵头，区民政局配合做好周边配套。",
        "supervision_method": "区政府办每季度督查，结果纳入年度考核。",
        "lead_unit": district.unit_a,
        "co_units": [district.unit_b],
        "cadence": Cadence.QUARTERLY,
        "report_workdays": 5,
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 9, 30),
        "milestones": [(date(2026, 3, 31), "完成选址"), (date(2026, 9, 1), "开工建设")],
    }
    values.update(extra)
    return services.TaskData(**values)


def create(supervisor, district, day: str = "2026-01-05", **extra):
    return services.create_task(by=supervisor, at=at(day), data=task_data(district, **extra))


def report(
    by, report, day: str, status=ProgressStatus.ON_TRACK, percent=30, progress="已完成选址论证。"
):
    return services.submit_report(
        by=by,
        at=at(day),
        report=report,
        data=services.ReportData(progress=progress, status=status, percent=percent),
    )
