"""The website crawler: fetch (aiohttp), parse (selectolax), check. Pure — no Django, no ORM
(import-linter contract "the crawler imports no Django"): it talks to storage through the
`Frontier` interface (frontier.py: SQLite file here; zwgk.monitoring.dbfrontier stores it in
the application database) so that it can be tested and benchmarked bare.

The names below are loaded on first use: a parsing process imports `crawler.parse` alone and
starts without aiohttp (two thirds of the start-up of such a process).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checks import CrawlFinding, SiteConfig
    from .crawl import CrawlResult, crawl_site
    from .frontier import Frontier, SqliteFrontier
    from .pool import ParsePool, default_parse_processes

_WHERE = {
    "CrawlFinding": "checks",
    "SiteConfig": "checks",
    "CrawlResult": "crawl",
    "crawl_site": "crawl",
    "ParsePool": "pool",
    "default_parse_processes": "pool",
    "Frontier": "frontier",
    "SqliteFrontier": "frontier",
}

__all__ = [
    "CrawlFinding",
    "CrawlResult",
    "Frontier",
    "ParsePool",
    "SiteConfig",
    "SqliteFrontier",
    "crawl_site",
    "default_parse_processes",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
