"""Reads for the public portal.

Public pages show public facts only: the site profile, the active units of the portal's district
and their disclosure-office contact blocks. Nothing here depends on who is asking.

`get_site_info()` never raises: with no profile (a fresh database) it falls back to the district's
units, and with no database at all to built-in defaults, so that the footer and the error pages
always render. The last profile read successfully is kept in memory for the 500 page, which must
not touch the database (`last_known_site_info()`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from zwgk.orgs.models import Unit, UnitQuerySet
from zwgk.orgs.selectors import list_public_units

from .models import SiteProfile

logger = logging.getLogger(__name__)

# The text of the 党政机关网站标识 (issued by 中央编办); shown as text, never as a remote image.
PARTY_GOV_MARK_TEXT = "党政机关"


@dataclass(frozen=True)
class SiteInfo:
    """What a public page needs to know about the site. Plain data: safe without a database."""

    name: str
    domain: str = ""
    sponsor: str = ""
    organizer: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    site_code: str = ""
    icp_number: str = ""
    police_number: str = ""
    show_party_gov_mark: bool = False
    district_id: int | None = None
    district_code: str = ""
    is_configured: bool = False
    party_gov_mark_text: str = field(default=PARTY_GOV_MARK_TEXT)


# First customer: 重庆市铜梁区人民政府 (domain seen on its own pages, www.cqstl.gov.cn).
DEFAULT_SITE = SiteInfo(name="重庆市铜梁区人民政府", domain="www.cqstl.gov.cn")

_last_known: SiteInfo | None = None


def _from_profile(profile: SiteProfile) -> SiteInfo:
    return SiteInfo(
        name=profile.name,
        domain=profile.domain,
        sponsor=profile.sponsor,
        organizer=profile.organizer,
        address=profile.address,
        postcode=profile.postcode,
        phone=profile.phone,
        email=profile.email,
        site_code=profile.site_code,
        icp_number=profile.icp_number,
        police_number=profile.police_number,
        show_party_gov_mark=profile.show_party_gov_mark,
        district_id=profile.unit_id,
        district_code=profile.unit.code,
        is_configured=True,
    )


def get_portal_district() -> Unit | None:
    """The district (root unit) this portal serves: settings.ZWGK_SITE_UNIT or the first root."""
    roots = Unit.objects.active().filter(parent__isnull=True)
    code = getattr(settings, "ZWGK_SITE_UNIT", "")
    if code:
        return roots.filter(code=code).first()
    return roots.order_by("sort_order", "path").first()


def get_competent_office(district: Unit) -> Unit | None:
    return Unit.objects.active().filter(parent=district, is_competent_office=True).first()


def get_site_profile(district: Unit) -> SiteProfile | None:
    return SiteProfile.objects.select_related("unit").filter(unit=district).first()


def _site_info_from_db() -> SiteInfo:
    district = get_portal_district()
    if district is None:
        return DEFAULT_SITE
    profile = get_site_profile(district)
    if profile is not None:
        return _from_profile(profile)
    office = get_competent_office(district)
    return replace(
        DEFAULT_SITE,
        name=district.name,
        sponsor=office.name if office else district.name,
        address=district.office_address or (office.office_address if office else ""),
        district_id=district.pk,
        district_code=district.code,
    )


def get_site_info() -> SiteInfo:
    """The site facts for a public page; never raises (see the module docstring)."""
    global _last_known
    try:
        info = _site_info_from_db()
    except DatabaseError:
        logger.warning("site profile unavailable; using the last known values", exc_info=True)
        return last_known_site_info()
    _last_known = info
    return info


def last_known_site_info() -> SiteInfo:
    """The site facts without touching the database (for the 500 page)."""
    return _last_known or DEFAULT_SITE


def list_portal_units(district: Unit) -> UnitQuerySet:
    """Active units of the district, the district itself first, in tree order."""
    return list_public_units().within(district).order_by("path")


@dataclass(frozen=True)
class Entry:
    """One item of a column list (documents arrive with the proactive-disclosure issue)."""

    title: str
    url: str
    date: date
    index_number: str = ""


@dataclass(frozen=True)
class EntryPage:
    entries: tuple[Entry, ...]
    number: int
    num_pages: int
    count: int


def list_column_entries(unit: Unit, column_slug: str, page: int = 1) -> EntryPage:
    """The published items of a unit's column. Empty until documents are published."""
    return EntryPage(entries=(), number=1, num_pages=1, count=0)


def office_contact(unit: Unit) -> dict[str, Any]:
    """The unit's 政府信息公开工作机构 block (条例 art. 12), only the fields it has."""
    return {
        "unit": unit,
        "name": unit.office_name,
        "address": unit.office_address,
        "postcode": unit.office_postcode,
        "hours": unit.office_hours,
        "phone": unit.office_phone,
        "fax": unit.office_fax,
        "email": unit.office_email,
        "is_complete": unit.has_office_contact,
        "is_empty": not any(
            [
                unit.office_name,
                unit.office_address,
                unit.office_hours,
                unit.office_phone,
                unit.office_fax,
                unit.office_email,
            ]
        ),
    }
