"""Published lists of documents: a column's list, the 政府信息公开目录 by unit, topic and year,
and the Atom feed of each column.

Each list is a `Listing` (a key, the address of its index page, the documents it holds) cut into
pages as paging.py describes: the index page shows the newest items, archive pages
"page-<k>.html" (k counted from the oldest) never change once full. The page builders here give
the context of those pages; publishing.py makes them into `Page`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.documents.models import Document
from zwgk.orgs.models import Unit

from .pages import PageNotFound, SiteData
from .paging import Layout
from .selectors import (
    Entry,
    count_newer,
    list_entries,
    public_documents,
    recent_entries,
    year_filter,
)

FEED_SIZE = 20
RECENT_SIZE = 10
# How many archive pages the index page links to by number (the rest through "older").
PAGER_LINKS = 8
# A feed with no entry still needs an <updated> date; a fixed one keeps the file stable.
EMPTY_FEED_UPDATED = datetime(2019, 5, 15, tzinfo=timezone.get_fixed_timezone(480))


@dataclass(frozen=True)
class Listing:
    key: str  # "column:<unit>/<slug>", "unit:<unit>", "topic:<pk>", "year:<yyyy>"
    path: str  # the index page; archives are path + "page-<k>.html"
    filter: Q = field(compare=False)

    @property
    def tag(self) -> str:
        return f"list:{self.key}"

    def documents(self, data: SiteData) -> QuerySet[Document]:
        return public_documents(data.unit_pks).filter(self.filter)

    def archive_path(self, number: int) -> str:
        return f"{self.path}page-{number}.html"

    @property
    def feed_path(self) -> str:
        return f"{self.path}feed.xml"


def layout(data: SiteData, listing: Listing) -> Layout:
    """The paging layout of a list, counted once per SiteData (a publish run or a request)."""
    counts: dict[str, int] = data.__dict__.setdefault("_listing_counts", {})
    if listing.key not in counts:
        counts[listing.key] = listing.documents(data).count()
    return Layout(counts[listing.key])


def _entries(data: SiteData, listing: Listing, start: int, stop: int, count: int) -> list[Entry]:
    return list_entries(listing.documents(data), data.by_pk, start, stop, count)


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
    paging = layout(data, listing)
    entries = _entries(data, listing, max(paging.count - FEED_SIZE, 0), paging.count, paging.count)
    items = [
        {"entry": entry, "url": data.base_url + entry.url, "updated": _moment(entry)}
        for entry in entries
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


def recent(data: SiteData, documents: QuerySet[Document], limit: int = RECENT_SIZE) -> list[Entry]:
    return recent_entries(documents, data.by_pk, limit)


def lowest_position(data: SiteData, listing: Listing, changed: list[Document]) -> int:
    """Where the oldest of the changed documents stands in the list now (or stood, if it left
    the list): everything above it may have moved."""
    oldest = min(changed, key=_sort_key)
    newer = count_newer(listing.documents(data), oldest.published_at, oldest.pk)
    return max(layout(data, listing).count - newer - 1, 0)


def _sort_key(document: Document) -> tuple[int, datetime, int]:
    if document.published_at is None:
        return (0, datetime.min.replace(tzinfo=timezone.get_fixed_timezone(0)), document.pk)
    return (1, document.published_at, document.pk)


# --- The lists ---------------------------------------------------------------------------------


def column_listing(unit: Unit, path: str, slug: str) -> Listing:
    return Listing(f"column:{unit.code}/{slug}", path, Q(publishing_unit_id=unit.pk, column=slug))


def unit_catalogue(unit: Unit) -> Listing:
    return Listing(
        f"unit:{unit.code}",
        reverse("portal:catalogue_list", args=["unit", unit.code]),
        Q(publishing_unit_id=unit.pk),
    )


def topic_catalogue(topic_pk: int) -> Listing:
    return Listing(
        f"topic:{topic_pk}",
        reverse("portal:catalogue_list", args=["topic", str(topic_pk)]),
        Q(topic_id=topic_pk),
    )


def year_catalogue(year: int) -> Listing:
    return Listing(
        f"year:{year}",
        reverse("portal:catalogue_list", args=["year", str(year)]),
        year_filter(year),
    )
