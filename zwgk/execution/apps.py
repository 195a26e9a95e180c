"""执行公开: tracking of 重大决策部署 and 政府工作报告 targets,
progress reports and the summary table.
"""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    name = "zwgk.execution"
    label = "execution"
    verbose_name = _("Execution disclosure")

    def ready(self) -> None:
        from zwgk.core import deadlines, periodic
        from zwgk.supervision import problems
        from zwgk.workspace import inbox, nav

        from .inbox import report_items
        from .permissions import can_use
        from .selectors import overdue_report_problems
        from .services import flag_overdue_reports, recompute_due_dates

        deadlines.register("execution.report_due", recompute_due_dates)
        periodic.register(
            "execution.flag_overdue_reports",
            every=timedelta(hours=1),
            fn=lambda at: flag_overdue_reports(at=at),
        )
        problems.register("execution.overdue_report", overdue_report_problems)
        inbox.register(report_items)
        nav.register(
            nav.NavEntry(_("Execution disclosure"), "execution:task_list", can_use, order=59)
        )
