"""Every write of monitoring: websites and columns, scoring-table edits, scorecards,
rectification work orders (整改) and alerts.

Each service is keyword-only, takes `by=` and `at=`, runs in one transaction with its audit
row, and defers e-mail/SMS to `transaction.on_commit`. `open_rectification` and
`record_scorecard` are the contract with zwgk.newmedia: a subject is a string key
("monitoring.site:<pk>", "newmedia.account:<pk>").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.orgs.permissions import can_view_unit

from . import scoring
from .models import (
    Alert,
    Column,
    ColumnKind,
    CrawlRun,
    IndicatorSetting,
    Rectification,
    Scorecard,
    Website,
)
from .permissions import can_answer_rectification, can_close_rectification, can_manage_websites


class MonitoringError(DomainError):
    pass


SUBJECT_RE = re.compile(r"^[a-z_]+\.[a-z_]+:\d+$")

# Which rectification moves are legal (STYLE: one TRANSITIONS table per workflow).
TRANSITIONS: dict[str, set[str]] = {
    Rectification.Status.OPEN: {Rectification.Status.ANSWERED, Rectification.Status.CLOSED},
    Rectification.Status.ANSWERED: {Rectification.Status.OPEN, Rectification.Status.CLOSED},
    Rectification.Status.CLOSED: set(),
}


def _move(rectification: Rectification, to: str) -> None:
    if to not in TRANSITIONS[rectification.status]:
        raise TransitionError(_("This work order cannot move from its current state."))
    rectification.status = to


def _snapshot(r: Rectification) -> dict[str, Any]:
    return {"status": r.status, "due_date": r.due_date.isoformat(), "indicator": r.indicator}


# --- rectification work orders --------------------------------------------------------------


def open_rectification(
    *,
    by: Any,
    at: datetime,
    unit: Any,
    subject: str,
    indicator: str,
    title: str,
    evidence: Mapping[str, Any],
    due: date,
) -> Rectification:
    """Open a 整改 work order for `unit` on `subject`'s `indicator`, due on `due`.

    Idempotent per (subject, indicator): while a work order is not closed, opening again
    returns the live one unchanged (a periodic check that finds the problem again must not
    pile up duplicates; the constraint monitoring_rectification_one_open enforces it).
    """
    if not SUBJECT_RE.match(subject or ""):
        raise MonitoringError(_("Invalid subject of a work order."))
    title = (title or "").strip()
    if not title or len(title) > 200 or not indicator or len(indicator) > 60:
        raise MonitoringError(_("A work order needs a title of at most 200 characters."))
    if due < at.date():
        raise MonitoringError(_("The deadline of a work order cannot be in the past."))
    live = Rectification.objects.filter(subject=subject, indicator=indicator).exclude(
        status=Rectification.Status.CLOSED
    )
    existing = live.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            rectification = Rectification.objects.create(
                unit=unit,
                subject=subject,
                indicator=indicator,
                title=title,
                evidence=dict(evidence),
                due_date=due,
                opened_at=at,
                opened_by=by,
            )
            audit.record(
                action="monitoring.rectification.opened",
                by=by,
                at=at,
                target=rectification,
                after=_snapshot(rectification),
                unit=unit,
            )
    except IntegrityError:
        # A concurrent opener won the race: return its work order.
        return live.get()
    return rectification


def _claim(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().get(pk=rectification.pk)


@transaction.atomic
def answer_rectification(
    *, by: Any, at: datetime, rectification: Rectification, answer: str
) -> Rectification:
    """The unit reports what it did; a re-check (or the district office) closes it."""
    answer = (answer or "").strip()
    if not answer:
        raise MonitoringError(_("Say what was done to fix the problem."))
    if len(answer) > 2000:
        raise MonitoringError(_("The answer may have at most 2000 characters."))
    r = _claim(rectification)
    if not can_answer_rectification(by, r):
        raise PermissionDeniedError(_("Only the responsible unit may answer this work order."))
    before = _snapshot(r)
    _move(r, Rectification.Status.ANSWERED)
    r.answer, r.answered_at, r.answered_by = answer, at, by
    r.save()
    audit.record(
        action="monitoring.rectification.answered",
        by=by,
        at=at,
        target=r,
        before=before,
        after=_snapshot(r),
        unit=r.unit,
    )
    return r


@transaction.atomic
def close_rectification(
    *,
    by: Any,
    at: datetime,
    rectification: Rectification,
    how: str = Rectification.ClosedHow.SUPERVISOR,
    note: str = "",
) -> Rectification:
    """Close a work order: by the district office, or by a re-check (`by=None`)."""
    if how not in Rectification.ClosedHow.values:
        raise MonitoringError(_("Unknown way of closing a work order."))
    if how == Rectification.ClosedHow.SUPERVISOR and not can_close_rectification(by):
        raise PermissionDeniedError(_("Only the district office may close a work order."))
    r = _claim(rectification)
    before = _snapshot(r)
    _move(r, Rectification.Status.CLOSED)
    r.closed_at, r.closed_by, r.closed_how, r.close_note = at, by, how, (note or "")[:500]
    r.save()
    audit.record(
        action="monitoring.rectification.closed",
        by=by,
        at=at,
        target=r,
        before=before,
        after={**_snapshot(r), "how": how},
        unit=r.unit,
    )
    return r


@transaction.atomic
def recheck_rectifications(
    *, at: datetime, subject: str, failing: Iterable[str], checked: Iterable[str] | None = None
) -> dict[str, int]:
    """After a re-check of `subject`: close the live work orders whose indicator no longer
    fails; send an answered one whose indicator still fails back to the unit.

    `checked`: the indicators the re-check covered (None: every indicator of the subject's
    live work orders); others are left alone.
    """
    failing = set(failing)
    scope = None if checked is None else set(checked)
    counts = {"closed": 0, "reopened": 0}
    live = (
        Rectification.objects.select_for_update()
        .filter(subject=subject)
        .exclude(status=Rectification.Status.CLOSED)
    )
    for r in live:
        if scope is not None and r.indicator not in scope:
            continue
        before = _snapshot(r)
        if r.indicator not in failing:
            _move(r, Rectification.Status.CLOSED)
            r.closed_at, r.closed_how = at, Rectification.ClosedHow.RECHECK
            r.save()
            counts["closed"] += 1
            action = "monitoring.rectification.closed"
        elif r.status == Rectification.Status.ANSWERED:
            _move(r, Rectification.Status.OPEN)
            r.reopened_count += 1
            r.save()
            counts["reopened"] += 1
            action = "monitoring.rectification.reopened"
        else:
            continue
        audit.record(
            action=action, by=None, at=at, target=r, before=before, after=_snapshot(r), unit=r.unit
        )
    return counts


# --- scoring ---------------------------------------------------------------------------------


@transaction.atomic
def update_indicator(
    *,
    by: Any,
    at: datetime,
    code: str,
    points: Any,
    cap: Any,
    threshold: int,
    enabled: bool,
    confidence: str,
) -> IndicatorSetting:
    """The district office edits one indicator of the scoring table."""
    if not can_manage_websites(by):
        raise PermissionDeniedError(_("Only the district office may edit the scoring table."))
    indicator = scoring.DEFAULT_TABLE.get(code)
    if indicator is None:
        raise MonitoringError(_("Unknown indicator."))
    try:
        points_d, cap_d = Decimal(str(points)), Decimal(str(cap))
    except (InvalidOperation, ValueError) as error:
        raise MonitoringError(_("Points must be numbers.")) from error
    if not (0 <= points_d <= 100 and 0 <= cap_d <= 100) or not (1 <= int(threshold) <= 1000):
        raise MonitoringError(_("Points must be between 0 and 100, thresholds 1 to 1000."))
    if confidence not in (scoring.CONFIRMED, scoring.UNCONFIRMED):
        raise MonitoringError(_("Unknown confidence mark."))
    setting = IndicatorSetting.objects.select_for_update().filter(code=code).first()
    before = None
    if setting is None:
        setting = IndicatorSetting(code=code)
    else:
        before = {"points": str(setting.points), "cap": str(setting.cap)}
    setting.points, setting.cap, setting.threshold = points_d, cap_d, int(threshold)
    setting.enabled, setting.confidence = bool(enabled), confidence
    setting.updated_at, setting.updated_by = at, by
    setting.save()
    audit.record(
        action="monitoring.indicator.updated",
        by=by,
        at=at,
        target=setting,
        target_label=code,
        before=before,
        after={
            "points": str(points_d),
            "cap": str(cap_d),
            "threshold": int(threshold),
            "enabled": bool(enabled),
            "confidence": confidence,
        },
    )
    return setting


def record_scorecard(
    *,
    at: datetime,
    subject: str,
    unit: Any,
    findings: Mapping[str, Any],
    subject_kind: str = scoring.SITE,
    without_services: bool = False,
) -> Scorecard:
    """Compute a scorecard with the district's table and keep it for the trend (no actor:
    computed by the system; nothing a person decided, so no audit row)."""
    from .selectors import get_scoring_table

    if not SUBJECT_RE.match(subject or ""):
        raise MonitoringError(_("Invalid subject of a work order."))
    card = scoring.compute_scorecard(
        findings,
        table=get_scoring_table(),
        subject_kind=subject_kind,
        without_services=without_services,
    )
    return Scorecard.objects.create(
        subject=subject,
        unit=unit,
        computed_at=at,
        verdict=card.verdict,
        total=card.total,
        data=card.as_dict(),
    )


# --- websites and columns --------------------------------------------------------------------


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise MonitoringError(_("Enter a full http:// or https:// address."))
    return url


SITE_CODE_RE = re.compile(r"^(\d{6}|bm\d{4})\d{4}$")  # rules.md §6.1 (configurable default)


LIVE_RUN = (CrawlRun.Status.QUEUED, CrawlRun.Status.RUNNING)


def _lock_run(by: Any, run: CrawlRun) -> CrawlRun:
    if by is not None and not can_view_unit(by, run.website.unit):
        raise PermissionDeniedError(_("You cannot manage the checks of this website."))
    return CrawlRun.objects.select_for_update().select_related("website__unit").get(pk=run.pk)


def _move_run(
    *, by: Any, at: datetime, run: CrawlRun, allowed: tuple[str, ...], to: str, refusal: str
) -> CrawlRun:
    with transaction.atomic():
        locked = _lock_run(by, run)
        if locked.status not in allowed:
            raise TransitionError(refusal)
        if to in LIVE_RUN and locked.website.runs.filter(status__in=LIVE_RUN).exists():
            raise TransitionError(_("Another check of this website is queued or running."))
        before = locked.status
        locked.status, locked.claimed_by, locked.claimed_until = to, "", None
        locked.save(update_fields=["status", "claimed_by", "claimed_until"])
        audit.record(
            action=f"monitoring.run.{'resumed' if to in LIVE_RUN else 'stopped'}",
            by=by,
            at=at,
            target=locked,
            unit=locked.website.unit,
            before={"status": before},
            after={"status": to, "pages": locked.pages},
        )
    return locked


def stop_run(*, by: Any, at: datetime, run: CrawlRun) -> CrawlRun:
    """Stop a queued or running inspection. The worker stops at its next batch of pages (its
    lease is no longer renewed: dbfrontier.LeaseLostError) and the run keeps its frontier, so
    `resume_run` continues it where it stopped."""
    return _move_run(
        by=by,
        at=at,
        run=run,
        allowed=LIVE_RUN,
        to=CrawlRun.Status.STOPPED,
        refusal=_("Only a queued or running check can be stopped."),
    )


def resume_run(*, by: Any, at: datetime, run: CrawlRun) -> CrawlRun:
    """Queue a stopped inspection again; a worker continues it from its frontier (pages done
    are not fetched again)."""
    return _move_run(
        by=by,
        at=at,
        run=run,
        allowed=(CrawlRun.Status.STOPPED,),
        to=CrawlRun.Status.QUEUED,
        refusal=_("Only a stopped check can be resumed."),
    )


@transaction.atomic
def register_website(
    *,
    by: Any,
    at: datetime,
    unit: Any,
    name: str,
    home_url: str,
    kind: str = Website.Kind.SITE,
    site_code: str = "",
    is_district_run: bool = True,
) -> Website:
    if by is not None and not can_manage_websites(by):
        raise PermissionDeniedError(_("Only the district office may register websites."))
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise MonitoringError(_("A website needs a name of at most 100 characters."))
    home_url = _clean_url(home_url)
    if kind not in Website.Kind.values:
        raise MonitoringError(_("Unknown kind of website."))
    site_code = (site_code or "").strip()
    if site_code and not SITE_CODE_RE.match(site_code):
        raise MonitoringError(_("A site identification code has 10 characters (rules.md §6.1)."))
    if Website.objects.filter(home_url=home_url).exists():
        raise MonitoringError(_("This website is already registered."))
    website = Website.objects.create(
        unit=unit,
        name=name,
        home_url=home_url,
        kind=kind,
        site_code=site_code,
        is_district_run=is_district_run,
        created_at=at,
    )
    audit.record(
        action="monitoring.website.registered",
        by=by,
        at=at,
        target=website,
        after={"name": name, "home_url": home_url, "unit": unit.pk},
    )
    return website


KIND_HINTS: tuple[tuple[str, str], ...] = (
    # Column names → kind, after the 2015 普查 grouping (rules.md §4.2 notes, S17).
    ("政策解读", ColumnKind.POLICY),
    ("政策", ColumnKind.POLICY),
    ("文件", ColumnKind.POLICY),
    ("规范性", ColumnKind.POLICY),
    ("通知", ColumnKind.NOTICE),
    ("公告", ColumnKind.NOTICE),
    ("公示", ColumnKind.NOTICE),
    ("人事", ColumnKind.PLANNING),
    ("规划", ColumnKind.PLANNING),
    ("计划", ColumnKind.PLANNING),
    ("动态", ColumnKind.NEWS),
    ("要闻", ColumnKind.NEWS),
    ("新闻", ColumnKind.NEWS),
    ("工作", ColumnKind.NEWS),
    ("留言", ColumnKind.INTERACTION),
    ("互动", ColumnKind.INTERACTION),
    ("信箱", ColumnKind.INTERACTION),
    ("咨询", ColumnKind.INTERACTION),
)


def guess_column_kind(name: str) -> str:
    for hint, kind in KIND_HINTS:
        if hint in name:
            return kind
    return ColumnKind.OTHER


@transaction.atomic
def propose_columns(
    *, at: datetime, website: Website, candidates: Iterable[tuple[str, str]]
) -> int:
    """A crawl proposes columns (name, URL) from the navigation; new ones wait for an officer.
    Known URLs are left as they are. Returns the number proposed."""
    known = set(website.columns.values_list("url", flat=True))
    created = 0
    for name, url in candidates:
        name, url = (name or "").strip()[:100], (url or "")[:500]
        if not name or url in known:
            continue
        known.add(url)
        Column.objects.create(
            website=website, name=name, url=url, kind=guess_column_kind(name), proposed_at=at
        )
        created += 1
    return created


@transaction.atomic
def confirm_column(
    *, by: Any, at: datetime, column: Column, kind: str, is_column: bool = True
) -> Column:
    """An officer confirms a proposed column with its kind (or marks it as not a column)."""
    if not can_manage_websites(by):
        raise PermissionDeniedError(_("Only the district office may confirm columns."))
    if kind not in ColumnKind.values:
        raise MonitoringError(_("Choose the kind of column."))
    column = Column.objects.select_for_update().get(pk=column.pk)
    before = {"status": column.status, "kind": column.kind}
    column.kind = kind
    column.status = Column.Status.CONFIRMED if is_column else Column.Status.IGNORED
    column.confirmed_at, column.confirmed_by = at, by
    column.save()
    audit.record(
        action="monitoring.column.confirmed",
        by=by,
        at=at,
        target=column,
        before=before,
        after={"status": column.status, "kind": kind},
    )
    return column


# --- alerts ----------------------------------------------------------------------------------


def raise_alert(
    *, at: datetime, unit: Any, subject: str, indicator: str, level: str, message: str, key: str
) -> Alert | None:
    """Raise an alert once per `key`; deliver it by e-mail and SMS after commit.
    Returns None when that key was already raised."""
    if level not in Alert.Level.values:
        raise MonitoringError(_("Unknown alert level."))
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                unit=unit,
                subject=subject,
                indicator=indicator,
                level=level,
                message=message[:300],
                raised_at=at,
                key=key[:150],
            )
    except IntegrityError:
        return None
    from .alerts import deliver

    transaction.on_commit(lambda: deliver(alert.pk))
    return alert
