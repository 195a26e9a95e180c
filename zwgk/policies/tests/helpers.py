"""Shared builders for the policies tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from zwgk.policies import services
from zwgk.policies.models import Category, Industry, Level, Policy


def category(name: str) -> Category:
    return Category.objects.get(name=name)


def industries(*codes: str) -> list[Industry]:
    return list(Industry.objects.filter(code__in=codes))


def draft(
    by: Any,
    unit: Any,
    *,
    title: str = "铜梁区稳岗返还政策",
    codes: tuple[str, ...] = ("C",),
    categories: tuple[str, ...] = ("稳岗",),
    **values: Any,
) -> Policy:
    data = {
        "title": title,
        "level": Level.DISTRICT,
        "issuing_authority": "重庆市铜梁区人力资源和社会保障局",
        "source_url": "https://www.cqstl.gov.cn/policy/1.html",
        "issued_date": date(2026, 3, 1),
        "summary": "对不裁员或少裁员的参保企业返还部分失业保险费。",
        "guide_who": "在铜梁区参保的企业",
        "guide_where": "区人力社保局窗口",
    }
    data.update(values)
    return services.create_policy(
        by=by,
        at=timezone.now(),
        unit=unit,
        values=data,
        industries=industries(*codes),
        categories=[category(name) for name in categories],
    )


def publish(policy: Policy, *, author: Any, reviewer: Any) -> Policy:
    services.submit_policy(by=author, at=timezone.now(), policy=policy)
    return services.approve_policy(by=reviewer, at=timezone.now(), policy=policy)


def subscribe(
    contact: str = "boss@factory.example.com",
    *,
    channel: str = "email",
    codes: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    departments: tuple[Any, ...] = (),
) -> Any:
    """A confirmed subscription (as if the confirmation link had been opened)."""
    from zwgk.policies import tokens

    subscription = services.request_subscription(
        at=timezone.now(),
        channel=channel,
        contact=contact,
        industries=industries(*codes),
        categories=[category(name) for name in categories],
        departments=list(departments),
    )
    choice = tokens.Choice(
        subscription.pk,
        tuple(sorted(codes)),
        tuple(sorted(category(n).pk for n in categories)),
        tuple(sorted(u.pk for u in departments)),
    )
    return services.confirm_subscription(at=timezone.now(), token=tokens.confirm_token(choice))
