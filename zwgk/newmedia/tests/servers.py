"""Real HTTP servers on 127.0.0.1 for the adapter tests: a static site (feeds and pages) and a
fake of the WeChat Official Account API that follows its published interface."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append(("GET", self.path, dict(self.headers)))
        parts = urllib.parse.urlsplit(self.path)
        if parts.path == "/cgi-bin/token":
            self._token(urllib.parse.parse_qs(parts.query))
            return
        page = self.server.pages.get(parts.path)
        if page is None:
            self._send(404, b"not found", "text/plain")
            return
        body, content_type = page
        self._send(200, body, content_type)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        payload = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(("POST", self.path, payload))
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query)
        if parts.path != "/cgi-bin/freepublish/batchget":
            self._send(404, b"not found", "text/plain")
            return
        if query.get("access_token") != [self.server.token]:
            self._json({"errcode": 40001, "errmsg": "invalid credential"})
            return
        offset, count = int(payload.get("offset", 0)), int(payload.get("count", 20))
        if not 1 <= count <= 20:
            self._json({"errcode": 40007, "errmsg": "invalid count"})
            return
        items = self.server.articles[offset : offset + count]
        self._json(
            {"total_count": len(self.server.articles), "item_count": len(items), "item": items}
        )

    def _token(self, query: dict[str, list[str]]) -> None:
        if query.get("grant_type") != ["client_credential"]:
            self._json({"errcode": 40002, "errmsg": "invalid grant_type"})
        elif query.get("appid") != [self.server.app_id]:
            self._json({"errcode": 40013, "errmsg": "invalid appid"})
        elif query.get("secret") != [self.server.secret]:
            self._json({"errcode": 40125, "errmsg": "invalid appsecret"})
        else:
            self._json({"access_token": self.server.token, "expires_in": 7200})

    def _json(self, data: Any) -> None:
        self._send(200, json.dumps(data, ensure_ascii=False).encode(), "application/json")


@contextmanager
def serve(
    pages: dict[str, tuple[bytes, str]] | None = None,
    *,
    articles: list[dict[str, Any]] | None = None,
    app_id: str = "wx0123456789abcdef",
    secret: str = "the-app-secret",  # noqa: S107 (the fake server's test credential)
) -> Iterator[Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.pages = pages or {}
    server.articles = articles or []
    server.app_id, server.secret, server.token = app_id, secret, "TOKEN-123"
    server.requests = []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def article(stamp: int, *titles: str, deleted: bool = False) -> dict[str, Any]:
    return {
        "article_id": f"A{stamp}",
        "content": {
            "news_item": [
                {
                    "title": t,
                    "url": f"https://mp.weixin.qq.com/s/{stamp}-{i}",
                    "is_deleted": deleted,
                }
                for i, t in enumerate(titles)
            ],
            "create_time": stamp,
            "update_time": stamp,
        },
        "update_time": stamp,
    }
