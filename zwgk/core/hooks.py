"""What the working-day calendar contributes to the staff workspace: nav entries and the inbox
alert that the next year's arrangement is missing.

Core may not import the workspace (import-linter: "core knows no domain app"), so the workspace's
registries are handed in by whoever wires the apps together — zwgk/orgs/apps.py calls
`register_workspace_hooks(nav=…, inbox=…)` from its ready(). Registering twice is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import policy, selectors

_item_class: Any = None


def can_manage_calendar(user: Any) -> bool:
    return policy.allows(policy.MANAGE_CALENDAR, user)


def can_use_calculator(user: Any) -> bool:
    return policy.allows(policy.USE_WORKDAY_CALCULATOR, user)


def missing_years(today: date, known: frozenset[int]) -> list[int]:
    """This year if it has no data; from November on also next year (国务院办公厅 usually
    publishes the next year's arrangement in November or December, rules.md §8.4)."""
    wanted = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [year for year in wanted if year not in known]


def calendar_alerts(user: Any, today: date) -> list[Any]:
    """Inbox provider: alerts for the people who maintain the calendar (the district office)."""
    if _item_class is None or not can_manage_calendar(user):
        return []
    items = []
    for year in missing_years(today, selectors.known_years()):
        url = f"{reverse('core:calendar_import')}?year={year}"
        if year == today.year:
            title = _("The holiday arrangement for %(year)s is missing") % {"year": year}
            detail = _(
                "Deadlines in working days cannot be computed for this year. Import the "
                "arrangement now."
            )
            due = today
        else:
            title = _("Import the holiday arrangement for %(year)s") % {"year": year}
            detail = _(
                "The State Council usually publishes it in November or December. Deadlines that "
                "run into %(year)s cannot be computed until it is imported."
            ) % {"year": year}
            due = date(today.year, 12, 31)
        items.append(_item_class(title=title, url=url, kind="alert", due_date=due, detail=detail))
    return items


def register_workspace_hooks(*, nav: Any, inbox: Any) -> None:
    """Register the calendar's nav entries and inbox provider with the workspace registries."""
    global _item_class
    _item_class = inbox.InboxItem
    nav.register(
        nav.NavEntry(
            label=gettext_lazy("Working-day calendar"),
            url_name="core:calendar_years",
            allowed=can_manage_calendar,
            order=80,
        )
    )
    nav.register(
        nav.NavEntry(
            label=gettext_lazy("Working-day calculator"),
            url_name="core:calendar_calculator",
            allowed=can_use_calculator,
            order=81,
        )
    )
    inbox.register(calendar_alerts)
