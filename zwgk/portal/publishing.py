"""Every public page, made by one function: `render_page(page, data) -> str`.

The views return exactly these bytes and `zwgk publish` writes them to files under
settings.ZWGK_SITE_ROOT, so a page never depends on the request (no user, no CSRF token, no
absolute URL built from the Host header): only on `SiteData`, a snapshot of the public facts.

A `Page` names its URL path (which is also its file: "/xxgk/" -> "xxgk/index.html"), its
template and the builder of its context. `iter_pages()` is the registry of every page; the page
constructors below are what the views call, so a URL and its file cannot drift apart. Each page
carries tags ("site", "unit:<code>", "column:<code>/<slug>") so that incremental publishing can
re-render only the pages a change touches (`select_pages`).

`write_pages()` writes atomically (temporary file, fsync, rename) and skips files whose bytes are
already identical, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
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
    SiteInfo,
    get_competent_office,
    get_portal_district,
    get_site_info,
    last_known_site_info,
    list_column_entries,
    list_portal_units,
    office_contact,
)

TMP_SUFFIX = ".zwgk-tmp"
# The site search is a dynamic page of its own app (zwgk.search), not a published file; the
# search box of every page submits to it.
SEARCH_PATH = "/search/"


class PageNotFound(LookupError):
    """No such public page (the view answers 404)."""


class SiteData:
    """The public facts the pages are made of, read once per publish run or per request."""

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

    @cached_property
    def by_code(self) -> dict[str, Unit]:
        return {unit.code: unit for unit in self.units}

    def unit(self, code: str) -> Unit:
        try:
            return self.by_code[code]
        except KeyError as error:
            raise PageNotFound(code) from error

    def units_within(self, unit: Unit) -> list[Unit]:
        return [u for u in self.units if u.path.startswith(unit.path)]

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
    params: tuple[tuple[str, str], ...] = ()
    tags: frozenset[str] = frozenset()
    status: int = 200

    @property
    def output_path(self) -> str:
        """The file of this page, relative to the site root."""
        relative = self.path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            return relative + "index.html"
        return relative

    def context(self, data: SiteData) -> dict[str, Any]:
        return self.builder(data, **dict(self.params))


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
    }


def render_page(page: Page, data: SiteData | None = None) -> str:
    """The HTML of a public page; the same string for the response and for the file."""
    if data is None:
        data = load_site_data()
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site": data.site, "page": page, **layout_context()}
        context.update(page.context(data))
        return render_to_string(page.template, context)


# --- Page builders -------------------------------------------------------------------------


def _unit_columns(unit: Unit) -> tuple[Column, ...]:
    return columns.columns_for(unit.kind)


def _column_url(unit: Unit, column: Column, parent: Column | None = None) -> str:
    if parent is not None:
        return reverse("portal:unit_subcolumn", args=[unit.code, parent.slug, column.slug])
    return reverse("portal:unit_column", args=[unit.code, column.slug])


def _column_links(unit: Unit) -> list[dict[str, Any]]:
    return [
        {
            "column": column,
            "url": _column_url(unit, column),
            "children": [
                {"column": child, "url": _column_url(unit, child, column)}
                for child in column.children
            ],
        }
        for column in _unit_columns(unit)
    ]


def _crumbs(unit: Unit | None, *trail: tuple[str, str]) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Home"), "url": reverse("portal:home")},
        {"label": columns.SECTION_NAME, "url": reverse("portal:section")},
    ]
    if unit is not None:
        crumbs.append({"label": unit.name, "url": reverse("portal:unit_index", args=[unit.code])})
    crumbs.extend({"label": label, "url": url} for label, url in trail)
    return crumbs


def _build_home(data: SiteData) -> dict[str, Any]:
    district = data.district
    return {
        "nav": "home",
        "district": district,
        "district_columns": _column_links(district) if district else [],
        "groups": data.groups,
    }


def _build_section(data: SiteData) -> dict[str, Any]:
    district = data.district
    return {
        "nav": "xxgk",
        "title": columns.SECTION_NAME,
        "column": Column("xxgk", columns.SECTION_NAME, columns.DOC_61),
        "district": district,
        "district_columns": _column_links(district) if district else [],
        "groups": data.groups,
        "crumbs": _crumbs(None),
    }


def _build_unit_index(data: SiteData, code: str) -> dict[str, Any]:
    unit = data.unit(code)
    return {
        "nav": "xxgk",
        "title": f"{unit.name} · {columns.SECTION_NAME}",
        "column": Column("xxgk", columns.SECTION_NAME, columns.DOC_61),
        "unit": unit,
        "unit_columns": _column_links(unit),
        "contact": office_contact(unit),
        "crumbs": _crumbs(unit),
    }


def _column_context(
    data: SiteData, unit: Unit, column: Column, parent: Column | None
) -> dict[str, Any]:
    trail = []
    if parent is not None:
        trail.append((parent.name, _column_url(unit, parent)))
    trail.append((column.name, _column_url(unit, column, parent)))
    return {
        "nav": "xxgk",
        "title": f"{column.name} · {unit.name}",
        "unit": unit,
        "column": column,
        "parent_column": parent,
        "unit_columns": _column_links(unit),
        "current_url": _column_url(unit, column, parent),
        "crumbs": _crumbs(unit, *trail),
    }


def _build_list_column(
    data: SiteData, code: str, slug: str, parent_slug: str = ""
) -> dict[str, Any]:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug, parent_slug)
    context = _column_context(data, unit, column, parent)
    context["entries"] = list_column_entries(unit, column.slug)
    return context


def _build_mandatory(data: SiteData, code: str, slug: str) -> dict[str, Any]:
    context = _build_list_column(data, code, slug)
    context["children"] = [
        {"column": child, "url": _column_url(context["unit"], child, context["column"])}
        for child in context["column"].children
    ]
    return context


def _build_guide(data: SiteData, code: str, slug: str) -> dict[str, Any]:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug)
    context = _column_context(data, unit, column, parent)
    scope = data.units if unit == data.district else data.units_within(unit)
    context.update(
        {
            "is_district": unit == data.district,
            "offices": [office_contact(u) for u in scope],
            "competent_office": data.office,
            "section_url": reverse("portal:unit_index", args=[unit.code]),
            "apply_url": _column_url(unit, columns.ON_REQUEST),
            "guide_content": statute.GUIDE_CONTENT,
            "catalogue_content": statute.CATALOGUE_CONTENT,
            "channels": statute.CHANNELS,
            "proactive_deadline": statute.PROACTIVE_DEADLINE,
            "tiaoli": columns.TIAOLI,
        }
    )
    return context


def _build_on_request(data: SiteData, code: str, slug: str) -> dict[str, Any]:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug)
    context = _column_context(data, unit, column, parent)
    contact = office_contact(unit)
    fallback = None
    if contact["is_empty"] and data.office is not None and data.office != unit:
        fallback = office_contact(data.office)
    context.update(
        {
            "is_district": unit == data.district,
            "contact": contact,
            "fallback": fallback,
            "guide_url": _column_url(unit, columns.GUIDE),
            "written_form": statute.WRITTEN_FORM,
            "application_content": statute.APPLICATION_CONTENT,
            "reply_deadline": statute.REPLY_DEADLINE,
            "fees": statute.FEES,
            "tiaoli": columns.TIAOLI,
            "section_url": reverse("portal:section"),
        }
    )
    return context


def _build_error(data: SiteData) -> dict[str, Any]:
    # Error pages use nothing but data.site, which the 500 page takes from memory.
    return {}


def _resolve(unit: Unit, slug: str, parent_slug: str = "") -> tuple[Column, Column | None]:
    found = columns.find_column(unit.kind, slug)
    if found is None:
        raise PageNotFound(slug)
    column, parent = found
    if (parent.slug if parent else "") != parent_slug:
        raise PageNotFound(slug)
    return column, parent


# --- Page constructors (the views call these) -----------------------------------------------

SITE_TAG = "site"


def home_page() -> Page:
    return Page("home", reverse("portal:home"), "portal/home.html", _build_home, tags=_tags())


def section_page() -> Page:
    return Page(
        "xxgk", reverse("portal:section"), "portal/section.html", _build_section, tags=_tags()
    )


def unit_index_page(data: SiteData, code: str) -> Page:
    unit = data.unit(code)
    return Page(
        f"unit:{unit.code}",
        reverse("portal:unit_index", args=[unit.code]),
        "portal/unit_index.html",
        _build_unit_index,
        (("code", unit.code),),
        _tags(unit),
    )


_TEMPLATES: dict[str, tuple[str, Builder]] = {
    columns.GUIDE.slug: ("portal/guide.html", _build_guide),
    columns.ON_REQUEST.slug: ("portal/on_request.html", _build_on_request),
    columns.MANDATORY_SLUG: ("portal/mandatory.html", _build_mandatory),
}


def unit_column_page(data: SiteData, code: str, slug: str) -> Page:
    unit = data.unit(code)
    column, _parent = _resolve(unit, slug)
    template, builder = _TEMPLATES.get(slug, ("portal/column.html", _build_list_column))
    tags = _tags(unit, f"column:{unit.code}/{slug}")
    if slug == columns.GUIDE.slug:
        # The district's guide lists every unit's disclosure office.
        tags |= {"units"} if unit == data.district else set()
    return Page(
        f"column:{unit.code}/{slug}",
        _column_url(unit, column),
        template,
        builder,
        (("code", unit.code), ("slug", slug)),
        tags,
    )


def unit_subcolumn_page(data: SiteData, code: str, parent_slug: str, slug: str) -> Page:
    unit = data.unit(code)
    if not parent_slug:
        raise PageNotFound(slug)
    column, parent = _resolve(unit, slug, parent_slug)
    return Page(
        f"column:{unit.code}/{slug}",
        _column_url(unit, column, parent),
        "portal/column.html",
        _build_list_column,
        (("code", unit.code), ("slug", slug), ("parent_slug", parent_slug)),
        _tags(unit, f"column:{unit.code}/{slug}"),
    )


def not_found_page() -> Page:
    return Page("404", "/404.html", "portal/404.html", _build_error, tags=_tags(), status=404)


def server_error_page() -> Page:
    return Page("500", "/500.html", "portal/500.html", _build_error, tags=_tags(), status=500)


def error_site_data() -> SiteData:
    """Data for the 500 page: the last known site facts, no database access."""
    return SiteData(site=last_known_site_info())


def _tags(unit: Unit | None = None, *extra: str) -> frozenset[str]:
    tags = {SITE_TAG, *extra}
    if unit is not None:
        tags.add(f"unit:{unit.code}")
    return frozenset(tags)


# --- The registry ---------------------------------------------------------------------------


def iter_pages(data: SiteData) -> Iterator[Page]:
    """Every public page of the site, in a stable order."""
    yield home_page()
    yield section_page()
    for unit in data.units:
        yield unit_index_page(data, unit.code)
        for column in _unit_columns(unit):
            yield unit_column_page(data, unit.code, column.slug)
            for child in column.children:
                yield unit_subcolumn_page(data, unit.code, column.slug, child.slug)
    yield not_found_page()
    yield server_error_page()


def select_pages(pages: Iterable[Page], tags: Iterable[str]) -> list[Page]:
    """The pages that depend on any of these tags (for incremental publishing)."""
    wanted = set(tags)
    return [page for page in pages if page.tags & wanted]


@dataclass
class PublishResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def write_page(root: Path, page: Page, content: bytes) -> bool:
    """Write one page atomically; False when the file already holds these bytes."""
    target = root / page.output_path
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def remove_leftovers(root: Path) -> None:
    """Temporary files left by an interrupted run."""
    if root.is_dir():
        for stale in root.rglob(f"*{TMP_SUFFIX}"):
            stale.unlink(missing_ok=True)


def prune(root: Path, keep: Iterable[Page]) -> int:
    """Delete .html files under root that no page produces (e.g. a unit that was closed)."""
    wanted = {(root / page.output_path).resolve() for page in keep}
    removed = 0
    for path in sorted(root.rglob("*.html")):
        if path.resolve() not in wanted:
            path.unlink()
            removed += 1
    for directory in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return removed


def write_pages(
    pages: Iterable[Page],
    root: Path,
    data: SiteData,
    progress: Callable[[Page], None] | None = None,
) -> PublishResult:
    result = PublishResult()
    root.mkdir(parents=True, exist_ok=True)
    remove_leftovers(root)
    for page in pages:
        content = render_page(page, data).encode("utf-8")
        if write_page(root, page, content):
            result.written += 1
        else:
            result.unchanged += 1
        if progress is not None:
            progress(page)
    return result
