"""Reads of participation, always scoped: staff see their units' consultations and meetings,
the district office its whole district (orgs.permissions.visible_units); the public sees only
what is published (open or closed consultations, announced meetings)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zwgk.orgs.permissions import visible_units

from .models import (
    PUBLIC_STATUSES,
    Comment,
    CommentGroup,
    Consultation,
    Hearing,
    Meeting,
    MeetingStatus,
    Status,
)


def list_consultations(viewer: Any) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(unit__in=visible_units(viewer))
        .select_related("unit")
        .annotate(
            unanswered=Count(
                "comments",
                filter=Q(comments__group__isnull=True, comments__disposition="")
                | Q(comments__group__disposition=""),
            )
        )
        .order_by("-start_date", "-pk")
    )


def get_consultation(viewer: Any, pk: int) -> Consultation:
    return Consultation.objects.select_related("unit").get(pk=pk, unit__in=visible_units(viewer))


def get_comment(viewer: Any, pk: int) -> Comment:
    return Comment.objects.select_related("consultation", "consultation__unit", "group").get(
        pk=pk, consultation__unit__in=visible_units(viewer)
    )


def get_group(viewer: Any, pk: int) -> CommentGroup:
    return CommentGroup.objects.select_related("consultation", "consultation__unit").get(
        pk=pk, consultation__unit__in=visible_units(viewer)
    )


def get_hearing(viewer: Any, pk: int) -> Hearing:
    return Hearing.objects.select_related("consultation", "consultation__unit").get(
        pk=pk, consultation__unit__in=visible_units(viewer)
    )


def list_comments(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.select_related("group").order_by("number")


def list_meetings(viewer: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(unit__in=visible_units(viewer)).select_related("unit")


def get_meeting(viewer: Any, pk: int) -> Meeting:
    return Meeting.objects.select_related("unit").get(pk=pk, unit__in=visible_units(viewer))


# --- Public -----------------------------------------------------------------------------------


def list_public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.public().select_related("unit")


def get_public_consultation(pk: int) -> Consultation:
    return Consultation.objects.select_related("unit").get(pk=pk, status__in=PUBLIC_STATUSES)


def get_published_results(pk: int) -> Consultation:
    return Consultation.objects.select_related("unit").get(pk=pk, status=Status.RESULTS_PUBLISHED)


def public_hearings(consultation: Consultation) -> QuerySet[Hearing]:
    return consultation.hearings.filter(notice_published_at__isnull=False)


PUBLIC_MEETING_STATUSES = (
    MeetingStatus.ANNOUNCED,
    MeetingStatus.HELD,
    MeetingStatus.OUTCOME_PUBLISHED,
)


def list_public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(status__in=PUBLIC_MEETING_STATUSES).select_related("unit")


def get_public_meeting(pk: int) -> Meeting:
    return Meeting.objects.select_related("unit").get(pk=pk, status__in=PUBLIC_MEETING_STATUSES)
