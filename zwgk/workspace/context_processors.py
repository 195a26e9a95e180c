from typing import Any

from django.http import HttpRequest

from . import nav


def staff_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_nav": []}
    # Until the second factor is passed every staff page but the OTP ones is closed: no menu.
    if hasattr(user, "is_verified") and not user.is_verified():
        return {"staff_nav": [], "nav_closed": True}
    return {"staff_nav": nav.entries_for(user)}
