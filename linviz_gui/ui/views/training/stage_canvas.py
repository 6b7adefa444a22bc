"""One stage of the net being trained: the points as that layer sees them, the grid bent by the
layers before it (the Network tab's picture, on the weights of the run)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from linviz_gui.render.view_fit import Box, needs_refit
from linviz_gui.ui.views.training.regions_canvas import PlaneCanvas
from linviz_gui.ui.widgets.plot_title import set_plot_title


def polyline_data(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of (lines, samples, 2) points with a NaN after each line (``connect="finite"``)."""
    gap = np.full((lines.shape[0], 1, 2), np.nan, np.float32)
    flat = np.concatenate([lines.astype(np.float32, copy=False), gap], axis=1).reshape(-1, 2)
    return flat[:, 0], flat[:, 1]


class StageCanvas(PlaneCanvas):
    """Points of a stage in their classes' colours over the grid lines sent through the net."""

    def __init__(self) -> None:
        super().__init__("training-stage", "input X")
        self.bent_grid = pg.PlotCurveItem(pen=pg.mkPen((110, 110, 110, 110), width=1))
        self.bent_grid.setZValue(-5)
        self.getPlotItem().addItem(self.bent_grid)
        self.title_text = "input X"

    def show_stage(self, points: np.ndarray, labels: np.ndarray, grid: np.ndarray) -> None:
        """Points (N, 2) with their classes, and grid lines (lines, samples, 2)."""
        self.set_points(points, labels)
        x, y = polyline_data(grid)
        self.bent_grid.setData(x, y, connect="finite")

    def content_box(self) -> Box | None:
        if not self.dots.count:
            return None
        r = self.dots.data_bounds()
        return Box(r.left(), r.right(), r.top(), r.bottom())

    def keep_in_view(self) -> None:
        """Refit only when the points left the view or became a speck in it: a stage that
        moves a little as the net learns does not make the axes jump.

        "Left the view" is judged by the fitted range, not the wider one shown (as in the shared
        plane canvas): points in the aspect's slack were cut off by the next resize."""
        box = self.content_box()
        if box is not None and needs_refit(self.fitted_box(), box):
            self.fit_to(box)

    def set_title(self, title: str, note: str = "") -> None:
        """The stage's name and, in orange, how a wide stage is brought down to 2-D."""
        self.title_text = title if not note else f"{title} — {note}"
        html = title if not note else f"{title}<br><span style='color:#b05000'>{note}</span>"
        set_plot_title(self.getPlotItem(), html)  # changes every frame of Play: no relayout
