"""A checked text cut into segments for display, each with the findings that cover it.

Pure Python: the interface (zwgk/contentcheck) turns segments into escaped HTML. Personal data
never reappears here: a segment covering a `pii.*` finding shows that finding's masked excerpt
instead of the characters of the text, and the segment is never cut inside such a finding
(another finding overlapping it is attached to the whole masked segment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from .findings import Finding, Severity

MASKED_RULE_PREFIX = "pii."


def is_masked(finding: Finding) -> bool:
    """Findings whose matched characters must not be shown (personal data)."""
    return finding.rule.startswith(MASKED_RULE_PREFIX)


@dataclass(frozen=True, slots=True)
class Segment:
    """Characters `start`…`end` of the text; `text` is what to show (masked for personal data)."""

    text: str
    start: int
    end: int
    findings: tuple[Finding, ...] = ()
    masked: bool = False

    @property
    def is_marked(self) -> bool:
        return bool(self.findings)

    @property
    def is_blocking(self) -> bool:
        return any(f.severity is Severity.BLOCK for f in self.findings)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule for f in self.findings))


def _masked_regions(findings: list[Finding]) -> list[tuple[int, int, str]]:
    """Spans of personal data, overlapping ones merged, with the text to show for each."""
    regions: list[tuple[int, int, str]] = []
    for f in sorted((f for f in findings if is_masked(f)), key=lambda f: (f.start, f.end)):
        if regions and f.start < regions[-1][1]:
            start, end, _ = regions[-1]
            end = max(end, f.end)
            regions[-1] = (start, end, "*" * (end - start))  # two overlapping numbers: hide all
        else:
            regions.append((f.start, f.end, f.excerpt))
    return regions


def highlight(text: str, findings: Iterable[Finding]) -> list[Segment]:
    """Cut `text` at every finding's start and end; unmarked stretches have no findings.

    Findings outside the text or empty are ignored. Concatenating the segments' `text` gives the
    original text with each piece of personal data replaced by its masked excerpt.
    """
    usable = [f for f in findings if 0 <= f.start < f.end <= len(text)]
    if not usable:
        return [Segment(text, 0, len(text))] if text else []
    regions = _masked_regions(usable)
    inside: set[int] = set()
    shown: dict[int, str] = {}
    for start, end, excerpt in regions:
        inside.update(range(start + 1, end))
        shown[start] = excerpt
    points = sorted(
        {0, len(text)} | {p for f in usable for p in (f.start, f.end) if p not in inside}
    )
    by_start = sorted(usable, key=lambda f: (f.start, f.end, f.rule))
    segments: list[Segment] = []
    active: list[Finding] = []
    next_index = 0
    for a, b in pairwise(points):
        active = [f for f in active if f.end > a]
        while next_index < len(by_start) and by_start[next_index].start < b:
            candidate = by_start[next_index]
            if candidate.end > a:
                active.append(candidate)
            next_index += 1
        covering = tuple(sorted(active, key=lambda f: (f.start, f.end, f.rule)))
        if a in shown:
            segments.append(Segment(shown[a], a, b, covering, masked=True))
        elif segments and not segments[-1].masked and segments[-1].findings == covering:
            last = segments[-1]
            segments[-1] = Segment(last.text + text[a:b], last.start, b, covering)
        else:
            segments.append(Segment(text[a:b], a, b, covering))
    return segments
