"""Extension points for work built on top of the applications (letters, the portal).

Services call these after their transaction commits (`transaction.on_commit`), so a listener
sees committed rows and cannot roll a legal fact back. A listener that fails is logged and does
not affect the others. Register listeners in an AppConfig.ready():

    hooks.on_reply_recorded(generate_reply_letter)     # fn(reply_pk: int)
    hooks.on_event_recorded(generate_notice)           # fn(event_pk: int) — 补正告知书 etc.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Listener = Callable[[int], object]
_reply_listeners: list[Listener] = []
_event_listeners: list[Listener] = []


def on_reply_recorded(fn: Listener) -> Listener:
    if fn not in _reply_listeners:
        _reply_listeners.append(fn)
    return fn


def on_event_recorded(fn: Listener) -> Listener:
    if fn not in _event_listeners:
        _event_listeners.append(fn)
    return fn


def _notify(listeners: list[Listener], pk: int) -> None:
    for fn in list(listeners):
        try:
            fn(pk)
        except Exception:
            logger.exception("disclosure_requests listener %r failed for %s", fn, pk)


def reply_recorded(reply_pk: int) -> None:
    _notify(_reply_listeners, reply_pk)


def event_recorded(event_pk: int) -> None:
    _notify(_event_listeners, event_pk)
