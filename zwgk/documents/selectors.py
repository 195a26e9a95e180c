"""Reads of documents, always scoped to the viewer's units."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from zwgk.orgs.models import Role
from zwgk.orgs.permissions import memberships_of, supervised_district_paths, visible_units

from .models import Document, DocumentQuerySet, Status


def list_documents(viewer: Any) -> DocumentQuerySet:
    return (
        Document.objects.of_units(visible_units(viewer))
        .select_related("publishing_unit", "topic")
        .order_by("-updated_at", "-pk")
    )


def get_document(viewer: Any, pk: int) -> Document:
    """Document.DoesNotExist unless the viewer may see it (views answer 404)."""
    return list_documents(viewer).get(pk=pk)


def list_awaiting_my_review(viewer: Any) -> DocumentQuerySet:
    """Documents at a review stage this person decides (never their own drafts)."""
    query = Q(pk__in=[])
    for m in memberships_of(viewer):
        if m.role in (Role.DEPUTY, Role.HEAD):
            query |= Q(publishing_unit=m.unit, status=Status.DEPUTY_REVIEW)
        if m.role == Role.HEAD:
            query |= Q(publishing_unit=m.unit, status=Status.HEAD_REVIEW)
    for path in supervised_district_paths(viewer):
        query |= Q(publishing_unit__path__startswith=path, status=Status.OFFICE_REVIEW)
    return (
        Document.objects.filter(query)
        .exclude(created_by=viewer)
        .select_related("publishing_unit")
        .order_by("publish_due_date", "pk")
    )


def list_my_unit_todo(viewer: Any) -> DocumentQuerySet:
    """Returned drafts and approved documents waiting to be published in the viewer's units."""
    units = [m.unit_id for m in memberships_of(viewer)]
    return (
        Document.objects.filter(
            publishing_unit__in=units, status__in=[Status.RETURNED, Status.APPROVED]
        )
        .select_related("publishing_unit")
        .order_by("publish_due_date", "pk")
    )


def list_overdue(viewer: Any, today: date) -> DocumentQuerySet:
    """Proactive documents past their art. 26 deadline and still not public."""
    return (
        Document.objects.of_units(visible_units(viewer))
        .filter(publish_due_date__lt=today)
        .exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN, Status.REGISTERED])
        .select_related("publishing_unit")
    )
