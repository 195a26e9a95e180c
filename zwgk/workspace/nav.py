"""Staff navigation entries contributed by the apps (registered in AppConfig.ready())."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    allowed: Callable[[Any], bool]
    order: int = 100


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if all(e.url_name != entry.url_name for e in _entries):
        _entries.append(entry)


def entries_for(user: Any) -> list[dict[str, str]]:
    return [
        {"label": str(e.label), "url": reverse(e.url_name)}
        for e in sorted(_entries, key=lambda e: e.order)
        if e.allowed(user)
    ]
