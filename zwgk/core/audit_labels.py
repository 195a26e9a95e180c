"""Labels for audit action codes, resolved when displayed (codes are stored, labels never are).

Each app registers the labels of the codes it records, either from its AppConfig.ready() or
in a module `<app>/audit_actions.py`, which core imports at start-up (autodiscovery, as the
admin finds admin.py; core itself imports no domain app):

    audit_labels.register({"orgs.unit.created": _("Unit created"), ...})

A code without a label is shown as the code itself, so an old row never disappears from view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.module_loading import autodiscover_modules

_labels: dict[str, Any] = {}


def autodiscover() -> None:
    """Import every installed app's `audit_actions` module, if it has one."""
    autodiscover_modules("audit_actions")


def register(labels: Mapping[str, Any]) -> None:
    """Add labels (lazy translations) for action codes; a later registration of a code wins."""
    _labels.update(labels)


def label_for(code: str) -> str:
    label = _labels.get(code)
    return str(label) if label is not None else code


def registered_codes() -> list[str]:
    return sorted(_labels)


def prefixes(codes: Iterable[str]) -> list[str]:
    """Every proper dotted prefix of the codes, with its trailing dot: "orgs.", "orgs.unit." …"""
    found: set[str] = set()
    for code in codes:
        parts = code.split(".")
        for end in range(1, len(parts)):
            found.add(".".join(parts[:end]) + ".")
    return sorted(found)
