"""RSS/Atom feeds (feedparser): many platforms and third-party tools publish one per account."""

from __future__ import annotations

import calendar as calendar_module
from datetime import UTC, datetime

import feedparser

from . import http
from .base import AdapterError, FetchedPost, FetchResult

MAX_ITEMS = 500


def parse(data: bytes) -> FetchResult:
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise AdapterError("内容不是有效的 RSS/Atom 订阅源。")
    posts = []
    for entry in parsed.entries[:MAX_ITEMS]:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if not stamp:
            continue  # an item without a date cannot show an update
        published = datetime.fromtimestamp(calendar_module.timegm(stamp), tz=UTC)
        title = (entry.get("title") or "").strip()[:300] or "（无标题）"
        posts.append(
            FetchedPost(published_at=published, title=title, url=entry.get("link", "")[:500])
        )
    return FetchResult(posts=posts, observed_name=(parsed.feed.get("title") or "").strip()[:100])


def fetch(url: str) -> FetchResult:
    return parse(http.get(url, "订阅源"))
