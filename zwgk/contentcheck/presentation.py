"""Findings as a person sees them: rule labels, severities, the highlighted text and the table.

`findings_panel(text, findings)` builds what the partial template contentcheck/findings.html
shows; any page includes it with `{% load contentcheck %}{% findings_panel text findings %}`
(or builds the panel in its view and `{% include "contentcheck/findings.html" %}` with
`panel`). The text is cut by `zwgk.textcheck.highlight`, so personal data is shown masked;
everything is escaped by the template (no `|safe` anywhere).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from zwgk.textcheck import Finding, Severity, highlight

RULE_LABELS: dict[str, Any] = {
    "pii.id_card": _("Citizen ID number"),
    "pii.mobile": _("Mobile phone number"),
    "pii.bank_card": _("Bank card number"),
    "secret.mark": _("Secrecy mark"),
    "sensitive.word": _("Sensitive word"),
    "expression.wrong_form": _("Wrong expression"),
    "expression.leader_title": _("Wrong title for a leader"),
}
FAMILY_LABELS: dict[str, Any] = {
    "pii.": _("Personal data"),
    "secret.": _("Secrecy mark"),
    "sensitive.": _("Sensitive word"),
    "expression.": _("Expression"),
}
SEVERITY_LABELS: dict[str, Any] = {
    Severity.BLOCK: _("Blocks publication"),
    Severity.WARN: _("To be checked"),
}


def rule_label(rule: str) -> str:
    """The label of a rule code; an unknown code of a known family gets the family's label."""
    label = RULE_LABELS.get(rule)
    if label is None:
        label = next((v for k, v in FAMILY_LABELS.items() if rule.startswith(k)), rule)
    return str(label)


def _unwrap(item: Any) -> tuple[Finding, str]:
    """A Finding, or a wrapper with `.finding` and `.source` (documents' SourcedFinding)."""
    if isinstance(item, Finding):
        return item, ""
    return item.finding, str(getattr(item, "source", "") or "")


@dataclass(frozen=True)
class FindingRow:
    number: int
    rule: str
    label: str
    severity: str
    severity_label: str
    excerpt: str  # masked for personal data
    suggestion: str
    note: str
    line: int
    source: str

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCK

    @property
    def title(self) -> str:
        """One line for the mark's title attribute: label, code, and what to do."""
        parts = [f"{self.label}（{self.rule}）"]
        if self.suggestion:
            parts.append(str(_("suggested: %(text)s") % {"text": self.suggestion}))
        if self.note:
            parts.append(self.note)
        return "；".join(parts)


@dataclass(frozen=True)
class SegmentView:
    text: str
    rows: tuple[FindingRow, ...]  # the findings covering this piece of text
    ending: tuple[FindingRow, ...]  # those that end here: their reference number goes after it
    masked: bool

    @property
    def is_marked(self) -> bool:
        return bool(self.rows)

    @property
    def css_class(self) -> str:
        return "finding-block" if any(r.is_blocking for r in self.rows) else "finding-warn"

    @property
    def title(self) -> str:
        return " | ".join(row.title for row in self.rows)

    @property
    def rules(self) -> str:
        return " ".join(dict.fromkeys(row.rule for row in self.rows))


@dataclass(frozen=True)
class FindingsPanel:
    id_prefix: str
    segments: tuple[SegmentView, ...]
    rows: tuple[FindingRow, ...]
    show_text: bool = True

    @property
    def blocking_count(self) -> int:
        return sum(1 for row in self.rows if row.is_blocking)

    @property
    def warning_count(self) -> int:
        return len(self.rows) - self.blocking_count


def findings_panel(
    text: str, findings: Iterable[Any], *, id_prefix: str = "check", show_text: bool = True
) -> FindingsPanel:
    """The panel for `text` and the findings of checking it (Finding or SourcedFinding).

    `id_prefix` keeps anchors unique when a page shows several panels (body, attachments).
    Findings from another source than the text (an attachment's) are listed in the table but
    not highlighted in this text.
    """
    unwrapped = [_unwrap(item) for item in findings]
    unwrapped.sort(key=lambda pair: (pair[1], pair[0].start, pair[0].end, pair[0].rule))
    rows: list[FindingRow] = []
    number_of: dict[int, FindingRow] = {}
    line, counted_to = 1, 0  # line numbers counted incrementally: findings are in text order
    for number, (finding, source) in enumerate(unwrapped, start=1):
        if not source and finding.start > counted_to:
            line += text.count("\n", counted_to, finding.start)
            counted_to = finding.start
        row = FindingRow(
            number=number,
            rule=finding.rule,
            label=rule_label(finding.rule),
            severity=str(finding.severity),
            severity_label=str(SEVERITY_LABELS.get(finding.severity, finding.severity)),
            excerpt=finding.excerpt,
            suggestion=finding.suggestion,
            note=finding.note,
            line=line if not source else 0,
            source=source,
        )
        rows.append(row)
        if not source:
            number_of[id(finding)] = row
    segments: tuple[SegmentView, ...] = ()
    if show_text:
        own = [finding for finding, source in unwrapped if not source]
        segments = tuple(
            SegmentView(
                text=segment.text,
                rows=tuple(number_of[id(f)] for f in segment.findings),
                ending=tuple(number_of[id(f)] for f in segment.findings if f.end <= segment.end),
                masked=segment.masked,
            )
            for segment in highlight(text, own)
        )
    return FindingsPanel(
        id_prefix=id_prefix, segments=segments, rows=tuple(rows), show_text=show_text
    )
