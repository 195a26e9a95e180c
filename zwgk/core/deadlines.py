"""The registry of deadline recomputers: how a change of the calendar reaches every open deadline.

Core knows no deadlines of its own. An app that stores computed due dates (the cache of a pure
deadline function, STYLE.md "Deadlines are computed, never typed in") registers a recomputer in
its AppConfig.ready():

    deadlines.register("disclosure_requests.reply_due", recompute_reply_due)

`fn(years, calendar, at)` gets the years whose arrangement changed, the new `WorkdayCalendar`
and the time of the change; it recomputes the open deadlines that depend on those years and
returns how many it recomputed. It runs inside the transaction of the calendar change
(`recompute_all`, called by calendar_services): if any recomputer fails, the calendar change
and every recomputation roll back together, so stored due dates never disagree with the
calendar. Recomputers must not enqueue side effects except with `transaction.on_commit`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from . import audit
from .errors import DomainError
from .workdays import WorkdayCalendar

logger = logging.getLogger(__name__)

Recomputer = Callable[[frozenset[int], WorkdayCalendar, datetime], int]
_recomputers: dict[str, Recomputer] = {}


class DeadlineRecomputeError(DomainError):
    """A registered recomputer failed; the calendar change it belonged to was not saved."""


def register(name: str, fn: Recomputer) -> Recomputer:
    """Register `fn` under a dotted `name` (the app's label first). Re-registering a name
    replaces the function (Django may call ready() twice in some test set-ups)."""
    _recomputers[name] = fn
    return fn


def unregister(name: str) -> None:
    _recomputers.pop(name, None)


def registered() -> dict[str, Recomputer]:
    return dict(_recomputers)


def recompute_all(
    *, years: frozenset[int], calendar: WorkdayCalendar, by: Any, at: datetime
) -> dict[str, int]:
    """Run every recomputer for `years` and audit the counts (`core.deadlines.recomputed`).

    Must be called inside the transaction that changed the calendar. Raises
    DeadlineRecomputeError (after logging the original exception) if a recomputer fails, so that
    the caller's transaction rolls back.
    """
    counts: dict[str, int] = {}
    for name, fn in sorted(_recomputers.items()):
        try:
            count = fn(years, calendar, at)
        except DomainError as error:
            raise DeadlineRecomputeError(
                f"重新计算“{name}”的期限失败：{error.message}。本次日历修改未保存。"
            ) from error
        except Exception as error:
            logger.exception("deadline recomputer %s failed", name)
            raise DeadlineRecomputeError(
                f"重新计算“{name}”的期限时出现系统错误，本次日历修改未保存。请联系系统管理员。"
            ) from error
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise DeadlineRecomputeError(
                f"重新计算“{name}”的期限时返回了无效的数量（{count!r}），本次日历修改未保存。"
            )
        counts[name] = count
    audit.record(
        action="core.deadlines.recomputed",
        by=by,
        at=at,
        target_type="core.holidayyear",
        target_id=",".join(str(year) for year in sorted(years)),
        target_label="、".join(f"{year}年" for year in sorted(years)),
        after={"years": sorted(years), "counts": counts, "total": sum(counts.values())},
    )
    return counts
