"""The 国办秘函〔2019〕19号 scorecard (rules.md §4.1): pure, no database."""

from decimal import Decimal

import pytest

from zwgk.monitoring import scoring
from zwgk.monitoring.scoring import (
    ACCOUNT,
    FAILED_SCORE,
    FAILED_VETO,
    PASSED,
    PASSED_BONUS,
    SITE,
    IndicatorFinding,
    apply_overrides,
    compute_scorecard,
)


def test_no_findings_is_full_marks_and_enters_the_bonus_stage():
    card = compute_scorecard({})
    assert card.verdict == PASSED_BONUS
    assert card.deduction_score == Decimal(100)
    assert card.total == Decimal(100)
    assert card.is_qualified


def test_a_veto_item_fails_the_site_and_nothing_else_is_scored():
    card = compute_scorecard({"site.veto.home_not_updated": 1, "site.dead_link_home": 3})
    assert card.verdict == FAILED_VETO
    assert card.vetoes == ("site.veto.home_not_updated",)
    assert card.deduction_score is None and card.total is None
    assert not card.is_qualified
    assert card.verdict_label == "不合格（单项否决）"


@pytest.mark.parametrize(
    ("code", "count", "fires"),
    [
        ("site.veto.columns_not_updated", 4, False),
        ("site.veto.columns_not_updated", 5, True),  # 累计超过（含）5个
        ("site.veto.blank_columns", 4, False),
        ("site.veto.blank_columns", 5, True),
        ("site.veto.columns_long_stale", 9, False),
        ("site.veto.columns_long_stale", 10, True),
    ],
)
def test_counted_veto_items_fire_at_their_threshold(code, count, fires):
    card = compute_scorecard({code: count})
    assert (card.verdict == FAILED_VETO) is fires
    assert card.lines[0].fired is fires


def test_deductions_are_capped_per_indicator():
    # −1 per dead link on the home page, at most −5; −0.1 elsewhere, at most −5 (UNCONFIRMED).
    card = compute_scorecard({"site.dead_link_home": 12, "site.dead_link_other": 7})
    assert card.deduction_score == Decimal("94.3")
    lines = {line.code: line for line in card.lines}
    assert lines["site.dead_link_home"].points == Decimal(5)
    assert lines["site.dead_link_other"].points == Decimal("0.7")
    assert card.uses_unconfirmed


def test_below_60_fails_between_60_and_80_passes_without_bonus():
    heavy = {
        "site.column_stale": 3,  # −15
        "site.blank_column": 3,  # −15
        "site.dead_link_home": 5,  # −5
        "site.dead_link_other": 50,  # −5
        "site.text_problem": 5,  # −5
        "site.availability": 1,  # −5
    }
    card = compute_scorecard(heavy)
    assert card.deduction_score == Decimal(50)
    assert card.verdict == FAILED_SCORE
    middle = dict(heavy, **{"site.column_stale": 1, "site.blank_column": 1})  # −30
    card = compute_scorecard({**middle, "site.bonus.data_release": 2})
    assert card.deduction_score == Decimal(70)
    assert card.verdict == PASSED
    assert card.bonus == 0  # the bonus stage is only for scores above 80
    assert card.total == Decimal(70)


def test_bonus_stage_above_80_adds_capped_bonus():
    card = compute_scorecard({"site.dead_link_home": 2, "site.bonus.data_release": 5})
    assert card.deduction_score == Decimal(98)
    assert card.bonus == Decimal(10)  # capped at the indicator's 10
    assert card.total == Decimal(108)


def test_exactly_80_does_not_enter_the_bonus_stage():
    card = compute_scorecard(
        {"site.column_stale": 3, "site.dead_link_home": 5, "site.bonus.data_release": 1}
    )
    assert card.deduction_score == Decimal(80)
    assert card.verdict == PASSED


def test_without_services_scores_out_of_75_times_four_thirds():
    card = compute_scorecard(
        {"site.service_stats_stale": 1, "site.dead_link_home": 3}, without_services=True
    )
    assert card.deduction_score == Decimal(96)  # (75 − 3) × 4/3; 办事服务 not scored


def test_accounts_use_their_own_indicators():
    card = compute_scorecard({"account.veto.not_updated": 1}, subject_kind=ACCOUNT)
    assert card.verdict == FAILED_VETO
    # a site indicator means nothing for an account
    card = compute_scorecard({"site.veto.home_not_updated": 1}, subject_kind=ACCOUNT)
    assert card.verdict == PASSED_BONUS
    card = compute_scorecard({"account.update_late": 2}, subject_kind=ACCOUNT)
    assert card.deduction_score == Decimal(90)


def test_evidence_lists_count_themselves_and_travel_with_the_line():
    evidence = [{"url": "http://a/1"}, {"url": "http://a/2"}]
    card = compute_scorecard({"site.dead_link_home": evidence})
    assert card.lines[0].count == 2
    assert card.as_dict()["lines"][0]["evidence"] == evidence
    card = compute_scorecard(
        {"site.dead_link_home": IndicatorFinding(count=3, evidence=tuple(evidence))}
    )
    assert card.deduction_score == Decimal(97)


def test_overrides_change_values_and_can_disable():
    table = apply_overrides(
        scoring.DEFAULT_TABLE,
        {
            "site.dead_link_home": {"points": "2", "cap": "4", "confidence": scoring.CONFIRMED},
            "site.veto.blank_columns": {"threshold": 3},
            "site.text_problem": {"enabled": False},
            "unknown.code": {"points": 9},
        },
    )
    card = compute_scorecard({"site.dead_link_home": 3, "site.text_problem": 4}, table=table)
    assert card.deduction_score == Decimal(96)
    assert not card.uses_unconfirmed
    assert compute_scorecard({"site.veto.blank_columns": 3}, table=table).verdict == FAILED_VETO
    assert compute_scorecard({"site.veto.blank_columns": 3}).verdict != FAILED_VETO


def test_every_value_not_confirmed_by_rules_md_is_marked():
    by_code = scoring.DEFAULT_TABLE.by_code()
    # rules.md §4.4 confirms three deductions only.
    confirmed_deductions = {
        code
        for code, i in by_code.items()
        if i.kind == scoring.DEDUCTION and i.confidence == scoring.CONFIRMED
    }
    assert confirmed_deductions == {
        "site.policy_column_stale",
        "site.service_stats_stale",
        "site.reply_stale",
    }
    assert all(
        i.is_unconfirmed
        for i in by_code.values()
        if i.applies_to == ACCOUNT and i.kind != scoring.VETO
    )
    assert by_code["site.veto.service"].is_unconfirmed
    assert sum(p for _, p in list(scoring.GROUPS.values())[:4]) == 100


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        compute_scorecard({"site.dead_link_home": -1})
    with pytest.raises(ValueError):
        compute_scorecard({}, subject_kind="blog")
    with pytest.raises(TypeError):
        compute_scorecard({"site.dead_link_home": True})
    assert SITE == "site"
