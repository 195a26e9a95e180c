"""Who may do what with a 舆情 case.

The responsible unit's staff handle the case; units invited to 会商 read it and give their
opinion; the district office's supervisors (区政府办 organises and coordinates, seed notice
§一(三)2) read every case of their district, open cases for any unit and change the responsible
unit.
"""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import can_view_unit, is_supervisor, memberships_of, roles_in

from .models import Case

STAFF_ROLES = frozenset({Role.CLERK, Role.DEPUTY, Role.HEAD})


def staff_unit_ids(user: Any) -> set[int]:
    return {m.unit_id for m in memberships_of(user) if m.role in STAFF_ROLES}


def can_open_case_in(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit) & STAFF_ROLES) or (
        is_supervisor(user) and can_view_unit(user, unit)
    )


def is_invited(user: Any, case: Case) -> bool:
    units = staff_unit_ids(user)
    return bool(units) and case.opinions.filter(unit_id__in=units).exists()


def can_view_case(user: Any, case: Case) -> bool:
    return can_view_unit(user, case.unit) or is_invited(user, case)


def can_handle_case(user: Any, case: Case) -> bool:
    """研判, 回应, 评估 and inviting units: the responsible unit's staff."""
    return bool(roles_in(user, case.unit) & STAFF_ROLES)


def can_coordinate_case(user: Any, case: Case) -> bool:
    """Inviting units to 会商: the responsible unit, or the district office."""
    return can_handle_case(user, case) or (is_supervisor(user) and can_view_unit(user, case.unit))


def can_reassign_case(user: Any, case: Case) -> bool:
    return is_supervisor(user) and can_view_unit(user, case.unit)
