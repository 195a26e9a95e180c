"""The matching rule (pure, no database): each dimension the subscriber set must intersect."""

import pytest

from zwgk.policies.matching import Tags, matches

STEADY = 6  # a category id
FARM = 9
POLICY_C = Tags.of(["C", "F"], [STEADY, 4], [11])


@pytest.mark.parametrize(
    ("subscription", "policy", "expected"),
    [
        (Tags.of(["C"], [STEADY]), POLICY_C, True),  # 制造业 + 稳岗
        (Tags.of(["C"], [STEADY]), Tags.of(["A"], [FARM], [11]), False),  # agricultural
        (Tags.of(["C"], [STEADY]), Tags.of(["A"], [STEADY], [11]), False),  # industry differs
        (Tags.of(["C"], [STEADY]), Tags.of(["C"], [FARM], [11]), False),  # category differs
        (Tags.of(["C"]), POLICY_C, True),  # category not set: no condition
        (Tags.of([], [], [11]), POLICY_C, True),  # department only
        (Tags.of([], [], [12]), POLICY_C, False),
        (Tags.of(), POLICY_C, True),  # nothing set: every policy
        (Tags.of(["C"]), Tags.of([], [STEADY], [11]), False),  # policy without industry tags
        (Tags.of(["A", "C"], [STEADY, FARM], [11, 12]), POLICY_C, True),  # any overlap
    ],
)
def test_matches(subscription, policy, expected):
    assert matches(subscription, policy) is expected
