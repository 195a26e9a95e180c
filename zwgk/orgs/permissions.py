"""Who may do what: one predicate per action, used by views, templates and services alike.

Scoping rule: staff see the units they belong to; a supervisor of the competent office sees every
unit of that office's district. System administrators manage accounts, not business records
(三员分立), so being one grants no business visibility.
"""

from __future__ import annotations

from typing import Any

from .duties import is_audit_admin
from .models import Membership, Role, Unit, UnitQuerySet


def memberships_of(user: Any) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_zwgk_memberships", None)
    if cached is None:
        cached = list(Membership.objects.active().filter(user=user).select_related("unit"))
        user._zwgk_memberships = cached
    return cached


def roles_in(user: Any, unit: Unit) -> set[str]:
    return {m.role for m in memberships_of(user) if m.unit_id == unit.pk}


def supervised_district_paths(user: Any) -> list[str]:
    """Paths of the districts (the competent office's parent) this user supervises."""
    paths = []
    for m in memberships_of(user):
        if m.role == Role.SUPERVISOR and m.unit.is_competent_office:
            parent_path = m.unit.path.rsplit("/", 2)[0] + "/"
            paths.append(parent_path)
    return paths


def is_supervisor(user: Any) -> bool:
    return bool(supervised_district_paths(user))


def is_staff_member(user: Any) -> bool:
    return bool(memberships_of(user))


def visible_units(user: Any) -> UnitQuerySet:
    """Every unit whose records this user may see."""
    from django.db.models import Q

    query = Q(pk__in=[m.unit_id for m in memberships_of(user)])
    for path in supervised_district_paths(user):
        query |= Q(path__startswith=path)
    if not memberships_of(user):
        return Unit.objects.none()
    return Unit.objects.filter(query)


def can_view_unit(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit)) or any(
        unit.path.startswith(path) for path in supervised_district_paths(user)
    )


def can_change_unit_contact(user: Any, unit: Unit) -> bool:
    """The unit's own staff keep their disclosure-office contact block; supervisors may too."""
    return can_view_unit(user, unit)


def can_view_audit(user: Any) -> bool:
    """The district supervisors and the audit administrator (三员分立, zwgk/orgs/duties.py)."""
    return is_supervisor(user) or is_audit_admin(user)


def can_manage_calendar(user: Any) -> bool:
    return is_supervisor(user)


def can_manage_site(user: Any) -> bool:
    return is_supervisor(user)
