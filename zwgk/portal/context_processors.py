"""The `site` context processor: the site profile for every template rendered with a request.

Lazy (no query unless a template uses it) and safe: `get_site_info()` never raises, so a broken
database cannot turn a page into a 500, nor the 500 page into a second error.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, Any]:
    from .selectors import get_site_info

    return {"site": SimpleLazyObject(get_site_info)}
