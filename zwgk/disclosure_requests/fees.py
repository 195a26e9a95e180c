"""Information-processing fees (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号;
rules.md §2).

Pure functions: the amount is computed from the method and the counts, never typed.

- Art. 3: 按件计收 or 按量计收, both by marginal brackets (超额累进); one method per application,
  never both ("不得同时按照两种标准重复计算").
- Art. 4, 按件 (per applicant, per calendar month, counting every item the applicant applied for
  that month; one application may count as several items under "一事一申请"):
  items 1–10 free; 11–30: 100 元/件; from 31 "以10件为一档，每增加一档，收费标准提高100元/件":
  31–40 → 200, 41–50 → 300, … (that reading of the bracket boundary is rules.md's
  [interpretation]).
- Art. 5, 按量 (per application, paper copies, e-mail or copied data): pages 1–30 free; 31–100:
  10 元/页; 101–200: 20 元/页; from 201: 40 元/页. How pages are counted is [UNCONFIRMED]: the
  clerk enters the number of pages (A4 single-sided equivalents).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PER_ITEM = "per_item"
PER_VOLUME = "per_volume"
MAX_COUNT = 100_000


class FeeInputError(ValueError):
    """A count that cannot be charged (negative, zero items/pages, absurdly large)."""


@dataclass(frozen=True)
class Bracket:
    first: int
    last: int | None  # None: open-ended
    rate: int  # yuan per item or page

    def label(self, unit: str) -> str:
        end = f"{self.last}{unit}" if self.last is not None else "以上"
        if self.last is None:
            return f"第{self.first}{unit}{end}"
        return f"第{self.first}—{end}"


@dataclass(frozen=True)
class FeeLine:
    bracket: Bracket
    count: int
    subtotal: Decimal


@dataclass(frozen=True)
class FeeQuote:
    method: str
    amount: Decimal
    lines: tuple[FeeLine, ...]
    explanation: str

    @property
    def is_free(self) -> bool:
        return self.amount == 0


VOLUME_BRACKETS = (
    Bracket(1, 30, 0),
    Bracket(31, 100, 10),
    Bracket(101, 200, 20),
    Bracket(201, None, 40),
)


def per_item_rate(k: int) -> int:
    """The fee in yuan of the k-th item an applicant applied for in one calendar month."""
    if k < 1:
        raise FeeInputError("件次从 1 开始计算。")
    if k <= 10:
        return 0
    if k <= 30:
        return 100
    return 100 * (2 + (k - 31) // 10)


def _item_bracket(k: int) -> Bracket:
    if k <= 10:
        return Bracket(1, 10, 0)
    if k <= 30:
        return Bracket(11, 30, 100)
    first = 31 + (k - 31) // 10 * 10
    return Bracket(first, first + 9, per_item_rate(k))


def _check(value: int, what: str, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise FeeInputError(f"{what}必须是整数。")
    if value < minimum or value > MAX_COUNT:
        raise FeeInputError(f"{what}应在 {minimum} 到 {MAX_COUNT} 之间。")


def per_item_fee(*, earlier_items: int, items: int) -> FeeQuote:
    """按件计收 for an application counted as `items` items, after `earlier_items` items the same
    applicant already applied for in the same calendar month (办法 art. 4)."""
    _check(earlier_items, "本月此前已申请件数", 0)
    _check(items, "本申请计件数", 1)
    by_bracket: dict[Bracket, int] = {}
    for k in range(earlier_items + 1, earlier_items + items + 1):
        bracket = _item_bracket(k)
        by_bracket[bracket] = by_bracket.get(bracket, 0) + 1
    lines = tuple(
        FeeLine(bracket, count, Decimal(bracket.rate * count))
        for bracket, count in sorted(by_bracket.items(), key=lambda pair: pair[0].first)
    )
    amount = sum((line.subtotal for line in lines), Decimal(0))
    parts = "；".join(
        f"{line.bracket.label('件')}{line.count}件×{line.bracket.rate}元" for line in lines
    )
    explanation = (
        f"按件计收：申请人本自然月此前已申请{earlier_items}件，本申请计{items}件"
        f"（第{earlier_items + 1}—{earlier_items + items}件）。{parts}。合计{amount}元。"
    )
    return FeeQuote(PER_ITEM, amount, lines, explanation)


def per_volume_fee(*, pages: int) -> FeeQuote:
    """按量计收 for one application of `pages` pages (办法 art. 5)."""
    _check(pages, "页数", 1)
    lines: list[FeeLine] = []
    for bracket in VOLUME_BRACKETS:
        last = pages if bracket.last is None else min(pages, bracket.last)
        count = max(0, last - bracket.first + 1)
        if count:
            lines.append(FeeLine(bracket, count, Decimal(bracket.rate * count)))
    amount = sum((line.subtotal for line in lines), Decimal(0))
    parts = "；".join(
        f"{line.bracket.label('页')}{line.count}页×{line.bracket.rate}元" for line in lines
    )
    explanation = f"按量计收：共{pages}页。{parts}。合计{amount}元。"
    return FeeQuote(PER_VOLUME, amount, tuple(lines), explanation)


def quote(*, method: str, earlier_items: int = 0, items: int = 0, pages: int = 0) -> FeeQuote:
    """One method only (办法 art. 3): the other method's count must be zero."""
    if method == PER_ITEM:
        if pages:
            raise FeeInputError("按件计收时不得同时按页数计费（办法第三条）。")
        return per_item_fee(earlier_items=earlier_items, items=items)
    if method == PER_VOLUME:
        if items or earlier_items:
            raise FeeInputError("按量计收时不得同时按件数计费（办法第三条）。")
        return per_volume_fee(pages=pages)
    raise FeeInputError("请选择按件计收或按量计收。")
