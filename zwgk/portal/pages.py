"""The core of every public page: `Page`, `SiteData` and `render_page(page, data) -> str`.

A page never depends on the request (no user, no CSRF token, no absolute URL built from the Host
header): only on `SiteData`, a snapshot of the public facts read once per publish run or per
request. The views return exactly the bytes `render_page` makes and `zwgk publish` writes them to
files, so a URL and its file cannot drift apart.

A `Page` names its URL path (which is also its file: "/xxgk/" -> "xxgk/index.html",
"/xxgk/u/c/page-2.html" -> the same name), its template and the builder of its context, and
carries tags ("site", "unit:<code>", "doc:<pk>", "list:<key>" …) that incremental publishing
uses to find the pages a change touches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from zwgk.orgs.models import Unit

from . import columns, statute
from .columns import Column
from .selectors import (
    DocumentView,
    SiteInfo,
    get_competent_office,
    get_portal_district,
    get_site_info,
    list_portal_units,
    load_document_views,
)

# The site search is a dynamic page of its own app (zwgk.search), not a published file; the
# search box of every page submits to it.
SEARCH_PATH = "/search/"
HTML = "text/html; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
SITE_TAG = "site"


class PageNotFound(LookupError):
    """No such public page (the view answers 404)."""


class SiteData:
    """The public facts the pages are made of, read once per publish run or per request.

    Documents are read when a page needs them; `expect_documents()` announces the pages about
    to be rendered so that the first miss reads a whole batch in a few queries (a rebuild).
    """

    def __init__(
        self,
        site: SiteInfo,
        district: Unit | None = None,
        units: Iterable[Unit] = (),
        office: Unit | None = None,
    ) -> None:
        self.site = site
        self.district = district
        self.units = tuple(units)
        self.office = office
        self._documents: dict[int, DocumentView | None] = {}
        self._expected: list[int] = []
        # Sizes of the published lists, counted once per SiteData (listings.layout).
        self.listing_counts: dict[str, int] = {}

    @cached_property
    def by_code(self) -> dict[str, Unit]:
        return {unit.code: unit for unit in self.units}

    @cached_property
    def by_pk(self) -> dict[int, Unit]:
        return {unit.pk: unit for unit in self.units}

    @cached_property
    def unit_pks(self) -> tuple[int, ...]:
        return tuple(unit.pk for unit in self.units)

    def unit(self, code: str) -> Unit:
        try:
            return self.by_code[code]
        except KeyError as error:
            raise PageNotFound(code) from error

    def units_within(self, unit: Unit) -> list[Unit]:
        return [u for u in self.units if u.path.startswith(unit.path)]

    @cached_property
    def base_url(self) -> str:
        """The absolute address of the site (feeds need absolute links)."""
        return f"https://{self.site.domain or 'localhost'}"

    @cached_property
    def groups(self) -> list[dict[str, Any]]:
        """The unit directory of the section: district government, departments, towns."""
        kinds = [
            (_("District government"), {Unit.Kind.GOVERNMENT, Unit.Kind.GENERAL_OFFICE}),
            (_("Government departments"), {Unit.Kind.DEPARTMENT, Unit.Kind.INSTITUTION}),
            (_("Towns and subdistricts"), {Unit.Kind.TOWN, Unit.Kind.SUBDISTRICT}),
        ]
        groups = []
        for label, members in kinds:
            units = [u for u in self.units if u.kind in members]
            if units:
                groups.append({"label": label, "units": units})
        return groups

    # --- documents ------------------------------------------------------------------------

    def expect_documents(self, pks: Iterable[int]) -> None:
        """The next pages rendered are these documents' pages: forget the previous batch."""
        self._documents.clear()
        self._expected = list(pks)

    def document(self, pk: int) -> DocumentView:
        """The public view of a published or withdrawn document of this site's units."""
        if pk not in self._documents:
            batch = self._expected if pk in self._expected else [pk]
            self._expected = []
            found = load_document_views(batch, self.by_pk)
            for key in batch:
                self._documents[key] = found.get(key)
        view = self._documents.get(pk)
        if view is None:
            raise PageNotFound(pk)
        return view


def load_site_data() -> SiteData:
    site = get_site_info()
    district = get_portal_district()
    if district is None:
        return SiteData(site=site)
    return SiteData(
        site=site,
        district=district,
        units=list_portal_units(district),
        office=get_competent_office(district),
    )


Builder = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Page:
    key: str
    path: str
    template: str
    builder: Builder = field(compare=False, repr=False)
    params: tuple[tuple[str, Any], ...] = ()
    tags: frozenset[str] = frozenset()
    status: int = 200
    content_type: str = HTML

    @property
    def output_path(self) -> str:
        """The file of this page, relative to the site root."""
        return output_path(self.path)

    def context(self, data: SiteData) -> dict[str, Any]:
        return self.builder(data, **dict(self.params))


def output_path(url_path: str) -> str:
    """The file that holds the page at `url_path`, relative to the site root."""
    relative = url_path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        return relative + "index.html"
    return relative


def layout_context() -> dict[str, Any]:
    """What the public layout (portal/base.html) needs besides `site`; also given to other apps'
    pages that extend it (through the `site` context processor)."""
    return {
        "column_type": columns.COLUMN_TYPE,
        "section_name": columns.SECTION_NAME,
        "guide_column": columns.GUIDE,
        "on_request_column": columns.ON_REQUEST,
        "office_labels": statute.OFFICE_LABELS,
        "search_path": SEARCH_PATH,
        "catalogue_name": statute.CATALOGUE_NAME,
    }


def render_page(page: Page, data: SiteData | None = None) -> str:
    """The text of a public page; the same string for the response and for the file."""
    if data is None:
        data = load_site_data()
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site": data.site, "page": page, **layout_context()}
        context.update(page.context(data))
        return render_to_string(page.template, context)


def tags(unit: Unit | None = None, *extra: str) -> frozenset[str]:
    found = {SITE_TAG, *extra}
    if unit is not None:
        found.add(f"unit:{unit.code}")
    return frozenset(found)


# --- Links shared by the page families ---------------------------------------------------------


def unit_columns(unit: Unit) -> tuple[Column, ...]:
    return columns.columns_for(unit.kind, unit.code)


def column_url(unit: Unit, column: Column, parent: Column | None = None) -> str:
    if parent is not None:
        return reverse("portal:unit_subcolumn", args=[unit.code, parent.slug, column.slug])
    return reverse("portal:unit_column", args=[unit.code, column.slug])


def column_url_by_slug(unit: Unit, slug: str) -> str | None:
    found = columns.find_column(unit.kind, slug, unit.code)
    if found is None:
        return None
    return column_url(unit, *found)


def column_links(unit: Unit) -> list[dict[str, Any]]:
    return [
        {
            "column": column,
            "url": column_url(unit, column),
            "children": [
                {"column": child, "url": column_url(unit, child, column)}
                for child in column.children
            ],
        }
        for column in unit_columns(unit)
    ]


def crumbs(unit: Unit | None, *trail: tuple[str, str]) -> list[dict[str, str]]:
    found = [
        {"label": _("Home"), "url": reverse("portal:home")},
        {"label": columns.SECTION_NAME, "url": reverse("portal:section")},
    ]
    if unit is not None:
        found.append({"label": unit.name, "url": reverse("portal:unit_index", args=[unit.code])})
    found.extend({"label": label, "url": url} for label, url in trail)
    return found
