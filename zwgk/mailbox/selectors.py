"""Reads of the mailbox app, scoped to the viewer (the handling unit's staff; the district
office's supervisors see the whole district), plus the public reads of the portal (published
letters, statistics) and the contract read for monitoring (`unanswered_messages_by_channel`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import visible_units

from . import stats
from .models import OPEN_STATUSES, Letter, Mailbox, Message, Status


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


# --- Contract: messages unanswered, by channel ------------------------------------------------


def unanswered_messages_by_channel(*, before: date) -> dict[str, int]:
    """Messages (entered or imported) still without an answer that were left before `before`,
    counted per channel ("newmedia.account:<pk>", "monitoring.site:<pk>", "portal"). The
    monitoring rule "messages unanswered for 3 months" (rules.md §4.2 互动回应差) asks with
    `before` = the monitoring day minus 3 months."""
    rows = (
        Message.objects.filter(answered_at__isnull=True, left_at__lt=_start_of(before))
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("channel")
    )
    return {row["channel"]: row["n"] for row in rows}


# --- Mailboxes --------------------------------------------------------------------------------


def list_mailboxes(viewer: Any) -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(owner_unit__in=visible_units(viewer)).select_related("owner_unit")


def get_mailbox(viewer: Any, pk: int) -> Mailbox:
    return list_mailboxes(viewer).get(pk=pk)


def list_open_mailboxes() -> QuerySet[Mailbox]:
    """The mailboxes citizens may write to (the portal)."""
    return Mailbox.objects.filter(is_active=True, owner_unit__is_active=True).select_related(
        "owner_unit"
    )


# --- Letters ----------------------------------------------------------------------------------


def list_letters(viewer: Any) -> QuerySet[Letter]:
    return Letter.objects.filter(handling_unit__in=visible_units(viewer)).select_related(
        "handling_unit", "mailbox"
    )


def get_letter(viewer: Any, pk: int) -> Letter:
    """The letter if the viewer may see it; Letter.DoesNotExist otherwise (views answer 404)."""
    return list_letters(viewer).get(pk=pk)


def list_open_for_units(unit_ids: Collection[int]) -> QuerySet[Letter]:
    return (
        Letter.objects.open()
        .filter(handling_unit_id__in=list(unit_ids))
        .select_related("handling_unit")
        .order_by("due_date", "received_at")
    )


AGE_BUCKETS = ((0, 2), (3, 5), (6, 10), (11, 20), (21, None))  # calendar days since receipt


def bucket_label(low: int, high: int | None) -> str:
    return f"{low}–{high}天" if high is not None else f"{low}天以上"


@dataclass(frozen=True)
class UnansweredRow:
    unit: Unit
    buckets: list[int]
    total: int
    overdue: int
    oldest: Letter


def unanswered_by_unit(viewer: Any, today: date) -> list[UnansweredRow]:
    """件件有回音: every letter without a reply, per handling unit and age (days since receipt),
    the unit with the most overdue first."""
    letters = list_letters(viewer).filter(status__in=OPEN_STATUSES).order_by("received_at")
    rows: dict[int, dict[str, Any]] = {}
    for letter in letters:
        age = (today - timezone.localdate(letter.received_at)).days
        row = rows.setdefault(
            letter.handling_unit_id,
            {
                "unit": letter.handling_unit,
                "buckets": [0] * len(AGE_BUCKETS),
                "overdue": 0,
                "oldest": letter,
            },
        )
        for index, (low, high) in enumerate(AGE_BUCKETS):
            if age >= low and (high is None or age <= high):
                row["buckets"][index] += 1
        if letter.due_date is not None and letter.due_date < today:
            row["overdue"] += 1
    result = [
        UnansweredRow(
            unit=r["unit"],
            buckets=r["buckets"],
            total=sum(r["buckets"]),
            overdue=r["overdue"],
            oldest=r["oldest"],
        )
        for r in rows.values()
    ]
    return sorted(result, key=lambda r: (-r.overdue, -r.total, r.unit.path))


# --- Public reads ------------------------------------------------------------------------------


def list_published_letters() -> QuerySet[Letter]:
    return (
        Letter.objects.filter(
            is_published=True, consents_to_publication=True, status=Status.REPLIED
        )
        .select_related("mailbox", "replied_by_unit")
        .order_by("-published_at", "-pk")
    )


def get_published_letter(pk: int) -> Letter:
    return list_published_letters().get(pk=pk)


# --- Statistics -------------------------------------------------------------------------------


FACT_FIELDS = ("received_at", "due_date", "replied_at", "satisfaction")


def _fact(row: dict[str, Any]) -> stats.LetterFacts:
    return stats.LetterFacts(
        received_on=timezone.localdate(row["received_at"]),
        due_date=row["due_date"],
        replied_on=timezone.localdate(row["replied_at"]) if row["replied_at"] else None,
        satisfaction=row["satisfaction"],
    )


def _in_period(qs: QuerySet[Letter], period: stats.Period) -> QuerySet[Letter]:
    return qs.filter(
        received_at__gte=_start_of(period.start),
        received_at__lt=_start_of(period.end + timedelta(days=1)),
    )


def letter_counts(
    period: stats.Period, *, as_of: date, units: QuerySet[Unit] | None = None
) -> stats.Counts:
    qs = _in_period(Letter.objects.all(), period)
    if units is not None:
        qs = qs.filter(handling_unit__in=units)
    facts = [_fact(row) for row in qs.values(*FACT_FIELDS)]
    return stats.count_letters(facts, period, as_of=as_of)


def letter_counts_by_unit(
    viewer: Any, period: stats.Period, *, as_of: date
) -> list[tuple[Unit, stats.Counts]]:
    by_unit: dict[int, list[stats.LetterFacts]] = {}
    for row in _in_period(list_letters(viewer), period).values("handling_unit_id", *FACT_FIELDS):
        by_unit.setdefault(row["handling_unit_id"], []).append(_fact(row))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(by_unit))}
    return [
        (units[pk], stats.count_letters(facts, period, as_of=as_of))
        for pk, facts in sorted(by_unit.items(), key=lambda item: units[item[0]].path)
    ]


# --- Messages ---------------------------------------------------------------------------------


def list_messages(viewer: Any) -> QuerySet[Message]:
    return Message.objects.filter(unit__in=visible_units(viewer)).select_related("unit")


def get_message(viewer: Any, pk: int) -> Message:
    return list_messages(viewer).get(pk=pk)


# --- Supervision: overdue letters --------------------------------------------------------------


def overdue_problems(start: date, end: date, unit_ids: Collection[int] | None) -> list:
    """The supervision problem source "mailbox.overdue": letters whose reply was due in
    [start, end] and came late or has not come."""
    from zwgk.supervision.problems import SERIOUS, Problem

    today = timezone.localdate()
    qs = Letter.objects.filter(due_date__gte=start, due_date__lte=end).select_related(
        "handling_unit"
    )
    if unit_ids is not None:
        qs = qs.filter(handling_unit_id__in=list(unit_ids))
    qs = qs.filter(
        Q(status__in=OPEN_STATUSES, due_date__lt=today)
        | Q(status=Status.REPLIED, replied_at__gte=_start_of(start))
    )
    problems = []
    for letter in qs:
        due = letter.due_date
        if due is None:
            continue
        if letter.status == Status.REPLIED and letter.replied_at is not None:
            replied = timezone.localdate(letter.replied_at)
            if replied <= due:
                continue
            what = f"{replied.isoformat()}才答复"
        else:
            what = "至今未答复"
        problems.append(
            Problem(
                unit_id=letter.handling_unit_id,
                source="mailbox.overdue",
                kind="来信超过答复期限",
                summary=(
                    f"来信 {letter.number}“{letter.subject}”应于{due.isoformat()}前答复，{what}"
                ),
                occurred_on=due,
                severity=SERIOUS,
                evidence_url=reverse("mailbox:detail", args=[letter.pk]),
                reference=f"mailbox.letter:{letter.pk}",
            )
        )
    return problems


def letter_counts_for_units(
    unit_ids: Collection[int], start: date, end: date, *, as_of: date
) -> dict[int, stats.Counts]:
    """stats.count_letters per handling unit over [start, end] (any span, for the district
    office's dashboard). The caller scopes the units; units without letters are left out."""
    period = stats.Period(f"{start}/{end}", f"{start}至{end}", start, end)
    by_unit: dict[int, list[stats.LetterFacts]] = {}
    rows = _in_period(Letter.objects.filter(handling_unit_id__in=list(unit_ids)), period)
    for row in rows.values("handling_unit_id", *FACT_FIELDS):
        by_unit.setdefault(row["handling_unit_id"], []).append(_fact(row))
    return {pk: stats.count_letters(facts, period, as_of=as_of) for pk, facts in by_unit.items()}
