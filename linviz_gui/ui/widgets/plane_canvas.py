"""A pyqtgraph canvas for one space: points, basis arrows, an optional deformed grid."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.render.ellipse import semi_axes, unit_circle_image
from linviz_gui.render.view_fit import Box, fitted, needs_refit
from linviz_gui.ui.widgets.arrow_item import VectorArrowItem
from linviz_gui.ui.widgets.grid_item import DeformedGridItem
from linviz_gui.ui.widgets.plane_plot import setup_plane
from linviz_gui.ui.widgets.point_cloud_item import PointCloudItem


class SpaceCanvas(pg.PlotWidget):
    """Equal-aspect plot of a point cloud and the two basis vectors (columns of W)."""

    sigFitRequested = Signal()

    def __init__(self, title: str, colors: tuple[str, str] = ("#ff0000", "#00c000")) -> None:
        super().__init__(background="w")
        self.setObjectName(title)
        item = self.getPlotItem()
        item.setTitle(title)
        setup_plane(self)
        self.points = PointCloudItem()
        self.grid = DeformedGridItem()
        self.arrows = (
            VectorArrowItem(colors[0], (1.0, 0.0), "e₁"),
            VectorArrowItem(colors[1], (0.0, 1.0), "e₂"),
        )
        # The image of the unit circle and its semi-axes s₁u₁, s₂u₂ (hidden until asked for).
        self.ellipse = pg.PlotCurveItem(pen=pg.mkPen((40, 40, 40, 200), width=1.5))
        self.ellipse_axes = pg.PlotCurveItem(
            pen=pg.mkPen((40, 40, 40, 200), width=1.5, style=Qt.PenStyle.DashLine), connect="pairs"
        )
        for overlay in (self.ellipse, self.ellipse_axes):
            overlay.setZValue(8)
            overlay.setVisible(False)
        for graphic in (self.grid, self.points, *self.arrows, self.ellipse, self.ellipse_axes):
            item.addItem(graphic)
        item.addLine(x=0, pen=pg.mkPen((0, 0, 0, 60)))
        item.addLine(y=0, pen=pg.mkPen((0, 0, 0, 60)))
        _skip_hover_while_dragging(self.scene())
        self.auto_fit = True
        self._basis = Matrix2.identity()
        self.set_view(Box(-3.5, 3.5, -3.5, 3.5))

    # What is shown --------------------------------------------------------------------------

    def set_points(self, points: np.ndarray, argb: np.ndarray | None = None) -> None:
        self.points.set_points(points, argb)

    def set_basis(self, w: Matrix2, labels: tuple[str, str] = ("e₁", "e₂")) -> None:
        self._basis = w
        for j, arrow in enumerate(self.arrows):
            arrow.set_tip(w.column(j))
            arrow._label.setText(labels[j])
        self.grid.set_matrix(w)
        if self.ellipse.isVisible():
            self._update_ellipse()

    def set_ellipse_visible(self, visible: bool) -> None:
        """Show the image of the unit circle: the ellipse with semi-axes s₁u₁ and s₂u₂."""
        self.ellipse.setVisible(visible)
        self.ellipse_axes.setVisible(visible)
        if visible:
            self._update_ellipse()

    def _update_ellipse(self) -> None:
        circle, axes = unit_circle_image(self._basis), semi_axes(self._basis)
        self.ellipse.setData(circle[:, 0], circle[:, 1])
        self.ellipse_axes.setData(axes[:, 0], axes[:, 1], connect="pairs")

    def set_basis_colors(self, e1: str, e2: str) -> None:
        for arrow, color in zip(self.arrows, (e1, e2), strict=True):
            arrow.set_color(color)

    def set_grid_visible(self, visible: bool) -> None:
        self.grid.setVisible(visible)

    # The view -------------------------------------------------------------------------------

    def view_box(self) -> Box:
        return Box.of_ranges(*self.getPlotItem().getViewBox().viewRange())

    def set_view(self, box: Box) -> None:
        self.getPlotItem().getViewBox().setRange(
            xRange=(box.left, box.right), yRange=(box.bottom, box.top), padding=0
        )

    def content_box(self) -> Box:
        xs = [0.0] + [a.tip()[0] for a in self.arrows]
        ys = [0.0] + [a.tip()[1] for a in self.arrows]
        box = Box(min(xs), max(xs), min(ys), max(ys))
        if self.points.count:
            r = self.points.data_bounds()
            box = box.union(Box(r.left(), r.right(), r.top(), r.bottom()))
        return box

    def fit(self) -> None:
        """Show all the points and both basis vectors."""
        self.set_view(fitted(self.content_box()))

    def fitted_box(self) -> Box:
        """The range last asked for; the view shows more along one axis to keep the aspect."""
        return Box.of_ranges(*self.getPlotItem().getViewBox().targetRange())

    def keep_in_view(self) -> None:
        """Refit only when the content left the view or became a speck in it (no jumping).

        "Left the view" is judged by the fitted range, not the wider one shown: content in the
        aspect's slack was cut off by the next change of the canvas's shape (a resize)."""
        if self.auto_fit and needs_refit(self.fitted_box(), self.content_box()):
            self.fit()


def _skip_hover_while_dragging(scene: object) -> None:
    """Skip pyqtgraph's hover pass on mouse moves while an item is being dragged.

    During a drag pyqtgraph still looks up every item under the cursor and sends it a hover event
    that may not be accepted; on a 1000-point canvas that was a fifth of each frame.
    """
    send_hover_events = scene.sendHoverEvents  # type: ignore[attr-defined]

    def send_unless_dragging(ev: object, exitOnly: bool = False) -> None:
        if not exitOnly and getattr(scene, "dragItem", None) is not None:
            return
        send_hover_events(ev, exitOnly)

    scene.sendHoverEvents = send_unless_dragging  # type: ignore[attr-defined]
