"""Audit coverage (issue 5 item 4, security.md L3-CES1-12 / T08): every required kind of event
has at least one action code that the code base records and that has a display label.

"Recorded" means the code appears in application code outside tests and outside the label
registrations (apps.py / audit_actions.py): as a string literal (an audit.record call site or
the constant one uses), or built in a module as f"<prefix>{verb}" where that module also holds
the literal verb (documents and disclosure_requests compose their codes so). The figure is K/K
required event types covered.
"""

import ast
import re
from pathlib import Path

from zwgk.core import audit_labels

ROOT = Path(__file__).resolve().parents[2]  # zwgk/

# Required kind of event → a pattern its action codes match (security.md §2.3 and issue 5 item 4).
REQUIRED = {
    "login succeeded": r"^auth\.login\.succeeded$",
    "login failed": r"^auth\.login\.failed$",
    "lockout": r"^auth\.lockout$",
    "logout": r"^auth\.logout$",
    "password change": r"^auth\.password\.",
    "second-factor change": r"^auth\.otp\.(enrolled|reset|removed)",
    "role change": r"^orgs\.(membership|user\.duty_|user\.[a-z_]*admin)",
    "full personal-data value viewed": r"personal_data_viewed$",
    "export": r"\.exported$",
    "state change": r"^(documents\.document\.(submitted|returned|withdrawn)|"
    r"disclosure_requests\.request\.(replied|extended|transferred))$",
    "approval": r"\.approved$",
    "publication": r"\.published$",
}


def _recorded_codes() -> set[str]:
    """String literals shaped like action codes in application modules (not tests, not labels)."""
    found: set[str] = set()
    code_shape = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name in {"apps.py", "audit_actions.py", "audit_labels.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals: set[str] = set()
        prefixes: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and str(first.value).endswith("."):
                    prefixes.add(str(first.value))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
        found |= {value for value in literals if code_shape.fullmatch(value)}
        found |= {
            prefix + verb
            for prefix in prefixes
            if code_shape.fullmatch(prefix[:-1])
            for verb in literals
            if re.fullmatch(r"[a-z][a-z0-9_]*", verb)
        }
    return found


def coverage() -> dict[str, list[str]]:
    """Each required kind → its codes that are both recorded and labelled."""
    labelled = set(audit_labels.registered_codes())
    usable = _recorded_codes() & labelled
    return {
        kind: sorted(code for code in usable if re.search(pattern, code))
        for kind, pattern in REQUIRED.items()
    }


def test_every_required_event_type_is_recorded_and_labelled():
    found = coverage()
    missing = [kind for kind, codes in found.items() if not codes]
    covered = len(REQUIRED) - len(missing)
    print(f"audit event types covered: {covered}/{len(REQUIRED)}")
    assert missing == []


def test_labels_are_real_translations_not_the_code():
    for codes in coverage().values():
        for code in codes:
            assert audit_labels.label_for(code) != code
