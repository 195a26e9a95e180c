"""Reads of key-area completeness, always scoped to the viewer's units.

Completeness is computed at read time from the published documents in each item's column and
the catalogue's cadence (no stored status, so nothing goes stale: publishing or withdrawing a
document changes the view on the next request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from zwgk.documents.models import Document, Status
from zwgk.documents.selectors import list_documents
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import visible_units

from . import cadence, catalogue
from .cadence import Assessment, Period
from .catalogue import Item
from .models import DueDateAnchor

# The first year the notice applies to (铜府办发〔2019〕16号 is dated 2019-07-19).
FIRST_YEAR = 2019


@dataclass(frozen=True)
class PublishedDoc:
    pk: int
    title: str
    published_on: date


@dataclass(frozen=True)
class Row:
    unit: Unit
    item: Item
    period: Period
    assessment: Assessment
    documents: tuple[PublishedDoc, ...] = field(default=())

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def first_document(self) -> PublishedDoc | None:
        first = self.assessment.first_published_on
        return next((d for d in self.documents if d.published_on == first), None)


def _year_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.max, tzinfo=tz),
    )


def _published_docs(
    queryset: QuerySet[Document],
    unit_ids: Collection[int],
    slugs: Collection[str],
    start: date,
    end: date,
) -> dict[tuple[int, str], list[PublishedDoc]]:
    low, high = _year_bounds(start, end)
    found: dict[tuple[int, str], list[PublishedDoc]] = defaultdict(list)
    rows = (
        queryset.filter(
            status=Status.PUBLISHED,
            publishing_unit_id__in=list(unit_ids),
            column__in=list(slugs),
            published_at__gte=low,
            published_at__lte=high,
        )
        .order_by("published_at", "pk")
        .values_list("pk", "title", "column", "publishing_unit_id", "published_at")
    )
    for pk, title, column, unit_id, published_at in rows:
        found[(unit_id, column)].append(PublishedDoc(pk, title, timezone.localdate(published_at)))
    return found


Anchors = dict[tuple[int, int], dict[str, date]]  # (district id, year) -> {anchor: date}


def load_anchors(district_ids: Collection[int], years: Collection[int]) -> Anchors:
    found: Anchors = defaultdict(dict)
    rows = DueDateAnchor.objects.filter(
        district_id__in=list(district_ids), year__in=list(years)
    ).values_list("district_id", "year", "anchor", "on_date")
    for district_id, year, anchor, on_date in rows:
        found[(district_id, year)][anchor] = on_date
    return found


def list_anchors(viewer: object) -> list[DueDateAnchor]:
    """The recorded events of the districts the viewer supervises."""
    roots = [u.root_id for u in visible_units(viewer).filter(parent__isnull=True)]
    return list(DueDateAnchor.objects.filter(district_id__in=roots).select_related("recorded_by"))


def responsible_units(units: Iterable[Unit], area: str = "") -> list[tuple[Unit, tuple[Item, ...]]]:
    found = []
    for unit in units:
        items = catalogue.items_for_unit(unit.code, unit.kind, area)
        if items:
            found.append((unit, items))
    return found


def _rows(
    pairs: list[tuple[Unit, tuple[Item, ...]]],
    periods_of: Callable[[Unit, Item], list[Period]],
    docs: dict[tuple[int, str], list[PublishedDoc]],
    today: date,
) -> list[Row]:
    rows = []
    for unit, items in pairs:
        for item in items:
            published = docs.get((unit.pk, item.slug), [])
            for period in periods_of(unit, item):
                inside = tuple(d for d in published if period.contains(d.published_on))
                assessment = cadence.assess(period, (d.published_on for d in inside), today)
                rows.append(Row(unit, item, period, assessment, inside))
    return rows


def list_completeness(
    viewer: object,
    *,
    year: int,
    today: date,
    area: str = "",
    unit: Unit | None = None,
    status: str = "",
) -> list[Row]:
    """One row per (unit, item, period) of `year` that has begun by `today`, for the units the
    viewer may see (the supervisor: the whole district; staff: their own units)."""
    units = visible_units(viewer).active().order_by("path")
    if unit is not None:
        units = units.filter(pk=unit.pk)
    pairs = responsible_units(units, area)
    slugs = {item.slug for _unit, items in pairs for item in items}
    anchors = load_anchors({u.root_id for u, _items in pairs}, [year])
    docs = _published_docs(
        list_documents(viewer),
        [u.pk for u, _items in pairs],
        slugs,
        date(year, 1, 1),
        date(year + 1, 12, 31),  # a due date past 12-31 extends the year's window
    )

    def periods(unit: Unit, item: Item) -> list[Period]:
        return cadence.started_periods(item.cadence, year, today, anchors.get((unit.root_id, year)))

    rows = _rows(pairs, periods, docs, today)
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def count_by_status(rows: Iterable[Row]) -> dict[str, int]:
    counts = dict.fromkeys(cadence.STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def list_due_between(
    start: date, end: date, unit_ids: Collection[int] | None, today: date
) -> list[Row]:
    """Rows (any unit, no viewer: for the supervision problem registry) whose period's due date
    falls in [start, end] and has passed by `today`."""
    units = Unit.objects.active().order_by("path")
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    pairs = responsible_units(units)
    slugs = {item.slug for _unit, items in pairs for item in items}
    window_start = date(start.year - 1, 1, 1)
    window_end = date(end.year + 1, 12, 31)
    docs = _published_docs(
        Document.objects.all(), [u.pk for u, _i in pairs], slugs, window_start, window_end
    )
    years = range(start.year - 1, end.year + 1)
    anchors = load_anchors({u.root_id for u, _i in pairs}, years)

    def periods(unit: Unit, item: Item) -> list[Period]:
        of_year = {y: anchors.get((unit.root_id, y), {}) for y in years}
        due = cadence.periods_due_between(item.cadence, start, end, of_year)
        return [p for p in due if p.due < today]

    return _rows(pairs, periods, docs, today)


def list_misfiled(
    viewer: object, *, year: int, unit: Unit | None = None
) -> list[tuple[Unit, Document]]:
    """Published documents of the viewer's units in a key-area column the unit is not
    responsible for. The registration form offers every item of the unit's kind, but the portal
    lists an item's column only on the pages of the units responsible for it: such a document
    is public (its own page, the catalogue) but listed in no column, and counts for nothing."""
    low, high = _year_bounds(date(year, 1, 1), date(year, 12, 31))
    documents = (
        list_documents(viewer)
        .filter(
            status=Status.PUBLISHED,
            column__startswith=catalogue.SLUG_PREFIX,
            published_at__gte=low,
            published_at__lte=high,
        )
        .select_related("publishing_unit")
    )
    if unit is not None:
        documents = documents.filter(publishing_unit=unit)
    found = []
    for document in documents:
        item = catalogue.item_by_slug(document.column)
        owner = document.publishing_unit
        if item is None or not item.responsible.applies_to(owner.code, owner.kind):
            found.append((owner, document))
    return found
