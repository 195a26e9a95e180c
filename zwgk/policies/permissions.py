"""Who may do what with policies. Staff of a unit keep their unit's policies; the unit's deputy
head or head, or the district office's supervisor, reviews them (never the person who
submitted); the district office sees the statistics and edits the categories."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import (
    is_staff_member,
    is_supervisor,
    memberships_of,
    roles_in,
    supervised_district_paths,
)

from .models import Policy

REVIEW_ROLES = {Role.DEPUTY, Role.HEAD}


def can_use_library(user: Any) -> bool:
    return is_staff_member(user)


def units_for_entry(user: Any) -> list[Unit]:
    """The units whose policies this user may enter (their own units)."""
    return [m.unit for m in memberships_of(user)]


def can_edit_in(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit))


def can_edit(user: Any, policy: Policy) -> bool:
    return can_edit_in(user, policy.unit)


def _supervises(user: Any, unit: Unit) -> bool:
    return any(unit.path.startswith(path) for path in supervised_district_paths(user))


def can_review(user: Any, policy: Policy) -> bool:
    """The unit's deputy head or head, or the district office (not the submitter)."""
    submitter = policy.submitted_by_id
    if policy.is_public:  # what is reviewed is the open revision, if any
        revision = policy.open_revision()
        submitter = revision.submitted_by_id if revision is not None else None
    if submitter is not None and submitter == user.pk:
        return False
    return bool(roles_in(user, policy.unit) & REVIEW_ROLES) or _supervises(user, policy.unit)


def can_view_statistics(user: Any) -> bool:
    return is_supervisor(user)


def can_manage_categories(user: Any) -> bool:
    return is_supervisor(user)
