"""Every public page of the site: the page constructors the views call, the registry of all
pages (`iter_pages`) and writing them to files under settings.ZWGK_SITE_ROOT.

The views return exactly the bytes of `render_page` (pages.py) and `zwgk publish` writes them to
files, so a page never depends on the request. Pages: home, the 政府信息公开 section, each
unit's index and columns (a column's list with its archive pages and Atom feed), each document,
the 政府信息公开目录 by unit, topic and year, and the error pages. The catalogue's CSV/XLSX
files and the attachments are files of their own (downloads.py, attachments.py).

`write_pages()` writes atomically (temporary file, fsync, rename) and skips files whose bytes are
already identical, so an interrupted run resumes where it stopped. Incremental publishing
(incremental.py) re-renders only the pages a change touches, found through the page tags.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zwgk.orgs.models import Unit

from . import columns, listings, statute
from .columns import Column
from .listings import Listing
from .pages import (
    ATOM,
    SEARCH_PATH,
    SITE_TAG,
    Builder,
    Page,
    PageNotFound,
    SiteData,
    column_links,
    column_url,
    crumbs,
    layout_context,
    load_site_data,
    render_page,
    tags,
    unit_columns,
)
from .selectors import (
    column_of,
    documents_with_pages,
    get_topic,
    last_known_site_info,
    list_topics,
    listing_years,
    office_contact,
    public_documents,
)

__all__ = [
    "SEARCH_PATH",
    "SITE_TAG",
    "Page",
    "PageNotFound",
    "SiteData",
    "layout_context",
    "load_site_data",
    "render_page",
]

TMP_SUFFIX = ".zwgk-tmp"
DOCUMENT_BATCH = 500
CATALOGUE_KINDS = ("unit", "topic", "year")


# --- Page builders -------------------------------------------------------------------------


def _build_home(data: SiteData) -> dict[str, Any]:
    district = data.district
    return {
        "nav": "home",
        "district": district,
        "district_columns": column_links(district) if district else [],
        "groups": data.groups,
        "recent": listings.recent_documents(data, public_documents(data.unit_pks)),
        "catalogue_url": reverse("portal:catalogue"),
    }


def _build_section(data: SiteData) -> dict[str, Any]:
    district = data.district
    return {
        "nav": "xxgk",
        "title": columns.SECTION_NAME,
        "column": Column("xxgk", columns.SECTION_NAME, columns.DOC_61),
        "district": district,
        "district_columns": column_links(district) if district else [],
        "groups": data.groups,
        "crumbs": crumbs(None),
        "catalogue_url": reverse("portal:catalogue"),
    }


def _build_unit_index(data: SiteData, code: str) -> dict[str, Any]:
    unit = data.unit(code)
    return {
        "nav": "xxgk",
        "title": f"{unit.name} · {columns.SECTION_NAME}",
        "column": Column("xxgk", columns.SECTION_NAME, columns.DOC_61),
        "unit": unit,
        "unit_columns": column_links(unit),
        "contact": office_contact(unit),
        "crumbs": crumbs(unit),
        "recent": listings.recent(data, listings.unit_catalogue(unit)),
        "catalogue_url": listings.unit_catalogue(unit).path,
    }


def _column_context(
    data: SiteData, unit: Unit, column: Column, parent: Column | None
) -> dict[str, Any]:
    trail = []
    if parent is not None:
        trail.append((parent.name, column_url(unit, parent)))
    trail.append((column.name, column_url(unit, column, parent)))
    return {
        "nav": "xxgk",
        "title": f"{column.name} · {unit.name}",
        "unit": unit,
        "column": column,
        "parent_column": parent,
        "unit_columns": column_links(unit),
        "current_url": column_url(unit, column, parent),
        "crumbs": crumbs(unit, *trail),
    }


def _column_listing(unit: Unit, column: Column, parent: Column | None) -> Listing:
    return listings.column_listing(unit, column_url(unit, column, parent), column.slug)


def _build_list_column(
    data: SiteData, code: str, slug: str, parent_slug: str = ""
) -> dict[str, Any]:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug, parent_slug)
    context = _column_context(data, unit, column, parent)
    listing = _column_listing(unit, column, parent)
    context.update(listings.index_context(data, listing))
    context["feed_url"] = listing.feed_path
    return context


def _build_column_archive(
    data: SiteData, code: str, slug: str, number: int, parent_slug: str = ""
) -> dict[str, Any]:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug, parent_slug)
    context = _column_context(data, unit, column, parent)
    listing = _column_listing(unit, column, parent)
    context.update(listings.archive_context(data, listing, number))
    context["feed_url"] = listing.feed_path
    return context


def _build_column_feed(data: SiteData, code: str, slug: str, parent_slug: str = "") -> dict:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug, parent_slug)
    listing = _column_listing(unit, column, parent)
    return listings.feed_context(data, listing, f"{column.name} - {unit.name}", unit.name)


def _build_mandatory(data: SiteData, code: str, slug: str) -> dict[str, Any]:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug)
    context = _column_context(data, unit, column, parent)
    context["children"] = [
        {"column": child, "url": column_url(unit, child, column)} for child in column.children
    ]
    group = listings.group_listing(unit, column_url(unit, column), column.slug)
    context["recent"] = listings.recent(data, group)
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
            "apply_url": column_url(unit, columns.ON_REQUEST),
            "catalogue_url": listings.unit_catalogue(unit).path,
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
            "guide_url": column_url(unit, columns.GUIDE),
            "written_form": statute.WRITTEN_FORM,
            "application_content": statute.APPLICATION_CONTENT,
            "reply_deadline": statute.REPLY_DEADLINE,
            "fees": statute.FEES,
            "tiaoli": columns.TIAOLI,
            "section_url": reverse("portal:section"),
        }
    )
    return context


def _build_document(data: SiteData, code: str, pk: int) -> dict[str, Any]:
    view = data.document(pk)
    unit = data.unit(code)
    found = column_of(unit, view.column)
    trail = []
    column = parent = None
    if found is not None:
        column, parent = found
        if parent is not None:
            trail.append((parent.name, column_url(unit, parent)))
        trail.append((column.name, column_url(unit, column, parent)))
    return {
        "nav": "xxgk",
        "title": _("This information has been withdrawn") if view.is_withdrawn else view.title,
        "document": view,
        "unit": unit,
        "column": column,
        "unit_columns": column_links(unit),
        "current_url": column_url(unit, column, parent) if column else "",
        "crumbs": crumbs(unit, *trail),
        "labels": statute.DOCUMENT_LABELS,
    }


def _catalogue_crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return crumbs(None, (statute.CATALOGUE_NAME, reverse("portal:catalogue")), *trail)


def _build_catalogue(data: SiteData) -> dict[str, Any]:
    units = [{"unit": unit, "listing": listings.unit_catalogue(unit)} for unit in data.units]
    return {
        "nav": "xxgk",
        "title": statute.CATALOGUE_NAME,
        "crumbs": _catalogue_crumbs(),
        "units": units,
        "topics": [
            {"topic": topic, "listing": listings.topic_catalogue(topic.pk)}
            for topic in list_topics()
        ],
        "years": [
            {"year": year, "listing": listings.year_catalogue(year)} for year in listing_years()
        ],
        "catalogue_content": statute.CATALOGUE_CONTENT,
        "catalogue_items": statute.CATALOGUE_ITEMS,
        "tiaoli": columns.TIAOLI,
    }


def catalogue_listing(data: SiteData, kind: str, key: str) -> tuple[Listing, str]:
    """The catalogue list of one unit, topic or year, and its heading."""
    if kind == "unit":
        unit = data.unit(key)
        return listings.unit_catalogue(unit), unit.name
    if kind == "topic" and key.isdigit():
        topic = get_topic(int(key))
        if topic is not None:
            return listings.topic_catalogue(topic.pk), topic.name
    if kind == "year" and key.isdigit() and len(key) == 4:
        listing = listings.year_catalogue(int(key))
        if listings.layout(data, listing).count:
            return listing, f"{int(key)}年"
    raise PageNotFound(f"{kind}/{key}")


def _catalogue_list_context(data: SiteData, kind: str, key: str) -> dict[str, Any]:
    listing, heading = catalogue_listing(data, kind, key)
    return {
        "nav": "xxgk",
        "title": f"{heading} · {statute.CATALOGUE_NAME}",
        "heading": heading,
        "kind": kind,
        "crumbs": _catalogue_crumbs((heading, listing.path)),
        "labels": statute.DOCUMENT_LABELS,
        "catalogue_items": statute.CATALOGUE_ITEMS,
        "downloads": {
            "csv": listing.path + DOWNLOAD_NAMES["csv"],
            "xlsx": listing.path + DOWNLOAD_NAMES["xlsx"],
        },
    }


def _build_catalogue_list(data: SiteData, kind: str, key: str) -> dict[str, Any]:
    context = _catalogue_list_context(data, kind, key)
    listing, _heading = catalogue_listing(data, kind, key)
    context.update(listings.index_context(data, listing))
    return context


def _build_catalogue_archive(data: SiteData, kind: str, key: str, number: int) -> dict[str, Any]:
    context = _catalogue_list_context(data, kind, key)
    listing, _heading = catalogue_listing(data, kind, key)
    context.update(listings.archive_context(data, listing, number))
    return context


def _build_error(data: SiteData) -> dict[str, Any]:
    # Error pages use nothing but data.site, which the 500 page takes from memory.
    return {}


def _resolve(unit: Unit, slug: str, parent_slug: str = "") -> tuple[Column, Column | None]:
    found = columns.find_column(unit.kind, slug, unit.code)
    if found is None:
        raise PageNotFound(slug)
    column, parent = found
    if (parent.slug if parent else "") != parent_slug:
        raise PageNotFound(slug)
    return column, parent


# --- Page constructors (the views call these) -----------------------------------------------

# File names of the catalogue downloads, next to each catalogue list's index page.
DOWNLOAD_NAMES = {"csv": "zfxxgkml.csv", "xlsx": "zfxxgkml.xlsx"}


def home_page() -> Page:
    return Page(
        "home", reverse("portal:home"), "portal/home.html", _build_home, tags=tags(None, "recent")
    )


def section_page() -> Page:
    return Page(
        "xxgk", reverse("portal:section"), "portal/section.html", _build_section, tags=tags()
    )


def unit_index_page(data: SiteData, code: str) -> Page:
    unit = data.unit(code)
    return Page(
        f"unit:{unit.code}",
        reverse("portal:unit_index", args=[unit.code]),
        "portal/unit_index.html",
        _build_unit_index,
        (("code", unit.code),),
        tags(unit, f"recent:{unit.code}"),
    )


_TEMPLATES: dict[str, tuple[str, Builder]] = {
    columns.GUIDE.slug: ("portal/guide.html", _build_guide),
    columns.ON_REQUEST.slug: ("portal/on_request.html", _build_on_request),
    columns.MANDATORY_SLUG: ("portal/mandatory.html", _build_mandatory),
    columns.KEYAREA_SLUG: ("portal/mandatory.html", _build_mandatory),
}


def _column_tags(unit: Unit, column: Column, parent: Column | None, *extra: str) -> frozenset:
    found = {f"column:{unit.code}/{column.slug}", *extra}
    if parent is not None:
        found.add(f"column:{unit.code}/{parent.slug}")
    return tags(unit, *found)


def _column_params(unit: Unit, column: Column, parent: Column | None) -> tuple:
    params: tuple[tuple[str, Any], ...] = (("code", unit.code), ("slug", column.slug))
    if parent is not None:
        params += (("parent_slug", parent.slug),)
    return params


def _list_column_page(unit: Unit, column: Column, parent: Column | None) -> Page:
    listing = _column_listing(unit, column, parent)
    return Page(
        f"column:{unit.code}/{column.slug}",
        listing.path,
        "portal/column.html",
        _build_list_column,
        _column_params(unit, column, parent),
        _column_tags(unit, column, parent, listing.tag),
    )


def unit_column_page(data: SiteData, code: str, slug: str) -> Page:
    unit = data.unit(code)
    column, _parent = _resolve(unit, slug)
    if slug not in _TEMPLATES:
        return _list_column_page(unit, column, None)
    template, builder = _TEMPLATES[slug]
    extra = set()
    if slug == columns.GUIDE.slug and unit == data.district:
        extra.add("units")  # the district's guide lists every unit's disclosure office
    if slug in columns.GROUP_SLUGS:
        extra.add(f"recent:{unit.code}/{slug}")
    return Page(
        f"column:{unit.code}/{slug}",
        column_url(unit, column),
        template,
        builder,
        (("code", unit.code), ("slug", slug)),
        _column_tags(unit, column, None, *extra),
    )


def unit_subcolumn_page(data: SiteData, code: str, parent_slug: str, slug: str) -> Page:
    unit = data.unit(code)
    if not parent_slug:
        raise PageNotFound(slug)
    column, parent = _resolve(unit, slug, parent_slug)
    return _list_column_page(unit, column, parent)


def _list_column(data: SiteData, code: str, slug: str, parent_slug: str) -> tuple:
    unit = data.unit(code)
    column, parent = _resolve(unit, slug, parent_slug)
    if column_of(unit, column.slug) is None:
        raise PageNotFound(slug)
    return unit, column, parent


def column_archive_page(
    data: SiteData, code: str, slug: str, number: int, parent_slug: str = ""
) -> Page:
    unit, column, parent = _list_column(data, code, slug, parent_slug)
    listing = _column_listing(unit, column, parent)
    if number not in listings.layout(data, listing).archives:
        raise PageNotFound(number)
    return Page(
        f"column:{unit.code}/{column.slug}/{number}",
        listing.archive_path(number),
        "portal/column_archive.html",
        _build_column_archive,
        (*_column_params(unit, column, parent), ("number", number)),
        _column_tags(unit, column, parent, f"{listing.tag}:archive"),
    )


def column_feed_page(data: SiteData, code: str, slug: str, parent_slug: str = "") -> Page:
    unit, column, parent = _list_column(data, code, slug, parent_slug)
    listing = _column_listing(unit, column, parent)
    return Page(
        f"feed:{unit.code}/{column.slug}",
        listing.feed_path,
        "portal/feed.xml",
        _build_column_feed,
        _column_params(unit, column, parent),
        _column_tags(unit, column, parent, listing.tag),
        content_type=ATOM,
    )


def document_page(data: SiteData, code: str, pk: int) -> Page:
    view = data.document(pk)
    if view.unit.code != code:
        raise PageNotFound(pk)
    return Page(
        f"doc:{pk}",
        view.url,
        "portal/document.html",
        _build_document,
        (("code", code), ("pk", pk)),
        tags(view.unit, f"doc:{pk}"),
    )


def catalogue_page() -> Page:
    return Page(
        "catalogue",
        reverse("portal:catalogue"),
        "portal/catalogue.html",
        _build_catalogue,
        tags=tags(None, "catalogue"),
    )


def catalogue_list_page(data: SiteData, kind: str, key: str) -> Page:
    listing, _heading = catalogue_listing(data, kind, key)
    return Page(
        f"catalogue:{listing.key}",
        listing.path,
        "portal/catalogue_list.html",
        _build_catalogue_list,
        (("kind", kind), ("key", key)),
        tags(None, listing.tag),
    )


def catalogue_archive_page(data: SiteData, kind: str, key: str, number: int) -> Page:
    listing, _heading = catalogue_listing(data, kind, key)
    if number not in listings.layout(data, listing).archives:
        raise PageNotFound(number)
    return Page(
        f"catalogue:{listing.key}/{number}",
        listing.archive_path(number),
        "portal/catalogue_list.html",
        _build_catalogue_archive,
        (("kind", kind), ("key", key), ("number", number)),
        tags(None, f"{listing.tag}:archive"),
    )


def not_found_page() -> Page:
    return Page("404", "/404.html", "portal/404.html", _build_error, tags=tags(), status=404)


def server_error_page() -> Page:
    return Page("500", "/500.html", "portal/500.html", _build_error, tags=tags(), status=500)


def error_site_data() -> SiteData:
    """Data for the 500 page: the last known site facts, no database access."""
    return SiteData(site=last_known_site_info())


# --- The registry ---------------------------------------------------------------------------


def list_columns(unit: Unit) -> Iterator[tuple[Column, Column | None]]:
    """The columns of a unit that list documents, with their parents."""
    for column in unit_columns(unit):
        if column_of(unit, column.slug) is not None:
            yield column, None
        for child in column.children:
            if column_of(unit, child.slug) is not None:
                yield child, column


def catalogue_keys(data: SiteData) -> Iterator[tuple[str, str]]:
    """(kind, key) of every catalogue list: each unit, each topic, each year with documents."""
    for unit in data.units:
        yield "unit", unit.code
    for topic in list_topics():
        yield "topic", str(topic.pk)
    for year in listing_years():
        yield "year", str(year)


def listing_pages(data: SiteData, listing: Listing, numbers: Iterable[int]) -> Iterator[Page]:
    """Archive pages of a list (column or catalogue), by number."""
    kind, _sep, key = listing.key.partition(":")
    if kind == "column":
        code, _slash, slug = key.partition("/")
        unit = data.unit(code)
        column, parent = columns.find_column(unit.kind, slug, unit.code) or (None, None)
        if column is None:
            return
        for number in numbers:
            yield column_archive_page(data, code, slug, number, parent.slug if parent else "")
    else:
        for number in numbers:
            yield catalogue_archive_page(data, kind, key, number)


def iter_pages(data: SiteData) -> Iterator[Page]:
    """Every public page of the site, in a stable order."""
    yield home_page()
    yield section_page()
    yield catalogue_page()
    for unit in data.units:
        yield unit_index_page(data, unit.code)
        for column in unit_columns(unit):
            yield unit_column_page(data, unit.code, column.slug)
            for child in column.children:
                yield unit_subcolumn_page(data, unit.code, column.slug, child.slug)
        for column, parent in list_columns(unit):
            parent_slug = parent.slug if parent else ""
            yield column_feed_page(data, unit.code, column.slug, parent_slug)
            listing = _column_listing(unit, column, parent)
            yield from listing_pages(data, listing, listings.layout(data, listing).archives)
    for kind, key in catalogue_keys(data):
        yield catalogue_list_page(data, kind, key)
        listing, _heading = catalogue_listing(data, kind, key)
        yield from listing_pages(data, listing, listings.layout(data, listing).archives)
    yield from iter_document_pages(data)
    yield not_found_page()
    yield server_error_page()


def iter_document_pages(data: SiteData) -> Iterator[Page]:
    pks = list(documents_with_pages(data.unit_pks).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), DOCUMENT_BATCH):
        batch = pks[start : start + DOCUMENT_BATCH]
        data.expect_documents(batch)
        for pk in batch:
            view = data.document(pk)
            yield document_page(data, view.unit.code, pk)


def select_pages(pages: Iterable[Page], tags: Iterable[str]) -> list[Page]:
    """The pages that depend on any of these tags."""
    wanted = set(tags)
    return [page for page in pages if page.tags & wanted]


# --- Writing files ----------------------------------------------------------------------------


@dataclass
class PublishResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: PublishResult) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


def write_file(root: Path, relative: str, content: bytes) -> bool:
    """Write one file of the site atomically; False when it already holds these bytes."""
    target = root / relative
    same_size = target.is_file() and target.stat().st_size == len(content)
    if same_size and target.read_bytes() == content:
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


def write_page(root: Path, page: Page, content: bytes) -> bool:
    """Write one page atomically; False when the file already holds these bytes."""
    return write_file(root, page.output_path, content)


def remove_file(root: Path, relative: str) -> bool:
    target = root / relative
    if target.is_file():
        target.unlink()
        _remove_empty_parents(root, target.parent)
        return True
    return False


def _remove_empty_parents(root: Path, directory: Path) -> None:
    root = root.resolve()
    directory = directory.resolve()
    while directory != root and root in directory.parents:
        try:
            directory.rmdir()
        except OSError:  # not empty
            return
        directory = directory.parent


def remove_leftovers(root: Path) -> None:
    """Temporary files left by an interrupted run."""
    if root.is_dir():
        for stale in root.rglob(f"*{TMP_SUFFIX}"):
            stale.unlink(missing_ok=True)


# What `prune` may delete: files of these kinds that nothing produces any more. Anything else an
# operator put in the site root (robots.txt, a verification file) stays.
PRUNED_SUFFIXES = frozenset({".html", ".xml", ".csv", ".xlsx"})
FILES_DIR = "files"


def prune(root: Path, keep: Iterable[str]) -> int:
    """Delete generated files under root that no page, download or attachment produces (a unit
    that was closed, a list that became shorter). `keep` holds paths relative to root."""
    wanted = {(root / relative).resolve() for relative in keep}
    removed = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        generated = path.suffix in PRUNED_SUFFIXES or path.relative_to(root).parts[0] == FILES_DIR
        if generated and path.resolve() not in wanted:
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
