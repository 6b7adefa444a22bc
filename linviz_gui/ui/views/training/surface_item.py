"""A "3-D" surface of a class's energy, drawn in 2-D so that it works without OpenGL (offscreen,
remote desktops): filled quads in isometric projection, the far ones painted first.

The user turns it by dragging (left/right turns it about its vertical axis, up/down tilts it) or
with the view's slider. The colours are the energy canvas's bands, so the two views read alike.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPicture, QPolygonF

#: The surface is drawn from at most this many quads a side (a finer grid is sampled down).
MAX_QUADS = 40
#: Height of the highest energy, in the units where the plane spans -1 .. 1.
HEIGHT = 0.9
MIN_TILT, MAX_TILT = 10.0, 80.0
#: Degrees turned per pixel dragged.
DEGREES_PER_PIXEL = 0.5


def sample_down(values: np.ndarray, size: int) -> np.ndarray:
    """``values`` (rows, columns) at most ``size + 1`` points a side, corners kept."""
    rows = np.unique(np.linspace(0, values.shape[0] - 1, min(values.shape[0], size + 1)).round())
    cols = np.unique(np.linspace(0, values.shape[1] - 1, min(values.shape[1], size + 1)).round())
    return values[np.ix_(rows.astype(int), cols.astype(int))]


def project(
    u: np.ndarray, v: np.ndarray, h: np.ndarray, turn: float, tilt: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Screen x, screen y and depth of points ``(u, v)`` of the plane at height ``h``.

    The plane is turned by ``turn`` degrees about the vertical, then looked at from ``tilt``
    degrees above it; a larger depth is further from the viewer.
    """
    a, e = math.radians(turn), math.radians(tilt)
    ur = u * math.cos(a) - v * math.sin(a)
    vr = u * math.sin(a) + v * math.cos(a)
    return ur, vr * math.sin(e) + h * math.cos(e), vr


class SurfaceItem(pg.GraphicsObject):
    """The energy surface; ``sigTurned(turn, tilt)`` after a drag turned it."""

    sigTurned = Signal(float, float)

    def __init__(self) -> None:
        super().__init__()
        self.turn = 30.0
        self.tilt = 35.0
        self._heights = np.zeros((2, 2))
        self._bands = np.zeros((1, 1), np.intp)
        self._table = np.zeros((1, 3), np.uint8)
        self._picture: QPicture | None = None
        #: How many quads the last drawing painted (a test reads it).
        self.quad_count = 0
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setToolTip("Drag to turn the surface (left/right) and tilt it (up/down)")

    def set_surface(self, heights: np.ndarray, bands: np.ndarray, table: np.ndarray) -> None:
        """Show ``heights`` (rows, columns) normalised to 0..1, each quad in colour
        ``table[bands[i, j]]`` (``bands`` has one fewer row and column than ``heights``)."""
        self._heights = np.asarray(heights, np.float64)
        self._bands = np.asarray(bands, np.intp)
        self._table = np.asarray(table, np.uint8)
        self._changed()

    def set_angles(self, turn: float, tilt: float) -> None:
        """Turn to ``turn`` degrees and tilt to ``tilt`` (clamped to 10..80 degrees)."""
        turn = float(turn) % 360.0
        tilt = min(MAX_TILT, max(MIN_TILT, float(tilt)))
        if (turn, tilt) != (self.turn, self.tilt):
            self.turn, self.tilt = turn, tilt
            self._changed()

    def _changed(self) -> None:
        self._picture = None
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        reach, tilt = math.sqrt(2.0), math.radians(self.tilt)
        low = -reach * math.sin(tilt)
        high = reach * math.sin(tilt) + HEIGHT * math.cos(tilt)
        return QRectF(-reach, low, 2 * reach, high - low)

    def paint(self, painter: QPainter, *args: object) -> None:
        if self._picture is None:
            self._picture = self._draw()
        painter.drawPicture(0, 0, self._picture)

    def _draw(self) -> QPicture:
        picture = QPicture()
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        rows, cols = self._heights.shape
        v, u = np.meshgrid(np.linspace(-1, 1, rows), np.linspace(-1, 1, cols), indexing="ij")
        x, y, depth = project(u, v, HEIGHT * self._heights, self.turn, self.tilt)
        cell_depth = (depth[:-1, :-1] + depth[1:, 1:] + depth[:-1, 1:] + depth[1:, :-1]) / 4
        order = np.argsort(-cell_depth, axis=None)  # far first: the near ones cover them
        # The floor (the plane at the lowest energy) under it all, so the surface stands on
        # something and its turn reads.
        corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float64)
        fx, fy, _ = project(corners[:, 0], corners[:, 1], np.zeros(4), self.turn, self.tilt)
        floor = QPen(QColor(120, 120, 120, 160))
        floor.setCosmetic(True)
        floor.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(floor)
        painter.setBrush(QColor(235, 235, 235))
        painter.drawPolygon(QPolygonF([QPointF(a, b) for a, b in zip(fx, fy, strict=True)]))
        colors = [QColor(int(r), int(g), int(b)) for r, g, b in self._table]
        pen = QPen(QColor(30, 30, 30, 90))
        pen.setCosmetic(True)
        pen.setWidthF(0.6)
        painter.setPen(pen)
        bands = self._bands
        width = cols - 1
        for flat in order.tolist():
            i, j = divmod(flat, width)
            painter.setBrush(colors[int(bands[i, j])])
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x[i, j], y[i, j]),
                        QPointF(x[i, j + 1], y[i, j + 1]),
                        QPointF(x[i + 1, j + 1], y[i + 1, j + 1]),
                        QPointF(x[i + 1, j], y[i + 1, j]),
                    ]
                )
            )
        painter.end()
        self.quad_count = len(order)
        return picture

    def mouseDragEvent(self, ev: object) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            ev.ignore()  # type: ignore[attr-defined]
            return
        ev.accept()  # type: ignore[attr-defined]
        now, before = ev.screenPos(), ev.lastScreenPos()  # type: ignore[attr-defined]
        dx, dy = now.x() - before.x(), now.y() - before.y()
        self.set_angles(self.turn - dx * DEGREES_PER_PIXEL, self.tilt - dy * DEGREES_PER_PIXEL)
        self.sigTurned.emit(self.turn, self.tilt)


class SurfaceCanvas(pg.PlotWidget):
    """A plot without axes holding one :class:`SurfaceItem`, its range fixed to the surface."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("training-surface")
        item = self.getPlotItem()
        item.setTitle("Energy surface (drag to turn)")
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setAspectLocked(True)
        view = item.getViewBox()
        view.setMouseEnabled(False, False)
        view.disableAutoRange()
        self.surface = SurfaceItem()
        item.addItem(self.surface)
        reach = math.sqrt(2.0)
        view.setRange(xRange=(-reach, reach), yRange=(-reach, reach + 0.4), padding=0.02)

    def show_surface(
        self, energy: np.ndarray, edges: np.ndarray, table: np.ndarray, title: str
    ) -> None:
        """The surface of ``energy`` (rows, columns), coloured by the bands between ``edges``."""
        heights = sample_down(energy, MAX_QUADS)
        low, high = float(edges[0]), float(edges[-1])
        normalised = np.clip((heights - low) / max(1e-12, high - low), 0.0, 1.0)
        middles = (heights[:-1, :-1] + heights[1:, 1:] + heights[:-1, 1:] + heights[1:, :-1]) / 4
        bands = np.clip(np.searchsorted(edges[1:-1], middles, side="right"), 0, len(table) - 1)
        self.surface.set_surface(normalised, bands, table)
        self.getPlotItem().setTitle(title)
