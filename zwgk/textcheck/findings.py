"""The finding record every rule produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    BLOCK = (
        "block"  # personal data, secrecy marks: publication is blocked unless the head overrides
    )
    WARN = "warn"  # sensitive words, wrong expressions: the reviewer must look


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # pii.id_card, pii.mobile, pii.bank_card, secret.mark, sensitive.word, expression.*
    severity: Severity
    start: int  # character offsets into the checked text, end exclusive
    end: int
    excerpt: str  # the matched text, masked where it is personal data
    suggestion: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data
