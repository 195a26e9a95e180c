"""The `site` context processor: the site profile for every template rendered with a request.

Lazy (no query unless a template uses it) and safe: `get_site_info()` never raises, so a broken
database cannot turn a page into a 500, nor the 500 page into a second error.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, Any]:
    """`site` plus the constants of the public layout, for pages of other apps extending it."""
    from .publishing import layout_context
    from .selectors import get_site_info

    return {**layout_context(), "site": SimpleLazyObject(get_site_info)}
