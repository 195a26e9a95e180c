"""工作台 items of supervision: the annual report on last year a person has to write (from
1 January until it is published), and for the district supervisors the reports overdue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.workspace.inbox import InboxItem

from . import selectors


def annual_report_items(user: Any, today: date) -> Iterable[InboxItem]:
    year = today.year - 1
    if year < 2021:
        return []
    items = []
    for row in selectors.reports_due_for(user, today):
        url = (
            reverse("supervision:annual_detail", kwargs={"pk": row.report.pk})
            if row.report
            else reverse("supervision:annual_list") + f"?year={year}"
        )
        items.append(
            InboxItem(
                title=f"{year}年政府信息公开工作年度报告（{row.status_label}）",
                url=url,
                kind="todo",
                due_date=row.due,
                unit_label=row.unit.name + ("（全区）" if row.is_district else ""),
                detail="《政府信息公开条例》第四十九条",
            )
        )
    if selectors.supervised_roots(user):
        overdue = [row for row in selectors.list_report_status(user, year, today) if row.is_overdue]
        if overdue:
            items.append(
                InboxItem(
                    title=f"{len(overdue)}个{year}年度报告逾期未发布",
                    url=reverse("supervision:annual_list") + f"?year={year}",
                    kind="alert",
                    due_date=min(row.due for row in overdue),
                    detail="、".join(row.unit.name for row in overdue[:5])
                    + ("等" if len(overdue) > 5 else ""),
                )
            )
    return items


def bulletin_items(user: Any, today: date) -> Iterable[InboxItem]:
    """Each 通报 item of the user's units awaiting its rectification report."""
    return [
        InboxItem(
            title=f"通报整改：{item.kind}",
            url=reverse("supervision:bulletin_detail", kwargs={"pk": item.bulletin_id})
            + f"#item-{item.pk}",
            kind="todo",
            due_date=item.rectify_by,
            unit_label=item.unit.name,
            detail=item.bulletin.title,
        )
        for item in selectors.open_items_for(user)
    ]
