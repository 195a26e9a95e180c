"""The audit trail: one write path (`record`) and the chain verification (`verify_chain`).

Every service calls `record()` inside the transaction of the change it audits, so that a change
without its audit row cannot commit. Rows are never updated or deleted by the application; the
database refuses it too (triggers, see migrations).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction

from . import context
from .masking import mask_personal_data
from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64

# The fields whose values the hash covers, in a fixed order.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "unit_id",
    "unit_label",
    "ip",
    "channel",
    "request_id",
    "action",
    "outcome",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def compute_hash(row: Mapping[str, Any]) -> str:
    payload = json.dumps(
        [_canonical(row[name]) for name in HASHED_FIELDS],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _snapshot(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe copy with personal data masked (audit rows never hold full ID or phone numbers)."""
    if values is None:
        return None
    clean: dict[str, Any] = json.loads(json.dumps(dict(values), ensure_ascii=False, default=str))
    masked: dict[str, Any] = mask_personal_data(clean)
    return masked


@dataclass(frozen=True)
class Actor:
    """Who acted, as the audit row records it. Services build it from `by=`."""

    user_id: int | None
    label: str
    unit_id: int | None = None
    unit_label: str = ""


def actor_of(user: Any, unit: Any = None) -> Actor:
    """Build an Actor from a user (or None for the system) and the unit they acted for."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user_id=None, label="系统" if user is None else "匿名访客")
    label = getattr(user, "full_name", "") or user.get_username()
    if unit is None and hasattr(user, "primary_unit"):
        unit = user.primary_unit
    return Actor(
        user_id=user.pk,
        label=label,
        unit_id=getattr(unit, "pk", None),
        unit_label=str(unit) if unit is not None else "",
    )


def record(
    *,
    action: str,
    by: Actor | Any,
    at: datetime,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    target_label: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    outcome: str = "success",
    unit: Any = None,
) -> AuditEvent:
    """Append one audit event to the chain, inside the caller's transaction.

    `action` is a dotted code (`orgs.unit.updated`); labels are resolved when displayed.
    """
    actor = by if isinstance(by, Actor) else actor_of(by, unit)
    if unit is not None and not isinstance(by, Actor):
        actor = Actor(actor.user_id, actor.label, getattr(unit, "pk", None), str(unit))
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        target_label = target_label or str(target)
    facts = context.current()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        row: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "occurred_at": at,
            "actor_id": actor.user_id,
            "actor_label": actor.label[:150],
            "unit_id": actor.unit_id,
            "unit_label": actor.unit_label[:200],
            "ip": facts.ip,
            "channel": facts.channel,
            "request_id": facts.request_id,
            "action": action,
            "outcome": outcome,
            "target_type": target_type,
            "target_id": str(target_id),
            "target_label": str(mask_personal_data(target_label))[:300],
            "before": _snapshot(before),
            "after": _snapshot(after),
            "prev_hash": head.last_hash,
        }
        row["hash"] = compute_hash(row)
        event = AuditEvent.objects.create(**row)
        # Re-read the stored values: the hash must match what the database holds (e.g. the
        # datetime precision it keeps), or verification would flag honest rows.
        stored = AuditEvent.objects.get(pk=event.pk)
        stored_hash = compute_hash(_row_values(stored))
        if stored_hash != row["hash"]:
            raise RuntimeError("audit row changed on storage; refusing to continue")
        AuditChainHead.objects.filter(id=1).update(last_seq=row["seq"], last_hash=row["hash"])
    return event


def _row_values(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def iter_chain_breaks(batch: int = 2000) -> Iterator[ChainBreak]:
    """Walk the chain in order and yield every place where it does not hold."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    last = 0
    qs = AuditEvent.objects.order_by("seq")
    while True:
        rows = list(qs.filter(seq__gt=last)[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                yield ChainBreak(expected_seq, "missing")
            if event.prev_hash != prev_hash:
                yield ChainBreak(event.seq, "link")
            if compute_hash(_row_values(event)) != event.hash:
                yield ChainBreak(event.seq, "content")
            prev_hash = event.hash
            expected_seq = event.seq + 1
            last = event.seq
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != last or head.last_hash != prev_hash):
        yield ChainBreak(last + 1 if head.last_seq > last else head.last_seq, "tail")
