"""Who may do what in monitoring."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.permissions import can_view_unit, is_supervisor


def can_view_monitoring(user: Any) -> bool:
    from zwgk.orgs.permissions import is_staff_member

    return is_staff_member(user)


def can_manage_websites(user: Any) -> bool:
    """Registering sites, confirming columns, editing the scoring table: the district office."""
    return is_supervisor(user)


def can_answer_rectification(user: Any, rectification: Any) -> bool:
    return can_view_unit(user, rectification.unit)


def can_close_rectification(user: Any) -> bool:
    return is_supervisor(user)
