"""Fees (fees.py) per 国办函〔2020〕109号 arts. 3–5, rules.md §2, table-driven."""

from decimal import Decimal

import pytest

from zwgk.disclosure_requests import fees


@pytest.mark.parametrize(
    ("k", "rate"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_item_rate_by_position_in_the_month(k, rate):
    assert fees.per_item_rate(k) == rate


@pytest.mark.parametrize(
    ("earlier", "items", "amount"),
    [
        (0, 1, 0),  # the first application of the month
        (9, 1, 0),  # the 10th item is still free
        (10, 1, 100),  # the 11th costs 100
        (0, 12, 200),  # items 1–12: two chargeable
        (25, 10, 5 * 100 + 5 * 200),  # items 26–35 straddle the 30/31 boundary
        (29, 13, 100 + 10 * 200 + 2 * 300),  # items 30–42
    ],
)
def test_per_item_fee_is_marginal(earlier, items, amount):
    quote = fees.per_item_fee(earlier_items=earlier, items=items)
    assert quote.amount == Decimal(amount)
    assert sum(line.count for line in quote.lines) == items


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 700 + 2000),
        (201, 2700 + 40),
        (250, 2700 + 50 * 40),
    ],
)
def test_per_volume_fee_is_marginal(pages, amount):
    assert fees.per_volume_fee(pages=pages).amount == Decimal(amount)


def test_explanation_shows_the_brackets():
    quote = fees.per_volume_fee(pages=120)
    assert "第31—100页70页×10元" in quote.explanation
    assert "第101—200页20页×20元" in quote.explanation
    assert quote.explanation.endswith("合计1100元。")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "per_item", "items": 3, "pages": 40},  # never both (art. 3)
        {"method": "per_volume", "pages": 40, "items": 1},
        {"method": "per_item", "items": 0},
        {"method": "per_volume", "pages": -1},
        {"method": "per_item", "items": 1, "earlier_items": -2},
        {"method": "by_weight", "items": 1},
    ],
)
def test_refused_inputs(kwargs):
    with pytest.raises(fees.FeeInputError):
        fees.quote(**kwargs)
