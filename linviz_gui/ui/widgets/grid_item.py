"""Grid lines x = k and y = k drawn through W, so the output grid deforms with the matrix."""

from __future__ import annotations

import functools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen

from linviz_gui.model.linear.matrix import Matrix2


def grid_segments(w: Matrix2, extent: int = 5) -> np.ndarray:
    """(2 * lines, 2) endpoints of the images of x = k and y = k for |k| <= extent."""
    return _square_grid(extent) @ np.array(w.rows).T


@functools.cache
def _square_grid(extent: int) -> np.ndarray:
    """The endpoints of x = k and y = k for |k| <= extent, built once (read-only)."""
    ks = np.arange(-extent, extent + 1, dtype=np.float64)
    ends = np.full_like(ks, float(extent))
    vertical = np.stack(
        [np.stack([ks, -ends], 1), np.stack([ks, ends], 1)], 1
    )  # (lines, 2 ends, xy)
    horizontal = vertical[:, :, ::-1]
    segments = np.concatenate([vertical, horizontal]).reshape(-1, 2)
    segments.flags.writeable = False
    return segments


class DeformedGridItem(pg.GraphicsObject):
    """Line segments drawn as one path with a one-pixel pen.

    A ``PlotCurveItem`` drew the same lines, but its bookkeeping on every change and repaint
    (bounds, signals to the view) cost about half a millisecond of each drag frame.
    """

    def __init__(self, extent: int = 5) -> None:
        super().__init__()
        self.pen: QPen = pg.mkPen((128, 128, 128, 90), width=1)
        self._extent = extent
        self._segments = np.zeros((0, 2))
        self._path = QPainterPath()
        self._bounds = QRectF()
        self.setZValue(-5)
        self.set_matrix(Matrix2.identity())

    def set_matrix(self, w: Matrix2) -> None:
        self.set_segments(grid_segments(w, self._extent))

    def set_segments(self, ends: np.ndarray) -> None:
        """Show segments (2k, 2): rows 2i and 2i + 1 are the ends of segment i."""
        ends = np.asarray(ends, dtype=np.float64)
        self.prepareGeometryChange()
        self._segments = ends
        self._path = pg.arrayToQPath(ends[:, 0], ends[:, 1], connect="pairs")
        finite = ends if np.isfinite(ends).all() else ends[np.isfinite(ends).all(axis=1)]
        if len(finite):
            (x0, y0), (x1, y1) = finite.min(axis=0), finite.max(axis=0)
            self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
        else:
            self._bounds = QRectF()
        self.update()

    def segments(self) -> np.ndarray:
        """(k, 2 ends, 2) with every end finite: what is drawn."""
        pairs = self._segments[: len(self._segments) // 2 * 2].reshape(-1, 2, 2)
        return pairs[np.isfinite(pairs).all(axis=(1, 2))]

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, painter: QPainter, *args: object) -> None:
        options = self._exportOpts
        antialias = options.get("antialias", True) if isinstance(options, dict) else False
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        painter.setPen(self.pen)
        painter.drawPath(self._path)
