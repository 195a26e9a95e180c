"""Objects of unit A for the access matrix (tests/security): a draft policy of unit A (not
public: its public page is a 404), a category, and the signed links of a subscription."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

MARKER = "区教委政策直通车矩阵标记草稿"


def objects(*, district, officer_a, supervisor) -> dict:
    from zwgk.policies import services, tokens
    from zwgk.policies.models import Category, Level

    at = timezone.now()
    policy = services.create_policy(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        values={
            "title": MARKER,
            "level": Level.DISTRICT,
            "issuing_authority": "重庆市铜梁区教育委员会",
            "issued_date": date(2026, 3, 1),
            "summary": "矩阵测试用草稿。",
        },
    )
    subscription = services.request_subscription(
        at=at,
        channel="email",
        contact="matrix@example.com",
        industries=[],
        categories=[],
        departments=[],
    )
    choice = tokens.Choice(subscription.pk, ("C",), (), ())
    return {
        **{
            f"policies:{name}.pk": policy.pk
            for name in ("detail", "edit", "submit", "approve", "return")
        },
        "policies_public:detail.pk": policy.pk,
        "policies:category_toggle.pk": Category.objects.first().pk,
        "policies_public:confirm.token": tokens.confirm_token(choice),
        "policies_public:unsubscribe.token": tokens.unsubscribe_token(subscription.pk),
        "policies_public:feed_tag.kind": "industry",
        "policies_public:feed_tag.key": "C",
        "_markers": [MARKER],
    }
