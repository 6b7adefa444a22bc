"""The faint grid behind a plot, at the ticks its axes label."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QTransform


@dataclass(frozen=True)
class _Level:
    """One tick level of one axis: where its lines are, and their colour."""

    vertical: bool  # lines x = v (the bottom axis's ticks), else y = v
    values: tuple[float, ...]
    color: QColor  # translucent, as pyqtgraph's grid
    on_page: QColor  # the same drawn onto the page: opaque


class BackgroundGridItem(pg.GraphicsObject):
    """What ``PlotItem.showGrid`` draws, painted straight onto the canvas.

    pyqtgraph's axes draw that grid themselves, so to stay fast they must be cached as pixmaps
    the size of the whole plot; blending those cost more than a millisecond of every drag frame.
    Here each line is a one-pixel rectangle in device space, in its colour blended onto the page
    in advance: Qt fills opaque rectangles about fifty times faster than it strokes translucent
    lines. Like pyqtgraph, each tick level gets a fainter colour, and a crowded level fades.
    """

    def __init__(self, plot: pg.PlotItem, alpha: float = 0.15, page: str = "w") -> None:
        super().__init__()
        self._plot = plot
        self._alpha = alpha
        self._page = pg.mkColor(page)
        self._levels_key: tuple[object, ...] | None = None
        self._levels: list[_Level] = []
        self._rects_key: tuple[object, ...] | None = None
        self._rects: list[tuple[QColor, list[QRectF]]] = []
        self.setZValue(-20)

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return QRectF(view.viewRect()) if view is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, painter: QPainter, *args: object) -> None:
        view = self.getViewBox()
        world = painter.worldTransform()
        if view is None or world.m12() or world.m21():
            return  # views here only scale and translate
        rect = view.viewRect()
        key = (rect.getRect(), view.width(), view.height())
        if key != self._levels_key:
            self._levels_key = key
            self._levels = self._tick_levels(rect, view.width(), view.height())
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        # An exporter may draw onto a transparent page: then the lines keep their alpha.
        exporting = isinstance(self._exportOpts, dict)
        rects_key = (self._levels_key, world, dpr, exporting)
        if rects_key != self._rects_key:
            self._rects_key = rects_key
            self._rects = self._device_rects(rect, world, 1.0 / dpr, exporting)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._rects:
            painter.setBrush(color)
            painter.drawRects(rects)
        painter.restore()

    def _tick_levels(self, rect: QRectF, width_px: float, height_px: float) -> list[_Level]:
        levels = []
        for axis, low, high, length in (
            ("bottom", rect.left(), rect.right(), width_px),
            ("left", rect.top(), rect.bottom(), height_px),
        ):
            item = self._plot.getAxis(axis)
            if length <= 0 or high <= low:
                continue
            for level, (_spacing, ticks) in enumerate(item.tickValues(low, high, length)):
                # pyqtgraph's AxisItem.generateDrawSpecs: the same fading, so the look is kept.
                fade = min(1.0, max(0.0, 0.05 * length / (len(ticks) + 1)))
                color = QColor(item.pen().color())
                color.setAlpha(int(255 / (level + 1) * self._alpha * fade))
                values = tuple(v for v in ticks if low <= v <= high)
                levels.append(_Level(axis == "bottom", values, color, _blended(color, self._page)))
        return levels

    def _device_rects(
        self, rect: QRectF, world: QTransform, pixel: float, exporting: bool
    ) -> list[tuple[QColor, list[QRectF]]]:
        """Each level's lines as rectangles one device pixel wide, across the view."""
        view = world.mapRect(rect)
        out = []
        for level in self._levels:
            if level.vertical:
                xs = (world.m11() * v + world.dx() for v in level.values)
                rects = [QRectF(x, view.top(), pixel, view.height()) for x in xs]
            else:
                ys = (world.m22() * v + world.dy() for v in level.values)
                rects = [QRectF(view.left(), y, view.width(), pixel) for y in ys]
            out.append((level.color if exporting else level.on_page, rects))
        return out


def _blended(color: QColor, page: QColor) -> QColor:
    """``color`` drawn over the opaque ``page``, as one opaque colour."""
    a = color.alphaF()
    return QColor.fromRgbF(
        color.redF() * a + page.redF() * (1 - a),
        color.greenF() * a + page.greenF() * (1 - a),
        color.blueF() * a + page.blueF() * (1 - a),
    )
