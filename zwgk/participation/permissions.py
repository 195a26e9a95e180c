"""Who may do what with consultations and meetings. The unit's staff draft and handle; its head
approves (条例: the 决策承办单位's responsible person); the district office reads everything of
its district (orgs.permissions.can_view_unit) and changes nothing."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import can_view_unit, roles_in

STAFF_ROLES = frozenset({Role.CLERK, Role.DEPUTY, Role.HEAD})


def can_draft_in(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit) & STAFF_ROLES)


def can_view(user: Any, obj: Any) -> bool:
    return can_view_unit(user, obj.unit)


def can_handle(user: Any, obj: Any) -> bool:
    """The unit's own staff move a consultation or a meeting; the supervisor only reads."""
    return can_draft_in(user, obj.unit)


def can_approve(user: Any, obj: Any) -> bool:
    """The head of the unit approves publication of a draft decision."""
    return Role.HEAD in roles_in(user, obj.unit)


def can_see_contact(user: Any, obj: Any) -> bool:
    """Contact details of commenters and registrants: the handling unit only (masked)."""
    return can_handle(user, obj)
