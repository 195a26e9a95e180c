"""Who may do what in supervision. The district report is drafted by the competent office
(区政府办); a unit's report by its own staff; the district supervisors read every report."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import (
    can_view_unit,
    is_supervisor,
    roles_in,
    supervised_district_paths,
)

from .models import AnnualReport

DRAFT_ROLES = {Role.CLERK, Role.DEPUTY, Role.HEAD}


def competent_office(root: Unit) -> Unit | None:
    return Unit.objects.filter(parent=root, is_competent_office=True).first()


def drafting_unit(report: AnnualReport) -> Unit:
    """The unit whose staff write the report and in whose name the document is registered."""
    if report.is_district:
        return competent_office(report.unit) or report.unit
    return report.unit


def supervises(user: Any, unit: Unit) -> bool:
    return any(unit.path.startswith(path) for path in supervised_district_paths(user))


def can_view_report(user: Any, report: AnnualReport) -> bool:
    if report.is_district:
        return supervises(user, report.unit) or bool(roles_in(user, drafting_unit(report)))
    return can_view_unit(user, report.unit)


def can_edit_report(user: Any, report: AnnualReport) -> bool:
    if roles_in(user, drafting_unit(report)) & DRAFT_ROLES:
        return True
    return report.is_district and supervises(user, report.unit)


def can_start_report(user: Any, unit: Unit, *, is_district: bool) -> bool:
    if is_district:
        office = competent_office(unit)
        return supervises(user, unit) or bool(office and roles_in(user, office) & DRAFT_ROLES)
    return bool(roles_in(user, unit) & DRAFT_ROLES)


def can_view_district(user: Any) -> bool:
    return is_supervisor(user)
