"""The audit trail: one write path (`record`) and the chain verification (`verify_chain`).

Every service calls `record()` inside the transaction of the change it audits, so that a change
without its audit row cannot commit (security.md L3-CES1-15). Rows are never updated or deleted
by the application; the database refuses it too (triggers installed by migration
0005_auditevent_append_only). Each row's `hash` covers its content and the previous row's hash,
and `seq` has no gaps, so `verify_chain()` (`zwgk audit verify`) finds a row that was altered,
deleted or inserted behind the application's back (L3-CES1-14).

Core knows no domain: who the actor's unit is comes from a resolver that `orgs` registers
(`register_unit_resolver`), and labels for action codes from `audit_labels`.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

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

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
OUTCOMES = ("success", "failure")


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


# --- Values as the database will give them back ----------------------------------------------
# The hash is computed before the INSERT, so every value must already be in the form that both
# SQLite and PostgreSQL return: UTC datetimes with microseconds, normalised IP text, no NUL
# characters (PostgreSQL refuses them in text and jsonb), strings cut to the column length.


def _text(value: Any, length: int) -> str:
    return str(value).replace("\x00", "")[:length]


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_clean_json(str(key)): _clean_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    return value


def _snapshot(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe copy with personal data masked (audit rows never hold full ID or phone numbers)."""
    if values is None:
        return None
    clean = json.loads(json.dumps(dict(values), ensure_ascii=False, default=str))
    masked: dict[str, Any] = mask_personal_data(_clean_json(clean))
    return masked


def _normal_ip(value: str | None) -> str | None:
    """The address as text in the form both databases store; None if it is not an address."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if int(address) >> 32 == 0 and int(address) > 1:
            # Deprecated IPv4-compatible form: PostgreSQL and Python print it differently.
            return None
        return str(ipaddress.IPv6Address(int(address)))  # drops a %scope, which inet refuses
    return str(address)


def _utc(at: datetime) -> datetime:
    if timezone.is_naive(at):
        raise ValueError("audit.record needs an aware datetime for `at`")
    return at.astimezone(UTC)


# --- Who acted ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who acted, as the audit row records it. Services build it from `by=`."""

    user_id: int | None
    label: str
    unit_id: int | None = None
    unit_label: str = ""


SYSTEM_LABEL = "系统"
ANONYMOUS_LABEL = "匿名访客"

UnitResolver = Callable[[Any], Any]
_unit_resolver: UnitResolver | None = None


def register_unit_resolver(resolver: UnitResolver) -> None:
    """The domain tells core how to find the unit a user acts for (orgs registers it)."""
    global _unit_resolver
    _unit_resolver = resolver


def actor_of(user: Any, unit: Any = None) -> Actor:
    """Build an Actor from a user (or None for the system) and the unit they acted for.

    Without an explicit `unit`, the registered resolver names the user's unit; the system and
    anonymous visitors have a unit only when one is given.
    """
    unit_id, unit_label = (getattr(unit, "pk", None), str(unit)) if unit is not None else (None, "")
    if user is None:
        return Actor(user_id=None, label=SYSTEM_LABEL, unit_id=unit_id, unit_label=unit_label)
    if not getattr(user, "is_authenticated", False):
        return Actor(user_id=None, label=ANONYMOUS_LABEL, unit_id=unit_id, unit_label=unit_label)
    label = getattr(user, "full_name", "") or user.get_username()
    if unit is None and _unit_resolver is not None:
        unit = _unit_resolver(user)
    return Actor(
        user_id=user.pk,
        label=label,
        unit_id=getattr(unit, "pk", None),
        unit_label=str(unit) if unit is not None else "",
    )


