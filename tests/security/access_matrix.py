"""Building blocks of the URL × role access matrix (issue 5 item 3, security.md T07).

`walk()` lists every named URL of the URLconf; `ROLES` are the personas the matrix requests
them as; `object_kwargs()` fills the URL parameters with unit A's objects; `outcome()` turns a
response into one of: "ok" (2xx, or a redirect that is not to the login page), "login" (302 to
the staff login), "denied" (403/404), "refused" (400: the view was reached and refused the
request, a business rule or a permission message, no data), "post_only" (405 to a GET),
"error" (5xx).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import URLPattern, URLResolver, get_resolver, reverse

AT = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

ROLES = (
    "anonymous",
    "citizen",
    "clerk_a",
    "deputy_a",
    "head_a",
    "clerk_b",
    "supervisor",
    "system_admin",
    "security_admin",
    "audit_admin",
)
STAFF_OF_A = ("clerk_a", "deputy_a", "head_a")


def walk(patterns=None, ns: str = "", prefix: str = ""):
    """(name, route, parameter names) of every named URL pattern, namespaces included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ns
            if entry.namespace:
                inner = f"{ns}:{entry.namespace}" if ns else entry.namespace
            yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{ns}:{entry.name}" if ns else entry.name
            yield name, prefix + str(entry.pattern), tuple(entry.pattern.regex.groupindex)


def outcome(response, login_url: str) -> str:
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 405:
        return "post_only"
    if status == 400:
        return "refused"
    if status in (403, 404):
        return "denied"
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        return "login" if location.startswith(login_url) else "ok"
    if 200 <= status < 300:
        return "ok"
    return f"status_{status}"


def url_for(name: str, params: tuple[str, ...], objects: dict[str, object]) -> str | None:
    """The URL with unit A's objects filled in, or None when no fixture exists for a parameter."""
    kwargs = {}
    for param in params:
        key = f"{name}.{param}" if f"{name}.{param}" in objects else param
        if key not in objects:
            return None
        kwargs[param] = objects[key]
    return reverse(name, kwargs=kwargs)
