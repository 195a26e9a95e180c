"""Where a document can be published: the portal supplies its column tree (domain apps do not
import the portal), registering a provider in its AppConfig.ready().

The provider receives the publishing unit itself, not only its kind: which 重点领域信息公开
items a unit may publish into depends on the unit (铜府办发〔2019〕16号 一（一） assigns each item
to a responsible unit; zwgk/keyarea/catalogue.py), so a 区民政局 clerk is never offered the
区教委's 义务教育招生 items. `column_refusal` is the one check the services and the importer use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zwgk.orgs.models import Unit

# unit -> [(slug, label)] of every column the unit may publish documents into.
Provider = Callable[["Unit"], list[tuple[str, str]]]
_provider: list[Provider] = []


def set_provider(provider: Provider) -> None:
    _provider[:] = [provider]


def has_provider() -> bool:
    return bool(_provider)


def column_choices(unit: Unit) -> list[tuple[str, str]]:
    """(slug, label) of every column this unit publishes documents into."""
    return _provider[0](unit) if _provider else []


def column_refusal(unit: Unit, slug: str, *, label: str = "") -> str | None:
    """None when `unit` may file a document under the column `slug`; otherwise the Chinese
    message that says why not. An empty slug (no column) is always allowed. Without a provider
    (no app owns the column tree) nothing can be checked and every slug is accepted."""
    if not slug or not _provider:
        return None
    if slug in dict(column_choices(unit)):
        return None
    return (
        f"栏目“{label or slug}”不是{unit.name}可以使用的栏目："
        "重点领域信息公开的栏目只能由负责该事项的单位使用，请选择本单位的栏目。"
    )
