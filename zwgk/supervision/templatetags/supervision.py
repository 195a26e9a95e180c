"""Template filters of supervision."""

from __future__ import annotations

from typing import Any

from django import template

from .. import render, statute

register = template.Library()

DECISIONS = {
    "license": statute.T2_LICENSE,
    "penalty": statute.T2_PENALTY,
    "coercion": statute.T2_COERCION,
}
SOURCES = {"entered": "单位填报", "enforcement": "行政执法公示系统", "missing": "未填报"}


@register.filter
def paragraphs(text: str) -> list[str]:
    return render.paragraphs(text or "")


@register.filter
def grid_rows(grid: Any) -> list[list[Any]]:
    return render.html_rows(grid)


@register.filter
def decision_label(key: str) -> str:
    return DECISIONS.get(key, key)


@register.filter
def source_label(key: str) -> str:
    return SOURCES.get(key, key)


@register.filter
def get_item_label(mapping: dict, key: str) -> str:
    return mapping.get(key, key)


@register.filter
def units(rows: list) -> list:
    """The units of dashboard rows (for the drill-down links of a table)."""
    return [row.unit for row in rows]


@register.filter
def index(items: list, i: int) -> Any:
    return items[i]


@register.filter
def attr_title(table: Any) -> str:
    return getattr(table, "title", str(table))
