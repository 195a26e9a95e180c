"""Who may maintain the dictionaries: the district office (区政府办) supervisors, for every unit
of the district (the lists are shared: every unit's content is checked against the same ones)."""

from __future__ import annotations

from typing import Any

from zwgk.orgs.permissions import is_supervisor


def can_manage_dictionaries(user: Any) -> bool:
    return is_supervisor(user)
