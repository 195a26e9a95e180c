"""Where a document can be published: the portal supplies its column tree (domain apps do not
import the portal), registering a provider in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

Provider = Callable[[str], list[tuple[str, str]]]
_provider: list[Provider] = []


def set_provider(provider: Provider) -> None:
    _provider[:] = [provider]


def column_choices(unit_kind: str) -> list[tuple[str, str]]:
    """(slug, name) of every column a unit of this kind publishes documents into."""
    return _provider[0](unit_kind) if _provider else []
