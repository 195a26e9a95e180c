"""Who may do what with an application. Every check goes through the handling unit's roles;
a 协办 unit may read the case and answer its own request for assistance, nothing more."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import can_view_unit, memberships_of, roles_in

from .models import Assistance, DisclosureRequest

STAFF_ROLES = frozenset({Role.CLERK, Role.DEPUTY, Role.HEAD})


def can_register_in(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit) & STAFF_ROLES)


def is_assisting(user: Any, request: DisclosureRequest) -> bool:
    units = {m.unit_id for m in memberships_of(user)}
    return bool(units) and request.assistances.filter(unit_id__in=units).exists()


def can_view_request(user: Any, request: DisclosureRequest) -> bool:
    return can_view_unit(user, request.handling_unit) or is_assisting(user, request)


def can_handle_request(user: Any, request: DisclosureRequest) -> bool:
    """The handling unit's staff move the case (supervisors of the district only read it)."""
    return can_register_in(user, request.handling_unit)


def can_approve_extension(user: Any, request: DisclosureRequest) -> bool:
    """Art. 33: the head of the 政府信息公开工作机构 approves an extension. In a unit that is its
    head or the deputy head in charge of openness work."""
    return bool(roles_in(user, request.handling_unit) & {Role.HEAD, Role.DEPUTY})


def can_reveal_personal_data(user: Any, request: DisclosureRequest) -> bool:
    """Only the handling unit sees full identity and phone numbers (security.md §3.2), on
    request and audited; supervisors and 协办 units see the masked values."""
    return can_handle_request(user, request)


def can_answer_assistance(user: Any, assistance: Assistance) -> bool:
    return can_register_in(user, assistance.unit)


def can_manage_appeals(user: Any, request: DisclosureRequest) -> bool:
    return can_handle_request(user, request) or can_view_unit(user, request.handling_unit)
