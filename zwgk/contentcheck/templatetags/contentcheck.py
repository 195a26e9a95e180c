"""`{% findings_panel text findings %}`: the highlighted text and the findings table.

    {% load contentcheck %}
    {% findings_panel document.body findings id_prefix="body" %}
    {% findings_panel attachment.extracted_text findings id_prefix="att-3" show_text=False %}

`findings` are textcheck Findings (or documents' SourcedFinding) of checking exactly `text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from ..presentation import findings_panel as build_panel

register = template.Library()


@register.inclusion_tag("contentcheck/findings.html")
def findings_panel(
    text: str, findings: Iterable[Any], id_prefix: str = "check", show_text: bool = True
) -> dict[str, Any]:
    return {
        "panel": build_panel(text or "", findings or (), id_prefix=id_prefix, show_text=show_text)
    }
