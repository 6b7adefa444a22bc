"""A small SVG writer for the canvases: points, arrows, grid lines, axes, ticks and titles.

pyqtgraph 0.14.0's ``SVGExporter`` fails on scatter plots and cannot see inside our raster point
item, so figures are written here from the data itself (Qt-free, numpy only). Points become
``<circle>`` elements grouped by colour, or, above :data:`CIRCLE_LIMIT`, one ``<path>`` of
zero-length round-capped strokes per colour (a dot each, far smaller files; browsers and Inkscape
draw them the same). Above :data:`MAX_POINTS` an evenly spaced subset is kept and the figure says
so in its ``<desc>`` and in :attr:`SvgFigure.note`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from linviz_gui.render.view_fit import Box

CIRCLE_LIMIT = 20_000
MAX_POINTS = 200_000
#: data coordinates (..., 2) -> page x and y
ToPx = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
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


def nice_ticks(low: float, high: float, target: int = 6) -> list[float]:
    """Round tick positions (steps of 1, 2 or 5 times a power of ten) inside [low, high]."""
    span = high - low
    if not math.isfinite(span) or span <= 0:
        return []
    raw = span / max(1, target)
    power = 10.0 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 5, 10)), key=lambda s: abs(span / s - target))
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
        f'height="{height}" viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)}>',
        "<title>linviz figure</title>",
    ]
    if background:
        parts.append(f'<rect width="{width}" height="{height}" fill="{background}"/>')
    notes = []
    panel_width = width / max(1, len(panels))
    for index, panel in enumerate(panels):
        body, note = _panel(panel, index, index * panel_width, 0.0, panel_width, float(height))
        parts.extend(body)
        if note:
            notes.append(note)
    if notes:
        parts.insert(3, f"<desc>{escape(' '.join(notes))}</desc>")
    parts.append("</svg>")
    return SvgFigure("\n".join(parts) + "\n", " ".join(notes))


def _panel(
    panel: Panel, index: int, x: float, y: float, width: float, height: float
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

    clip = f"plot{index}"
    out = [
        f'<g id="panel{index}">',
        f'<defs><clipPath id="{clip}"><rect x="{left:.2f}" y="{top:.2f}" '
        f'width="{right - left:.2f}" height="{bottom - top:.2f}"/></clipPath></defs>',
    ]
    if panel.title:
        out.append(
            f'<text x="{(left + right) / 2:.2f}" y="{y + 1.6 * font:.2f}" font-size="'
            f'{font * 1.15:.1f}" text-anchor="middle" fill="#333333">{escape(panel.title)}</text>'
        )
    out.extend(_axes(view, left, right, top, bottom, to_px, font))
    out.append(f'<g clip-path="url(#{clip})">')
    for lines in panel.lines:
        out.extend(_lines(lines, to_px, scale))
    points, note = _points(panel, to_px, view, scale)
    out.extend(points)
    for arrow in panel.arrows:
        out.extend(_arrow(arrow, to_px, scale, font))
    out.append("</g>")
    out.append("</g>")
    return out, note


def _with_equal_aspect(view: Box, width: float, height: float, equal: bool) -> Box:
    """Grow one side of ``view`` so a unit is as long across as it is up (as on screen)."""
    if not equal or view.width <= 0 or view.height <= 0:
        return view
    units_per_px = max(view.width / width, view.height / height)
    cx, cy = (view.left + view.right) / 2, (view.bottom + view.top) / 2
    hw, hh = units_per_px * width / 2, units_per_px * height / 2
    return Box(cx - hw, cx + hw, cy - hh, cy + hh)


def _axes(
    view: Box, left: float, right: float, top: float, bottom: float, to_px: ToPx, font: float
) -> list[str]:
    out = [
        f'<rect x="{left:.2f}" y="{top:.2f}" width="{right - left:.2f}" '
        f'height="{bottom - top:.2f}" fill="none" stroke="#999999" stroke-width="1"/>'
    ]
    tick = 0.4 * font
    grid: list[str] = []
    for value in nice_ticks(view.left, view.right, 8):
        px = float(to_px(np.array([value, 0.0]))[0])
        grid.append(f"M{px:.2f} {top:.2f}V{bottom:.2f}")
        out.append(
            f'<line x1="{px:.2f}" y1="{bottom:.2f}" x2="{px:.2f}" y2="{bottom + tick:.2f}" '
            f'stroke="#555555"/><text x="{px:.2f}" y="{bottom + tick + font:.2f}" '
            f'font-size="{font:.1f}" text-anchor="middle" fill="#555555">{value:g}</text>'
        )
    for value in nice_ticks(view.bottom, view.top, 8):
        py = float(to_px(np.array([0.0, value]))[1])
        grid.append(f"M{left:.2f} {py:.2f}H{right:.2f}")
        out.append(
            f'<line x1="{left - tick:.2f}" y1="{py:.2f}" x2="{left:.2f}" y2="{py:.2f}" '
            f'stroke="#555555"/><text x="{left - 1.6 * tick:.2f}" y="{py + 0.35 * font:.2f}" '
            f'font-size="{font:.1f}" text-anchor="end" fill="#555555">{value:g}</text>'
        )
    if grid:
        out.append(
            f'<path d="{"".join(grid)}" stroke="#000000" stroke-opacity="0.12" '
            'stroke-width="1" fill="none"/>'
        )
    # The axes through the origin, as on the canvas.
    ox, oy = (float(v) for v in to_px(np.array([0.0, 0.0])))
    if left <= ox <= right:
        out.append(
            f'<line x1="{ox:.2f}" y1="{top:.2f}" x2="{ox:.2f}" y2="{bottom:.2f}" '
            'stroke="#000000" stroke-opacity="0.25"/>'
        )
    if top <= oy <= bottom:
        out.append(
            f'<line x1="{left:.2f}" y1="{oy:.2f}" x2="{right:.2f}" y2="{oy:.2f}" '
            'stroke="#000000" stroke-opacity="0.25"/>'
        )
    return out


def _lines(lines: Lines, to_px: ToPx, scale: float) -> list[str]:
    segments = np.asarray(lines.segments, dtype=np.float64).reshape(-1, 2, 2)
    if not len(segments):
        return []
    px, py = to_px(segments)
    d = "".join(
        f"M{x0:.2f} {y0:.2f}L{x1:.2f} {y1:.2f}"
        for (x0, x1), (y0, y1) in zip(px.tolist(), py.tolist(), strict=True)
    )
    return [
        f'<path d="{d}" stroke="{lines.color}" stroke-opacity="{lines.opacity:.3g}" '
        f'stroke-width="{lines.width * scale:.2f}" fill="none"/>'
    ]


def argb_to_hex(argb: int) -> tuple[str, float]:
    """``#rrggbb`` and opacity of one (premultiplied) ARGB32 colour."""
    alpha = (argb >> 24) & 0xFF
    r, g, b = (argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF
    if 0 < alpha < 255:
        r, g, b = (min(255, round(c * 255 / alpha)) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}", alpha / 255


def _points(panel: Panel, to_px: ToPx, view: Box, scale: float) -> tuple[list[str], str]:
    points = np.asarray(panel.points, dtype=np.float64).reshape(-1, 2)
    colors = np.asarray(panel.colors, dtype=np.uint32)
    if len(colors) != len(points):
        colors = np.full(len(points), 0xFF1F77B4, np.uint32)
    margin_x, margin_y = 0.02 * view.width, 0.02 * view.height
    inside = (
        (points[:, 0] >= view.left - margin_x)
        & (points[:, 0] <= view.right + margin_x)
        & (points[:, 1] >= view.bottom - margin_y)
        & (points[:, 1] <= view.top + margin_y)
    )
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
            d = "".join(f"M{cx:.1f} {cy:.1f}h0" for cx, cy in zip(xs, ys, strict=True))
            out.append(
                f'<path d="{d}" stroke="{color}" stroke-width="{2 * radius:.2f}" '
                f'stroke-linecap="round" fill="none"'
                f"{fade.replace('fill-', 'stroke-')}/>"
            )
    out.append("</g>")
    return out, note


def _arrow(arrow: Arrow, to_px: ToPx, scale: float, font: float) -> list[str]:
    (ox, tx), (oy, ty) = (
        v.tolist() for v in to_px(np.array([arrow.origin, arrow.tip], dtype=np.float64))
    )
    dx, dy = tx - ox, ty - oy
    length = math.hypot(dx, dy)
    out = []
    if length > 1e-6:
        head = min(14.0 * scale, length)
        ux, uy = dx / length, dy / length
        bx, by = tx - ux * head, ty - uy * head
        half = head * 0.45
        wx, wy = -uy * half, ux * half
        out.append(
            f'<line x1="{ox:.2f}" y1="{oy:.2f}" x2="{bx:.2f}" y2="{by:.2f}" '
            f'stroke="{arrow.color}" stroke-width="{3 * scale:.2f}"/>'
            f'<polygon points="{tx:.2f},{ty:.2f} {bx + wx:.2f},{by + wy:.2f} '
            f'{bx - wx:.2f},{by - wy:.2f}" fill="{arrow.color}"/>'
        )
    if arrow.label:
        out.append(
            f'<text x="{tx + 0.3 * font:.2f}" y="{ty - 0.3 * font:.2f}" font-size="'
            f'{font * 1.2:.1f}" fill="{arrow.color}">{escape(arrow.label)}</text>'
        )
    return out
