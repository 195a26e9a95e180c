"""Reads about units and people, always scoped to the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Membership, Unit, UnitQuerySet, User
from .permissions import visible_units


def list_units(viewer: Any) -> UnitQuerySet:
    return visible_units(viewer).select_related("parent").order_by("path")


def get_unit(viewer: Any, pk: int) -> Unit:
    """The unit if the viewer may see it; Unit.DoesNotExist otherwise (views answer 404)."""
    return list_units(viewer).get(pk=pk)


def list_memberships(viewer: Any, unit: Unit) -> QuerySet[Membership]:
    return Membership.objects.filter(unit__in=visible_units(viewer), unit=unit).select_related(
        "user"
    )


def list_user_units(user: User) -> list[Unit]:
    return [m.unit for m in Membership.objects.active().filter(user=user).select_related("unit")]


def get_primary_unit(user: Any) -> Unit | None:
    if not getattr(user, "is_authenticated", False):
        return None
    membership = Membership.objects.active().filter(user=user).select_related("unit").first()
    return membership.unit if membership else None


def list_public_units() -> UnitQuerySet:
    """Units shown on the public portal (the 指南 lists each one's disclosure office)."""
    return Unit.objects.active().order_by("path")
