"""Server-side SVG bar charts (no script, no external resource; strict CSP friendly). Each
chart is drawn from a table of dashboard.tables() and shown next to that table.

Pure: no Django, no database.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 150
BAR_WIDTH = 360
VALUE_WIDTH = 60


def bar_chart(table: dict[str, Any], *, skip_last_row: bool = True) -> str:
    """Horizontal bars of the table's `chart` column, one per row (the 合计 row left out)."""
    column = table["chart"]
    rows = table["rows"][:-1] if skip_last_row and len(table["rows"]) > 1 else table["rows"]
    values = [(str(row[0]), _number(row[column])) for row in rows]
    top = max((v for _l, v in values), default=0) or 1
    height = max(len(values), 1) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    title = f"{table['title']}：{table['header'][column]}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="chart-{table["key"]}">',
        f'<title id="chart-{table["key"]}">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(values):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * value / top, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" '
            f'font-size="12">{escape(label[:12])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="#2f6db5"></rect>'
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 5}" '
            f'font-size="12">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = str(value).rstrip("%")
    try:
        return float(text)
    except ValueError:
        return 0.0
