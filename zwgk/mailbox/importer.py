"""Import of messages (留言) exported from a website or a new-media platform: XLSX or CSV read
with the documents importer's `read_table` and this TableSpec.

All or nothing: every row is checked first and a file with any bad row imports nothing (the
errors name their rows). A row whose 原编号 is already recorded for the channel is skipped, so
importing the same export twice adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.documents.importer import CatalogueImportError, TableSpec, parse_date, read_table
from zwgk.orgs.models import Unit

from . import permissions
from .models import Message
from .services import MAX_BODY, MAX_REPLY, MailboxError, MessageData, _message_values

COLUMNS = ("留言时间", "留言内容", "留言人", "原编号", "答复内容", "答复时间", "答复人")
REQUIRED = ("留言时间", "留言内容")
MESSAGE_TABLE = TableSpec(columns=COLUMNS, required=REQUIRED, max_rows=20_000)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


class MessageImportError(MailboxError):
    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass
class ImportResult:
    imported: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def parse_datetime_cell(value: Any) -> datetime | None:
    """A date-time cell, or text with a date and an optional HH:MM[:SS] (00:00 without)."""
    tz = timezone.get_current_timezone()
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=tz)
    day = parse_date(value)
    if day is None:
        return None
    clock = time(0, 0)
    if isinstance(value, str):
        match = _TIME.search(value.strip())
        if match:
            try:
                clock = time(int(match[1]), int(match[2]), int(match[3] or 0))
            except ValueError:
                return None
    return datetime.combine(day, clock, tzinfo=tz)


def _cell(row: Any, name: str) -> str:
    value = row.cells.get(name)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_messages(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    channel: str,
    channel_label: str,
    data: bytes,
    filename: str,
) -> ImportResult:
    if not permissions.can_record_messages_in(by, unit):
        raise MessageImportError("您不能为该单位导入留言。")
    try:
        rows = read_table(data, filename, MESSAGE_TABLE)
    except CatalogueImportError as error:
        raise MessageImportError(error.message) from error
    valid: list[dict[str, Any]] = []
    errors: list[str] = []
    for row in rows:
        if row.is_blank():
            continue
        left_at = parse_datetime_cell(row.cells.get("留言时间"))
        answered_at = (
            parse_datetime_cell(row.cells.get("答复时间")) if _cell(row, "答复时间") else None
        )
        if left_at is None:
            errors.append(f"第{row.number}行：留言时间不是有效日期。")
            continue
        if _cell(row, "答复时间") and answered_at is None:
            errors.append(f"第{row.number}行：答复时间不是有效日期。")
            continue
        content, answer = _cell(row, "留言内容"), _cell(row, "答复内容")
        if len(content) > MAX_BODY or len(answer) > MAX_REPLY:
            errors.append(f"第{row.number}行：内容过长。")
            continue
        try:
            values = _message_values(
                MessageData(
                    channel=channel,
                    channel_label=channel_label,
                    content=content,
                    left_at=left_at,
                    author=_cell(row, "留言人"),
                    external_id=_cell(row, "原编号"),
                    answer=answer,
                    answered_at=answered_at,
                    answered_by_label=_cell(row, "答复人") or (unit.short_name if answer else ""),
                ),
                at,
            )
        except MailboxError as error:
            errors.append(f"第{row.number}行：{error.message}")
            continue
        valid.append(values)
    if errors:
        raise MessageImportError(f"有{len(errors)}行不正确，没有导入任何留言。", errors[:50])
    if not valid:
        raise MessageImportError("文件中没有留言。")
    result = ImportResult()
    with transaction.atomic():
        seen: set[str] = set()
        existing = set(
            Message.objects.filter(
                channel=valid[0]["channel"],
                external_id__in=[v["external_id"] for v in valid if v["external_id"]],
            ).values_list("external_id", flat=True)
        )
        for values in valid:
            key = values["external_id"]
            if key and (key in existing or key in seen):
                result.skipped += 1
                continue
            seen.add(key)
            Message.objects.create(
                unit=unit,
                source=Message.Source.IMPORTED,
                entered_by=by if getattr(by, "is_authenticated", False) else None,
                created_at=at,
                updated_at=at,
                **values,
            )
            result.imported += 1
        audit.record(
            action="mailbox.message.imported",
            by=by,
            at=at,
            target_type="mailbox.message",
            target_label=channel_label,
            after={
                "channel": channel,
                "unit": unit.pk,
                "imported": result.imported,
                "skipped": result.skipped,
            },
        )
    return result
