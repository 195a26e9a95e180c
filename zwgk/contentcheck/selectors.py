"""Reads of the dictionaries, and the compiled checker for the current lists.

The lists are the district's, shared by every unit; only the district office sees them here
(others get nothing, and the views answer 404). `get_checker()` is for every caller that checks
text (documents, the CLI): it needs no viewer, as the checker reveals nothing of the lists.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from zwgk.textcheck import Checker, Dictionaries
from zwgk.textcheck.expressions import DEFAULT_WRONG_FORMS, Leader

from .lists import ACTIVE, INACTIVE, LISTS, STATUS_HEADER, DictionaryList
from .models import DictionaryEntry, DictionaryRevision, LeaderTitle, SensitiveWord, WrongExpression
from .permissions import can_manage_dictionaries

STATUS_ACTIVE = "active"
STATUS_INACTIVE = "inactive"
STATUS_ALL = "all"

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], Checker] | None = None


def _stamp() -> tuple[object, ...]:
    """Changes whenever a list changes: the revision that every service bumps, plus count and
    newest change time of each list (which also notice rows written outside the services)."""
    revision = DictionaryRevision.objects.filter(id=1).values_list("number", flat=True).first()
    return (
        revision,
        *(
            tuple(model.objects.aggregate(n=Count("pk"), t=Max("updated_at")).values())
            for model in (SensitiveWord, WrongExpression, LeaderTitle)
        ),
    )


def build_checker() -> Checker:
    wrong = {e.wrong: e.right for e in WrongExpression.objects.filter(is_active=True)}
    return Checker(
        Dictionaries(
            sensitive_words={
                w.word: w.category for w in SensitiveWord.objects.filter(is_active=True)
            },
            wrong_forms={**DEFAULT_WRONG_FORMS, **wrong},
            leaders=[Leader(x.name, x.title) for x in LeaderTitle.objects.filter(is_active=True)],
        )
    )


def get_checker() -> Checker:
    """The checker for the current lists, compiled once per change of any list."""
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    checker = build_checker()
    with _lock:
        _cached = (stamp, checker)
    return checker


def list_entries(
    viewer: Any, spec: DictionaryList, *, query: str = "", status: str = STATUS_ACTIVE
) -> QuerySet[DictionaryEntry]:
    """A list's entries matching `query` (in any column) and `status`, in key order."""
    entries = spec.model._default_manager.order_by(spec.key.field)
    if not can_manage_dictionaries(viewer):
        return entries.none()
    if status == STATUS_ACTIVE:
        entries = entries.filter(is_active=True)
    elif status == STATUS_INACTIVE:
        entries = entries.filter(is_active=False)
    query = query.strip()
    if query:
        match = Q()
        for column in spec.columns:
            match |= Q(**{f"{column.field}__icontains": query})
        entries = entries.filter(match)
    return entries


def get_entry(viewer: Any, spec: DictionaryList, pk: int) -> DictionaryEntry:
    """One entry; DoesNotExist when there is none or the viewer may not see the lists."""
    return list_entries(viewer, spec, status=STATUS_ALL).get(pk=pk)


@dataclass(frozen=True)
class ListSummary:
    spec: DictionaryList
    active: int
    inactive: int


def count_entries(viewer: Any) -> list[ListSummary]:
    """Active and inactive entries per list, for the overview."""
    summaries = []
    for spec in LISTS.values():
        counts = list_entries(viewer, spec, status=STATUS_ALL).aggregate(
            active=Count("pk", filter=Q(is_active=True)),
            inactive=Count("pk", filter=Q(is_active=False)),
        )
        summaries.append(ListSummary(spec, counts["active"], counts["inactive"]))
    return summaries


def export_rows(viewer: Any, spec: DictionaryList) -> list[dict[str, str]]:
    """Every entry of a list (active and inactive) as CSV rows keyed by header."""
    rows = []
    for entry in list_entries(viewer, spec, status=STATUS_ALL):
        row = {column.header: getattr(entry, column.field) for column in spec.columns}
        row[STATUS_HEADER] = ACTIVE if entry.is_active else INACTIVE
        rows.append(row)
    return rows
