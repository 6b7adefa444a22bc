"""The faint grid behind a plot, at the ticks its axes label."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen


class BackgroundGridItem(pg.GraphicsObject):
    """What ``PlotItem.showGrid`` draws, as a few lines painted straight onto the canvas.

    pyqtgraph's axes draw that grid themselves, so to stay fast they must be cached as
    pixmaps the size of the whole plot; blending those two pixmaps cost more than a millisecond
    of every drag frame. These lines cost a tenth of that. Like pyqtgraph, each tick level gets
    a fainter pen, and a crowded level fades.
    """

    def __init__(self, plot: pg.PlotItem, alpha: float = 0.15) -> None:
        super().__init__()
        self._plot = plot
        self._alpha = alpha
        self._key: tuple[object, ...] | None = None
        self._lines: list[tuple[QPen, list[QLineF]]] = []
        self.setZValue(-20)

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return QRectF(view.viewRect()) if view is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, painter: QPainter, *args: object) -> None:
        view = self.getViewBox()
        if view is None:
            return
        rect = view.viewRect()
        key = (rect.getRect(), view.width(), view.height())
        if key != self._key:
            self._key = key
            self._lines = self._grid_lines(rect, view.width(), view.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, lines in self._lines:
            painter.setPen(pen)
            painter.drawLines(lines)

    def _grid_lines(
        self, rect: QRectF, width_px: float, height_px: float
    ) -> list[tuple[QPen, list[QLineF]]]:
        x0, x1, y0, y1 = rect.left(), rect.right(), rect.top(), rect.bottom()
        out: list[tuple[QPen, list[QLineF]]] = []
        for axis, low, high, length in (("bottom", x0, x1, width_px), ("left", y0, y1, height_px)):
            item = self._plot.getAxis(axis)
            if length <= 0 or high <= low:
                continue
            for level, (_spacing, ticks) in enumerate(item.tickValues(low, high, length)):
                # pyqtgraph's AxisItem.generateDrawSpecs: the same fading, so the look is kept.
                fade = min(1.0, max(0.0, 0.05 * length / (len(ticks) + 1)))
                color = QColor(item.pen().color())
                color.setAlpha(int(255 / (level + 1) * self._alpha * fade))
                pen = QPen(color, 0)  # cosmetic: one pixel at any zoom
                if axis == "bottom":
                    lines = [QLineF(v, y0, v, y1) for v in ticks if low <= v <= high]
                else:
                    lines = [QLineF(x0, v, x1, v) for v in ticks if low <= v <= high]
                out.append((pen, lines))
        return out
