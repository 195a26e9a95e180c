"""Masking of a natural person's name for the public (pure functions, no Django).

The identity number is never published at all; the name keeps its surname only (张* / 欧阳**),
a common practice of 行政处罚 公示 that lets a person recognise a decision without exposing them.
"""

from __future__ import annotations

# Two-character surnames (复姓) that are common enough to keep whole.
# fmt: off
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
    "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木",
))
# fmt: on


def mask_person_name(name: str) -> str:
    name = "".join(name.split())
    if not name:
        return ""
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:keep] + "*" * max(1, len(name) - keep)
