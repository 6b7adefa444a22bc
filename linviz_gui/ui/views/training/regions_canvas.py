"""The input plane of the Training tab: decision regions under the labelled points, and clicks
that add or remove points (ConvNetJS's way of drawing one's own data).

A left click adds a point of the chosen class where it lands; Shift + click removes the point
nearest to it; the keys 1 to 9 choose the class of the next points. The canvas only reports what
was clicked (``sigAddPoint``, ``sigRemovePoint``, ``sigClassChosen``); the view changes the data.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent

from linviz_gui.render.view_fit import Box, fitted
from linviz_gui.ui.views.training.plane_colors import region_rgba
from linviz_gui.ui.widgets.class_colors import class_argb
from linviz_gui.ui.widgets.plane_plot import setup_plane
from linviz_gui.ui.widgets.point_cloud_item import PointCloudItem

#: Dots this dark ring each point, so a point reads on a region of its own colour.
RING_ARGB = 0xFF202020


class PlaneCanvas(pg.PlotWidget):
    """An equal-aspect plane with a colour image under labelled points (no clicks)."""

    def __init__(self, name: str, title: str = "") -> None:
        super().__init__(background="w")
        self.setObjectName(name)
        item = self.getPlotItem()
        setup_plane(self)
        if title:
            item.setTitle(title)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.image.hide()
        item.addItem(self.image)
        item.addLine(x=0, pen=pg.mkPen((0, 0, 0, 50)))
        item.addLine(y=0, pen=pg.mkPen((0, 0, 0, 50)))
        self.rings = PointCloudItem(dot_radius=3.5)
        self.dots = PointCloudItem(dot_radius=2.5)
        item.addItem(self.rings)
        item.addItem(self.dots)
        self.set_view(Box(-1.5, 1.5, -1.5, 1.5))

    def set_points(self, points: np.ndarray, labels: np.ndarray) -> None:
        """Show labelled ``points`` (N, 2), each in its class's colour inside a dark ring."""
        self.rings.set_points(points, np.full(len(points), RING_ARGB, np.uint32))
        self.dots.set_points(points, class_argb(labels))

    def set_image(self, rgba: np.ndarray, extent: Box) -> None:
        """Draw ``rgba`` (rows, columns, 4) over ``extent``, row 0 at the bottom."""
        self.image.setImage(rgba, autoLevels=False)
        width, height = extent.right - extent.left, extent.top - extent.bottom
        self.image.setRect(QRectF(extent.left, extent.bottom, width, height))
        self.image.show()

    def clear_image(self) -> None:
        self.image.hide()

    def view_box(self) -> Box:
        return Box.of_ranges(*self.getPlotItem().getViewBox().viewRange())

    def fitted_box(self) -> Box:
        """The range last asked for; the view shows more along one axis to keep the aspect."""
        return Box.of_ranges(*self.getPlotItem().getViewBox().targetRange())

    def set_view(self, box: Box) -> None:
        self.getPlotItem().getViewBox().setRange(
            xRange=(box.left, box.right), yRange=(box.bottom, box.top), padding=0
        )

    def fit_to(self, box: Box) -> None:
        self.set_view(fitted(box, minimum=1.0))


class RegionsCanvas(PlaneCanvas):
    """Decision regions: class colour by confidence, the tie between two classes dark."""

    sigAddPoint = Signal(float, float)  # a left click at (x, y)
    sigRemovePoint = Signal(float, float)  # a Shift + click at (x, y)
    sigClassChosen = Signal(int)  # a number key: the class (0-based) of the next points

    def __init__(self) -> None:
        super().__init__("training-regions", "Decision regions (click adds a point)")
        self.setToolTip(
            "Click: add a point of the chosen class · Shift+click: remove the nearest point · "
            "keys 1-9: choose the class"
        )
        self.scene().sigMouseClicked.connect(self._on_click)

    def show_regions(
        self, classes: np.ndarray, confidence: np.ndarray, class_count: int, extent: Box
    ) -> None:
        """Colour ``extent`` by the predicted ``classes`` and their ``confidence`` (rows,
        columns), row 0 at the bottom."""
        self.set_image(region_rgba(classes, confidence, class_count), extent)

    def _on_click(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():  # type: ignore[attr-defined]
            return
        view = self.getPlotItem().getViewBox()
        scene_pos: QPointF = event.scenePos()  # type: ignore[attr-defined]
        if not view.sceneBoundingRect().contains(scene_pos):
            return  # on an axis or the title
        point = view.mapSceneToView(scene_pos)
        event.accept()  # type: ignore[attr-defined]
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
        signal = self.sigRemovePoint if shift else self.sigAddPoint
        signal.emit(float(point.x()), float(point.y()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            self.sigClassChosen.emit(int(key) - int(Qt.Key.Key_1))
            event.accept()
            return
        super().keyPressEvent(event)
