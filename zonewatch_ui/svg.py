"""A small line chart of one indicator across years, drawn on the server as inline SVG.

No script and no external file: the page stays readable in any browser and costs nothing to load.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.compare.history import Indicator

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 240, 96, 22, 12, 18
SERIES = (("actual", "#1d4ed8", ""), ("target", "#c2410c", "4 3"))  # kind, colour, dash pattern


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def line_chart(series: dict[str, dict[int, float | None]], years: list[int], unit: str = "") -> str:
    """SVG of value by year for each kind ("actual", "target"); None values leave a gap.

    series: kind → {year: value}; years: the x axis (ascending). Returns "" when there is nothing
    to draw (fewer than one number).
    """
    points = [v for values in series.values() for v in values.values() if v is not None]
    if not points or not years:
        return ""
    # A sparkline: the axis spans the values (not from zero), so a 7.2 → 7.6 move is visible; the
    # lowest and highest values are written on the chart so the scale is never hidden.
    low, high = min(points), max(points)
    span = (high - low) or max(abs(high), 1.0)
    step = (WIDTH - 2 * PAD_X) / max(1, len(years) - 1)

    def x(year: int) -> float:
        return PAD_X + (years.index(year) * step if len(years) > 1 else (WIDTH - 2 * PAD_X) / 2)

    def y(value: float) -> float:
        return PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * (1 - (value - low) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(unit)}">',
        f'<line x1="{PAD_X}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - PAD_X}" y2="{HEIGHT - PAD_BOTTOM}" stroke="#d1d5db"/>',
    ]
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - 4}" font-size="10" text-anchor="middle" fill="#6b7280">{year}</text>'
        )
    for kind, colour, dash in SERIES:
        values = series.get(kind, {})
        known = [(year, v) for year, v in sorted(values.items()) if v is not None and year in years]
        if not known:
            continue
        path = " ".join(f"{x(year):.1f},{y(v):.1f}" for year, v in known)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"{dash_attr}/>'
        )
        for year, v in known:
            parts.append(
                f'<circle cx="{x(year):.1f}" cy="{y(v):.1f}" r="2.6" fill="{colour}">'
                f"<title>{year}：{_number(v)}{escape(unit)}</title></circle>"
            )
    scale = _number(high) if low == high else f"{_number(low)}–{_number(high)}"
    parts.append(f'<text x="2" y="{PAD_TOP - 2}" font-size="9" fill="#9ca3af">{scale}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def indicator_chart(indicator: Indicator) -> str:
    """The chart of one indicator of the zone page (monitor.compare.history.Indicator)."""
    series = {
        kind: {year: p.value for year, p in indicator.by_year(kind).items()} for kind in ("actual", "target")
    }
    return line_chart(series, indicator.years, indicator.unit)
