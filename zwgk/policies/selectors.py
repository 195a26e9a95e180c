"""Reads of the policy library: staff lists scoped to the viewer's units, the public library
with its search and filters, the subscribers a policy concerns and the statistics.

Public search: the library is small (hundreds to a few thousand entries) and its filters are
relational (tags, level, department, validity), so a keyword query is the search app's query
analysis (zwgk.search.analysis.parse_query: jieba words and runs of letters/digits, quotes for
exact phrases) applied as "every needle occurs in the title, summary, interpretation, guide or
issuing authority" on the database, combined with the filters in one query. No second tantivy
index to keep in step, and a published change is searchable at once; the snippet marks the
needles with the same analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import memberships_of, visible_units
from zwgk.search.analysis import ParsedQuery, parse_query

from . import matching
from .models import (
    Category,
    Channel,
    Delivery,
    DeliveryStatus,
    Industry,
    Level,
    Policy,
    PolicyRevision,
    RevisionStatus,
    Status,
    Subscription,
    SubscriptionStatus,
    TargetGroup,
)

SEARCHED_FIELDS = (
    "title",
    "summary",
    "interpretation",
    "guide_who",
    "guide_what",
    "guide_how",
    "issuing_authority",
    "doc_number",
)


# --- Staff ---------------------------------------------------------------------------------------


def list_policies(user: Any, *, status: str = "", query: str = "") -> QuerySet[Policy]:
    policies = Policy.objects.filter(unit__in=visible_units(user)).select_related("unit")
    if status:
        policies = policies.filter(status=status)
    if query:
        policies = policies.filter(title__icontains=query)
    return policies.order_by("-updated_at", "-pk")


def get_policy(user: Any, pk: int) -> Policy:
    """Raises Policy.DoesNotExist for another unit's policy (the view answers 404)."""
    return (
        Policy.objects.filter(unit__in=visible_units(user))
        .select_related("unit", "document", "created_by", "submitted_by", "approved_by")
        .get(pk=pk)
    )


def get_published_document(user: Any, index_number: str) -> Any:
    """A published document of one of the user's units (for "add to the library"), or None."""
    from zwgk.documents.models import Document

    return (
        Document.objects.filter(
            index_number=index_number,
            status="published",
            publishing_unit__in=[m.unit_id for m in memberships_of(user)],
        )
        .select_related("publishing_unit")
        .first()
    )


def count_pending_reviews(user: Any) -> QuerySet[Policy]:
    """Policies awaiting review: new ones, and published ones whose revision awaits review."""
    return Policy.objects.filter(
        Q(status=Status.PENDING) | Q(revisions__status=RevisionStatus.PENDING),
        unit__in=visible_units(user),
    ).distinct()


# --- Public ------------------------------------------------------------------------------


@dataclass
class PublicFilters:
    query: str = ""
    level: str = ""
    industry: str = ""
    category: int | None = None
    department: str = ""
    group: str = ""
    include_expired: bool = False
    parsed: ParsedQuery = field(default_factory=lambda: parse_query(""))


def list_public_policies(filters: PublicFilters) -> QuerySet[Policy]:
    policies = Policy.objects.public().select_related("unit")
    if not filters.include_expired:
        policies = policies.filter(status=Status.PUBLISHED)
    if filters.level in Level.values:
        policies = policies.filter(level=filters.level)
    if filters.industry:
        policies = policies.filter(industries__code=filters.industry)
    if filters.category:
        policies = policies.filter(categories__pk=filters.category)
    if filters.department:
        policies = policies.filter(unit__code=filters.department)
    if filters.group:
        policies = policies.filter(target_groups__code=filters.group)
    filters.parsed = parse_query(filters.query) if filters.query else parse_query("")
    for needle in filters.parsed.needles:
        condition = Q()
        for name in SEARCHED_FIELDS:
            condition |= Q(**{f"{name}__icontains": needle.text})
        policies = policies.filter(condition)
    return policies.distinct().order_by("status", "-published_at", "-pk")


def get_public_policy(pk: int) -> Policy:
    return (
        Policy.objects.public()
        .select_related("unit", "document", "document__publishing_unit")
        .prefetch_related("industries", "categories", "target_groups")
        .get(pk=pk)
    )


