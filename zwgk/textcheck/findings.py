"""The finding record every rule produces."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple


class Severity(StrEnum):
    BLOCK = (
        "block"  # personal data, secrecy marks: publication is blocked unless the head overrides
    )
    WARN = "warn"  # sensitive words, wrong expressions: the reviewer must look


class Finding(NamedTuple):
    """One finding: immutable, hashable, compared by value.

    A NamedTuple rather than a dataclass so that the checker can build the findings of a large
    dictionary's thousands of matches without a Python call per match (`tuple.__new__` mapped
    over the matches runs in C; bench/textcheck_bench.py).
    """

    rule: str  # pii.id_card, pii.mobile, pii.bank_card, secret.mark, sensitive.word, expression.*
    severity: Severity
    start: int  # character offsets into the checked text, end exclusive
    end: int
    excerpt: str  # the matched text, masked where it is personal data
    suggestion: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["severity"] = str(self.severity)
        return data
