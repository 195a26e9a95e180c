"""Staff session rules (issue 5 items 1–2; security.md §2.1, §5.4), after authentication and
django-otp's OTPMiddleware:

- a session whose account has been disabled (or deleted) is flushed: every request with it is
  anonymous from then on;
- 12-hour absolute lifetime from the login time stored in the session (the 30-minute idle limit
  is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST);
- staff (anyone with a unit membership or a system administrator) who have not completed the
  second factor reach no staff URL (/staff/…) but the second-factor pages and logout;
- staff whose password is older than 90 days reach only the change-password page and logout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout, user_logged_in
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from zwgk.core import audit
from zwgk.orgs.duties import duties_of
from zwgk.orgs.validators import password_expired

LOGIN_AT = "zwgk_login_at"
SESSION_EXPIRED = "auth.session.expired"
STAFF_PREFIX = "/staff/"


def is_staff_account(user: object) -> bool:
    """Staff are people with a unit membership, the holders of the three administrator duties
    (system, security, audit — 三员) and Django staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_system_admin", False) or getattr(user, "is_staff", False):
        return True
    return bool(user.memberships.exists() or duties_of(user))  # type: ignore[attr-defined]


def _stamp_login(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = int(time.time())


user_logged_in.connect(_stamp_login, dispatch_uid="zwgk.workspace.login_at")


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("workspace:login"),
        reverse("workspace:logout"),
        reverse("workspace:otp_verify"),
        reverse("workspace:otp_enrol"),
    )


def _redirect(name: str, request: HttpRequest) -> HttpResponse:
    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class StaffSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            if SESSION_KEY in request.session:
                request.session.flush()  # disabled or deleted account: the session dies
            return self.get_response(request)
        login_at = request.session.get(LOGIN_AT)
        limit = getattr(settings, "ZWGK_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
        if not isinstance(login_at, int) or time.time() - login_at > limit:
            audit.record(action=SESSION_EXPIRED, by=user, at=timezone.now(), target=user)
            logout(request)
            if request.path.startswith(STAFF_PREFIX):
                return _redirect("workspace:login", request)
            return self.get_response(request)
        if request.path.startswith(STAFF_PREFIX) and not is_staff_account(user):
            # A citizen's account has no business on the staff pages: only logging out.
            if request.path in (reverse("workspace:login"), reverse("workspace:logout")):
                return self.get_response(request)
            raise Http404
        if request.path.startswith(STAFF_PREFIX):
            if request.path in _open_paths():
                return self.get_response(request)
            if not user.is_verified():
                return _redirect("workspace:otp_verify", request)
            if password_expired(user) and request.path != reverse("workspace:password_change"):
                return _redirect("workspace:password_change", request)
        return self.get_response(request)
