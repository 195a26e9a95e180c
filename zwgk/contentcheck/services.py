"""Writes to the dictionaries: add, change, deactivate/reactivate one entry, and import a CSV file.

Each function is one business verb: keyword-only, the actor as `by=` and the time as `at=`,
one transaction with its audit row (`contentcheck.<list>.<verb>`), and the dictionary revision
bumped in the same transaction so that every process rebuilds its checker (selectors.py).
Only the district office may write (permissions.can_manage_dictionaries). Entries are never
deleted: a deactivated entry stays for the record and can be switched on again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError

from . import csvio
from .lists import ACTIVE, INACTIVE, STATUS_HEADER, DictionaryList, clean_values, get_list
from .models import DictionaryEntry, DictionaryRevision
from .permissions import can_manage_dictionaries

# The audit trail lists every changed key of an import, up to this many per kind of change.
AUDIT_KEYS_LIMIT = 1000


class EntryError(DomainError):
    """An entry's values were refused; `problems` maps field → Chinese message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("；".join(self.problems.values()) + "。")


class ListImportError(DomainError):
    """An import was refused; `errors` lists every problem, row by row, in Chinese."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        if len(self.errors) == 1:
            message = f"{self.errors[0]} 未作任何更改。"
        else:
            message = f"发现 {len(self.errors)} 处错误，未作任何更改。"
        super().__init__(message)


@dataclass(frozen=True)
class ImportResult:
    kind: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _require_manager(by: Any) -> None:
    if not can_manage_dictionaries(by):
        raise PermissionDeniedError("只有区政府办公室的督查人员可以维护检查词库。")


def _spec(kind: str) -> DictionaryList:
    try:
        return get_list(kind)
    except KeyError:
        raise DomainError(f"没有名为“{kind}”的词库。") from None


def _bump_revision(at: datetime) -> None:
    updated = DictionaryRevision.objects.filter(id=1).update(number=F("number") + 1, changed_at=at)
    if not updated:
        try:
            with transaction.atomic():
                DictionaryRevision.objects.create(id=1, number=1, changed_at=at)
        except IntegrityError:  # created meanwhile by a concurrent writer
            DictionaryRevision.objects.filter(id=1).update(number=F("number") + 1, changed_at=at)


def _duplicate_message(spec: DictionaryList, key: str, existing: DictionaryEntry) -> str:
    label = spec.key.header
    if existing.is_active:
        return f"{label}“{key}”已在列表中"
    return f"{label}“{key}”已在列表中（已停用），请重新启用它"


def _save(spec: DictionaryList, entry: DictionaryEntry) -> None:
    """Save, turning a unique-key race into the same message a checked duplicate gets."""
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        key = getattr(entry, spec.key.field)
        raise EntryError({spec.key.field: f"{spec.key.header}“{key}”已在列表中"}) from None


@transaction.atomic
def add_entry(*, by: Any, at: datetime, kind: str, values: Mapping[str, Any]) -> DictionaryEntry:
    """Add one word, wrong expression or leader to its list (active at once)."""
    _require_manager(by)
    spec = _spec(kind)
    cleaned, problems = clean_values(spec, values)
    if problems:
        raise EntryError(problems)
    key = cleaned[spec.key.field]
    existing = spec.model._default_manager.filter(**{spec.key.field: key}).first()
    if existing is not None:
        raise EntryError({spec.key.field: _duplicate_message(spec, key, existing)})
    entry = spec.model(**cleaned, is_active=True, updated_at=at)
    _save(spec, entry)
    _bump_revision(at)
    audit.record(
        action=f"contentcheck.{spec.audit_name}.added",
        by=by,
        at=at,
        target=entry,
        target_label=spec.display(cleaned),
        after=cleaned,
    )
    return entry


@transaction.atomic
def change_entry(
    *, by: Any, at: datetime, kind: str, pk: int, values: Mapping[str, Any]
) -> DictionaryEntry:
    """Change an entry's values (its key too); nothing is written when nothing changes."""
    _require_manager(by)
    spec = _spec(kind)
    manager = spec.model._default_manager
    try:
        entry = manager.select_for_update().get(pk=pk)
    except ObjectDoesNotExist:
        raise DomainError("该条目不存在。") from None
    cleaned, problems = clean_values(spec, values)
    if problems:
        raise EntryError(problems)
    before = spec.values_of(entry)
    if cleaned == before:
        return entry
    key = cleaned[spec.key.field]
    clash = manager.filter(**{spec.key.field: key}).exclude(pk=pk).first()
    if clash is not None:
        raise EntryError({spec.key.field: _duplicate_message(spec, key, clash)})
    for name, value in cleaned.items():
        setattr(entry, name, value)
    entry.updated_at = at  # type: ignore[attr-defined]
    _save(spec, entry)
    _bump_revision(at)
    changed = [name for name in cleaned if cleaned[name] != before[name]]
    audit.record(
        action=f"contentcheck.{spec.audit_name}.changed",
        by=by,
        at=at,
        target=entry,
        target_label=spec.display(cleaned),
        before={name: before[name] for name in changed},
        after={name: cleaned[name] for name in changed},
    )
    return entry


