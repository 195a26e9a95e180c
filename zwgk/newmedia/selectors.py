"""Reads of the new-media registry, always scoped to the viewer: a unit's staff see their
unit's accounts, the district office's supervisors every account of the district. Another
unit's account is DoesNotExist (the views answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from zwgk.orgs.permissions import visible_units

from .models import Filing, FilingState, Finding, MediaAccount, MediaAccountQuerySet


def list_accounts(user: Any) -> MediaAccountQuerySet:
    return MediaAccount.objects.filter(host_unit__in=visible_units(user)).select_related(
        "host_unit", "operating_unit"
    )


def get_account(user: Any, pk: int) -> MediaAccount:
    return list_accounts(user).get(pk=pk)


def list_filings(user: Any) -> Any:
    return Filing.objects.filter(account__host_unit__in=visible_units(user)).select_related(
        "account", "account__host_unit", "submitted_by"
    )


def get_filing(user: Any, pk: int) -> Filing:
    return list_filings(user).get(pk=pk)


def list_pending_filings(user: Any) -> Any:
    return list_filings(user).filter(
        state__in=(FilingState.AWAITING_HEAD, FilingState.AWAITING_REVIEW)
    )


def list_findings(user: Any) -> Any:
    return Finding.objects.filter(account__host_unit__in=visible_units(user)).select_related(
        "account", "account__host_unit"
    )


def search(qs: MediaAccountQuerySet, query: str) -> MediaAccountQuerySet:
    query = query.strip()[:100]
    if not query:
        return qs
    return qs.filter(
        Q(name__icontains=query)
        | Q(account_id__icontains=query)
        | Q(host_unit__name__icontains=query)
    )
