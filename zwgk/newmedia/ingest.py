"""Storing what the adapters fetched: Post rows (idempotent by hash), the account's newest
post time, and what the platform said the account is called (for the "renamed without filing"
rule). The fetch happens before any write, outside a transaction; the writes are one
transaction per source.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from zwgk.core import audit

from .adapters import feed, upload, webpage, wechat
from .adapters.base import AdapterError, FetchedPost, FetchResult
from .models import ActivitySource, MediaAccount, Post, SourceKind

logger = logging.getLogger(__name__)


def post_hash(post: FetchedPost) -> str:
    """Identity of a post: its address when it has one, else its time and title."""
    key = post.url or f"{post.published_at.isoformat()}|{post.title}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def fetch(source: ActivitySource) -> FetchResult:
    """Run the source's adapter (network; no database writes)."""
    if source.kind == SourceKind.FEED:
        return feed.fetch(source.url)
    if source.kind == SourceKind.WEBPAGE:
        return webpage.fetch(
            source.url,
            webpage.Selectors(
                item=source.item_selector,
                title=source.title_selector,
                link=source.link_selector or "a",
                date=source.date_selector,
            ),
        )
    if source.kind == SourceKind.WECHAT_API:
        base = source.url or getattr(settings, "ZWGK_WECHAT_API_BASE", wechat.DEFAULT_BASE)
        secret = source.app_secret.reveal() if source.app_secret else ""
        return wechat.fetch(base, source.app_id, secret)
    raise AdapterError("上传类来源没有可自动读取的地址，请上传导出文件。")


@transaction.atomic
def store(
    *, account: MediaAccount, source: ActivitySource | None, result: FetchResult, at: datetime
) -> int:
    """Insert the posts not seen before; returns how many were new."""
    hashes = {post_hash(p): p for p in result.posts}
    known = set(
        Post.objects.filter(account=account, hash__in=list(hashes)).values_list("hash", flat=True)
    )
    new = [
        Post(
            account=account,
            source=source,
            published_at=p.published_at,
            title=p.title,
            url=p.url,
            hash=h,
            comments=p.comments,
            unanswered_comments=p.unanswered,
            fetched_at=at,
        )
        for h, p in hashes.items()
        if h not in known
    ]
    Post.objects.bulk_create(new, ignore_conflicts=True)
    # Updated counts of comments on posts already known (an upload may carry new figures).
    for h, p in hashes.items():
        if h in known:
            Post.objects.filter(account=account, hash=h).update(
                comments=p.comments, unanswered_comments=p.unanswered
            )
    newest = Post.objects.filter(account=account).aggregate(m=Max("published_at"))["m"]
    MediaAccount.objects.filter(pk=account.pk).update(last_post_at=newest)
    if source is not None:
        source.last_run_at = at
        source.last_outcome = f"成功：读取 {len(hashes)} 条，新增 {len(new)} 条"
        if result.observed_name:
            source.observed_name = result.observed_name
        if result.observed_id:
            source.observed_account_id = result.observed_id
        source.save(
            update_fields=["last_run_at", "last_outcome", "observed_name", "observed_account_id"]
        )
    return len(new)


def run_source(source: ActivitySource, *, at: datetime) -> int:
    """Fetch and store one source; a failure is recorded on the source, never raised."""
    try:
        result = fetch(source)
    except AdapterError as error:
        ActivitySource.objects.filter(pk=source.pk).update(
            last_run_at=at, last_outcome=f"失败：{error}"[:300]
        )
        return 0
    return store(account=source.account, source=source, result=result, at=at)


def import_upload(
    *, by: Any, at: datetime, account: MediaAccount, data: bytes, filename: str
) -> int:
    """An operator's uploaded export: all rows or none (AdapterError lists the bad rows)."""
    result = upload.parse(data, filename)
    with transaction.atomic():
        source, _ = ActivitySource.objects.get_or_create(account=account, kind=SourceKind.UPLOAD)
        new = store(account=account, source=source, result=result, at=at)
        audit.record(
            action="newmedia.posts.uploaded",
            by=by,
            at=at,
            target=account,
            after={"file": filename[:100], "rows": len(result.posts), "new": new},
        )
    return new
