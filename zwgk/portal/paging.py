"""Paging of the published lists so that publishing one document re-renders a bounded number of
pages, however long a list grows. Pure arithmetic: no Django, no database.

A list of N items is ordered oldest first (positions 0 … N-1) and cut into buckets of
`per_page` items, numbered from the oldest: bucket k holds positions [(k-1)·P, k·P). Only full
buckets are archive pages ("page-k.html"); there are F-1 of them, F = N // P. The list's index
page shows the newest full bucket together with the items above it, positions [(F-1)·P, N), that
is between P and 2P-1 items (all N when N < P), newest first.

A new document is the newest item: it changes the index page only, and once every P
publications a bucket fills and becomes an archive page (then the page below it changes its
"newer" link too): publishing re-renders no archive page at all, or two. An archive page
never names the total or its rank from the newest, since both change with every publication;
it shows its own date range and links to its neighbours.

A change further down (a withdrawn document, an imported one dated in the past) shifts every
item above it: the archives from its bucket upwards are re-rendered. That is the price of stable
old pages, paid only for those rarer changes.
"""

from __future__ import annotations

from dataclasses import dataclass

PER_PAGE = 20


@dataclass(frozen=True)
class Layout:
    count: int
    per_page: int = PER_PAGE

    @property
    def full(self) -> int:
        """F: the number of full buckets."""
        return self.count // self.per_page

    @property
    def archives(self) -> range:
        """Numbers of the archive pages (full buckets below the newest full one)."""
        return range(1, max(self.full, 1))

    @property
    def last_archive(self) -> int:
        """The newest archive page, 0 when there is none."""
        return max(self.full - 1, 0)

    def index_slice(self) -> tuple[int, int]:
        """Positions [start, stop) shown on the index page."""
        start = (self.full - 1) * self.per_page if self.full >= 1 else 0
        return start, self.count

    def archive_slice(self, number: int) -> tuple[int, int]:
        """Positions [start, stop) of archive page `number`."""
        if number not in self.archives:
            raise IndexError(number)
        return (number - 1) * self.per_page, number * self.per_page

    def newer(self, number: int) -> int | None:
        """The archive page above `number`, None when the index page is next."""
        return number + 1 if number + 1 in self.archives else None

    def older(self, number: int) -> int | None:
        return number - 1 if number > 1 else None

    def affected_archives(self, lowest_position: int, changed: int = 1) -> range:
        """Archive pages to re-render after `changed` items were added or removed, the lowest of
        them at `lowest_position` (its position now, or where it stood before it was removed).

        Content changes from that item's bucket upwards. When the number of full buckets may
        have changed, so does the "newer" link of the page that was the newest archive before
        the change (at most `changed` buckets lower) and of the one that is now.
        """
        per_page = self.per_page
        first = lowest_position // per_page + 1
        fewest = max(self.count - changed, 0) // per_page
        most = (self.count + changed) // per_page
        if fewest != most:
            first = min(first, fewest - 1, self.full - 2)
        return range(max(first, 1), self.last_archive + 1)

    def stale_archives_from(self) -> int:
        """Archive files numbered from here upwards no longer exist after the change."""
        return max(self.full, 1)
