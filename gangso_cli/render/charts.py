"""Inline SVG line charts for the HTML reports: labelled y ticks on light gridlines, and
a legend below the plot that wraps to its width, so fourteen zones' names fit whole."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from gangso_cli.core.money import DisplayUnit, format_won

__all__ = ["PALETTE", "line_chart", "nice_ticks", "text_width"]

#: Ten colours far enough apart to tell lines by; a series past them is dashed as well.
PALETTE = [
    "#2f6fb3", "#e08a1e", "#3a9b5a", "#b5489a", "#7a6cc4",
    "#c0392b", "#1b9aaa", "#8c6d31", "#5a6878", "#d4a017",
]  # fmt: skip
_DASHES = ["", ' stroke-dasharray="6 3"', ' stroke-dasharray="2 3"']

#: The plot's box, in pixels: the left margin holds the y labels.
_LEFT, _TOP, _WIDTH, _HEIGHT = 90, 20, 640, 260


def nice_ticks(peak: int) -> list[int]:
    """Four to six ticks from 0 past ``peak``, a step of 1, 2 or 5 × 10ⁿ (integers).

    The first such step that needs at most five intervals needs at least three (steps
    grow by at most 2.5 times), so the axis has 4–6 labelled ticks for any peak above 2.
    """
    peak = max(peak, 1)
    scale = 1
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * scale
            intervals = -(-peak // step)  # ceiling, in integers
            if intervals <= 5:
                return [i * step for i in range(max(intervals, 1) + 1)]
        scale *= 10


def text_width(text: str) -> int:
    """About how many pixels 12px text takes: Hangul and other wide letters 12, others 7."""
    return sum(12 if unicodedata.east_asian_width(ch) in "WF" else 7 for ch in text)


def _legend(names: Sequence[str], width: int, y: int) -> tuple[list[str], int]:
    """A legend in rows under the plot, wrapped to ``width``; the SVG and its height."""
    out: list[str] = []
    x, row = _LEFT, 0
    for n, name in enumerate(names):
        item = 30 + text_width(name) + 18
        if x + item > width and x > _LEFT:
            x, row = _LEFT, row + 1
        ly = y + row * 20
        colour, dash = PALETTE[n % len(PALETTE)], _DASHES[n // len(PALETTE) % len(_DASHES)]
        out.append(
            f'<line x1="{x}" y1="{ly - 4}" x2="{x + 24}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash}/><text x="{x + 30}" y="{ly}">{escape(name)}</text>'
        )
        x += item
    return out, (row + 1) * 20 if names else 0


def line_chart(
    chart_id: str,
    label: str,
    xs: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    unit: DisplayUnit,
) -> str:
    """Lines over ``xs`` (years, or months labelled 1월…), one per series (None: no value
    there, which breaks the line); y ticks labelled in ``unit`` on light gridlines."""
    values = [v for _, points in series for v in points if v is not None]
    ticks = nice_ticks(max(values, default=0))
    top_value = ticks[-1]
    step = Decimal(_WIDTH) / max(len(xs) - 1, 1)
    full = _LEFT + _WIDTH + 30

    def x(i: int) -> Decimal:
        return _LEFT + step * i

    def y(amount: int) -> Decimal:
        return _TOP + _HEIGHT - Decimal(amount * _HEIGHT) / top_value

    axis_y = _TOP + _HEIGHT
    legend, legend_height = _legend([name for name, _ in series], full, axis_y + 64)
    out = [
        f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" width="{full}" '
        f'height="{axis_y + 64 + legend_height}" role="img" aria-label="{escape(label)}">'
    ]
    for tick in ticks:
        ty = y(tick)
        out.append(
            f'<line class="grid" x1="{_LEFT}" y1="{ty:.1f}" x2="{_LEFT + _WIDTH}" y2="{ty:.1f}" '
            'stroke="#e3e8ee" stroke-width="1"/>'
            f'<text x="{_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{format_won(tick, unit)}</text>"
        )
    out += [
        f'<line x1="{_LEFT}" y1="{axis_y}" x2="{_LEFT + _WIDTH}" y2="{axis_y}" stroke="#5a6878"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{axis_y}" stroke="#5a6878"/>',
        f'<text x="{_LEFT}" y="{axis_y + 40}">({escape(unit.caption())})</text>',
    ]
    out += [
        f'<text x="{x(i):.1f}" y="{axis_y + 18}" text-anchor="middle">{escape(name)}</text>'
        for i, name in enumerate(xs)
    ]
    for n, (name, points) in enumerate(series):
        out += _series(n, name, points, xs, x, y)
    out += legend
    out.append("</svg>")
    return "".join(out)


def _series(
    n: int,
    name: str,
    points: Sequence[int | None],
    xs: Sequence[str],
    x: Callable[[int], Decimal],
    y: Callable[[int], Decimal],
) -> list[str]:
    """One series' line (broken where a value is missing) and its points."""
    colour, dash = PALETTE[n % len(PALETTE)], _DASHES[n // len(PALETTE) % len(_DASHES)]
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            out.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} '
                f'points="{" ".join(run)}"/>'
            )
        run.clear()

    for i, amount in enumerate(points):
        if amount is None:  # a year the zone was not funded breaks the line
            flush()
            continue
        run.append(f"{x(i):.1f},{y(amount):.1f}")
        out.append(
            f'<circle cx="{x(i):.1f}" cy="{y(amount):.1f}" r="3" fill="{colour}">'
            f"<title>{escape(name)} {escape(xs[i])}: {format_won(amount)}원</title></circle>"
        )
    flush()
    return out
