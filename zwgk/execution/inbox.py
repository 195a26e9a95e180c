"""工作台 items of 执行公开: a unit's progress reports to write (due soon or overdue); for the
district office, one reminder with the number of overdue reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import permissions, selectors

SOON = timedelta(days=7)


def report_items(user: Any, today: date) -> Iterator[Any]:
    from zwgk.workspace.inbox import InboxItem

    units = permissions.reporting_unit_ids(user)
    if units:
        waiting = (
            selectors.open_reports(units, today)
            .filter(due_date__lte=today + SOON)
            .order_by("due_date")[:50]
        )
        for report in waiting:
            overdue = report.due_date is not None and report.due_date < today
            yield InboxItem(
                title=_("Report progress: %(task)s (%(period)s)")
                % {"task": report.task.title[:60], "period": report.period_label},
                url=reverse("execution:report_edit", args=[report.pk]),
                kind="alert" if overdue else "todo",
                due_date=report.due_date,
                unit_label=report.unit.short_name,
            )
    if permissions.can_manage_tasks(user):
        from zwgk.orgs.permissions import visible_units

        count = selectors.overdue_reports(
            list(visible_units(user).values_list("pk", flat=True)), today
        ).count()
        if count:
            yield InboxItem(
                title=_("%(count)s execution progress reports are overdue") % {"count": count},
                url=reverse("execution:task_list") + "?overdue=1",
                kind="alert",
            )
