"""Which subscriptions a policy concerns. Pure: sets in, a verdict out (no database).

The rule (docs/policies.md): a subscription has three dimensions — industries (GB/T 4754
sections), categories, departments (the responsible district department). A subscription
matches a policy when EVERY dimension the subscriber set intersects the policy's tags in that
dimension; a dimension the subscriber left empty places no condition. So 制造业 + 稳岗 matches a
policy tagged (C, F | 稳岗, 就业 | any department), and does not match one tagged (A | 稳岗) or
(C | 金融). A policy with no tag in a dimension matches no subscriber who set that dimension: to
reach every industry, tag every section. A subscription with no dimension set matches every
policy (it is the "all policies" subscription).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tags:
    industries: frozenset[str] = frozenset()
    categories: frozenset[int] = frozenset()
    departments: frozenset[int] = frozenset()

    @classmethod
    def of(
        cls,
        industries: Iterable[str] = (),
        categories: Iterable[int] = (),
        departments: Iterable[int] = (),
    ) -> Tags:
        return cls(frozenset(industries), frozenset(categories), frozenset(departments))


def matches(subscription: Tags, policy: Tags) -> bool:
    """True when each dimension the subscription set shares at least one tag with the policy."""
    for wanted, offered in (
        (subscription.industries, policy.industries),
        (subscription.categories, policy.categories),
        (subscription.departments, policy.departments),
    ):
        if wanted and not (wanted & offered):
            return False
    return True
