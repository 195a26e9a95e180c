"""After-commit hooks for what happens outside the transaction when documents change.

The portal registers its static publishing and the search index registers its update
(domain apps do not import the portal). Each hook gets the ids of the documents concerned.
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[list[int]], None]
_published: list[Hook] = []
_withdrawn: list[Hook] = []


def on_published(hook: Hook) -> Hook:
    if hook not in _published:
        _published.append(hook)
    return hook


def on_withdrawn(hook: Hook) -> Hook:
    if hook not in _withdrawn:
        _withdrawn.append(hook)
    return hook


def published(ids: list[int]) -> None:
    for hook in _published:
        hook(ids)


def withdrawn(ids: list[int]) -> None:
    for hook in _withdrawn:
        hook(ids)
