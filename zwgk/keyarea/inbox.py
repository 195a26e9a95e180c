"""What key-area disclosure puts in the 工作台: for a unit's staff, each item of this year that
is late or due within REMIND_DAYS; for the district supervisor, one line counting the late ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.orgs.permissions import is_supervisor, memberships_of
from zwgk.workspace.inbox import InboxItem

from . import cadence, selectors

# How long before its due date an unpublished item is shown as a reminder (platform default).
REMIND_DAYS = 30


def keyarea_items(user: Any, today: date) -> Iterable[InboxItem]:
    url = reverse("keyarea:completeness")
    seen: set[int] = set()
    for membership in memberships_of(user):
        unit = membership.unit
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        for row in selectors.list_completeness(user, year=today.year, today=today, unit=unit):
            late = row.status == cadence.LATE
            soon = row.status == cadence.MISSING and (row.period.due - today).days <= REMIND_DAYS
            if not (late or soon):
                continue
            title = (
                _("Key area late: %(item)s (%(period)s)")
                if late
                else _("Key area due soon: %(item)s (%(period)s)")
            )
            query = urlencode({"year": today.year, "unit": unit.pk, "area": row.item.area.slug})
            yield InboxItem(
                title=title % {"item": row.item.name, "period": row.period.label},
                url=f"{url}?{query}",
                kind="alert",
                due_date=row.period.due,
                unit_label=unit.short_name,
                detail=_("Publish it into the column “%(column)s”.") % {"column": row.item.name},
            )
    if is_supervisor(user):
        district_late = [
            row
            for row in selectors.list_completeness(user, year=today.year, today=today)
            if row.status == cadence.LATE and row.unit.pk not in seen
        ]
        if district_late:
            query = urlencode({"year": today.year, "status": cadence.LATE})
            yield InboxItem(
                title=_("%(count)d key-area items are late in the district")
                % {"count": len(district_late)},
                url=f"{url}?{query}",
                kind="alert",
            )
