"""Incremental publishing: when documents are published or withdrawn, re-render exactly the
pages the change touches, and nothing else.

A change is described by tags (pages.py): "doc:<pk>" for the document's page and the pages of the
documents it links to (its policy or interpretations, the versions of a 规范性文件), "list:<key>"
for each list it is in (its column with the column's feed, and the catalogue by unit, topic and
year), "recent" (home page), "recent:<unit>" (the unit's index page),
"recent:<unit>/fdzdgknr" (法定主动公开内容, which shows the newest items of its sub-columns) and
"catalogue" (the catalogue's index). `pages_for_tags` makes the pages carrying those tags without
walking the whole site; the archive pages of a list are chosen by position (paging.py).

Everything runs under one lock per site root (a `flock` on a file in it), and reads the
database after taking it, so that the last run to write a page has seen the latest data. The
catalogue downloads are refreshed separately (`refresh_downloads`): writing a spreadsheet takes
time in proportion to the rows, so it must not hold up the pages.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from zwgk.documents.models import Document, Status

from . import attachments, columns, downloads, listings, publishing
from .listings import Listing
from .pages import (
    Page,
    PageNotFound,
    SiteData,
    load_site_data,
    output_path,
    render_page,
)
from .publishing import remove_file, write_page

LOCK_NAME = ".zwgk-publish.lock"


@contextmanager
def site_lock(root: Path) -> Iterator[None]:
    """Serialise every writer of one site root (workers, `zwgk publish`)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def site_root() -> Path:
    return Path(settings.ZWGK_SITE_ROOT)


@dataclass
class Plan:
    """What one change does to the site."""

    tags: set[str] = field(default_factory=set)
    pages: list[Page] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    downloads: set[tuple[str, str]] = field(default_factory=set)
    published: list[int] = field(default_factory=list)
    unpublished: list[int] = field(default_factory=list)


def change_tags(data: SiteData, changed: Iterable[Document]) -> set[str]:
    """The tags of every page that shows something of these documents. ("catalogue", the
    catalogue's index, only changes when a year appears or goes: `plan_changes` adds it.)"""
    found = {"recent"}
    for document in changed:
        unit = data.by_pk[document.publishing_unit_id]
        found |= {f"doc:{document.pk}", f"recent:{unit.code}"}
        with suppress(PageNotFound):
            found |= {f"doc:{pk}" for pk in data.document(document.pk).related}
        for listing in listings.memberships(data, document):
            kind, _sep, key = listing.key.partition(":")
            found.add(f"recent:{key}" if kind == "group" else listing.tag)
    return found


def pages_for_tags(data: SiteData, tags: Iterable[str]) -> list[Page]:
    """The pages that carry these tags, made directly (no walk over the whole site). Archive
    pages of lists are not included: they depend on positions (see `plan_changes`)."""
    pages: dict[str, Page] = {}

    def add(page: Page) -> None:
        pages.setdefault(page.key, page)

    for tag in sorted(tags):
        family, _sep, rest = tag.partition(":")
        try:
            if tag == "recent":
                add(publishing.home_page())
            elif tag == "catalogue":
                add(publishing.catalogue_page())
            elif family == "recent" and "/" in rest:
                code, _slash, slug = rest.partition("/")
                add(publishing.unit_column_page(data, code, slug))
            elif family == "recent":
                add(publishing.unit_index_page(data, rest))
            elif family == "doc":
                view = data.document(int(rest))
                add(publishing.document_page(data, view.unit.code, view.pk))
            elif family == "list":
                for page in _list_pages(data, rest):
                    add(page)
        except PageNotFound:
            continue  # a page that no longer exists (the plan removes its file)
    return list(pages.values())


def _list_pages(data: SiteData, key: str) -> list[Page]:
    kind, _sep, rest = key.partition(":")
    if kind == "column":
        code, _slash, slug = rest.partition("/")
        unit = data.unit(code)
        column, parent = columns.find_column(unit.kind, slug, unit.code) or (None, None)
        if column is None:
            return []
        parent_slug = parent.slug if parent else ""
        index = (
            publishing.unit_subcolumn_page(data, code, parent_slug, slug)
            if parent
            else publishing.unit_column_page(data, code, slug)
        )
        return [index, publishing.column_feed_page(data, code, slug, parent_slug)]
    return [publishing.catalogue_list_page(data, kind, rest)]


