"""Who may do what in 执行公开: the district office (supervisor) creates, assigns, closes tasks
and publishes the summary; each responsible unit sees its tasks and reports on its own part."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.permissions import is_staff_member, is_supervisor, memberships_of, roles_in

from .models import ProgressReport

UNIT_ROLES = {"clerk", "deputy", "head"}


def can_use(user: Any) -> bool:
    return is_staff_member(user)


def can_manage_tasks(user: Any) -> bool:
    return is_supervisor(user)


def reporting_unit_ids(user: Any) -> set[int]:
    return {m.unit_id for m in memberships_of(user) if m.role in UNIT_ROLES}


def can_report(user: Any, report: ProgressReport) -> bool:
    return bool(roles_in(user, report.unit) & UNIT_ROLES)
