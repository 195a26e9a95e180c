"""The checks: pure functions from a fetched (and parsed) page to findings with evidence.

Every finding carries its evidence: time, URL, HTTP status, content hash, excerpt. Check codes
and their indicators in the 国办秘函〔2019〕19号 table (scoring.py) are in CHECKS.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from . import columns as kinds
from .fetch import TIMEOUT_SECONDS, FetchResult
from .parse import ParsedPage, dates_in

VETO, SERIOUS, MINOR, INFO = "veto", "serious", "minor", "info"

# check code → (severity, indicator of scoring.py or "" when it only informs or warns)
CHECKS: dict[str, tuple[str, str]] = {
    "availability": (SERIOUS, "site.availability"),
    "availability_veto": (VETO, "site.veto.unreachable"),
    "home_not_updated": (VETO, "site.veto.home_not_updated"),
    "home_update_due": (MINOR, ""),  # day 10: warn before the 2-week veto
    "column_stale": (SERIOUS, ""),  # indicator by column kind: see indicator_counts
    "column_blank": (SERIOUS, "site.blank_column"),
    "dead_link_home": (SERIOUS, "site.dead_link_home"),
    "dead_link_other": (MINOR, "site.dead_link_other"),
    "slow_page": (MINOR, ""),  # 47号: "页面加载时长不宜超过3秒"
    "text_personal_data": (SERIOUS, "site.text_problem"),
    "text_secrecy_mark": (SERIOUS, "site.text_problem"),
    "text_sensitive_word": (MINOR, "site.text_problem"),
    "text_wrong_expression": (MINOR, "site.text_problem"),
    "footer_identification": (MINOR, "site.footer_identification"),
    "search_missing": (MINOR, "site.search_broken"),
    "search_broken": (SERIOUS, "site.search_broken"),
    "page_changed": (INFO, ""),
    # rules.md §4.2 互动回应差 item 1: no online consultation or suggestion channel
    "interaction_missing": (VETO, "site.veto.interaction"),
    # item 2: valid messages unanswered for more than 3 months (from the mailbox's records)
    "interaction_unanswered": (VETO, "site.veto.interaction"),
    # a list entry dated after the day of inspection cannot carry its publication date: a sign
    # of 伪造发稿日期 (§4.2 安全、泄密事故 item 5), which a person confirms
    "date_in_future": (MINOR, ""),
    "ipv6_missing": (MINOR, ""),  # §4.4 功能设计 lists IPv6; its deduction is not known
}

# Words of a link to an online consultation or suggestion channel (rules.md §4.2 互动回应差);
# the special channels the rule excludes (网上信访, 纪检举报) do not count.
INTERACTION_WORDS = ("信箱", "留言", "咨询", "建言", "建议", "互动", "问政", "征集", "访谈", "民意")
INTERACTION_EXCLUDED = ("信访", "举报")

HOME_VETO_DAYS = 14  # rules.md §4.2 首页不更新: 监测2周
HOME_WARN_DAYS = 10  # issue 7 §5: tell the unit on day 10
SLOW_SECONDS = 3.0  # rules.md §6.1: "页面加载时长不宜超过3秒"
EXCERPT = 120

FOOTER_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # rules.md §6.1: 党政机关标识, 网站标识码, ICP备案号, 公安机关备案号.
    ("党政机关标识", re.compile(r"党政机关|dzjg|jg\.gov\.cn|zfwzbs|bszs\.conac\.cn", re.I)),
    ("网站标识码", re.compile(r"网站标识码\s*[:：]?\s*(?:\d{6}|bm\d{4})\d{4}")),
    ("ICP备案号", re.compile(r"[\u4e00-\u9fa5]ICP备\s*\d{6,10}号(?:-\d+)?")),
    ("公安机关备案号", re.compile(r"公网安备\s*\d{10,16}号?")),
)

TEXT_RULES = (
    ("pii.", "text_personal_data"),
    ("secret.", "text_secrecy_mark"),
    ("sensitive.", "text_sensitive_word"),
    ("expression.", "text_wrong_expression"),
)


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    url: str
    kind: str = kinds.OTHER


@dataclass
class SiteConfig:
    """What one inspection needs to know about the site."""

    home_url: str
    now: datetime
    name: str = ""
    columns: Sequence[ColumnSpec] = ()
    propose_columns: bool = True  # no registered columns: check the home page's navigation
    is_district_run: bool = False
    max_depth: int = 3
    max_pages: int = 2000
    check_external: bool = True
    timeout: float = TIMEOUT_SECONDS
    slow_after: float = SLOW_SECONDS
    search_query: str = "通知"
    text_checker: Callable[[str], Iterable[Any]] | None = None
    check_ipv6: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass(frozen=True)
class CrawlFinding:
    check: str
    severity: str
    url: str
    evidence: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "url": self.url,
            "evidence": self.evidence,
        }


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def finding(
    check: str,
    result: FetchResult | None,
    now: datetime,
    *,
    url: str = "",
    excerpt: str = "",
    **more: Any,
) -> dict[str, Any]:
    """One finding as a plain dict (what the frontier stores and the command prints)."""
    evidence: dict[str, Any] = {
        "time": now.isoformat(timespec="seconds"),
        "url": url or (result.url if result else ""),
        "status": result.status if result else None,
        "content_hash": content_hash(result.body) if result and result.body else "",
        "excerpt": excerpt[:EXCERPT],
    }
    if result is not None and result.error:
        evidence["error"] = result.error
    if result is not None:
        evidence["elapsed_ms"] = int(result.elapsed * 1000)
    evidence.update(more)
    return CrawlFinding(check, CHECKS[check][0], evidence["url"], evidence).as_dict()


def check_availability(result: FetchResult, config: SiteConfig) -> list[dict[str, Any]]:
    """One probe: a failure is no answer, a 5xx/4xx, or ≥ 15 s (rules.md §4.2)."""
    if result.ok and result.elapsed < config.timeout:
        return []
    return [finding("availability", result, config.now, excerpt=result.error or str(result.status))]


def is_probe_failure(ok: bool, elapsed: float, timeout: float = TIMEOUT_SECONDS) -> bool:
    return not ok or elapsed >= timeout


def availability_veto(
    probes: Sequence[tuple[datetime, bool, float]],
    *,
    now: datetime,
    timeout: float = TIMEOUT_SECONDS,
) -> dict[str, Any] | None:
    """rules.md §4.2 站点无法访问: over 1 week, ≥ 20 probes a day, failures (no page within 15 s)
    ≥ 5 % → veto. Returns the evidence when it fires. A week with fewer than 20 probes on some
    day still counts: the monitor, not the site, fell short, and the failures are real."""
    week = [p for p in probes if now - timedelta(days=7) <= p[0] <= now]
    if not week:
        return None
    failed = sum(1 for _, ok, elapsed in week if is_probe_failure(ok, elapsed, timeout))
    ratio = failed / len(week)
    if ratio >= 0.05:
        return {"probes": len(week), "failed": failed, "ratio": round(ratio, 4)}
    return None


def latest_date(dates: Iterable[date], today: date) -> date | None:
    valid = [d for d in dates if d <= today]
    return max(valid) if valid else None


def check_home(result: FetchResult, page: ParsedPage, config: SiteConfig) -> list[dict[str, Any]]:
    """Home page not updated in 2 weeks (veto), and the day-10 warning. The newest date on the
    page counts; a home page without any date counts as not updated (rules.md §4.2 notes)."""
    newest = latest_date(
        [i.date for i in page.items if i.date] + dates_in(page.text[:20000]), config.today
    )
    age = None if newest is None else (config.today - newest).days
    out = []
    if age is None or age >= HOME_VETO_DAYS:
        out.append(
            finding(
                "home_not_updated",
                result,
                config.now,
                excerpt=page.title,
                newest_date=newest.isoformat() if newest else None,
                days=age,
            )
        )
    elif age >= HOME_WARN_DAYS:
        out.append(
            finding(
                "home_update_due",
                result,
                config.now,
                excerpt=page.title,
                newest_date=newest.isoformat() if newest else None,
                days=age,
            )
        )
    return out


def check_column(
    result: FetchResult, page: ParsedPage, column: ColumnSpec, config: SiteConfig
) -> list[dict[str, Any]]:
    """A blank column has no entries; a column is stale when its newest entry is older than
    its kind's interval — an entry without a date counts as not updated (rules.md §4.2)."""
    if not page.items:
        return [
            finding(
                "column_blank",
                result,
                config.now,
                excerpt=column.name,
                column=column.name,
                kind=column.kind,
            )
        ]
    interval = kinds.INTERVALS.get(column.kind)
    if interval is None:
        return []
    newest = latest_date((i.date for i in page.items if i.date), config.today)
    if newest is None or config.today - newest > interval:
        return [
            finding(
                "column_stale",
                result,
                config.now,
                excerpt=column.name,
                column=column.name,
                kind=column.kind,
                newest_date=newest.isoformat() if newest else None,
                interval_days=interval.days,
            )
        ]
    return []