def plan_changes(data: SiteData, changed: list[Document], root: Path) -> Plan:
    """The pages to write and the files to remove under `root` after these documents changed
    (their list entries already in step: `listings.sync_entries`)."""
    plan = Plan()
    changed = [d for d in changed if d.publishing_unit_id in data.by_pk]
    if not changed:
        return plan
    plan.published = [d.pk for d in changed if d.status == Status.PUBLISHED]
    plan.unpublished = [d.pk for d in changed if d.status != Status.PUBLISHED]
    plan.tags = change_tags(data, changed)

    by_listing: dict[str, tuple[Listing, list[Document]]] = {}
    for document in changed:
        for listing in listings.memberships(data, document):
            by_listing.setdefault(listing.key, (listing, []))[1].append(document)
    for listing, documents in by_listing.values():
        if listing.key.startswith("group:"):
            continue  # no pages of its own: 法定主动公开内容 shows its newest items
        paging = listings.layout(data, listing)
        scope = listing.catalogue_scope
        if scope is not None:
            plan.downloads.add(scope)
        if scope is not None and scope[0] == "year" and paging.count <= len(documents):
            plan.tags.add("catalogue")  # the year may be new, or gone
        if scope is not None and scope[0] == "year" and paging.count == 0:
            # The year has no document left: its list leaves the catalogue.
            plan.remove.append(output_path(listing.path))
        else:
            lowest = listings.lowest_position(listing, paging.count, documents)
            numbers = paging.affected_archives(lowest, len(documents))
            plan.pages.extend(publishing.listing_pages(data, listing, numbers))
        number = paging.stale_archives_from()
        while (root / output_path(listing.archive_path(number))).is_file():
            plan.remove.append(output_path(listing.archive_path(number)))
            number += 1
    plan.pages[:0] = pages_for_tags(data, plan.tags)
    return plan


def changed_documents(document_pks: Iterable[int]) -> list[Document]:
    return list(
        Document.objects.filter(pk__in=list(document_pks)).only(*listings.MEMBERSHIP_FIELDS)
    )


def publish_changes(document_pks: Iterable[int], root: Path | None = None) -> Plan:
    """Re-render what these documents' change touches; returns the plan that was carried out
    (its `downloads` are the catalogue lists whose files `refresh_downloads` must rewrite)."""
    root = root or site_root()
    with site_lock(root):
        data = load_site_data()
        changed = changed_documents(document_pks)
        listings.sync_entries(data, changed)
        plan = plan_changes(data, changed, root)
        for page in plan.pages:
            write_page(root, page, render_page(page, data).encode("utf-8"))
        for relative in plan.remove:
            remove_file(root, relative)
        published = attachments.published_attachments(data.unit_pks, plan.published)
        for _path in attachments.copy_attachments(root, published):
            pass
        attachments.remove_attachments(root, attachments.withdrawn_attachments(plan.unpublished))
    return plan


def refresh_downloads(scopes: Iterable[tuple[str, str]], root: Path | None = None) -> int:
    """Rewrite the catalogue files of these lists (a year without documents loses its files)."""
    root = root or site_root()
    written = 0
    with site_lock(root):
        data = load_site_data()
        for kind, key in sorted(set(scopes)):
            try:
                found = list(downloads.iter_downloads(data, [(kind, key)]))
            except PageNotFound:
                if kind == "year":
                    listing = listings.year_catalogue(int(key))
                    for fmt in publishing.DOWNLOAD_NAMES:
                        remove_file(root, downloads.download_path(listing, fmt))
                continue
            for relative, kind_, key_, fmt in found:
                content = downloads.render_download(data, kind_, key_, fmt)
                written += publishing.write_file(root, relative, content)
    return written
