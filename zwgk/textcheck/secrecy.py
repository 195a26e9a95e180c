"""密级 marks (国家秘密 classification marks) that must never reach a public page.

Flagged: `机密★1年`, `秘密★`, `绝密★长期`, `★机密`, `密级：秘密`, and a line that holds nothing
but a classification word (the top-left mark of a classified document). Not flagged: the words
国家秘密, 商业秘密 or 保守秘密 in running text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, Severity

LEVELS = ("绝密", "机密", "秘密")
_PATTERNS = [
    # 机密★1年 / 秘密★ / 绝密★长期 / 机密★6个月 (GB/T 9704 and the 保密法实施条例 mark form)
    re.compile(r"(绝密|机密|秘密)\s*★\s*(?:\d+\s*(?:年|个月)|长期)?"),
    re.compile(r"★\s*(绝密|机密|秘密)"),
    # 密级：秘密 / 密级:机密
    re.compile(r"密\s*级\s*[:：]?\s*(绝密|机密|秘密)"),
    # a line that is only the level word (optionally with spaces)
    re.compile(r"(?m)^[ \t\u3000]*(绝密|机密|秘密)[ \t\u3000]*$"),
]
# The trigger characters every pattern needs; text without them is skipped quickly.
TRIGGERS = ("绝密", "机密", "秘密", "密级", "密 级")


def find_secrecy_marks(text: str) -> Iterator[Finding]:
    if not any(trigger in text for trigger in TRIGGERS):
        return
    spans = sorted(match.span() for pattern in _PATTERNS for match in pattern.finditer(text))
    merged: list[list[int]] = []
    for start, end in spans:  # 密级：机密★1年 is one mark, found by two patterns
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        excerpt = text[start:end]
        stripped = excerpt.strip(" \t\u3000")
        offset = excerpt.index(stripped) if stripped else 0
        yield Finding(
            "secret.mark",
            Severity.BLOCK,
            start + offset,
            start + offset + len(stripped),
            stripped,
        )