def list_industries() -> QuerySet[Industry]:
    return Industry.objects.all()


def list_categories(*, active_only: bool = True) -> QuerySet[Category]:
    categories = Category.objects.all()
    return categories.filter(is_active=True) if active_only else categories


def list_target_groups() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.all()


def list_departments() -> QuerySet[Unit]:
    """Departments that are responsible for at least one public policy."""
    ids = Policy.objects.public().values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("path")


def list_subscribable_departments() -> QuerySet[Unit]:
    return Unit.objects.active().exclude(parent=None).order_by("path")


# --- Pushes ------------------------------------------------------------------------------------


def policy_tags(policy: Policy) -> matching.Tags:
    return matching.Tags.of(
        policy.industries.values_list("code", flat=True),
        policy.categories.values_list("pk", flat=True),
        [policy.unit_id],
    )


def matching_subscriptions(policy: Policy) -> list[Subscription]:
    """Active subscriptions the policy concerns (matching.matches, the documented rule)."""
    offered = policy_tags(policy)
    found = []
    subscriptions = Subscription.objects.filter(status=SubscriptionStatus.ACTIVE).prefetch_related(
        "industries", "categories", "departments"
    )
    for subscription in subscriptions.iterator(chunk_size=500):
        wanted = matching.Tags.of(
            [i.code for i in subscription.industries.all()],
            [c.pk for c in subscription.categories.all()],
            [d.pk for d in subscription.departments.all()],
        )
        if matching.matches(wanted, offered):
            found.append(subscription)
    return found


# --- Statistics (district office) ----------------------------------------------------------------


def subscription_statistics() -> dict[str, Any]:
    active = Subscription.objects.filter(status=SubscriptionStatus.ACTIVE)
    by_channel = dict(active.values_list("channel").annotate(n=Count("pk")).order_by())
    per_industry = [
        (industry, active.filter(industries=industry).count())
        for industry in Industry.objects.all()
    ]
    per_category = [
        (category, active.filter(categories=category).count())
        for category in Category.objects.all()
    ]
    per_department = [
        (unit, active.filter(departments=unit).count())
        for unit in Unit.objects.filter(pk__in=active.values("departments")).order_by("path")
    ]
    deliveries = Delivery.objects.values_list("channel", "status").annotate(n=Count("pk"))
    messages: dict[str, dict[str, int]] = {}
    for channel, status, n in deliveries.order_by():
        messages.setdefault(channel, {})[status] = n
    channels = [
        {
            "label": label,
            "active": by_channel.get(value, 0),
            "sent": messages.get(value, {}).get(DeliveryStatus.SENT, 0),
            "failed": messages.get(value, {}).get(DeliveryStatus.FAILED, 0),
        }
        for value, label in Channel.choices
    ]
    return {
        "channels": channels,
        "active": active.count(),
        "pending": Subscription.objects.filter(status=SubscriptionStatus.PENDING).count(),
        "ended": Subscription.objects.filter(status=SubscriptionStatus.ENDED).count(),
        "by_channel": by_channel,
        "per_industry": per_industry,
        "per_category": per_category,
        "per_department": per_department,
        "messages": messages,
        "sent": Delivery.objects.filter(status=DeliveryStatus.SENT).count(),
        "failed": Delivery.objects.filter(status=DeliveryStatus.FAILED).count(),
        "waiting": Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
        ).count(),
    }


def list_recent_subscriptions(limit: int = 50) -> QuerySet[Subscription]:
    """For the district office: masked contacts only (contact_masked), newest first."""
    return Subscription.objects.only(
        "channel", "contact_masked", "status", "created_at", "confirmed_at", "ended_at"
    ).order_by("-created_at")[:limit]


def revision_initial(revision: PolicyRevision) -> dict[str, Any]:
    """The staff form's initial values for an open revision (its proposed fields and tags)."""
    from .services import decode_values

    values = decode_values(revision.values)
    document = values.pop("document", None)
    values["document_index"] = document.index_number if document is not None else ""
    values["industries"] = list(Industry.objects.filter(code__in=revision.industries))
    values["categories"] = list(Category.objects.filter(pk__in=revision.categories))
    values["target_groups"] = list(TargetGroup.objects.filter(pk__in=revision.target_groups))
    return values
