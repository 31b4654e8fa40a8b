"""Charts drawn on the server as inline SVG: an indicator across years (lines) and one indicator
across zones (bars). No script and no external file: the page stays readable in any browser.

Every chart has a value axis with ticks and its unit written on it, so no scale is hidden.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.compare.history import Indicator

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 260, 110, 46, 12, 18, 18
SERIES = (("actual", "#1d4ed8", ""), ("target", "#c2410c", "4 3"))  # kind, colour, dash pattern
AXIS, GRID, LABEL = "#9ca3af", "#eef0f3", "#6b7280"


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def _ticks(low: float, high: float, count: int = 3) -> list[float]:
    if low == high:
        return [low]
    step = (high - low) / (count - 1)
    return [low + step * i for i in range(count)]


def _nice_ticks(high: float, count: int = 5) -> list[float]:
    """Ticks from 0 to at least `high` at a round step (1, 2, 2.5 or 5 × 10ⁿ)."""
    import math

    raw = high / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(high / step - 1e-9) + 1)]


def line_chart(series: dict[str, dict[int, float | None]], years: list[int], unit: str = "") -> str:
    """SVG of value by year for each kind ("actual", "target"); None values leave a gap.

    series: kind → {year: value}; years: the x axis (ascending); unit: written on the y axis.
    Returns "" when there is nothing to draw. The y axis spans the values (not from zero), so a
    7.2 → 7.6 move is visible; its ticks say where it starts.
    """
    points = [v for values in series.values() for v in values.values() if v is not None]
    if not points or not years:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or max(abs(high), 1.0)
    if low == high:  # one level: centre it on an axis from a little below to a little above
        low, high = low - span / 2, high + span / 2
        span = high - low
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    step = plot_w / max(1, len(years) - 1)
    bottom = HEIGHT - PAD_BOTTOM

    def x(year: int) -> float:
        return PAD_LEFT + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return PAD_TOP + (bottom - PAD_TOP) * (1 - (value - low) / span)

    label = escape(unit) if unit else "数值"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{label}">',
        f'<text class="unit" x="2" y="10" font-size="9" fill="{LABEL}">单位：{label}</text>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP - 4}" x2="{PAD_LEFT}" y2="{bottom}" stroke="{AXIS}"/>',
        f'<line x1="{PAD_LEFT}" y1="{bottom}" x2="{WIDTH - PAD_RIGHT}" y2="{bottom}" stroke="{AXIS}"/>',
    ]
    for tick in _ticks(low, high):
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
            f'<text class="tick" x="{PAD_LEFT - 3}" y="{y(tick) + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="{LABEL}">{_number(round(tick, 4))}</text>'
        )
    for year in years:
        parts.append(
            f'<text class="year" x="{x(year):.1f}" y="{HEIGHT - 4}" font-size="10" text-anchor="middle" '
            f'fill="{LABEL}">{year}</text>'
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
    parts.append("</svg>")
    return "".join(parts)


def indicator_chart(indicator: Indicator) -> str:
    """The chart of one indicator of the zone page (monitor.compare.history.Indicator)."""
    series = {
        kind: {year: p.value for year, p in indicator.by_year(kind).items()} for kind in ("actual", "target")
    }
    return line_chart(series, indicator.years, indicator.unit)


BAR_ROW, BAR_LEFT, BAR_RIGHT, BAR_TOP, BAR_BOTTOM, BAR_WIDTH = 22, 118, 56, 22, 26, 640


def bar_chart(bars: list[tuple[str, float, str]], unit: str) -> str:
    """Horizontal bars, one per zone (labelled), on a value axis from zero with ticks and `unit`.

    bars: (zone, value, kind) with kind "目标" or "实际" (actuals are drawn lighter). Returns "" when
    there is nothing to draw. The SVG scales to the page's width (viewBox), so it reads at 390 px.
    """
    if not bars:
        return ""
    low = min(0.0, min(v for _, v, _ in bars))
    ticks = _nice_ticks(max(0.0, max(v for _, v, _ in bars)) or 1.0)
    high = ticks[-1]
    height = BAR_TOP + BAR_ROW * len(bars) + BAR_BOTTOM
    plot_w = BAR_WIDTH - BAR_LEFT - BAR_RIGHT

    def x(value: float) -> float:
        return BAR_LEFT + plot_w * (value - low) / (high - low)

    label = escape(unit) if unit else "数值"
    bottom = height - BAR_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BAR_WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{label}" style="display:block;max-width:{BAR_WIDTH}px">',
        f'<text class="unit" x="{BAR_WIDTH - 4}" y="{height - 4}" font-size="11" text-anchor="end" fill="{LABEL}">'
        f"单位：{label}</text>",
    ]
    for tick in ([low] if low < 0 else []) + ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{BAR_TOP - 6}" x2="{x(tick):.1f}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text class="tick" x="{x(tick):.1f}" y="{bottom + 13}" font-size="10" text-anchor="middle" '
            f'fill="{LABEL}">{_number(round(tick, 4))}</text>'
        )
    parts.append(f'<line x1="{x(0):.1f}" y1="{BAR_TOP - 6}" x2="{x(0):.1f}" y2="{bottom}" stroke="{AXIS}"/>')
    for index, (zone, value, kind) in enumerate(bars):
        top = BAR_TOP + index * BAR_ROW
        start, end = sorted((x(0), x(value)))
        colour = "#c2410c" if kind == "目标" else "#93c5fd"
        parts.append(
            f'<text class="zone" x="{BAR_LEFT - 6}" y="{top + 14}" font-size="12" text-anchor="end" fill="#1f2937">'
            f"{escape(zone[:9])}</text>"
            f'<rect x="{start:.1f}" y="{top + 3}" width="{max(end - start, 1):.1f}" height="{BAR_ROW - 8}" fill="{colour}">'
            f"<title>{escape(zone)} {kind}：{_number(value)}{escape(unit)}</title></rect>"
            f'<text x="{end + 4:.1f}" y="{top + 14}" font-size="11" fill="{LABEL}">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
