"""Problem sources of the document register for supervision (zwgk/supervision/problems.py):
proactive documents published after their 条例第二十六条 date (20 working days, rules.md §1.9)
or still unpublished after it, and policies published without their interpretation
(重大政策不解读, 铜府办发〔2019〕16号 三(二)).

Read-only; registered from DocumentsConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from zwgk.supervision.problems import SERIOUS, VETO, Problem

from .models import Document, Status
from .statute import DisclosureAttribute

UNPUBLISHED = (
    Status.DRAFT,
    Status.RETURNED,
    Status.DEPUTY_REVIEW,
    Status.HEAD_REVIEW,
    Status.OFFICE_REVIEW,
    Status.APPROVED,
    Status.SCHEDULED,
)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end, time.max)),
    )


def _scoped(qs, unit_ids: Collection[int] | None):  # type: ignore[no-untyped-def]
    return qs if unit_ids is None else qs.filter(publishing_unit_id__in=list(unit_ids))


def _url(document: Document) -> str:
    return reverse("documents:detail", kwargs={"pk": document.pk})


def late_publication(start: date, end: date, unit_ids: Collection[int] | None) -> Iterator[Problem]:
    """Published after the art. 26 date (on the day of publication), or still not published
    the day after it."""
    low, high = _bounds(start, end)
    published = _scoped(
        Document.objects.filter(
            status=Status.PUBLISHED,
            publish_due_date__isnull=False,
            published_at__range=(low, high),
        ),
        unit_ids,
    )
    for document in published.only(
        "pk", "title", "publishing_unit_id", "published_at", "publish_due_date"
    ):
        day = timezone.localdate(document.published_at)
        if day > document.publish_due_date:
            yield Problem(
                unit_id=document.publishing_unit_id,
                source="documents.late_publication",
                kind="信息公开不及时",
                summary=f"《{document.title}》应于{document.publish_due_date:%Y-%m-%d}前公开，"
                f"实际{day:%Y-%m-%d}公开（条例第二十六条：20个工作日）",
                occurred_on=day,
                severity=VETO,
                evidence_url=_url(document),
                reference=f"documents.document:{document.pk}",
            )
    # Still unpublished: the problem occurs the day after the due date.
    pending = _scoped(
        Document.objects.filter(
            status__in=UNPUBLISHED,
            disclosure=DisclosureAttribute.PROACTIVE,
            publish_due_date__gte=start - timedelta(days=1),
            publish_due_date__lt=min(end, timezone.localdate()),
        ),
        unit_ids,
    )
    for document in pending.only("pk", "title", "publishing_unit_id", "publish_due_date"):
        day = document.publish_due_date + timedelta(days=1)
        yield Problem(
            unit_id=document.publishing_unit_id,
            source="documents.late_publication",
            kind="信息公开不及时",
            summary=f"《{document.title}》应于{document.publish_due_date:%Y-%m-%d}前公开，"
            "至今未公开（条例第二十六条：20个工作日）",
            occurred_on=day,
            severity=VETO,
            evidence_url=_url(document),
            reference=f"documents.document:{document.pk}",
        )


def missing_interpretation(
    start: date, end: date, unit_ids: Collection[int] | None
) -> Iterator[Problem]:
    """A policy that needs an interpretation, or a major decision, published in the period
    without a published interpretation (重大政策不解读)."""
    low, high = _bounds(start, end)
    interpreted = Document.objects.filter(interprets=OuterRef("pk"), status=Status.PUBLISHED)
    documents = _scoped(
        Document.objects.filter(status=Status.PUBLISHED, published_at__range=(low, high))
        .filter(interprets__isnull=True)
        .exclude(needs_interpretation=False, is_major_decision=False)
        .filter(~Exists(interpreted)),
        unit_ids,
    )
    for document in documents.only("pk", "title", "publishing_unit_id", "published_at"):
        yield Problem(
            unit_id=document.publishing_unit_id,
            source="documents.missing_interpretation",
            kind="重大政策未解读",
            summary=f"《{document.title}》已发布，未同步发布政策解读",
            occurred_on=timezone.localdate(document.published_at),
            severity=SERIOUS,
            evidence_url=_url(document),
            reference=f"documents.document:{document.pk}",
        )
