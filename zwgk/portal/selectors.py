"""Reads for the public portal.

Public pages show public facts only: the site profile, the active units of the portal's district
and their disclosure-office contact blocks, and the documents those units published (主动公开,
status published; a withdrawn one only as the notice that it was withdrawn). Nothing here depends
on who is asking, so nothing is scoped to a viewer.

`get_site_info()` never raises: with no profile (a fresh database) it falls back to the district's
units, and with no database at all to built-in defaults, so that the footer and the error pages
always render. The last profile read successfully is kept in memory for the 500 page, which must
not touch the database (`last_known_site_info()`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from zwgk.documents.models import (
    Attachment,
    Document,
    DocumentIssuer,
    NormativeRecord,
    Status,
    Topic,
)
from zwgk.documents.statute import Genre, InterpretationForm, Validity
from zwgk.orgs.models import Unit, UnitQuerySet
from zwgk.orgs.selectors import list_public_units

from . import columns, urls_for
from .models import ListingEntry, SiteProfile

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


# --- Documents ------------------------------------------------------------------------------

# When a document has no 内容概述, the beginning of its body stands in for it (as in the
# downloadable catalogue, zwgk.documents.catalogue).
SUMMARY_CHARS = 100
# Oldest first, the order the paging buckets are cut in (paging.py); NULL dates (imported
# history without a 发布日期) first on every database.
OLDEST_FIRST = (F("published_at").asc(nulls_first=True), F("pk").asc())
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("pk").desc())
_VALIDITY = {choice.value: choice.label for choice in Validity}
_GENRES = {choice.value: choice.label for choice in Genre}
_FORMS = {choice.value: choice.label for choice in InterpretationForm}


def public_documents(unit_pks: Iterable[int]) -> QuerySet[Document]:
    """Published documents of these units: what the lists, feeds, catalogue and API show.

    Only 主动公开 documents are ever published (a database constraint of documents)."""
    return Document.objects.filter(status=Status.PUBLISHED, publishing_unit_id__in=list(unit_pks))


def documents_with_pages(unit_pks: Iterable[int]) -> QuerySet[Document]:
    """Documents that have a public page: published ones, and withdrawn ones (the page then
    says so). Withdrawal is possible only after publication."""
    return Document.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], publishing_unit_id__in=list(unit_pks)
    )


def summary_text(summary: str, body_start: str) -> str:
    if summary.strip():
        return summary.strip()
    text = " ".join((body_start or "").split())
    return text[:SUMMARY_CHARS] + "……" if len(text) > SUMMARY_CHARS else text


def local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def catalogue_year(written_date: date | None, published_at: datetime | None) -> int | None:
    """The year a document is filed under in the catalogue: its 生成日期 (成文日期, or the
    publication date for a document without one), as zwgk.documents.catalogue selects it."""
    if written_date is not None:
        return written_date.year
    published = local_date(published_at)
    return published.year if published else None


def year_filter(year: int) -> Q:
    """The documents of a year of the catalogue (as zwgk.documents.catalogue selects them)."""
    return Q(written_date__year=year) | Q(written_date__isnull=True, published_at__year=year)


@dataclass(frozen=True)
class Entry:
    """One item of a published list."""

    title: str
    url: str
    date: date | None
    index_number: str = ""
    summary: str = ""
    generated_date: date | None = None
    unit_name: str = ""
    published_at: datetime | None = None
    pk: int = 0


_ENTRY_FIELDS = (
    "pk",
    "title",
    "published_at",
    "publishing_unit_id",
    "index_number",
    "summary",
    "body_start",
    "written_date",
    "created_at",
)


def _entries(rows: Iterable[tuple[Any, ...]], units: Mapping[int, Unit]) -> list[Entry]:
    entries = []
    for pk, title, published_at, unit_id, index_number, summary, body, written, created in rows:
        unit = units[unit_id]
        published = local_date(published_at)
        entries.append(
            Entry(
                title=title,
                url=urls_for.document_path(unit.code, pk),
                date=published or written or local_date(created),
                index_number=index_number,
                summary=summary_text(summary, body),
                generated_date=written or published,
                unit_name=unit.name,
                published_at=published_at,
                pk=pk,
            )
        )
    return entries


def _entry_rows(documents: QuerySet[Document]) -> QuerySet[Document, tuple[Any, ...]]:
    return documents.annotate(body_start=Substr("body", 1, SUMMARY_CHARS + 1)).values_list(
        *_ENTRY_FIELDS
    )


def _entries_of(ids: list[int], units: Mapping[int, Unit]) -> list[Entry]:
    """Entries for these documents, in this order (documents of units no longer on the site
    are left out until the next rebuild drops them from the lists)."""
    rows = {
        row[0]: row for row in _entry_rows(Document.objects.filter(pk__in=ids)) if row[3] in units
    }
    return _entries([rows[pk] for pk in ids if pk in rows], units)


def recent_entries(
    documents: QuerySet[Document], units: Mapping[int, Unit], limit: int
) -> list[Entry]:
    return _entries(_entry_rows(documents.order_by(*NEWEST_FIRST))[:limit], units)


# --- Published lists (ListingEntry) -------------------------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sort_at(published_at: datetime | None) -> datetime:
    return published_at if published_at is not None else EPOCH


def _listing(key: str) -> QuerySet[ListingEntry]:
    return ListingEntry.objects.filter(listing=key)


def count_listing(key: str) -> int:
    return _listing(key).count()


def list_listing(
    key: str, units: Mapping[int, Unit], start: int, stop: int, count: int
) -> list[Entry]:
    """Positions [start, stop) of a list in oldest-first order, newest first. Reads from
    whichever end of the list is nearer, so the newest pages of a long list stay cheap."""
    if stop <= start:
        return []
    entries = _listing(key)
    if start >= count - stop:
        newest = entries.order_by("-sort_at", "-document_id")[count - stop : count - start]
        ids = list(newest.values_list("document_id", flat=True))
    else:
        oldest = entries.order_by("sort_at", "document_id")[start:stop]
        ids = list(oldest.values_list("document_id", flat=True))
        ids.reverse()
    return _entries_of(ids, units)


def recent_in_listing(key: str, units: Mapping[int, Unit], limit: int) -> list[Entry]:
    ids = _listing(key).order_by("-sort_at", "-document_id").values_list("document_id", flat=True)
    return _entries_of(list(ids[:limit]), units)


def count_listing_after(key: str, published_at: datetime | None, pk: int) -> int:
    """How many items of a list come after (published_at, pk) in oldest-first order."""
    moment = sort_at(published_at)
    return (
        _listing(key).filter(Q(sort_at__gt=moment) | Q(sort_at=moment, document_id__gt=pk)).count()
    )


def listing_years() -> list[int]:
    """Years that have a catalogue list, newest first."""
    keys = (
        ListingEntry.objects.filter(listing__startswith="year:")
        .order_by("listing")
        .values_list("listing", flat=True)
        .distinct()
    )
    return sorted((int(key[5:]) for key in keys), reverse=True)


def replace_listing_entries(document_pks: Iterable[int], entries: Iterable[ListingEntry]) -> None:
    """The list entries of these documents become `entries` (idempotent)."""
    with transaction.atomic():
        ListingEntry.objects.filter(document_id__in=list(document_pks)).delete()
        ListingEntry.objects.bulk_create(entries, batch_size=2000)


def replace_all_listing_entries(batches: Iterable[list[ListingEntry]]) -> None:
    with transaction.atomic():
        ListingEntry.objects.all().delete()
        for batch in batches:
            ListingEntry.objects.bulk_create(batch, batch_size=2000)


def list_topics() -> list[Topic]:
    """Every topic of the taxonomy (the catalogue lists each one, even when empty)."""
    return list(Topic.objects.order_by("sort_order", "name"))


def get_topic(pk: int) -> Topic | None:
    return Topic.objects.filter(pk=pk).first()


# --- One document's page -------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    pk: int
    title: str
    url: str
    date: date | None = None


@dataclass(frozen=True)
class AttachmentView:
    name: str
    url: str
    size: int
    kind: str
    pk: int
    sha256: str


@dataclass(frozen=True)
class DocumentView:
    """What the public page of a document shows (plain data, read in a few queries)."""

    pk: int
    unit: Unit
    url: str
    title: str
    index_number: str
    doc_number: str
    topic: str
    topic_id: int | None
    genre: str
    issuers: tuple[str, ...]
    written_date: date | None
    published_at: datetime | None
    column: str
    summary: str
    body: str
    is_withdrawn: bool
    withdrawn_date: date | None
    withdraw_reason: str
    is_normative: bool
    unified_number: str
    validity: str
    valid_from: date | None
    valid_until: date | None
    replaced_by: Link | None
    replaces: tuple[Link, ...]
    attachments: tuple[AttachmentView, ...]
    interprets: Link | None
    interpretations: tuple[Link, ...]
    interpretation_form: str
    video_url: str
    related: tuple[int, ...] = ()

    @property
    def published_date(self) -> date | None:
        return local_date(self.published_at)

    @property
    def paragraphs(self) -> list[str]:
        """The body as paragraphs: one per non-empty line (the register keeps plain text)."""
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    @property
    def catalogue_year(self) -> int | None:
        return catalogue_year(self.written_date, self.published_at)


def _link(document: Document | None, units: Mapping[int, Unit]) -> Link | None:
    if document is None or document.status != Status.PUBLISHED:
        return None
    unit = units.get(document.publishing_unit_id)
    if unit is None:
        return None
    return Link(
        document.pk,
        document.title,
        urls_for.document_path(unit.code, document.pk),
        local_date(document.published_at),
    )


_LINK_FIELDS = ("id", "title", "status", "publishing_unit", "published_at")


def load_document_views(pks: Iterable[int], units: Mapping[int, Unit]) -> dict[int, DocumentView]:
    """The public views of these documents, keyed by pk; documents without a public page (not
    published, or of a unit outside the site) are left out."""
    documents = (
        documents_with_pages(units)
        .filter(pk__in=list(pks))
        .select_related("topic")
        .prefetch_related(
            Prefetch("issuers", queryset=DocumentIssuer.objects.select_related("unit")),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.only(
                    "pk", "document_id", "original_name", "size", "content_type", "sha256"
                ),
            ),
            # Neither a status filter nor an ORDER BY here: either makes SQLite walk the
            # (status, published_at) index instead of the interprets_id one. `_link` keeps
            # the published ones; sorted below.
            Prefetch(
                "interpretations", queryset=Document.objects.only(*_LINK_FIELDS, "interprets")
            ),
            Prefetch("interprets", queryset=Document.objects.only(*_LINK_FIELDS)),
            Prefetch(
                "replaces",
                queryset=NormativeRecord.objects.select_related("document").only(
                    "replaced_by", "document", *(f"document__{name}" for name in _LINK_FIELDS)
                ),
            ),
        )
    )
    normative = {
        record.document_id: record
        for record in NormativeRecord.objects.filter(document__in=documents).select_related(
            "replaced_by"
        )
    }
    views = {}
    for document in documents:
        unit = units[document.publishing_unit_id]
        record = normative.get(document.pk)
        replaces = tuple(
            link
            for link in (_link(r.document, units) for r in document.replaces.all())
            if link is not None
        )
        interpretations = tuple(
            link
            for link in (
                _link(i, units)
                for i in sorted(
                    document.interpretations.all(), key=lambda i: (sort_at(i.published_at), i.pk)
                )
            )
            if link is not None
        )
        related = {i.pk for i in document.interpretations.all()}
        related |= {r.document_id for r in document.replaces.all()}
        if document.interprets_id:
            related.add(document.interprets_id)
        if record is not None and record.replaced_by_id:
            related.add(record.replaced_by_id)
        views[document.pk] = DocumentView(
            pk=document.pk,
            unit=unit,
            url=urls_for.document_path(unit.code, document.pk),
            title=document.title,
            index_number=document.index_number,
            doc_number=document.doc_number,
            topic=document.topic.name if document.topic else "",
            topic_id=document.topic_id,
            genre=_GENRES.get(document.genre, ""),
            issuers=tuple(issuer.unit.name for issuer in document.issuers.all()) or (unit.name,),
            written_date=document.written_date,
            published_at=document.published_at,
            column=document.column,
            summary=document.summary,
            body=document.body,
            is_withdrawn=document.status == Status.WITHDRAWN,
            withdrawn_date=local_date(document.withdrawn_at),
            withdraw_reason=document.withdraw_reason,
            is_normative=document.is_normative,
            unified_number=record.unified_number if record else "",
            validity=_VALIDITY.get(record.validity, "") if record else "",
            valid_from=record.valid_from if record else None,
            valid_until=record.valid_until if record else None,
            replaced_by=_link(record.replaced_by, units) if record else None,
            replaces=replaces,
            attachments=tuple(
                AttachmentView(
                    name=a.original_name,
                    url=urls_for.attachment_path(a),
                    size=a.size,
                    kind=urls_for.attachment_extension(a).upper(),
                    pk=a.pk,
                    sha256=a.sha256,
                )
                for a in document.attachments.all()
            ),
            interprets=_link(document.interprets, units),
            interpretations=interpretations,
            interpretation_form=_FORMS.get(document.interpretation_form, ""),
            video_url=document.video_url,
            related=tuple(sorted(related)),
        )
    return views


def changed_validity_documents(since: date) -> list[int]:
    """Published 规范性文件 whose 有效性 changed on or after `since`."""
    return list(
        Document.objects.filter(
            status=Status.PUBLISHED, normative__validity_changed_on__gte=since
        ).values_list("pk", flat=True)
    )


def column_of(unit: Unit, slug: str) -> tuple[columns.Column, columns.Column | None] | None:
    """The list column `slug` of this unit, with its parent; None when documents cannot be
    listed there (no such column for the unit's kind, or a generated page)."""
    if not slug or slug in columns.GENERATED_SLUGS:
        return None
    found = columns.find_column(unit.kind, slug, unit.code)
    if found is None or found[0].children:
        return None
    return found
