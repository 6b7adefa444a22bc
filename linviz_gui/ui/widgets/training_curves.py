"""Live loss and accuracy curves of a training run, one point per gradient step.

A run with held-out points also gets its test curves: dashed and black beside the solid train
curve (Okabe-Ito's black, and a dash, so no colour vision confuses the two), with a legend.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer

#: Least time between two redraws: axes are costly to paint and a step can take microseconds.
REDRAW_MS = 100
LOSS_COLOR = "#d55e00"
ACCURACY_COLOR = "#0072b2"
TEST_COLOR = "#000000"


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
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen(LOSS_COLOR, width=2), name="train")
        self.accuracy_curve = self.accuracy_plot.plot(
            pen=pg.mkPen(ACCURACY_COLOR, width=2), name="train"
        )
        test_pen = pg.mkPen(TEST_COLOR, width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
        self.test_loss_curve = self.loss_plot.plot(pen=test_pen, name="test")
        self.test_accuracy_curve = self.accuracy_plot.plot(pen=test_pen, name="test")
        self.legends: list[pg.LegendItem] = []
        # In the corner a curve leaves free as a run learns: the loss falls, the accuracy rises.
        for plot, curves, offset in (
            (self.loss_plot, (self.loss_curve, self.test_loss_curve), (-10, 2)),
            (self.accuracy_plot, (self.accuracy_curve, self.test_accuracy_curve), (-10, -2)),
        ):
            legend = pg.LegendItem(offset=offset, labelTextColor="#333333", colCount=2)
            legend.setParentItem(plot.getViewBox())
            for curve in curves:
                legend.addItem(curve, curve.name())
            legend.setVisible(False)  # only a run with test points has two curves to tell
            self.legends.append(legend)
        self.steps = np.zeros(0)
        self.losses = np.zeros(0)
        self.accuracies = np.zeros(0)
        #: Loss and accuracy on the held-out points, NaN where the run has none.
        self.test_losses = np.zeros(0)
        self.test_accuracies = np.zeros(0)
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self._redraw)
        #: True when the curves on screen are empty: clearing them again draws nothing (a drag
        #: on the Classifier clears them every frame, and the plots' repaint cost a millisecond).
        self._drawn_empty = True

    def clear_curves(self) -> None:
        self.steps, self.losses, self.accuracies = np.zeros(0), np.zeros(0), np.zeros(0)
        self.test_losses, self.test_accuracies = np.zeros(0), np.zeros(0)
        self._redraw_timer.stop()
        if not self._drawn_empty:
            self._redraw()

    def append(
        self,
        first_step: int,
        losses: np.ndarray,
        accuracies: np.ndarray,
        test_losses: np.ndarray | None = None,
        test_accuracies: np.ndarray | None = None,
    ) -> None:
        """Add the measurements of steps ``first_step, first_step + 1, ...`` (the test ones
        NaN, or None, when the run holds no points out)."""
        if not len(losses):
            return
        none = np.full(len(losses), np.nan)
        steps = first_step + np.arange(len(losses))
        self.steps = np.concatenate([self.steps, steps])
        self.losses = np.concatenate([self.losses, losses])
        self.accuracies = np.concatenate([self.accuracies, accuracies])
        self.test_losses = np.concatenate([self.test_losses, _or(test_losses, none)])
        self.test_accuracies = np.concatenate([self.test_accuracies, _or(test_accuracies, none)])
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    @property
    def has_test(self) -> bool:
        """True when some step was measured on held-out points too."""
        return bool(np.isfinite(self.test_losses).any())

    def cut_at(self, step: int) -> None:
        """Keep the measurements of the steps before ``step`` (a run taken back to it)."""
        keep = self.steps < step
        self.steps, self.losses = self.steps[keep], self.losses[keep]
        self.accuracies = self.accuracies[keep]
        self.test_losses, self.test_accuracies = self.test_losses[keep], self.test_accuracies[keep]
        self.flush()

    def flush(self) -> None:
        """Draw what has arrived now rather than at the next redraw."""
        self._redraw_timer.stop()
        self._redraw()

    def _redraw(self) -> None:
        self._drawn_empty = not len(self.steps)
        self.loss_curve.setData(self.steps, self.losses)
        self.accuracy_curve.setData(self.steps, self.accuracies)
        tested = np.isfinite(self.test_losses)
        steps = self.steps[tested]
        self.test_loss_curve.setData(steps, self.test_losses[tested])
        self.test_accuracy_curve.setData(steps, self.test_accuracies[tested])
        for legend in self.legends:
            legend.setVisible(bool(tested.any()))


def _or(values: np.ndarray | None, default: np.ndarray) -> np.ndarray:
    return default if values is None else np.asarray(values, dtype=float)
