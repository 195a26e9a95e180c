"""The WeChat Official Account API (公众号 开放接口), as published:

- GET  {base}/cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET
       → {"access_token": "...", "expires_in": 7200} or {"errcode": 40013, "errmsg": "..."}
- POST {base}/cgi-bin/freepublish/batchget?access_token=TOKEN
       body {"offset": 0, "count": 20, "no_content": 1}
       → {"total_count": N, "item_count": n, "item": [{"article_id": "...", "content":
          {"news_item": [{"title": "...", "url": "...", ...}]}, "update_time": 1700000000}]}

The base URL is configurable (settings.ZWGK_WECHAT_API_BASE or the source's address) so tests
run against a fake server on 127.0.0.1. The secret travels only in the token request and is
never put in an error message.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from . import http
from .base import AdapterError, FetchedPost, FetchResult, from_timestamp

DEFAULT_BASE = "https://api.weixin.qq.com"
PAGE = 20  # the API's maximum count per call
MAX_PAGES = 25


def _error(payload: Any, what: str) -> None:
    if not isinstance(payload, dict):
        raise AdapterError(f"{what}的响应格式不正确。")
    code = payload.get("errcode")
    if code not in (None, 0):
        message = str(payload.get("errmsg", ""))[:100]
        raise AdapterError(f"{what}返回错误 {code}：{message}")


def access_token(base: str, app_id: str, secret: str) -> str:
    if not app_id or not secret:
        raise AdapterError("请填写公众号的 AppID 和 AppSecret。")
    query = urllib.parse.urlencode(
        {"grant_type": "client_credential", "appid": app_id, "secret": secret}
    )
    payload = http.get_json(
        f"{base.rstrip('/')}/cgi-bin/token?{query}", "微信接口（获取 access_token）"
    )
    _error(payload, "微信接口（获取 access_token）")
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise AdapterError("微信接口未返回 access_token。")
    return token


def published_articles(base: str, token: str) -> list[FetchedPost]:
    posts: list[FetchedPost] = []
    url = f"{base.rstrip('/')}/cgi-bin/freepublish/batchget?" + urllib.parse.urlencode(
        {"access_token": token}
    )
    offset = 0
    for _ in range(MAX_PAGES):
        payload = http.post_json(
            url, {"offset": offset, "count": PAGE, "no_content": 1}, "微信接口（已发布消息）"
        )
        _error(payload, "微信接口（已发布消息）")
        items = payload.get("item") or []
        for item in items:
            stamp = item.get("update_time") or (item.get("content") or {}).get("create_time")
            if not isinstance(stamp, (int, float)):
                continue
            for news in (item.get("content") or {}).get("news_item") or []:
                if news.get("is_deleted"):
                    continue
                posts.append(
                    FetchedPost(
                        published_at=from_timestamp(stamp),
                        title=str(news.get("title") or "（无标题）")[:300],
                        url=str(news.get("url") or "")[:500],
                    )
                )
        offset += len(items)
        total = payload.get("total_count", 0)
        if not items or not isinstance(total, int) or offset >= total:
            break
    return posts


def fetch(base: str, app_id: str, secret: str) -> FetchResult:
    token = access_token(base or DEFAULT_BASE, app_id, secret)
    return FetchResult(posts=published_articles(base or DEFAULT_BASE, token), observed_id=app_id)
