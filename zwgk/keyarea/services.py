"""Writes of key-area disclosure: the district office records the events due dates count from.

Completeness itself is never written: it is computed from published documents (selectors).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import supervised_district_paths

from .catalogue import ANCHORS
from .models import DueDateAnchor
from .selectors import FIRST_YEAR


class KeyAreaError(DomainError):
    pass


def _snapshot(anchor: DueDateAnchor | None) -> dict[str, Any]:
    if anchor is None:
        return {}
    return {
        "year": anchor.year,
        "anchor": anchor.anchor,
        "on_date": anchor.on_date.isoformat(),
        "note": anchor.note,
    }


@transaction.atomic
def record_anchor(
    *,
    by: Any,
    at: datetime,
    district: Unit,
    year: int,
    anchor: str,
    on_date: date,
    note: str = "",
) -> DueDateAnchor:
    """Record (or correct) the date of `anchor` in `year` for the district; the due dates of
    the items counting from it follow at once."""
    if district.path not in supervised_district_paths(by):
        raise PermissionDeniedError("只有区政府办督查人员可以录入重点领域公开时限的起算日期。")
    if anchor not in ANCHORS:
        raise KeyAreaError("请选择起算事件。")
    if not FIRST_YEAR <= year <= at.year + 1:
        raise KeyAreaError(f"年度须在{FIRST_YEAR}年至{at.year + 1}年之间。")
    if on_date.year != year:
        raise KeyAreaError(f"{ANCHORS[anchor].label}须在{year}年内。")
    note = note.strip()
    if len(note) > 200:
        raise KeyAreaError("说明不能超过200字。")
    # get_or_create claims the row (or, when two offices race to create it, falls back to the
    # row the other one committed: the unique constraint decides).
    record, created = DueDateAnchor.objects.select_for_update().get_or_create(
        district=district,
        year=year,
        anchor=anchor,
        defaults={"on_date": on_date, "note": note, "recorded_by": by, "recorded_at": at},
    )
    before = {} if created else _snapshot(record)
    if not created:
        record.on_date = on_date
        record.note = note
        record.recorded_by = by
        record.recorded_at = at
        record.save(update_fields=["on_date", "note", "recorded_by", "recorded_at"])
    audit.record(
        action="keyarea.anchor.recorded",
        by=by,
        at=at,
        target=record,
        before=before or None,
        after=_snapshot(record),
    )
    return record
