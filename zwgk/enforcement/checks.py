"""What stops a decision from going public: personal data left in the text the public sees.

The public text is the decision number, the party as shown publicly (a natural person's name
masked), the summary and the legal basis. It is checked with the district's checker
(zwgk.contentcheck: identity, mobile and bank-card numbers, secrecy marks, sensitive words);
a natural person's full name written out anywhere in it is a finding too (rule
`pii.person_name`). Blocking findings refuse publication; the page shows them with the
contentcheck findings panel.
"""

from __future__ import annotations

from zwgk.contentcheck.selectors import get_checker
from zwgk.textcheck import Finding, Severity

from .masking import mask_person_name
from .models import Decision


def public_text(decision: Decision) -> str:
    parts = [decision.number, decision.public_party_name, decision.summary, decision.basis]
    return "\n".join(part for part in parts if part)


def _name_findings(decision: Decision, text: str) -> list[Finding]:
    name = "".join(decision.party_name.split())
    if not decision.is_natural_person or len(name) < 2:
        return []
    found = []
    start = text.find(name)
    while start != -1:
        found.append(
            Finding(
                "pii.person_name",
                Severity.BLOCK,
                start,
                start + len(name),
                mask_person_name(name),
                note="自然人当事人姓名须隐去，公开时仅显示姓氏",
            )
        )
        start = text.find(name, start + len(name))
    return found


def findings(decision: Decision) -> tuple[str, list[Finding]]:
    """The public text and its findings, in reading order."""
    text = public_text(decision)
    found = list(get_checker().check(text)) + _name_findings(decision, text)
    return text, sorted(found, key=lambda f: (f.start, f.end, f.rule))


def blocking(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity is Severity.BLOCK]
