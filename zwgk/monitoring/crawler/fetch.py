"""HTTP fetching with aiohttp: an identifying User-Agent, 15-second timeouts, per-host
concurrency and request spacing, bounded retries with exponential backoff, and 429/503
Retry-After honoured (capped). Bodies are read up to MAX_BODY bytes.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp

USER_AGENT = "zwgk-monitor/1.0 (+government website monitoring; 政府网站监测)"
TIMEOUT_SECONDS = 15.0  # rules.md §4.2: "超过（含）15秒网站仍打不开"
MAX_BODY = 5 * 1024 * 1024
MAX_RETRY_AFTER = 120.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HostPolicy:
    """How hard one host may be asked. Polite by default (sites the district does not run);
    registered district sites get `DISTRICT_POLICY`."""

    concurrency: int = 2
    min_interval: float = 1.0  # seconds between the starts of two requests
    retries: int = 2
    backoff: float = 1.0  # first retry after ~backoff s, then ×2 (with jitter)


POLITE_POLICY = HostPolicy()
DISTRICT_POLICY = HostPolicy(concurrency=32, min_interval=0.0, retries=2, backoff=0.5)


@dataclass
class FetchResult:
    url: str
    status: int | None  # None: no HTTP answer (timeout, refused, DNS…)
    elapsed: float  # seconds, of the last attempt
    body: bytes = b""
    content_type: str = ""
    error: str = ""
    attempts: int = 1
    final_url: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    policy: HostPolicy
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, min(when - (now if now is not None else time.time()), MAX_RETRY_AFTER))


async def _read_bounded(response: aiohttp.ClientResponse) -> bytes:
    """The whole body, up to MAX_BODY bytes. (StreamReader.read(n) returns what has arrived so
    far, not the body: a page cut short, and a connection that cannot be reused.)"""
    length = response.content_length
    if length is not None and length <= MAX_BODY:
        return await response.read()
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_BODY:
            break
    return b"".join(chunks)[:MAX_BODY]


def netloc_of(url: str) -> str:
    """urlsplit(url).netloc, without urlsplit for the plain http(s) URLs the crawler fetches
    (one per page: urlsplit was a tenth of the loop's own work)."""
    if url.startswith(("http://", "https://")) and not any(c in url for c in "\t\r\n"):
        start = url.index("://") + 3
        end = len(url)
        for separator in "/?#":
            at = url.find(separator, start)
            if 0 <= at < end:
                end = at
        return url[start:end]
    return urlsplit(url).netloc


async def has_ipv6_address(hostname: str) -> bool | None:
    """Whether `hostname` (a URL's, as urlsplit gives it) resolves to an IPv6 address (an AAAA
    record); None for an IP literal, where the question does not arise."""
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        pass
    else:
        return None
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            hostname, None, family=socket.AF_INET6, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):  # socket.gaierror: no AAAA record (or no such name)
        return False
    return bool(found)


class Fetcher:
    """One aiohttp session; policies per host (`policy_for(host)`)."""

    def __init__(
        self,
        *,
        policies: dict[str, HostPolicy] | None = None,
        default_policy: HostPolicy = POLITE_POLICY,
        timeout: float = TIMEOUT_SECONDS,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._policies = policies or {}
        self._default = default_policy
        self._hosts: dict[str, _Host] = {}
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=timeout)
        self._ua = user_agent
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            headers={"User-Agent": self._ua},
            auto_decompress=True,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    def policy_for(self, host: str) -> HostPolicy:
        return self._policies.get(host, self._default)

    def _host(self, host: str) -> _Host:
        entry = self._hosts.get(host)
        if entry is None:
            policy = self.policy_for(host)
            entry = self._hosts[host] = _Host(asyncio.Semaphore(policy.concurrency), policy)
        return entry

    async def _space(self, host: _Host) -> None:
        if host.policy.min_interval <= 0:
            return
        async with host.lock:
            now = time.monotonic()
            wait = host.next_start - now
            host.next_start = max(now, host.next_start) + host.policy.min_interval
        if wait > 0:
            await self._sleep(wait)

    async def fetch(self, url: str, *, read_body: bool = True) -> FetchResult:
        if self._session is None:
            raise RuntimeError("use `async with Fetcher() as fetcher`")
        host = self._host(netloc_of(url))
        attempt = 0
        while True:
            attempt += 1
            result, retry_after = await self._once(host, url, read_body)
            result.attempts = attempt
            retryable = result.status is None or result.status in RETRY_STATUSES
            if not retryable or attempt > host.policy.retries:
                return result
            delay = host.policy.backoff * (2 ** (attempt - 1)) * (0.5 + random.random() / 2)  # noqa: S311 - jitter
            if retry_after is not None:
                delay = max(delay, retry_after)
            await self._sleep(delay)

    async def _once(
        self, host: _Host, url: str, read_body: bool
    ) -> tuple[FetchResult, float | None]:
        if self._session is None:
            raise RuntimeError("use `async with Fetcher() as fetcher`")
        async with host.semaphore:
            await self._space(host)
            started = time.monotonic()
            try:
                async with self._session.get(url, allow_redirects=True) as response:
                    body = b""
                    ctype = response.headers.get("Content-Type", "")
                    if read_body and ("html" in ctype or "text" in ctype):
                        body = await _read_bounded(response)
                    retry_after = None
                    if response.status in (429, 503):
                        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                    return (
                        FetchResult(
                            url,
                            response.status,
                            time.monotonic() - started,
                            body,
                            ctype,
                            final_url=str(response.url),
                        ),
                        retry_after,
                    )
            except TimeoutError:
                error = "timeout"
            except aiohttp.ClientError as exc:
                error = type(exc).__name__
            except (OSError, ValueError) as exc:
                error = type(exc).__name__
            return FetchResult(url, None, time.monotonic() - started, error=error), None
