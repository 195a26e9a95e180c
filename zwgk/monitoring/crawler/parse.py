"""What the checks need from one HTML page, read with selectolax (lexbor) in one pass.

Pure: bytes in, a ParsedPage out. No network, no Django.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

DATE_RE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
_NAV_SELECTOR = "nav a, header a, .nav a, #nav a, .menu a, .navbar a, [role=navigation] a"
_CHROME = ("nav", "header", "footer")
_STRIPPED = ["script", "style", "noscript", "template"]
MAX_TEXT = 200_000  # characters of page text kept for the text checks


def dates_in(text: str) -> list[date]:
    found = []
    for y, m, d in DATE_RE.findall(text):
        try:
            found.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return found


def _origin(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def normalise(url: str, base: str, origin: str = "") -> str | None:
    """Absolute http(s) URL without its fragment, or None for what is not a page link.

    `origin` ("scheme://host" of `base`), when given, lets the common site-absolute link
    ("/path") skip urljoin: a page has dozens of links and urljoin was a third of the parse.
    """
    url = url.strip()
    if origin and url.startswith("/") and not url.startswith("//") and "/." not in url:
        hash_at = url.find("#")
        return origin + (url if hash_at < 0 else url[:hash_at])
    if not url or url.lower().startswith(_SKIP_SCHEMES):
        return None
    absolute = urldefrag(urljoin(base, url))[0]
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if not parts.path:
        absolute = (
            absolute.replace(parts.netloc, parts.netloc + "/", 1) if not parts.query else absolute
        )
    return absolute


@dataclass
class Item:
    """An entry of a list (a link in a content <li>/<tr>/<dd>) and the date next to it."""

    title: str
    url: str
    date: date | None  # the latest date next to it (a publication date, or a later one)
    earliest: date | None = None  # the earliest (a validity or closing date may follow it)


@dataclass
class ParsedPage:
    title: str = ""
    text: str = ""
    links: list[str] = field(default_factory=list)
    nav_links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (text, url), detail only
    items: list[Item] = field(default_factory=list)
    footer_text: str = ""
    footer_html: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    search_forms: list[tuple[str, str]] = field(default_factory=list)  # (action URL, field)
    content_hash: str = ""  # SHA-256 of the body as fetched (the page-change history's key)


def _in_chrome(node) -> bool:  # type: ignore[no-untyped-def]
    parent = node.parent
    while parent is not None:
        tag = parent.tag
        if tag in _CHROME:
            return True
        cls = parent.attributes.get("class") or ""
        if "nav" in cls.split() or "footer" in cls.split():
            return True
        parent = parent.parent
    return False


def parse_page(body: bytes | str, url: str, *, detail: bool = True) -> ParsedPage:
    """`detail=False` reads only what every page needs (title, links, text); the home page and
    column pages need the rest (navigation, list entries with dates, footer, search forms)."""
    html = body if isinstance(body, str) else body.decode("utf-8", "replace")
    tree = LexborHTMLParser(html)
    page = ParsedPage()
    page.content_hash = hashlib.sha256(
        body if isinstance(body, bytes) else html.encode()
    ).hexdigest()
    origin = _origin(url)
    seen: set[str] = set()
    links = page.links
    # By tag name, not CSS: the first CSS query on a document sets up lexbor's CSS engine for
    # it, which took as long as parsing the page. (Both give document order.)
    for node in tree.tags("a"):
        href = node.attrs.get("href")
        if href is None:
            continue
        link = normalise(href, url, origin)
        if link is not None and link not in seen:
            seen.add(link)
            links.append(link)
    titles = tree.tags("title")
    page.title = titles[0].text(strip=True) if titles else ""
    if detail:
        _details(tree, page, url, origin)
    if any(tree.tags(tag) for tag in _STRIPPED):  # strip_tags costs four CSS queries
        tree.strip_tags(_STRIPPED)
    body_node = tree.body
    text = body_node.text(separator="\n", strip=True) if body_node is not None else ""
    page.text = text[:MAX_TEXT]
    return page


def _details(tree: LexborHTMLParser, page: ParsedPage, url: str, origin: str) -> None:
    for meta in tree.css("meta[name]"):
        name, content = meta.attributes.get("name"), meta.attributes.get("content")
        if name and content and name in ("SiteIDCode", "SiteName", "SiteDomain", "PubDate"):
            page.meta[name] = content
    for a in tree.css(_NAV_SELECTOR):
        link = normalise(a.attributes.get("href") or "", url, origin)
        text = a.text(strip=True)
        if link is not None and text:
            page.nav_links.append((text[:100], link))
    for a in tree.css("a[href]"):
        link = normalise(a.attributes.get("href") or "", url, origin)
        text = a.text(strip=True) or (a.attributes.get("title") or "")
        if link is not None and text:
            page.anchors.append((text[:100], link))
    for li in tree.css("li, tr, dd"):
        anchor = li.css_first("a[href]")
        if anchor is None or _in_chrome(li):
            continue
        link = normalise(anchor.attributes.get("href") or "", url, origin)
        if link is None:
            continue
        when = dates_in(li.text(separator=" "))
        page.items.append(
            Item(
                anchor.text(strip=True)[:200],
                link,
                max(when) if when else None,
                min(when) if when else None,
            )
        )
    footer = tree.css_first("footer") or tree.css_first(".footer") or tree.css_first("#footer")
    if footer is not None:
        page.footer_text = footer.text(separator=" ", strip=True)
        page.footer_html = footer.html or ""
    for form in tree.css("form"):
        text_input = form.css_first("input[type=text], input[type=search], input:not([type])")
        if text_input is None:
            continue
        name = text_input.attributes.get("name") or ""
        action = normalise(form.attributes.get("action") or url, url)
        if name and action:
            page.search_forms.append((action, name))


_process_text_checker: Callable[[str], Iterable[Any]] | None = None


def init_parsing_process(text_checker: Callable[[str], Iterable[Any]] | None) -> None:
    """Initializer of a parsing process: keep the text checker it was sent (a zwgk.textcheck
    Checker arrives pickled as its dictionaries and is compiled here, once)."""
    global _process_text_checker
    _process_text_checker = text_checker


def parse_many(jobs: list[tuple[bytes, str, bool]]) -> list[tuple[ParsedPage, list[Any] | None]]:
    """`parse_page` over a batch: what a parsing process (crawl.py's `_ParsePool`) runs. With a
    text checker in this process, the hits on each page's text come back too (None: not run)."""
    out: list[tuple[ParsedPage, list[Any] | None]] = []
    for body, url, detail in jobs:
        page = parse_page(body, url, detail=detail)
        hits = None
        if _process_text_checker is not None:
            hits = list(_process_text_checker(page.text)) if page.text else []
        out.append((page, hits))
    return out
