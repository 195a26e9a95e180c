"""A web page listing an account's posts (e.g. the unit's own mirror page), read with CSS
selectors (selectolax). Not for WeChat pages: those come through the official API."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from . import http
from .base import AdapterError, FetchedPost, FetchResult, parse_local_datetime

MAX_ITEMS = 500
BLOCKED_HOSTS = ("mp.weixin.qq.com", "weixin.qq.com")


@dataclass(frozen=True)
class Selectors:
    item: str
    title: str = ""
    link: str = "a"
    date: str = ""


def parse(html: str, base_url: str, selectors: Selectors) -> FetchResult:
    if not selectors.item:
        raise AdapterError("请填写条目的 CSS 选择器。")
    try:
        tree = HTMLParser(html)
        items = tree.css(selectors.item)
    except (ValueError, TypeError) as error:
        raise AdapterError(f"CSS 选择器无效：{error}") from None
    posts = []
    for node in items[:MAX_ITEMS]:
        title_node = node.css_first(selectors.title) if selectors.title else node
        link_node = node.css_first(selectors.link) if selectors.link else None
        date_node = node.css_first(selectors.date) if selectors.date else node
        text = date_node.text(separator=" ") if date_node is not None else ""
        published = parse_local_datetime(text)
        if published is None:
            continue  # an item without a date counts as no update (rules.md §4.2 note)
        title = (title_node.text(strip=True) if title_node is not None else "")[:300]
        href = link_node.attributes.get("href") if link_node is not None else None
        url = urllib.parse.urljoin(base_url, href)[:500] if href else ""
        posts.append(FetchedPost(published_at=published, title=title or "（无标题）", url=url))
    title_tag = HTMLParser(html).css_first("title")
    return FetchResult(
        posts=posts, observed_name=title_tag.text(strip=True)[:100] if title_tag else ""
    )


def fetch(url: str, selectors: Selectors) -> FetchResult:
    host = urllib.parse.urlsplit(url).hostname or ""
    if any(host == b or host.endswith("." + b) for b in BLOCKED_HOSTS):
        raise AdapterError("不抓取微信页面：微信公众号请使用官方接口（AppID/AppSecret）。")
    data = http.get(url, "网页")
    return parse(data.decode("utf-8", errors="replace"), url, selectors)
