"""Request-scoped context for the audit trail."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import context


def client_ip(request: HttpRequest) -> str | None:
    """The client address. Behind the production proxy only its X-Real-IP is trusted
    (ZWGK_TRUST_X_REAL_IP); a client-supplied X-Forwarded-For is never believed."""
    if getattr(settings, "ZWGK_TRUST_X_REAL_IP", False):
        real = str(request.META.get("HTTP_X_REAL_IP", "")).strip()
        if real:
            return real
    return str(request.META.get("REMOTE_ADDR", "")) or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        facts = context.RequestFacts(
            ip=client_ip(request), request_id=uuid.uuid4().hex, channel="web"
        )
        token = context.set_current(facts)
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
