"""Reads for the public search page: the choices of its filters. Public data only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from zwgk.documents.models import Topic
from zwgk.documents.statute import Validity
from zwgk.orgs.models import Unit

FIRST_YEAR = 2008  # 《政府信息公开条例》 took effect on 2008-05-01


def list_search_units() -> QuerySet[Unit]:
    return Unit.objects.active().order_by("path", "sort_order")


def list_search_topics() -> QuerySet[Topic]:
    return Topic.objects.all()


def list_search_years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def validity_choices() -> list[tuple[str, str]]:
    return list(Validity.choices)
