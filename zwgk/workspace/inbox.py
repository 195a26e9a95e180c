"""The 工作台 inbox: each app registers a provider of the items waiting for a person.

A provider is a function `(user, today) -> Iterable[InboxItem]`. Apps register theirs in their
AppConfig.ready(), so the workspace knows no domain app by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class InboxItem:
    title: str
    url: str
    kind: str  # "todo" (待办) or "alert" (提醒)
    due_date: date | None = None
    unit_label: str = ""
    detail: str = ""

    def is_overdue(self, today: date) -> bool:
        return self.due_date is not None and self.due_date < today


Provider = Callable[[Any, date], Iterable[InboxItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user: Any, today: date) -> list[InboxItem]:
    items = [item for provider in _providers for item in provider(user, today)]
    return sorted(
        items, key=lambda item: (item.due_date is None, item.due_date or today, item.title)
    )
