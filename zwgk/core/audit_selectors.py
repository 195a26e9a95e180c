"""Reads of the audit trail for the audit viewer.

The viewer belongs to the district office, which sees every unit's events, so these reads are
not scoped to a unit; the views check `policy.VIEW_AUDIT` first. Core knows no units: the unit
filter offers the units that appear in the audit rows themselves (unit_id and the label
recorded at the time, the latest one for each id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max, QuerySet
from django.utils import timezone

from . import audit_labels
from .models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    unit_id: int | None = None
    person: str = ""  # part of the actor's name as recorded
    action: str = ""  # an exact code, or a prefix ending in "." ("orgs.", "orgs.unit.")
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def list_events(criteria: AuditFilter) -> QuerySet[AuditEvent]:
    """Events matching the filter, newest first."""
    events = AuditEvent.objects.order_by("-seq")
    if criteria.unit_id is not None:
        events = events.filter(unit_id=criteria.unit_id)
    if criteria.person:
        events = events.filter(actor_label__icontains=criteria.person)
    if criteria.action.endswith("."):
        events = events.filter(action__startswith=criteria.action)
    elif criteria.action:
        events = events.filter(action=criteria.action)
    if criteria.date_from is not None:
        events = events.filter(occurred_at__gte=_local_midnight(criteria.date_from))
    if criteria.date_to is not None:
        events = events.filter(occurred_at__lt=_local_midnight(criteria.date_to + timedelta(1)))
    return events


def get_event(seq: int) -> AuditEvent:
    """The event with this number; AuditEvent.DoesNotExist otherwise (views answer 404)."""
    return AuditEvent.objects.select_related("actor").get(seq=seq)


def list_units_seen() -> list[tuple[int, str]]:
    """(unit_id, label) of every unit that appears in the trail, by label."""
    latest = (
        AuditEvent.objects.exclude(unit_id=None)
        .order_by()
        .values("unit_id")
        .annotate(last=Max("seq"))
        .values_list("last", flat=True)
    )
    rows = AuditEvent.objects.filter(seq__in=list(latest)).values_list("unit_id", "unit_label")
    units = [(unit_id, label or str(unit_id)) for unit_id, label in rows if unit_id is not None]
    return sorted(units, key=lambda unit: unit[1])


def list_action_codes() -> list[str]:
    """Every action code that has a label or appears in the trail."""
    used = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(set(audit_labels.registered_codes()) | set(used))
