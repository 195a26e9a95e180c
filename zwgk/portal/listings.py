"""Published lists of documents: a column's list, the newest items of 法定主动公开内容, the
政府信息公开目录 by unit, topic and year, and the Atom feed of each column.

Each list is a `Listing` (a key and the address of its index page) whose items are rows of
ListingEntry, kept in step with the documents by `sync_entries` (incremental publishing) and
`sync_all_entries` (a rebuild). Lists are cut into pages as paging.py describes: the index page
shows the newest items, archive pages "page-<k>.html" (k counted from the oldest) never change
once full. The page builders here give the context of those pages; publishing.py makes them into
`Page`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.documents.models import Document, Status
from zwgk.orgs.models import Unit

from .models import ListingEntry
from .pages import PageNotFound, SiteData, column_url
from .paging import Layout
from .selectors import (
    Entry,
    catalogue_year,
    column_of,
    count_listing,
    count_listing_after,
    list_listing,
    recent_entries,
    recent_in_listing,
    replace_all_listing_entries,
    replace_listing_entries,
    sort_at,
)

FEED_SIZE = 20
RECENT_SIZE = 10
# How many archive pages the index page links to by number (the rest through "older").
PAGER_LINKS = 8
# A feed with no entry still needs an <updated> date; a fixed one keeps the file stable.
EMPTY_FEED_UPDATED = datetime(2019, 5, 15, tzinfo=timezone.get_fixed_timezone(480))
SYNC_BATCH = 2000


@dataclass(frozen=True)
class Listing:
    # "column:<unit>/<slug>", "group:<unit>/<slug>" (a column with sub-columns: its newest
    # items), "unit:<unit>", "topic:<pk>", "year:<yyyy>" — the last three are the catalogue's
    key: str
    path: str  # the index page; archives are path + "page-<k>.html"

    @property
    def tag(self) -> str:
        return f"list:{self.key}"

    @property
    def catalogue_scope(self) -> tuple[str, str] | None:
        """(kind, key) of a catalogue list, None for the others."""
        kind, _sep, key = self.key.partition(":")
        return (kind, key) if kind in {"unit", "topic", "year"} else None

    def archive_path(self, number: int) -> str:
        return f"{self.path}page-{number}.html"

    @property
    def feed_path(self) -> str:
        return f"{self.path}feed.xml"


def column_listing(unit: Unit, path: str, slug: str) -> Listing:
    return Listing(f"column:{unit.code}/{slug}", path)


def group_listing(unit: Unit, path: str, slug: str) -> Listing:
    return Listing(f"group:{unit.code}/{slug}", path)


def unit_catalogue(unit: Unit) -> Listing:
    return Listing(f"unit:{unit.code}", reverse("portal:catalogue_list", args=["unit", unit.code]))


def topic_catalogue(topic_pk: int) -> Listing:
    return Listing(f"topic:{topic_pk}", reverse("portal:catalogue_list", args=["topic", topic_pk]))


def year_catalogue(year: int) -> Listing:
    return Listing(f"year:{year}", reverse("portal:catalogue_list", args=["year", year]))


def memberships(data: SiteData, document: Document) -> list[Listing]:
    """The lists a published document is in (for a withdrawn one: was in)."""
    unit = data.by_pk[document.publishing_unit_id]
    found = []
    column = column_of(unit, document.column)
    if column is not None:
        child, parent = column
        found.append(column_listing(unit, column_url(unit, child, parent), child.slug))
        if parent is not None:
            found.append(group_listing(unit, column_url(unit, parent), parent.slug))
    found.append(unit_catalogue(unit))
    if document.topic_id:
        found.append(topic_catalogue(document.topic_id))
    year = catalogue_year(document.written_date, document.published_at)
    if year is not None:
        found.append(year_catalogue(year))
    return found


# The fields of a document that decide its lists.
MEMBERSHIP_FIELDS = (
    "pk",
    "publishing_unit",
    "column",
    "topic",
    "written_date",
    "published_at",
    "status",
)


def _entries_for(data: SiteData, documents: Iterable[Document]) -> Iterator[ListingEntry]:
    for document in documents:
        if document.status != Status.PUBLISHED or document.publishing_unit_id not in data.by_pk:
            continue
        for listing in memberships(data, document):
            yield ListingEntry(
                listing=listing.key,
                document_id=document.pk,
                sort_at=sort_at(document.published_at),
            )


def sync_entries(data: SiteData, documents: list[Document]) -> None:
    """Put these documents (any status) in the lists they belong to now, and in no other."""
    replace_listing_entries([d.pk for d in documents], list(_entries_for(data, documents)))


def sync_all_entries(data: SiteData) -> None:
    """Rebuild every list from the published documents (`zwgk publish --rebuild`)."""
    documents = (
        Document.objects.filter(status=Status.PUBLISHED, publishing_unit_id__in=data.unit_pks)
        .only(*MEMBERSHIP_FIELDS)
        .order_by("pk")
    )

    def batches() -> Iterator[list[ListingEntry]]:
        batch: list[ListingEntry] = []
        for entry in _entries_for(data, documents.iterator(chunk_size=SYNC_BATCH)):
            batch.append(entry)
            if len(batch) >= SYNC_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    replace_all_listing_entries(batches())


# --- Page contexts -----------------------------------------------------------------------------


def layout(data: SiteData, listing: Listing) -> Layout:
    """The paging layout of a list, counted once per SiteData (a publish run or a request)."""
    counts = data.listing_counts
    if listing.key not in counts:
        counts[listing.key] = count_listing(listing.key)
    return Layout(counts[listing.key])


def _entries(data: SiteData, listing: Listing, start: int, stop: int, count: int) -> list[Entry]:
    return list_listing(listing.key, data.by_pk, start, stop, count)


def index_context(data: SiteData, listing: Listing) -> dict[str, Any]:
    """The newest items and the links to the archive pages (numbered from the newest, as
    readers expect, on the index page only: it is re-rendered at every publication)."""
    paging = layout(data, listing)
    start, stop = paging.index_slice()
    newest_first = list(reversed(paging.archives))
    links = [
        {"number": position, "url": listing.archive_path(number)}
        for position, number in enumerate(newest_first[:PAGER_LINKS], start=2)
    ]
    oldest = None
    if len(newest_first) > PAGER_LINKS:
        oldest = {"number": len(newest_first) + 1, "url": listing.archive_path(1)}
    return {
        "listing": listing,
        "entries": _entries(data, listing, start, stop, paging.count),
        "count": paging.count,
        "pager": {
            "is_index": True,
            "older": listing.archive_path(paging.last_archive) if paging.last_archive else None,
            "links": links,
            "oldest": oldest,
        },
    }


def archive_context(data: SiteData, listing: Listing, number: int) -> dict[str, Any]:
    paging = layout(data, listing)
    if number not in paging.archives:
        raise PageNotFound(number)
    start, stop = paging.archive_slice(number)
    entries = _entries(data, listing, start, stop, paging.count)
    newer = paging.newer(number)
    older = paging.older(number)
    dates = [entry.date for entry in entries if entry.date]
    return {
        "listing": listing,
        "entries": entries,
        "archive_number": number,
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "pager": {
            "is_index": False,
            "newest": listing.path,
            "newer": listing.archive_path(newer) if newer else listing.path,
            "older": listing.archive_path(older) if older else None,
            "oldest": listing.archive_path(1) if number > 1 else None,
        },
    }


def _moment(entry: Entry) -> datetime:
    if entry.published_at is not None:
        return timezone.localtime(entry.published_at)
    day = entry.date or date(2019, 5, 15)
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def feed_context(data: SiteData, listing: Listing, title: str, author: str) -> dict[str, Any]:
    """An Atom feed (RFC 4287) of the newest items: absolute links, dates with the offset."""
    items = [
        {"entry": entry, "url": data.base_url + entry.url, "updated": _moment(entry)}
        for entry in recent_in_listing(listing.key, data.by_pk, FEED_SIZE)
    ]
    return {
        "feed_title": title,
        "feed_author": author,
        "feed_id": data.base_url + listing.feed_path,
        "feed_url": data.base_url + listing.feed_path,
        "alternate_url": data.base_url + listing.path,
        "updated": items[0]["updated"] if items else EMPTY_FEED_UPDATED,
        "items": items,
    }


def recent(data: SiteData, listing: Listing, limit: int = RECENT_SIZE) -> list[Entry]:
    return recent_in_listing(listing.key, data.by_pk, limit)


def recent_documents(
    data: SiteData, documents: QuerySet[Document], limit: int = RECENT_SIZE
) -> list[Entry]:
    return recent_entries(documents, data.by_pk, limit)


def lowest_position(listing: Listing, count: int, changed: list[Document]) -> int:
    """Where the oldest of the changed documents stands in the list now (or stood, if it left
    the list): everything above it may have moved."""
    oldest = min(changed, key=lambda d: (sort_at(d.published_at), d.pk))
    newer = count_listing_after(listing.key, oldest.published_at, oldest.pk)
    return max(count - newer - 1, 0)
