from typing import Any

from django.http import HttpRequest

from . import nav


def staff_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_nav": []}
    return {"staff_nav": nav.entries_for(user)}
