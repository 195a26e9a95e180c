"""Per-request facts (client IP, request id) that the audit trail records.

Set by RequestContextMiddleware for web requests; command-line verbs leave them empty, and the
audit row then records the command instead of an IP.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestFacts:
    ip: str | None = None
    request_id: str = ""
    channel: str = "cli"


_NO_REQUEST = RequestFacts()
_current: ContextVar[RequestFacts] = ContextVar("zwgk_request_facts")


def current() -> RequestFacts:
    return _current.get(_NO_REQUEST)


def set_current(facts: RequestFacts):  # type: ignore[no-untyped-def]
    return _current.set(facts)


def reset(token) -> None:  # type: ignore[no-untyped-def]
    _current.reset(token)
