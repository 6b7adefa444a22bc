"""A :class:`SpaceCanvas` for one stage of a network: points, the grid bent by the network as
polylines, the images of the basis vectors, and a title that says how a wide stage is shown."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from linviz_gui.ui.widgets.plane_canvas import SpaceCanvas
from linviz_gui.ui.widgets.plot_title import set_plot_title


def polyline_data(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of (lines, samples, 2) points with a NaN after each line (``connect="finite"``)."""
    gap = np.full((lines.shape[0], 1, 2), np.nan, np.float32)
    flat = np.concatenate([lines.astype(np.float32, copy=False), gap], axis=1).reshape(-1, 2)
    return flat[:, 0], flat[:, 1]


class NetworkCanvas(SpaceCanvas):
    """The straight grid of :class:`SpaceCanvas` is replaced by grid lines sent through the net."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.grid.setVisible(False)
        self.bent_grid = pg.PlotCurveItem(pen=pg.mkPen((110, 110, 110, 110), width=1))
        self.bent_grid.setZValue(-5)
        self.getPlotItem().addItem(self.bent_grid)
        self.grid_visible = True
        self.title_text = title

    def show_stage(
        self,
        points: np.ndarray,
        grid: np.ndarray,
        basis: np.ndarray,
        argb: np.ndarray | None = None,
        labels: tuple[str, str] = ("e₁", "e₂"),
    ) -> None:
        """Points (N, 2), grid lines (lines, samples, 2) and the images of 0, e₁, e₂ (3, 2)."""
        self.set_points(points, argb)
        x, y = polyline_data(grid)
        self.bent_grid.setData(x, y, connect="finite")
        origin = (float(basis[0, 0]), float(basis[0, 1]))
        for j, arrow in enumerate(self.arrows):
            arrow.set_tip((float(basis[j + 1, 0]), float(basis[j + 1, 1])), origin)
            arrow._label.setText(labels[j])

    def set_title(self, title: str, note: str = "") -> None:
        """The stage's name, and under it (in orange) how a wide stage is projected to 2-D."""
        self.title_text = title if not note else f"{title} — {note}"
        # The note goes on lines of its own, broken after its commas: in one line ("width 5,
        # shown as units 1 and 2") it was cut off on a canvas of half the tab.
        lines = note.replace(", ", ",<br>")
        html = title if not note else f"{title}<br><span style='color:#b05000'>{lines}</span>"
        # The scrubber changes it on every frame: no relayout of the plot for that.
        set_plot_title(self.getPlotItem(), html)

    def set_grid_visible(self, visible: bool) -> None:
        self.grid_visible = visible
        self.bent_grid.setVisible(visible)
