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
# Blanks inside a mark: spaces (ASCII, ideographic) and at most one line break, as text
# extracted from a PDF or DOCX may put one in. A mark never spans an empty line.
_GAP = r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)?"
_LEVEL = "(?:绝密|机密|秘密)"
_PATTERNS = [
    # 机密★1年 / 秘密★ / 绝密★长期 / 机密★6个月 (GB/T 9704 and the 保密法实施条例 mark form)
    re.compile(rf"{_LEVEL}{_GAP}★(?:{_GAP}(?:\d+{_GAP}(?:年|个月)|长期))?"),
    re.compile(rf"★{_GAP}{_LEVEL}"),
    # 密级：秘密 / 密级:机密
    re.compile(rf"密{_GAP}级{_GAP}[:：]?{_GAP}{_LEVEL}"),
    # a line that is only the level word (optionally with blanks)
    re.compile(rf"(?m)^[ \t\u3000\ufeff]*{_LEVEL}[ \t\u3000\r]*$"),
]
# Where a mark can be: every match of a pattern above holds a ★, a 密级, or a 密 just before
# the end of a line. Each is a regex with a literal first character, which `re` finds with a
# fast skip loop in C (about 2 ms per 10 MB), so the words 国家秘密 or 保密 in running text
# cost nothing more. The patterns then run only over the lines around these places: a match
# holding a candidate on line L lies within lines L-1 … L+3 (at most one line break per gap),
# so the result is exactly that of running them over the whole text.
_CANDIDATES = (
    re.compile(r"★"),
    re.compile(rf"密{_GAP}级"),
    re.compile(r"密[ \t\u3000\r]*(?:\n|\Z)"),
)
_LINES_BEFORE = 1
_LINES_AFTER = 3


def _regions(text: str) -> list[tuple[int, int]]:
    """Whole lines around each candidate, overlapping or adjacent regions merged. Whole lines,
    so that `^`/`$` mean the same within a region as in the whole text."""
    positions = sorted(m.start() for pattern in _CANDIDATES for m in pattern.finditer(text))
    regions: list[tuple[int, int]] = []
    for pos in positions:
        start = text.rfind("\n", 0, pos) + 1  # the candidate's line …
        for _ in range(_LINES_BEFORE):  # … and the lines before it
            if start > 0:
                start = text.rfind("\n", 0, start - 1) + 1
        end = text.find("\n", pos)
        for _ in range(_LINES_AFTER):
            if end != -1:
                end = text.find("\n", end + 1)
        end = len(text) if end == -1 else end
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
    return regions


def find_secrecy_marks(text: str) -> Iterator[Finding]:
    spans = [
        match.span()
        for start, end in _regions(text)
        for pattern in _PATTERNS
        for match in pattern.finditer(text, start, end)
    ]
    return marks_from_spans(text, spans)


def marks_from_spans(text: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """One finding per mark: overlapping pattern matches merged, surrounding blanks trimmed."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):  # 密级：机密★1年 is one mark, found by two patterns
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        excerpt = text[start:end]
        stripped = excerpt.strip(" \t\r\n\u3000\ufeff")
        offset = excerpt.index(stripped) if stripped else 0
        yield Finding(
            "secret.mark",
            Severity.BLOCK,
            start + offset,
            start + offset + len(stripped),
            stripped,
        )
