"""What 舆情 cases put in each person's 工作台: the running response timers of their units'
cases (as alerts, nearest first, with the due day) and the 会商 opinions their unit was asked
for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zwgk.workspace.inbox import InboxItem

from . import selectors
from .models import OPEN_STATUSES, CaseOpinion
from .permissions import staff_unit_ids

LIMIT = 50


def case_items(user: Any, today: date) -> Iterable[InboxItem]:
    units = staff_unit_ids(user)
    if not units:
        return
    for timer in selectors.list_running_timers(units)[:LIMIT]:
        due = timezone.localtime(timer.due_at)
        yield InboxItem(
            title=_("Public opinion: %(title)s — %(timer)s by %(due)s")
            % {"title": timer.case.title, "timer": timer.label, "due": f"{due:%Y-%m-%d %H:%M}"},
            url=reverse("sentiment:detail", args=[timer.case_id]),
            kind="alert",
            due_date=due.date(),
            unit_label=timer.case.unit.short_name,
            detail=timer.source,
        )
    opinions = CaseOpinion.objects.filter(
        unit_id__in=units, answered_at__isnull=True, case__status__in=OPEN_STATUSES
    ).select_related("case", "unit")
    for opinion in opinions[:LIMIT]:
        yield InboxItem(
            title=_("Give your opinion on the public-opinion case: %(title)s")
            % {"title": opinion.case.title},
            url=reverse("sentiment:detail", args=[opinion.case_id]),
            kind="todo",
            unit_label=opinion.unit.short_name,
        )
