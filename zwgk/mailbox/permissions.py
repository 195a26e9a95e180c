"""Who may do what with letters and messages.

The handling unit's staff read and answer its letters; its head or deputy head approves a reply
before it goes out (先审后发), and the approver is not the person who drafted it. The district
office's supervisors configure the mailboxes, route letters to the responsible unit (transfer),
see every letter of the district (件件有回音) and publish representative ones.
"""

from __future__ import annotations

from typing import Any

from zwgk.orgs.models import Role, Unit
from zwgk.orgs.permissions import can_view_unit, is_supervisor, roles_in

from .models import Letter, Message

STAFF_ROLES = frozenset({Role.CLERK, Role.DEPUTY, Role.HEAD})
APPROVER_ROLES = frozenset({Role.HEAD, Role.DEPUTY})


def can_manage_mailboxes(user: Any) -> bool:
    return is_supervisor(user)


def can_view_letter(user: Any, letter: Letter) -> bool:
    return can_view_unit(user, letter.handling_unit)


def can_handle_letter(user: Any, letter: Letter) -> bool:
    return bool(roles_in(user, letter.handling_unit) & STAFF_ROLES)


def can_approve_reply(user: Any, letter: Letter) -> bool:
    return bool(roles_in(user, letter.handling_unit) & APPROVER_ROLES)


def can_transfer_letter(user: Any, letter: Letter) -> bool:
    return is_supervisor(user) and can_view_unit(user, letter.handling_unit)


def can_publish_letter(user: Any, letter: Letter) -> bool:
    return is_supervisor(user) and can_view_unit(user, letter.handling_unit)


def can_reveal_personal_data(user: Any, letter: Letter) -> bool:
    """Only the handling unit, to contact the writer; audited (security.md §3.2)."""
    return can_handle_letter(user, letter)


def can_record_messages_in(user: Any, unit: Unit) -> bool:
    return bool(roles_in(user, unit) & STAFF_ROLES) or (
        is_supervisor(user) and can_view_unit(user, unit)
    )


def can_answer_message(user: Any, message: Message) -> bool:
    return can_record_messages_in(user, message.unit)
