"""Grid lines x = k and y = k drawn through W, so the output grid deforms with the matrix."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from linviz_gui.model.matrix import Matrix2


def grid_segments(w: Matrix2, extent: int = 5) -> np.ndarray:
    """(2 * lines, 2) endpoints of the images of x = k and y = k for |k| <= extent."""
    ks = np.arange(-extent, extent + 1, dtype=np.float64)
    ends = np.full_like(ks, float(extent))
    vertical = np.stack(
        [np.stack([ks, -ends], 1), np.stack([ks, ends], 1)], 1
    )  # (lines, 2 ends, xy)
    horizontal = vertical[:, :, ::-1]
    segments = np.concatenate([vertical, horizontal]).reshape(-1, 2)
    weight = np.array(w.rows)
    return segments @ weight.T


class DeformedGridItem(pg.PlotCurveItem):
    def __init__(self, extent: int = 5) -> None:
        super().__init__(pen=pg.mkPen((128, 128, 128, 90), width=1), connect="pairs")
        self._extent = extent
        self.setZValue(-5)
        self.set_matrix(Matrix2.identity())

    def set_matrix(self, w: Matrix2) -> None:
        points = grid_segments(w, self._extent)
        self.setData(points[:, 0], points[:, 1], connect="pairs")
