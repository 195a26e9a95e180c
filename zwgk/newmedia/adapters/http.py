"""Minimal HTTP for the adapters: stdlib urllib, 15-second timeout, identifying User-Agent,
http/https only, responses capped (an adapter never reads an unbounded body)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from .base import AdapterError

TIMEOUT = 15
MAX_BYTES = 5 * 1024 * 1024
USER_AGENT = "zwgk-newmedia/1.0 (government new-media activity monitor; district office)"


def _check(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise AdapterError("地址须以 http:// 或 https:// 开头。")


def _read(request: urllib.request.Request, what: str) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked)
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise AdapterError(f"{what}返回 HTTP {error.code}。") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise AdapterError(f"无法连接{what}：{type(reason).__name__}。") from None
    if len(data) > MAX_BYTES:
        raise AdapterError(f"{what}的响应超过 {MAX_BYTES // 1024 // 1024} MB。")
    return data


def get(url: str, what: str = "来源") -> bytes:
    _check(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (_check)
    return _read(request, what)


def get_json(url: str, what: str) -> Any:
    return _json(get(url, what), what)


def post_json(url: str, payload: dict[str, Any], what: str) -> Any:
    _check(url)
    request = urllib.request.Request(  # noqa: S310 (scheme checked by _check)
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"User-Agent": USER_AGENT, "Content-Type": "application/json"},
        method="POST",
    )
    return _json(_read(request, what), what)


def _json(data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise AdapterError(f"{what}的响应不是有效的 JSON。") from None
