"""The classifier's plane: labelled points, w as draggable arrows, hyperplanes, decision regions.

Each point is a ring in its true class's colour around a dot in the colour of its prediction
``sign(w · x + b)``, so a misclassified point is two-tone. Every weight row ``k`` has an arrow from
the origin with a :class:`BasisHandle` at its tip (dragging changes ``w_k``) and a line
``w_k · x + b_k = 0`` that can be dragged sideways (changing ``b_k``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

from linviz_gui.model.classifier.hyperplane import (
    DegenerateHyperplane,
    LinearParams,
    decision_map,
    hyperplane,
)
from linviz_gui.render.view_fit import Box, fitted
from linviz_gui.ui.widgets.arrow_item import VectorArrowItem
from linviz_gui.ui.widgets.basis_handle import BasisHandle
from linviz_gui.ui.widgets.class_colors import (
    CLASS_COLORS,
    CLASS_PALETTE,
    class_argb,
    region_rgba,
)
from linviz_gui.ui.widgets.plane_plot import setup_plane
from linviz_gui.ui.widgets.point_cloud_item import PointCloudItem

#: Side of the decision-region raster in cells; the view is always covered whatever the zoom.
REGION_CELLS = 200
LINE_COLOR = "#222222"
GRADIENT_COLOR = "#009e73"


class ClassifierCanvas(pg.PlotWidget):
    """Equal-aspect plane. Signals carry the row ``k`` of the parameters being dragged."""

    sigWeightDragStarted = Signal(int)
    sigWeightDragged = Signal(int, object)  # k, (x, y): the new w_k
    sigWeightDragFinished = Signal(int)
    sigWeightDragCancelled = Signal(int)
    sigLineDragStarted = Signal(int)
    sigLineDragged = Signal(int, object)  # k, a point (x, y) the line now passes through
    sigLineDragFinished = Signal(int)
    sigLineDragCancelled = Signal(int)

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("classifier-canvas")
        item = self.getPlotItem()
        setup_plane(self)
        item.addLine(x=0, pen=pg.mkPen((0, 0, 0, 60)))
        item.addLine(y=0, pen=pg.mkPen((0, 0, 0, 60)))
        self.regions = pg.ImageItem(axisOrder="row-major")
        self.regions.setZValue(-20)
        item.addItem(self.regions)
        self.rings = PointCloudItem(dot_radius=4.5)
        self.dots = PointCloudItem(dot_radius=2.5)
        item.addItem(self.rings)
        item.addItem(self.dots)
        self.ghost_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen("#777777", width=2, style=Qt.PenStyle.DashLine)
        )
        self.ghost_line.setZValue(4)
        self.ghost_line.hide()
        item.addItem(self.ghost_line)
        self.arrows: list[VectorArrowItem] = []
        self.handles: list[BasisHandle] = []
        self.lines: list[pg.InfiniteLine] = []
        self.gradient_arrows: list[VectorArrowItem] = []
        self._lines_moving: set[int] = set()
        self._params: LinearParams | None = None
        self.show_regions = True
        self._label_argb = np.zeros(0, np.uint32)
        item.getViewBox().sigRangeChanged.connect(self._on_range_change)
        self.set_view(Box(-3, 3, -3, 3))

    # Points -----------------------------------------------------------------------------------

    def set_points(self, points: np.ndarray, labels: np.ndarray) -> None:
        """Show the data: rings in the colour of each point's true class."""
        self._label_argb = class_argb(labels)
        self.rings.set_points(points, self._label_argb)
        self.dots.set_points(points, self._label_argb)

    def set_predictions(self, slots: np.ndarray) -> None:
        """Colour the dots by predicted slot: class k + 1, or 0 (exactly on the line, black),
        as :func:`~linviz_gui.model.classifier.hyperplane.predicted_slots` gives them."""
        if len(slots) == self.dots.count:
            self.dots.set_palette_colors(slots, CLASS_PALETTE)

    # Parameters -------------------------------------------------------------------------------

    def set_params(self, params: LinearParams) -> None:
        """Draw each row's arrow, handle and line (a handle being dragged is left alone)."""
        self._params = params
        self._ensure_rows(params.rows)
        for k in range(params.rows):
            w, b = params.weights[k], params.bias[k]
            self.arrows[k].set_tip(w)
            handle = self.handles[k]
            if not handle.dragging:
                handle.setPos(*w)
            line = self.lines[k]
            try:
                plane = hyperplane(w, b)
            except DegenerateHyperplane:
                line.hide()
                continue
            line.show()
            line.blockSignals(True)
            _turn(line, plane.angle_degrees)
            line.setPos(plane.foot)
            line.blockSignals(False)
        self._update_regions()

    def set_gradient(self, gradient: np.ndarray | None) -> None:
        """Draw ``−∇w_k L`` from the tip of each ``w_k`` (``gradient`` is (K, 2); None hides)."""
        params = self._params
        for k, arrow in enumerate(self.gradient_arrows):
            if gradient is None or params is None or k >= len(gradient):
                arrow.hide()
                continue
            wx, wy = params.weights[k]
            gx, gy = float(gradient[k][0]), float(gradient[k][1])
            arrow.set_tip((wx - gx, wy - gy), origin=(wx, wy))
            arrow.show()

    def show_ghost(self, w: tuple[float, float] | None, b: float = 0.0) -> None:
        """A dashed copy of an earlier hyperplane, to compare with the current one."""
        try:
            plane = hyperplane(w, b) if w is not None else None
        except DegenerateHyperplane:
            plane = None
        if plane is None:
            self.ghost_line.hide()
            return
        _turn(self.ghost_line, plane.angle_degrees)
        self.ghost_line.setPos(plane.foot)
        self.ghost_line.show()

    def set_regions_visible(self, visible: bool) -> None:
        self.show_regions = visible
        self._update_regions()

    def _ensure_rows(self, rows: int) -> None:
        if len(self.arrows) == rows:
            return
        item = self.getPlotItem()
        for graphic in (*self.arrows, *self.handles, *self.lines):
            item.removeItem(graphic)
        for graphic in self.gradient_arrows:
            item.removeItem(graphic)
        self.arrows, self.handles, self.lines, self.gradient_arrows = [], [], [], []
        for k in range(rows):
            color = LINE_COLOR if rows == 1 else CLASS_COLORS[k % len(CLASS_COLORS)]
            name = "w" if rows == 1 else f"w_{k}"
            arrow = VectorArrowItem(color, label=name)
            handle = BasisHandle(
                color,
                f"Drag: the weight vector {name}. Shift snaps to 0.1; "
                "right-click during the drag cancels it.",
            )
            line = pg.InfiniteLine(
                angle=0,
                movable=True,
                pen=pg.mkPen(color, width=2.5),
                hoverPen=pg.mkPen(color, width=5),
            )
            line.setToolTip(
                f"The hyperplane {name} · x + b = 0. Drag it sideways to change b"
                + ("" if rows == 1 else f"_{k}")
            )
            line.setZValue(5)
            line.sigDragged.connect(self._on_line_dragged)
            line.sigPositionChangeFinished.connect(self._on_line_finished)
            handle.sigDragStarted.connect(self._on_handle_started)
            handle.sigDragged.connect(self._on_handle_dragged)
            handle.sigDragFinished.connect(self._on_handle_finished)
            handle.sigDragCancelled.connect(self._on_handle_cancelled)
            gradient = VectorArrowItem(GRADIENT_COLOR, label=f"−∇{name} L")
            gradient.setZValue(12)
            gradient._label.setAnchor((0, 0))  # below the tip, clear of w's own label
            gradient.hide()
            for graphic in (line, arrow, gradient, handle):
                item.addItem(graphic)
            self.gradient_arrows.append(gradient)
            self.arrows.append(arrow)
            self.handles.append(handle)
            self.lines.append(line)

    # Dragging ---------------------------------------------------------------------------------

    def _on_handle_started(self, handle: BasisHandle) -> None:
        self.sigWeightDragStarted.emit(self.handles.index(handle))

    def _on_handle_dragged(self, handle: BasisHandle, xy: tuple[float, float]) -> None:
        self.sigWeightDragged.emit(self.handles.index(handle), xy)

    def _on_handle_finished(self, handle: BasisHandle) -> None:
        self.sigWeightDragFinished.emit(self.handles.index(handle))

    def _on_handle_cancelled(self, handle: BasisHandle) -> None:
        self.sigWeightDragCancelled.emit(self.handles.index(handle))

    def _on_line_dragged(self, line: pg.InfiniteLine) -> None:
        k = self.lines.index(line)
        if not line.moving:
            # pyqtgraph's right-click during a drag: it put the line back, and the view puts b
            # back exactly (b read from the restored position can differ in the last bit).
            if k in self._lines_moving:
                self.sigLineDragCancelled.emit(k)
            return
        if k not in self._lines_moving:
            self._lines_moving.add(k)
            self.sigLineDragStarted.emit(k)
        pos = line.pos()
        self.sigLineDragged.emit(k, (float(pos.x()), float(pos.y())))

    def _on_line_finished(self, line: pg.InfiniteLine) -> None:
        k = self.lines.index(line)
        self._lines_moving.discard(k)
        self.sigLineDragFinished.emit(k)

    # The view ---------------------------------------------------------------------------------

    def set_view(self, box: Box) -> None:
        self.getPlotItem().getViewBox().setRange(
            xRange=(box.left, box.right), yRange=(box.bottom, box.top), padding=0
        )

    def fit(self) -> None:
        """Show every point, the origin and the tips of the weight vectors."""
        xs, ys = [0.0], [0.0]
        if self._params is not None:
            xs += [w[0] for w in self._params.weights]
            ys += [w[1] for w in self._params.weights]
        box = Box(min(xs), max(xs), min(ys), max(ys))
        if self.rings.count:
            r = self.rings.data_bounds()
            box = box.union(Box(r.left(), r.right(), r.top(), r.bottom()))
        self.set_view(fitted(box, minimum=2.0))

    def _on_range_change(self, *_args: object) -> None:
        self._update_regions()

    def _update_regions(self) -> None:
        if not self.show_regions or self._params is None:
            self.regions.hide()
            return
        (x0, x1), (y0, y1) = self.getPlotItem().getViewBox().viewRange()
        if not (x1 > x0 and y1 > y0):
            return
        aspect = (y1 - y0) / (x1 - x0)
        width = REGION_CELLS
        height = max(1, min(4 * REGION_CELLS, round(REGION_CELLS * aspect)))
        classes = decision_map(self._params, (x0, x1), (y0, y1), width, height)
        self.regions.setImage(region_rgba(classes), autoLevels=False)
        self.regions.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.regions.show()


def _turn(line: pg.InfiniteLine, angle: float) -> None:
    """Set the line's angle. pyqtgraph keeps the extent it computed for the old angle until the
    position changes, so a line turned about a fixed foot (b = 0) was drawn, and could be
    grabbed, only partly: the extent is recomputed here."""
    if line.angle != angle:
        line.setAngle(angle)
        line.viewTransformChanged()