# --- Writing -----------------------------------------------------------------------------------


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

    `action` is a dotted code (`orgs.unit.updated`); labels are resolved when displayed
    (audit_labels). `by` is a user, None (the system) or an Actor; `unit` names the unit the
    user acted for when it is not their usual one. `before`/`after` are masked snapshots.
    If the row cannot be written the exception propagates and the caller's change rolls back.
    """
    if not ACTION_RE.match(action) or len(action) > 120:
        raise ValueError(f"invalid audit action code: {action!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"invalid audit outcome: {outcome!r}")
    actor = by if isinstance(by, Actor) else actor_of(by, unit)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or (target.pk if target.pk is not None else "")
        target_label = target_label or str(target)
    facts = context.current()
    with transaction.atomic():
        # The head row serialises appends: FOR UPDATE on PostgreSQL; on SQLite the write
        # transaction is IMMEDIATE, so writers already queue one after the other.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        row: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "occurred_at": _utc(at),
            "actor_id": actor.user_id,
            "actor_label": _text(actor.label, 150),
            "unit_id": actor.unit_id,
            "unit_label": _text(actor.unit_label, 200),
            "ip": _normal_ip(facts.ip),
            "channel": _text(facts.channel, 20),
            "request_id": _text(facts.request_id, 32),
            "action": action,
            "outcome": outcome,
            "target_type": _text(target_type, 100),
            "target_id": _text(target_id, 64),
            "target_label": _text(mask_personal_data(str(target_label)), 300),
            "before": _snapshot(before),
            "after": _snapshot(after),
            "prev_hash": head.last_hash,
        }
        row["hash"] = compute_hash(row)
        event = AuditEvent.objects.create(**row)
        # Re-read the stored values: the hash must match what the database holds, or
        # verification would later flag an honest row. Refusing here rolls the change back.
        stored = AuditEvent.objects.filter(pk=event.pk).values(*HASHED_FIELDS).get()
        if compute_hash(stored) != row["hash"]:
            raise RuntimeError("audit row changed on storage; refusing to continue")
        AuditChainHead.objects.filter(id=1).update(last_seq=row["seq"], last_hash=row["hash"])
    return event


# --- Verification ------------------------------------------------------------------------------

ALTERED = "altered"
DELETED = "deleted"
INSERTED = "inserted"
TRUNCATED = "truncated"
HEAD_MISSING = "head_missing"

_ROW_FIELDS = (*HASHED_FIELDS, "hash")
# How far back an out-of-place link is matched to name the rows in between as inserted.
_INSERT_WINDOW = 256


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the chain does not hold.

    `seq` is the broken row's number. For an altered or inserted row, `occurred_at` and
    `action` are that row's; for a deleted row (or a cut tail) they are unknown and `before` /
    `after` give the surviving neighbours as (seq, occurred_at, action).
    """

    kind: str
    seq: int
    occurred_at: datetime | None = None
    action: str = ""
    detail: str = ""
    before: tuple[int, datetime, str] | None = None
    after: tuple[int, datetime, str] | None = None


@dataclass(frozen=True)
class ChainReport:
    count: int
    last_seq: int
    last_hash: str
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def _iter_rows(batch: int) -> Iterator[list[dict[str, Any]]]:
    last = -1
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gt=last).order_by("seq").values(*_ROW_FIELDS)[:batch]
        )
        if not rows:
            return
        yield rows
        last = rows[-1]["seq"]


def _brief(row: Mapping[str, Any] | None) -> tuple[int, datetime, str] | None:
    return None if row is None else (row["seq"], row["occurred_at"], row["action"])


def _at(kind: str, row: Mapping[str, Any], detail: str) -> ChainBreak:
    return ChainBreak(kind, row["seq"], row["occurred_at"], row["action"], detail)


