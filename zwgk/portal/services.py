"""Writes of the portal: the site profile. One business verb per function, each audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import can_manage_site, supervised_district_paths

from .models import SiteProfile

PROFILE_FIELDS = (
    "name",
    "domain",
    "sponsor",
    "organizer",
    "address",
    "postcode",
    "phone",
    "email",
    "site_code",
    "icp_number",
    "police_number",
    "show_party_gov_mark",
)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # Registration numbers are often pasted with spaces ("渝公网安备 5001…号").
        return value.strip()
    return value


def normalise(name: str, value: Any) -> Any:
    value = _clean(value)
    if name in {"icp_number", "police_number", "site_code"} and isinstance(value, str):
        return "".join(value.split())
    if name == "domain" and isinstance(value, str):
        return value.lower()
    return value


def _message(error: ValidationError) -> str:
    return "；".join(str(m) for messages in error.message_dict.values() for m in messages)


def _acting_unit(district: Unit) -> Unit:
    """The supervisor acts for the district's competent office (区政府办)."""
    office = Unit.objects.filter(parent=district, is_competent_office=True).first()
    return office or district


def may_manage_site_of(user: Any, district: Unit) -> bool:
    """The district office supervisor of this very district (not of another one)."""
    return can_manage_site(user) and district.path in supervised_district_paths(user)


@transaction.atomic
def save_site_profile(
    *, by: Any, at: datetime, district: Unit, data: dict[str, Any]
) -> SiteProfile:
    """Create or change the district's site profile; bad values change nothing."""
    if district.parent_id is not None:
        raise DomainError("网站信息只能为区县人民政府（根单位）设置。")
    if not may_manage_site_of(by, district):
        raise PermissionDeniedError("您无权修改网站信息。")
    profile = SiteProfile.objects.select_for_update().filter(unit=district).first()
    created = profile is None
    if profile is None:
        profile = SiteProfile(unit=district, updated_at=at)
    before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, normalise(name, data[name]))
    try:
        profile.full_clean()
    except ValidationError as error:
        raise DomainError(_message(error)) from error
    after = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    if not created and after == before:
        return profile
    profile.updated_at = at
    profile.save()
    changed = [name for name in PROFILE_FIELDS if created or before[name] != after[name]]
    audit.record(
        action="portal.site_profile.created" if created else "portal.site_profile.updated",
        by=by,
        at=at,
        target=profile,
        unit=_acting_unit(district),
        before=None if created else {k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return profile


@transaction.atomic
def ensure_site_profile(
    *, by: Any, at: datetime, district: Unit, defaults: dict[str, Any]
) -> SiteProfile:
    """Give a district its first profile from `defaults` if it has none (installation, demo).

    Called by code acting for the system (`by=None`), never from a request: staff change the
    profile through `save_site_profile`, which checks who they are.
    """
    existing = SiteProfile.objects.filter(unit=district).first()
    if existing is not None:
        return existing
    if district.parent_id is not None:
        raise DomainError("网站信息只能为区县人民政府（根单位）设置。")
    profile = SiteProfile(unit=district, updated_at=at)
    for name in PROFILE_FIELDS:
        if name in defaults:
            setattr(profile, name, normalise(name, defaults[name]))
    try:
        profile.full_clean()
    except ValidationError as error:
        raise DomainError(_message(error)) from error
    profile.save()
    audit.record(
        action="portal.site_profile.created",
        by=by,
        at=at,
        target=profile,
        after={name: getattr(profile, name) for name in PROFILE_FIELDS},
    )
    return profile