def check_interaction(
    result: FetchResult, page: ParsedPage, config: SiteConfig
) -> list[dict[str, Any]]:
    """The home page links to an online consultation or suggestion channel (rules.md §4.2
    互动回应差 item 1): a link whose text names one, the excluded special channels aside."""
    for text, _url in page.anchors:
        if any(w in text for w in INTERACTION_WORDS) and not any(
            w in text for w in INTERACTION_EXCLUDED
        ):
            return []
    return [
        finding(
            "interaction_missing",
            result,
            config.now,
            excerpt=page.title,
            looked_for="、".join(INTERACTION_WORDS),
        )
    ]


def check_future_dates(
    result: FetchResult, page: ParsedPage, config: SiteConfig
) -> list[dict[str, Any]]:
    """List entries (home page, columns) whose every date is after the day of inspection: none
    of them can be the publication date (an entry may also show a later validity or closing
    date next to its publication date; that is not flagged)."""
    future = [
        item for item in page.items if item.earliest is not None and item.earliest > config.today
    ]
    if not future:
        return []
    return [
        finding(
            "date_in_future",
            result,
            config.now,
            excerpt=future[0].title,
            items=[{"title": i.title, "url": i.url, "date": str(i.date)} for i in future[:20]],
            count=len(future),
        )
    ]


