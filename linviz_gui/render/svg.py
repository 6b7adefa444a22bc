"""A small SVG writer for the canvases: points, arrows, grid lines, axes, ticks and titles.

pyqtgraph 0.14.0's ``SVGExporter`` fails on scatter plots and cannot see inside our raster point
item, so figures are written here from the data itself (Qt-free, numpy only). Points become
``<circle>`` elements grouped by colour, or, above :data:`CIRCLE_LIMIT`, one ``<path>`` of
tiny round-capped strokes per colour (a dot each, far smaller files; browsers and Inkscape
draw them the same). Above :data:`MAX_POINTS` an evenly spaced subset is kept and the figure says
so in its ``<desc>`` and in :attr:`SvgFigure.note`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import numpy as np

from linviz_gui.render.view_fit import Box

CIRCLE_LIMIT = 20_000
MAX_POINTS = 200_000
#: data coordinates (..., 2) -> page x and y
ToPx = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
#: the plot's rectangle on the page: left, top, right, bottom
Rect = tuple[float, float, float, float]
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Arrow:
    """An arrow in data coordinates; ``color`` is ``#rrggbb``."""

    tip: tuple[float, float]
    color: str
    label: str = ""
    origin: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Lines:
    """Line segments in data coordinates: ``segments`` is (M, 2, 2) (segment, end, xy)."""

    segments: np.ndarray
    color: str = "#808080"
    opacity: float = 1.0
    width: float = 1.0


@dataclass
class Panel:
    """One plot: what a canvas shows, in data coordinates, inside ``view``."""

    view: Box
    title: str = ""
    points: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.float32))
    colors: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))  # ARGB32
    dot_radius: float = 2.5
    arrows: list[Arrow] = field(default_factory=list)
    lines: list[Lines] = field(default_factory=list)
    equal_aspect: bool = True


@dataclass(frozen=True)
class SvgFigure:
    text: str
    #: Empty, or a sentence saying the figure holds fewer points than the canvas.
    note: str = ""


def nice_step(span: float, target: int = 6) -> float:
    """The round step (1, 2 or 5 times a power of ten) giving about ``target`` ticks over
    ``span``; 0 for an empty or endless span."""
    if not math.isfinite(span) or span <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(span / max(1, target)))
    return min((m * power for m in (1, 2, 5, 10)), key=lambda s: abs(span / s - target))


def nice_ticks(low: float, high: float, target: int = 6, step: float | None = None) -> list[float]:
    """Round tick positions (steps of 1, 2 or 5 times a power of ten) inside [low, high];
    ``step`` imposes the step (one grid for both axes of an equal-aspect plot)."""
    step = nice_step(high - low, target) if step is None else step
    if step <= 0 or not math.isfinite(high - low) or high <= low:
        return []
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(k * step, 12) + 0.0 for k in range(first, last + 1)]