def verify_chain(
    *, batch: int = 2000, on_progress: Callable[[int], None] | None = None
) -> ChainReport:
    """Walk the whole chain in `seq` order (in batches) and return the first break, if any.

    Each row is checked for a contiguous `seq`, a hash matching its content and a link to the
    previous row's hash. A row whose own hash fails is judged by the row after it: if that row
    links past it to the row before, it was inserted; otherwise it was altered. A link that
    skips back to a recent row means the rows in between were inserted. At the end the chain
    head (last seq and hash) says whether the tail was cut or rows were appended.
    `on_progress(n)` is called after each batch of n rows.
    """
    prev: dict[str, Any] | None = None  # the last row that held
    suspect: dict[str, Any] | None = None  # a row whose own hash failed; the next row decides
    recent: deque[dict[str, Any]] = deque(maxlen=_INSERT_WINDOW)
    count = 0

    def linked_hash() -> str:
        return prev["hash"] if prev is not None else GENESIS_HASH

    def report(first_break: ChainBreak | None) -> ChainReport:
        return ChainReport(
            count=count,
            last_seq=prev["seq"] if prev else 0,
            last_hash=linked_hash(),
            first_break=first_break,
        )

    for rows in _iter_rows(batch):
        for row in rows:
            count += 1
            if suspect is not None:
                if row["prev_hash"] == linked_hash() and row["prev_hash"] != suspect["hash"]:
                    return report(_at(INSERTED, suspect, "next row links past it"))
                return report(_at(ALTERED, suspect, "content does not match its hash"))
            expected = prev["seq"] + 1 if prev is not None else 1
            if row["seq"] != expected:
                return report(
                    ChainBreak(
                        DELETED,
                        expected,
                        detail=f"rows {expected}–{row['seq'] - 1} missing",
                        before=_brief(prev),
                        after=_brief(row),
                    )
                )
            link_ok = row["prev_hash"] == linked_hash()
            if not link_ok:
                for position, earlier in enumerate(recent):
                    if earlier["hash"] == row["prev_hash"] and position + 1 < len(recent):
                        inserted = recent[position + 1]
                        return report(_at(INSERTED, inserted, "a later row links past it"))
            if compute_hash(row) != row["hash"]:
                suspect = row
                continue
            if not link_ok:
                if prev is None:
                    return report(_at(ALTERED, row, "first row does not start the chain"))
                return report(_at(ALTERED, prev, "its hash does not match the next row's link"))
            prev = row
            recent.append(row)
        if on_progress is not None:
            on_progress(len(rows))

    head = AuditChainHead.objects.filter(id=1).first()
    if suspect is not None:
        if head is not None and suspect["seq"] > head.last_seq:
            return report(_at(INSERTED, suspect, "beyond the chain head"))
        return report(_at(ALTERED, suspect, "content does not match its hash"))
    if head is None:
        if prev is None:
            return report(None)
        return report(ChainBreak(HEAD_MISSING, prev["seq"] + 1, before=_brief(prev)))
    last_seq = prev["seq"] if prev is not None else 0
    if head.last_seq > last_seq:
        return report(
            ChainBreak(
                TRUNCATED,
                last_seq + 1,
                detail=f"head records {head.last_seq} rows",
                before=_brief(prev),
            )
        )
    extra = (
        AuditEvent.objects.filter(seq__gt=head.last_seq).order_by("seq").values(*_ROW_FIELDS)
    ).first()
    if extra is not None:
        return report(_at(INSERTED, extra, "beyond the chain head"))
    if head.last_hash != linked_hash():
        if prev is None:
            return report(ChainBreak(HEAD_MISSING, 1, detail="head hash without rows"))
        return report(_at(ALTERED, prev, "its hash does not match the chain head"))
    return report(None)


def iter_chain_breaks(batch: int = 2000) -> Iterator[ChainBreak]:
    """The first break of the chain, if any (kept for callers that iterate)."""
    first = verify_chain(batch=batch).first_break
    if first is not None:
        yield first


# --- Display helpers ---------------------------------------------------------------------------


def format_time(value: datetime) -> str:
    """2026-03-02 09:15:00 +08:00 — the event time in the site's zone, with its offset."""
    local = timezone.localtime(value)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{local:%Y-%m-%d %H:%M:%S} {sign}{hours:02d}:{mins:02d}"