def check_ipv6(
    result: FetchResult, config: SiteConfig, host: str, has_ipv6: bool | None
) -> list[dict[str, Any]]:
    """The site's host name has no IPv6 address (AAAA). None: not applicable (an IP literal)."""
    if has_ipv6 is not False:
        return []
    return [finding("ipv6_missing", result, config.now, excerpt=host, host=host)]


def check_footer(result: FetchResult, page: ParsedPage, config: SiteConfig) -> list[dict[str, Any]]:
    """The footer identification (rules.md §6.1); looked for in the footer, else the page."""
    haystack = (
        (page.footer_text + " " + page.footer_html) if page.footer_text else page.text[-4000:]
    )
    missing = [label for label, pattern in FOOTER_ITEMS if not pattern.search(haystack)]
    return [
        finding("footer_identification", result, config.now, excerpt=label, missing=label)
        for label in missing
    ]


def check_text(
    result: FetchResult, page: ParsedPage, config: SiteConfig, hits: Iterable[Any] | None = None
) -> list[dict[str, Any]]:
    """zwgk.textcheck on the page text: the excerpt is the checker's (masked for personal data).
    `hits`: the checker's answer when it already ran elsewhere (a parsing process)."""
    if config.text_checker is None or not page.text:
        return []
    out = []
    for hit in hits if hits is not None else config.text_checker(page.text):
        rule = hit.rule
        for prefix, check in TEXT_RULES:
            if rule.startswith(prefix):
                out.append(
                    finding(
                        check, result, config.now, excerpt=hit.excerpt, rule=rule, offset=hit.start
                    )
                )
                break
    return out


def check_speed(result: FetchResult, config: SiteConfig) -> list[dict[str, Any]]:
    if result.ok and result.elapsed >= config.slow_after:
        return [finding("slow_page", result, config.now, excerpt=f"{result.elapsed:.1f}s")]
    return []


def dead_link(
    entry_url: str, referrer: str, from_home: bool, result: FetchResult, now: datetime
) -> dict[str, Any]:
    return finding(
        "dead_link_home" if from_home else "dead_link_other",
        result,
        now,
        url=entry_url,
        excerpt=result.error or str(result.status),
        referrer=referrer,
    )


def search_result_works(result: FetchResult, page: ParsedPage | None, query: str) -> bool:
    return result.ok and page is not None and query in page.text and bool(page.links)


def indicator_counts(findings: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Findings → {indicator code: [evidence…]} for scoring.compute_scorecard, with the veto
    counts: stale 动态要闻/通知公告/政策文件 columns (≥ 5), all stale columns (≥ 10), blank
    columns (≥ 5)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        indicator = CHECKS.get(f["check"], ("", ""))[1]
        if indicator:
            out.setdefault(indicator, []).append(f["evidence"])
        if f["check"] == "column_stale":
            kind = f["evidence"].get("kind")
            if kind in (kinds.NEWS, kinds.NOTICE, kinds.POLICY):
                out.setdefault("site.veto.columns_not_updated", []).append(f["evidence"])
            deduction = "site.policy_column_stale" if kind == kinds.POLICY else "site.column_stale"
            out.setdefault(deduction, []).append(f["evidence"])
            out.setdefault("site.veto.columns_long_stale", []).append(f["evidence"])
        if f["check"] == "column_blank":
            out.setdefault("site.veto.blank_columns", []).append(f["evidence"])
    return out
