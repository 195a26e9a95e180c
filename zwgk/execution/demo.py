"""Demo 执行公开 content of the demo district (for `zwgk demo_site`).

NOT real: the tasks are invented placeholders in the style of a 区政府工作报告, marked （演示）;
the responsible units are the district's real units. Units reported most quarters; one report
is missing and one came late, so the overdue flags, the 工作台 and the summary table have
something to show. A summary table is published. Idempotent: nothing is added when the
district already has tasks.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from zwgk.orgs.models import Membership, Role, Unit

from . import services
from .models import Task
from .statute import Cadence, ProgressStatus, SourceKind

SOURCE = "2026年区政府工作报告（演示）"

# number, title, lead, co-operating units, measures, steps
TASKS = (
    ("1", "新建改扩建中小学校3所，新增学位2700个（演示）", "tlq-jw", ("tlq-ghzyj", "tlq-zjw"),
     "完成选址和立项，年内开工建设，秋季学期前完成1所投用（演示）。",
     ((date(2026, 3, 31), "完成选址"), (date(2026, 9, 1), "1所学校投用"))),
    ("2", "新增社区养老服务站10个（演示）", "tlq-mzj", ("tlq-czj",),
     "盘活闲置用房，引入专业机构运营（演示）。",
     ((date(2026, 6, 30), "完成5个"), (date(2026, 12, 31), "完成10个"))),
    ("3", "改造城区老旧小区12个（演示）", "tlq-zjw", ("tlq-cgj",),
     "制定改造方案，分批实施，完工一个验收一个（演示）。",
     ((date(2026, 4, 30), "方案批复"), (date(2026, 11, 30), "全部完工"))),
)  # fmt: skip

ON, BEHIND = ProgressStatus.ON_TRACK, ProgressStatus.BEHIND

# (task number, unit code, quarter) → (report date, status, percent, progress); missing = not
# reported.
REPORTS = {
    ("1", "tlq-jw", "2026Q1"): (date(2026, 4, 3), ON, 25, "3所学校均已完成选址。"),
    ("1", "tlq-jw", "2026Q2"): (date(2026, 7, 3), ON, 50, "2所开工建设。"),
    ("1", "tlq-jw", "2026Q3"): (date(2026, 10, 9), ON, 70, "1所已投用。"),
    ("1", "tlq-ghzyj", "2026Q1"): (date(2026, 4, 7), ON, None, "用地规划已调整。"),
    ("2", "tlq-mzj", "2026Q1"): (date(2026, 4, 8), ON, 20, "完成2个站点选址。"),
    ("2", "tlq-mzj", "2026Q2"): (date(2026, 7, 20), BEHIND, 40, "运营机构招标延期。"),
    ("3", "tlq-zjw", "2026Q1"): (date(2026, 4, 2), ON, 10, "改造方案编制中。"),
    ("3", "tlq-zjw", "2026Q2"): (date(2026, 7, 6), ON, 45, "6个小区开工。"),
}  # fmt: skip


def _member(unit: Unit, roles: list[str]) -> object | None:
    membership = (
        Membership.objects.active()
        .filter(unit=unit, role__in=roles)
        .order_by("role")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未添加执行公开任务。"
    if Task.objects.filter(lead_unit__path__startswith=district.path).exists():
        return "已有执行公开任务，未重复添加。"
    office = Unit.objects.filter(path__startswith=district.path, is_competent_office=True).first()
    supervisor = _member(office, [Role.SUPERVISOR]) if office else None
    if supervisor is None:
        return "未找到区政府办督查人员，未添加执行公开任务。"
    codes = {c for t in TASKS for c in (t[2], *t[3])}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes, path__startswith=district.path)}
    tasks = {}
    for number, title, lead, co, measures, steps in TASKS:
        if lead not in units:
            continue
        tasks[number] = services.create_task(
            by=supervisor,
            at=_at(date(2026, 1, 5)),
            data=services.TaskData(
                year=2026,
                source_kind=SourceKind.WORK_REPORT,
                source_title=SOURCE,
                number=number,
                title=title,
                measures=measures,
                division_of_work=f"{units[lead].short_name}牵头，配合单位按职责分工落实（演示）。",
                supervision_method="区政府办按季度督查，结果纳入年度目标考核（演示）。",
                lead_unit=units[lead],
                co_units=[units[c] for c in co if c in units],
                cadence=Cadence.QUARTERLY,
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
                milestones=list(steps),
            ),
        )
    reported = 0
    for (number, code, quarter), (day, status, percent, progress) in sorted(
        REPORTS.items(), key=lambda item: item[1][0]
    ):
        task = tasks.get(number)
        unit = units.get(code)
        author = _member(unit, [Role.CLERK, Role.DEPUTY, Role.HEAD]) if unit else None
        if task is None or author is None or _at(day) > at:
            continue
        report = task.reports.get(unit=unit, period_key=quarter)
        services.submit_report(
            by=author,
            at=_at(day),
            report=report,
            data=services.ReportData(progress=progress, status=status, percent=percent),
        )
        reported += 1
    flagged = services.flag_overdue_reports(at=at)
    published = 0
    if tasks:
        services.publish_summary(
            by=supervisor, at=at, viewer=supervisor, year=2026, source_title=SOURCE
        )
        published = 1
    return (
        f"目标任务{len(tasks)}项，进展报送{reported}份，逾期标记{flagged}份，"
        f"公开汇总表{published}张。"
    )
