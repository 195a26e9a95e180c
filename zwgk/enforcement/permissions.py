"""Who may do what in 行政执法公示 (谁执法谁公示): a unit's own staff keep and publish its
information and decisions; the district supervisor reads every unit's (no writing for others)."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import can_view_unit, is_staff_member, roles_in


def can_use(user: Any) -> bool:
    return is_staff_member(user)


def can_view(user: Any, unit: Unit) -> bool:
    return can_view_unit(user, unit)


def can_manage(user: Any, unit: Unit) -> bool:
    """Clerk, deputy or head of the unit itself (the unit that enforces publishes)."""
    return bool(roles_in(user, unit) & {"clerk", "deputy", "head"})


def managed_units(user: Any) -> list[Unit]:
    from zwgk.orgs.permissions import memberships_of

    seen: dict[int, Unit] = {}
    for membership in memberships_of(user):
        if membership.role in {"clerk", "deputy", "head"}:
            seen.setdefault(membership.unit_id, membership.unit)
    return sorted(seen.values(), key=lambda unit: unit.path)
