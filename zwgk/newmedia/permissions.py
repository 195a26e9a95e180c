"""Who may do what with new-media accounts (one predicate per action).

A unit's staff file for their unit's accounts; only the unit's head (主要负责人) agrees to a
filing (铜府办发〔2019〕16号 二（一）"经本单位主要负责人同意"); the district office's supervisors
review filings, record exceptions and see every account of the district.
"""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import can_view_unit, is_supervisor, roles_in

from .models import Filing, FilingState, MediaAccount

UNIT_ROLES = {Role.CLERK, Role.DEPUTY, Role.HEAD}


def can_file_in(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit) & UNIT_ROLES)


def can_view_account(user: Any, account: MediaAccount) -> bool:
    return can_view_unit(user, account.host_unit)


def can_file_for(user: Any, account: MediaAccount) -> bool:
    return can_file_in(user, account.host_unit)


def can_agree(user: Any, filing: Filing) -> bool:
    return filing.state == FilingState.AWAITING_HEAD and Role.HEAD in roles_in(
        user, filing.account.host_unit
    )


def can_review(user: Any, filing: Filing) -> bool:
    return (
        filing.state == FilingState.AWAITING_REVIEW
        and is_supervisor(user)
        and can_view_unit(user, filing.account.host_unit)
    )


def can_approve_exception(user: Any, unit: Unit) -> bool:
    return is_supervisor(user) and can_view_unit(user, unit)


def can_edit_sources(user: Any, account: MediaAccount) -> bool:
    return can_file_for(user, account) or (is_supervisor(user) and can_view_account(user, account))
