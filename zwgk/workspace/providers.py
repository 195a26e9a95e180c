"""Inbox providers for what the foundation itself knows: units' disclosure-office contact blocks.

The public 政府信息公开指南 must give each 工作机构's name, address, hours and phone (条例 art. 12),
so a unit whose block is incomplete is told, and the district office sees how many are.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.orgs import permissions
from zwgk.orgs.models import Unit

from .inbox import InboxItem

_INCOMPLETE = Q(office_name="") | Q(office_address="") | Q(office_hours="") | Q(office_phone="")


def contact_block_alerts(user: Any, today: date) -> Iterable[InboxItem]:
    own_ids = [m.unit_id for m in permissions.memberships_of(user)]
    for unit in Unit.objects.active().filter(_INCOMPLETE, pk__in=own_ids):
        yield InboxItem(
            title=_("Complete the disclosure office contact details"),
            url=reverse("workspace:unit_contact_edit", args=[unit.pk]),
            kind="alert",
            unit_label=unit.name,
            detail=_("The public disclosure guide shows them (Regulations art. 12)."),
        )
    if permissions.is_supervisor(user):
        count = (
            permissions.visible_units(user)
            .active()
            .filter(_INCOMPLETE)
            .exclude(pk__in=own_ids)
            .count()
        )
        if count:
            yield InboxItem(
                title=_("%(count)d units have incomplete disclosure office contact details")
                % {"count": count},
                url=reverse("workspace:unit_list"),
                kind="alert",
            )
