from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    from .selectors import get_site_profile

    return {"site": get_site_profile()}
