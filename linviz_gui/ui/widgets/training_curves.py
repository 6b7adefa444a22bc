"""Live loss and accuracy curves of a training run, one point per gradient step."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer

#: Least time between two redraws: axes are costly to paint and a step can take microseconds.
REDRAW_MS = 100


class TrainingCurves(pg.GraphicsLayoutWidget):
    """Two stacked plots sharing the step axis: the loss above, the accuracy (0 to 1) below."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackground("w")
        self.setObjectName("training-curves")
        self.loss_plot = self.addPlot(row=0, col=0)
        self.accuracy_plot = self.addPlot(row=1, col=0)
        for plot, name in ((self.loss_plot, "loss"), (self.accuracy_plot, "accuracy")):
            plot.setLabel("left", name)
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            plot.getAxis("left").enableAutoSIPrefix(False)
            for axis in ("left", "bottom"):
                # Kept as a pixmap (as on every canvas): the tab's repaints do not replay each
                # tick, label and grid line; a new range redraws it.
                plot.getAxis(axis).setCacheMode(
                    pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
                )
        self.accuracy_plot.setLabel("bottom", "step")
        self.accuracy_plot.setXLink(self.loss_plot)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.05)
        self.accuracy_plot.getViewBox().setMouseEnabled(y=False)
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#d55e00", width=2))
        self.accuracy_curve = self.accuracy_plot.plot(pen=pg.mkPen("#0072b2", width=2))
        self.steps = np.zeros(0)
        self.losses = np.zeros(0)
        self.accuracies = np.zeros(0)
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self._redraw)

    def clear_curves(self) -> None:
        self.steps, self.losses, self.accuracies = np.zeros(0), np.zeros(0), np.zeros(0)
        self._redraw_timer.stop()
        self._redraw()

    def append(self, first_step: int, losses: np.ndarray, accuracies: np.ndarray) -> None:
        """Add the measurements of steps ``first_step, first_step + 1, ...``."""
        if not len(losses):
            return
        steps = first_step + np.arange(len(losses))
        self.steps = np.concatenate([self.steps, steps])
        self.losses = np.concatenate([self.losses, losses])
        self.accuracies = np.concatenate([self.accuracies, accuracies])
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def cut_at(self, step: int) -> None:
        """Keep the measurements of the steps before ``step`` (a run taken back to it)."""
        keep = self.steps < step
        self.steps, self.losses = self.steps[keep], self.losses[keep]
        self.accuracies = self.accuracies[keep]
        self.flush()

    def flush(self) -> None:
        """Draw what has arrived now rather than at the next redraw."""
        self._redraw_timer.stop()
        self._redraw()

    def _redraw(self) -> None:
        self.loss_curve.setData(self.steps, self.losses)
        self.accuracy_curve.setData(self.steps, self.accuracies)