@transaction.atomic
def set_entry_active(*, by: Any, at: datetime, kind: str, pk: int, active: bool) -> DictionaryEntry:
    """Deactivate an entry (it is no longer checked) or switch it on again."""
    _require_manager(by)
    spec = _spec(kind)
    try:
        entry = spec.model._default_manager.select_for_update().get(pk=pk)
    except ObjectDoesNotExist:
        raise DomainError("该条目不存在。") from None
    if entry.is_active == active:
        return entry
    entry.is_active = active
    entry.updated_at = at
    entry.save(update_fields=["is_active", "updated_at"])
    _bump_revision(at)
    audit.record(
        action=f"contentcheck.{spec.audit_name}.{'reactivated' if active else 'deactivated'}",
        by=by,
        at=at,
        target=entry,
        target_label=spec.display(spec.values_of(entry)),
        before={"is_active": not active},
        after={"is_active": active},
    )
    return entry


def validate_rows(
    spec: DictionaryList, rows: Sequence[Mapping[str, str]]
) -> list[tuple[dict[str, str], bool]]:
    """Check every row of an import file; return (values, active) per non-blank row, or raise
    ListImportError with every problem. Row i (from 0) is reported as line i + 2."""
    errors: list[str] = []
    seen: dict[str, int] = {}
    valid: list[tuple[dict[str, str], bool]] = []
    statuses = {"": True, ACTIVE: True, INACTIVE: False}
    for index, row in enumerate(rows):
        line = index + 2
        if not any((value or "").strip() for value in row.values()):
            continue  # a blank line
        raw = {c.field: row.get(c.header, "") for c in spec.columns}
        values, problems = clean_values(spec, raw)
        messages = list(problems.values())
        status = (row.get(STATUS_HEADER) or "").strip()
        if status not in statuses:
            messages.append(f"{STATUS_HEADER}“{status}”无效，只能是“{ACTIVE}”或“{INACTIVE}”")
        key = values[spec.key.field]
        if key and spec.key.field not in problems:
            if key in seen:
                messages.append(f"{spec.key.header}“{key}”与第 {seen[key]} 行重复")
            else:
                seen[key] = line
        if messages:
            errors.append(f"第 {line} 行：{'；'.join(messages)}。")
        else:
            valid.append((values, statuses[status]))
    if not errors and not valid:
        errors.append(
            f"文件中没有数据行。第一行是表头（{'，'.join(spec.headers)}），从第二行起每行一条。"
        )
    if errors:
        raise ListImportError(errors)
    return valid


@transaction.atomic
def import_entries(*, by: Any, at: datetime, kind: str, data: bytes) -> ImportResult:
    """Add or update the entries of a CSV file (UTF-8 or GBK), all or nothing.

    Columns are the list's headers (lists.py) plus an optional 状态 (启用/停用, default 启用).
    An entry whose key is in the list already gets the file's values and status; entries not
    in the file are left as they are. Every row is validated first; on any error nothing
    changes and every wrong row is reported.
    """
    _require_manager(by)
    spec = _spec(kind)
    rows = csvio.parse(
        csvio.decode(data),
        required=[c.header for c in spec.columns if c.required],
        optional=[*(c.header for c in spec.columns if not c.required), STATUS_HEADER],
    )
    valid = validate_rows(spec, rows)
    manager = spec.model._default_manager
    key_field = spec.key.field
    # The whole list (thousands of short rows at most), locked: one query, no IN-list limits.
    existing = {getattr(entry, key_field): entry for entry in manager.select_for_update()}
    added: list[str] = []
    changed: list[str] = []
    to_create: list[DictionaryEntry] = []
    to_update: list[DictionaryEntry] = []
    for values, active in valid:
        key = values[key_field]
        entry = existing.get(key)
        if entry is None:
            to_create.append(spec.model(**values, is_active=active, updated_at=at))
            added.append(key)
        elif spec.values_of(entry) != values or entry.is_active != active:
            for name, value in values.items():
                setattr(entry, name, value)
            entry.is_active = active
            entry.updated_at = at
            to_update.append(entry)
            changed.append(key)
    try:
        with transaction.atomic():
            manager.bulk_create(to_create, batch_size=500)
            fields = [*(c.field for c in spec.columns), "is_active", "updated_at"]
            manager.bulk_update(to_update, fields, batch_size=500)
    except IntegrityError:  # an entry added by someone else while the file was read
        raise ListImportError(["词库在导入过程中被其他人修改，请重新导入。"]) from None
    unchanged = len(valid) - len(added) - len(changed)
    result = ImportResult(kind=kind, added=added, changed=changed, unchanged=unchanged)
    if added or changed:
        _bump_revision(at)
        audit.record(
            action=f"contentcheck.{spec.audit_name}.imported",
            by=by,
            at=at,
            target_type=spec.model._meta.label_lower,
            target_label=spec.record_name,
            after={
                "added": len(added),
                "changed": len(changed),
                "unchanged": result.unchanged,
                "added_keys": added[:AUDIT_KEYS_LIMIT],
                "changed_keys": changed[:AUDIT_KEYS_LIMIT],
            },
        )
    return result