def svg_document(
    panels: list[Panel], width: int, height: int, background: str | None = "#ffffff"
) -> SvgFigure:
    """Lay ``panels`` out side by side on a ``width`` x ``height`` page and write the SVG."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="{escape(FONT)}">',
        "<title>linviz figure</title>",
    ]
    if background:
        parts.append(f'<rect width="{width}" height="{height}" fill="{background}"/>')
    notes = []
    panel_width = width / max(1, len(panels))
    for index, panel in enumerate(panels):
        body, note = _panel(
            panel, index, index * panel_width, 0.0, panel_width, float(height), background
        )
        parts.extend(body)
        if note:
            notes.append(note)
    if notes:
        parts.insert(3, f"<desc>{escape(' '.join(notes))}</desc>")
    parts.append("</svg>")
    return SvgFigure("\n".join(parts) + "\n", " ".join(notes))


def _panel(
    panel: Panel,
    index: int,
    x: float,
    y: float,
    width: float,
    height: float,
    background: str | None,
) -> tuple[list[str], str]:
    scale = max(0.5, min(width, height) / 600)
    font = 12 * scale
    left, right = x + 6 * font, x + width - 1.2 * font
    top, bottom = y + (2.6 * font if panel.title else font), y + height - 2.8 * font
    if right - left < 10 or bottom - top < 10:
        return [], ""
    view = _with_equal_aspect(panel.view, right - left, bottom - top, panel.equal_aspect)
    sx = (right - left) / view.width
    sy = (bottom - top) / view.height

    def to_px(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return left + (xy[..., 0] - view.left) * sx, top + (view.top - xy[..., 1]) * sy

    rect = (left, top, right, bottom)
    out = [f'<g id="panel{index}">']
    if panel.title:
        out.append(
            f'<text x="{(left + right) / 2:.2f}" y="{y + 1.6 * font:.2f}" font-size="'
            f'{font * 1.15:.1f}" text-anchor="middle" fill="#333333">{escape(panel.title)}</text>'
        )
    out.extend(_axes(view, rect, to_px, font, background, panel.equal_aspect))
    # Everything is clipped here rather than with <clipPath>, which some importers ignore.
    for lines in panel.lines:
        out.extend(_lines(lines, to_px, scale, rect, background))
    points, note = _points(panel, to_px, scale, rect)
    out.extend(points)
    for arrow in panel.arrows:
        out.extend(_arrow(arrow, to_px, scale, font, rect))
    out.append("</g>")
    return out, note


def clip_segments(segments: np.ndarray, rect: Rect) -> np.ndarray:
    """The parts of page segments (M, 2, 2) inside ``rect`` (Liang-Barsky, all at once)."""
    left, top, right, bottom = rect
    start, delta = segments[:, 0], segments[:, 1] - segments[:, 0]
    t0, t1 = np.zeros(len(segments)), np.ones(len(segments))
    keep = np.ones(len(segments), bool)
    for p, q in (
        (-delta[:, 0], start[:, 0] - left),
        (delta[:, 0], right - start[:, 0]),
        (-delta[:, 1], start[:, 1] - top),
        (delta[:, 1], bottom - start[:, 1]),
    ):
        parallel = p == 0
        keep &= ~parallel | (q >= 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(p < 0, np.maximum(t0, ratio), t0)
        t1 = np.where(p > 0, np.minimum(t1, ratio), t1)
    keep &= t0 <= t1
    clipped = np.stack([start + t0[:, None] * delta, start + t1[:, None] * delta], axis=1)
    return clipped[keep]


def _inside(x: float, y: float, rect: Rect) -> bool:
    left, top, right, bottom = rect
    return left <= x <= right and top <= y <= bottom


def _with_equal_aspect(view: Box, width: float, height: float, equal: bool) -> Box:
    """Grow one side of ``view`` so a unit is as long across as it is up (as on screen)."""
    if not equal or view.width <= 0 or view.height <= 0:
        return view
    units_per_px = max(view.width / width, view.height / height)
    cx, cy = (view.left + view.right) / 2, (view.bottom + view.top) / 2
    hw, hh = units_per_px * width / 2, units_per_px * height / 2
    return Box(cx - hw, cx + hw, cy - hh, cy + hh)


def _axes(
    view: Box, rect: Rect, to_px: ToPx, font: float, background: str | None, equal: bool
) -> list[str]:
    left, top, right, bottom = rect
    # On an equal-aspect plot the grid is square: one step, the finer axis's, for both (the
    # longer axis gets more lines, as many per centimetre).
    x_step, y_step = nice_step(view.width, 8), nice_step(view.height, 8)
    square = min(x_step, y_step)
    if equal and square > 0 and max(view.width, view.height) / square <= 40:  # not a thin strip
        x_step = y_step = square
    out = [
        f'<rect x="{left:.2f}" y="{top:.2f}" width="{right - left:.2f}" '
        f'height="{bottom - top:.2f}" fill="none" stroke="#999999" stroke-width="1"/>'
    ]
    tick = 0.4 * font
    grid: list[str] = []
    for value in nice_ticks(view.left, view.right, step=x_step):
        px = float(to_px(np.array([value, 0.0]))[0])
        grid.append(f"M{px:.2f} {top:.2f}V{bottom:.2f}")
        out.append(
            f'<line x1="{px:.2f}" y1="{bottom:.2f}" x2="{px:.2f}" y2="{bottom + tick:.2f}" '
            f'stroke="#555555"/><text x="{px:.2f}" y="{bottom + tick + font:.2f}" '
            f'font-size="{font:.1f}" text-anchor="middle" fill="#555555">{value:g}</text>'
        )
    for value in nice_ticks(view.bottom, view.top, step=y_step):
        py = float(to_px(np.array([0.0, value]))[1])
        grid.append(f"M{left:.2f} {py:.2f}H{right:.2f}")
        out.append(
            f'<line x1="{left - tick:.2f}" y1="{py:.2f}" x2="{left:.2f}" y2="{py:.2f}" '
            f'stroke="#555555"/><text x="{left - 1.6 * tick:.2f}" y="{py + 0.35 * font:.2f}" '
            f'font-size="{font:.1f}" text-anchor="end" fill="#555555">{value:g}</text>'
        )
    if grid:
        out.append(
            f'<path d="{"".join(grid)}" {stroke("#000000", 0.12, background)} '
            'stroke-width="1" fill="none"/>'
        )
    # The axes through the origin, as on the canvas.
    ox, oy = (float(v) for v in to_px(np.array([0.0, 0.0])))
    if left <= ox <= right:
        out.append(
            f'<line x1="{ox:.2f}" y1="{top:.2f}" x2="{ox:.2f}" y2="{bottom:.2f}" '
            f"{stroke('#000000', 0.25, background)}/>"
        )
    if top <= oy <= bottom:
        out.append(
            f'<line x1="{left:.2f}" y1="{oy:.2f}" x2="{right:.2f}" y2="{oy:.2f}" '
            f"{stroke('#000000', 0.25, background)}/>"
        )
    return out


def stroke(color: str, opacity: float, background: str | None) -> str:
    """Stroke attributes; over a solid page the colour is pre-blended (no opacity needed,
    which some SVG importers ignore)."""
    if opacity >= 1:
        return f'stroke="{color}"'
    if background is None or not re.fullmatch(r"#[0-9a-fA-F]{6}", background):
        return f'stroke="{color}" stroke-opacity="{opacity:.3g}"'
    fg = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    bg = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(b + opacity * (f - b)) for f, b in zip(fg, bg, strict=True)]
    return 'stroke="#{:02x}{:02x}{:02x}"'.format(*mixed)


def _lines(
    lines: Lines, to_px: ToPx, scale: float, rect: Rect, background: str | None
) -> list[str]:
    segments = np.asarray(lines.segments, dtype=np.float64).reshape(-1, 2, 2)
    if not len(segments):
        return []
    px, py = to_px(segments)
    page = clip_segments(np.stack([px, py], axis=-1), rect)
    if not len(page):
        return []
    d = "".join(f"M{x0:.2f} {y0:.2f}L{x1:.2f} {y1:.2f}" for (x0, y0), (x1, y1) in page.tolist())
    return [
        f'<path d="{d}" {stroke(lines.color, lines.opacity, background)} '
        f'stroke-width="{lines.width * scale:.2f}" fill="none"/>'
    ]


def argb_to_hex(argb: int) -> tuple[str, float]:
    """``#rrggbb`` and opacity of one (premultiplied) ARGB32 colour."""
    alpha = (argb >> 24) & 0xFF
    r, g, b = (argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF
    if 0 < alpha < 255:
        r, g, b = (min(255, round(c * 255 / alpha)) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}", alpha / 255


def _points(panel: Panel, to_px: ToPx, scale: float, rect: Rect) -> tuple[list[str], str]:
    points = np.asarray(panel.points, dtype=np.float64).reshape(-1, 2)
    colors = np.asarray(panel.colors, dtype=np.uint32)
    if len(colors) != len(points):
        colors = np.full(len(points), 0xFF1F77B4, np.uint32)
    left, top, right, bottom = rect
    px, py = to_px(points)
    inside = (px >= left) & (px <= right) & (py >= top) & (py <= bottom)
    points, colors = points[inside], colors[inside]
    note = ""
    if len(points) > MAX_POINTS:
        keep = np.linspace(0, len(points) - 1, MAX_POINTS).astype(np.intp)
        note = (
            f"{panel.title or 'The figure'} shows {MAX_POINTS:,} of its {len(points):,} visible "
            "points (an evenly spaced subset), so the SVG stays small enough to open."
        )
        points, colors = points[keep], colors[keep]
    if not len(points):
        return [], note
    px, py = to_px(points)
    radius = panel.dot_radius * scale
    out = [f'<g class="points" data-count="{len(points)}">']
    values, groups = np.unique(colors, return_inverse=True)
    for index, value in enumerate(values.tolist()):
        color, opacity = argb_to_hex(value)
        if opacity == 0:
            continue
        members = np.flatnonzero(groups == index)
        xs, ys = px[members].tolist(), py[members].tolist()
        fade = f' fill-opacity="{opacity:.3g}"' if opacity < 1 else ""
        if len(points) <= CIRCLE_LIMIT:
            circles = "".join(
                f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{radius:.2f}"/>'
                for cx, cy in zip(xs, ys, strict=True)
            )
            out.append(f'<g fill="{color}"{fade}>{circles}</g>')
        else:
            d = "".join(f"M{cx:.1f} {cy:.1f}h0.01" for cx, cy in zip(xs, ys, strict=True))
            out.append(
                f'<path d="{d}" stroke="{color}" stroke-width="{2 * radius:.2f}" '
                f'stroke-linecap="round" fill="none"'
                f"{fade.replace('fill-', 'stroke-')}/>"
            )
    out.append("</g>")
    return out, note


def _arrow(arrow: Arrow, to_px: ToPx, scale: float, font: float, rect: Rect) -> list[str]:
    (ox, tx), (oy, ty) = (
        v.tolist() for v in to_px(np.array([arrow.origin, arrow.tip], dtype=np.float64))
    )
    dx, dy = tx - ox, ty - oy
    length = math.hypot(dx, dy)
    tip_inside = _inside(tx, ty, rect)
    out = []
    if length > 1e-6:
        head = min(14.0 * scale, length) if tip_inside else 0.0
        ux, uy = dx / length, dy / length
        bx, by = tx - ux * head, ty - uy * head
        shaft = clip_segments(np.array([[[ox, oy], [bx, by]]]), rect)
        for (x0, y0), (x1, y1) in shaft.tolist():
            out.append(
                f'<line x1="{x0:.2f}" y1="{y0:.2f}" x2="{x1:.2f}" y2="{y1:.2f}" '
                f'stroke="{arrow.color}" stroke-width="{3 * scale:.2f}"/>'
            )
        if head:
            half = head * 0.45
            wx, wy = -uy * half, ux * half
            out.append(
                f'<polygon points="{tx:.2f},{ty:.2f} {bx + wx:.2f},{by + wy:.2f} '
                f'{bx - wx:.2f},{by - wy:.2f}" fill="{arrow.color}"/>'
            )
    if arrow.label and tip_inside:
        out.append(
            f'<text x="{tx + 0.3 * font:.2f}" y="{ty - 0.3 * font:.2f}" font-size="'
            f'{font * 1.2:.1f}" fill="{arrow.color}">{escape(arrow.label)}</text>'
        )
    return out
