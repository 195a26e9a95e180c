"""Issue 5 item 7 (security.md T02 in-process part, T31): security headers on staff, portal and
static responses; error pages that reveal no traceback, SQL, settings or paths.

HSTS is switched on by ZWGK_HTTPS=1 (config/settings/base.py); the test settings run over plain
HTTP, so the HTTPS values are applied here exactly as base.py sets them, and `make lint` runs
`zwgk check --deploy --fail-level WARNING` against .env.example to prove production has them.
"""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.security.raising_urls import SECRET_DETAIL

HTTPS = {
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_SSL_REDIRECT": False,  # the proxy redirects; the request below is already HTTPS
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "WHITENOISE_USE_FINDERS": True,
}


def _checked(response, *, csp: bool = True) -> list[str]:
    """Names of the missing or wrong headers of one response."""
    problems = []
    hsts = response.headers.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", hsts)
    if not match or int(match.group(1)) < 31_536_000 or "includeSubDomains" not in hsts:
        problems.append("hsts")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff")
    if response.headers.get("Referrer-Policy") not in {"same-origin", "no-referrer"}:
        problems.append("referrer-policy")
    policy = response.headers.get("Content-Security-Policy", "")
    csp = csp and not 300 <= response.status_code < 400  # a bodyless redirect renders nothing
    if csp and ("frame-ancestors 'none'" not in policy or "default-src 'self'" not in policy):
        problems.append("csp")
    return problems


@pytest.mark.django_db
def test_headers_on_portal_staff_and_static(officer_a):
    with override_settings(**HTTPS):
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        staff = Client(HTTP_X_FORWARDED_PROTO="https")
        staff.force_login(officer_a)
        responses = {
            "portal home": client.get("/"),
            "portal 404": client.get("/no-such-page/"),
            "staff login": client.get(reverse("workspace:login")),
            "staff home (anonymous)": client.get(reverse("workspace:home")),
            "staff home": staff.get(reverse("workspace:home")),
            "staff home, followed": staff.get(reverse("workspace:home"), follow=True),
            "public form": client.get("/ysqgk/", follow=True),
        }
        static = client.get(settings.STATIC_URL + "zwgk/zwgk.css")
    assert static.status_code == 200
    missing = {name: _checked(r) for name, r in responses.items() if _checked(r)}
    assert missing == {}
    # Static files are CSS/JS, not documents: HSTS, nosniff and Referrer-Policy, CSP not needed.
    assert _checked(static, csp=False) == []
    assert all(r.status_code < 500 for r in responses.values())


def test_frame_and_cookie_settings():
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert "frame-ancestors" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]


LEAKS = re.compile(
    r"Traceback|File \"|/work/|\.py\b|SELECT|no_such_table|OperationalError|RuntimeError|"
    r"KeyError|SECRET_KEY|DATABASES|site-packages",
)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.security.raising_urls", DEBUG=False)
@pytest.mark.parametrize("url", ["/boom/plain/", "/boom/sql/", "/boom/key/"])
def test_server_error_page_is_generic(url, caplog):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == 500
    body = response.content.decode()
    assert LEAKS.search(body) is None, LEAKS.search(body)
    assert SECRET_DETAIL not in body
    assert 'id="error-heading"' in body  # the portal's generic 500 page, not a debug page
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "probe", ["/.git/config", "/admin/doc/", "/__debug__/", "/settings.py.bak"]
)
def test_probes_get_a_plain_404(probe):
    response = Client().get(probe)
    assert response.status_code == 404
    assert LEAKS.search(response.content.decode()) is None
