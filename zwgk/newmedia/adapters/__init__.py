"""Adapters that read what an account published — never a scrape of WeChat pages.

Pure code: no ORM, no Django models. Each adapter returns a `FetchResult` of `FetchedPost`s;
ingest.py stores them. HTTP goes through `http.get`/`http.post_json` (stdlib urllib, a
15-second timeout, an identifying User-Agent, http/https only, a size cap).
"""
