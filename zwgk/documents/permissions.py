"""Who may do what with a document. Every check goes through the publishing unit's roles."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role
from zwgk.orgs.permissions import can_view_unit, roles_in, supervised_district_paths

from .models import Document, Status


def can_view_document(user: Any, document: Document) -> bool:
    return can_view_unit(user, document.publishing_unit)


def can_draft_in(user: Any, unit: Any) -> bool:
    return bool(roles_in(user, unit) & {Role.CLERK, Role.DEPUTY, Role.HEAD})


def can_edit_document(user: Any, document: Document) -> bool:
    return document.is_editable and can_draft_in(user, document.publishing_unit)


def is_office_checker(user: Any, document: Document) -> bool:
    """A supervisor of the competent office of the document's district."""
    return any(document.publishing_unit.path.startswith(p) for p in supervised_district_paths(user))


def can_review_document(user: Any, document: Document) -> bool:
    """The reviewer for the document's current stage — never the person who drafted it."""
    if document.created_by_id == getattr(user, "pk", None):
        return False
    roles = roles_in(user, document.publishing_unit)
    if document.status == Status.DEPUTY_REVIEW:
        return Role.DEPUTY in roles or Role.HEAD in roles
    if document.status == Status.HEAD_REVIEW:
        return Role.HEAD in roles
    if document.status == Status.OFFICE_REVIEW:
        return is_office_checker(user, document)
    return False


def can_override_findings(user: Any, document: Document) -> bool:
    """Only the unit head (主要负责人, the 第一责任人) may publish despite a blocking finding."""
    return Role.HEAD in roles_in(user, document.publishing_unit)


def can_publish_document(user: Any, document: Document) -> bool:
    return can_draft_in(user, document.publishing_unit) or is_office_checker(user, document)


def can_withdraw_document(user: Any, document: Document) -> bool:
    roles = roles_in(user, document.publishing_unit)
    return bool(roles & {Role.DEPUTY, Role.HEAD}) or is_office_checker(user, document)
