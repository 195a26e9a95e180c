"""The website crawler: fetch (aiohttp), parse (selectolax), check. Pure — no Django, no ORM
(import-linter contract "the crawler imports no Django"): it talks to storage through the
`Frontier` interface (frontier.py: SQLite file here; zwgk.monitoring.dbfrontier stores it in
the application database) so that it can be tested and benchmarked bare.
"""

from .checks import CrawlFinding, SiteConfig
from .crawl import CrawlResult, crawl_site
from .frontier import Frontier, SqliteFrontier

__all__ = [
    "CrawlFinding",
    "CrawlResult",
    "Frontier",
    "SiteConfig",
    "SqliteFrontier",
    "crawl_site",
]
