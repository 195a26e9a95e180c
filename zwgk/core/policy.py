"""Named permission checks that core's own pages ask for, supplied by the domain.

Core knows no units or roles, so `orgs` registers the predicates (in its AppConfig.ready()).
An unregistered name denies: a page is closed until something says who may open it.
"""

from collections.abc import Callable
from typing import Any

Predicate = Callable[[Any], bool]
_predicates: dict[str, Predicate] = {}

VIEW_AUDIT = "core.view_audit"
MANAGE_CALENDAR = "core.manage_calendar"
USE_WORKDAY_CALCULATOR = "core.use_workday_calculator"  # any staff member (a clerk too)


def register(name: str, predicate: Predicate) -> None:
    _predicates[name] = predicate


def allows(name: str, user: Any) -> bool:
    predicate = _predicates.get(name)
    return bool(predicate and getattr(user, "is_authenticated", False) and predicate(user))
