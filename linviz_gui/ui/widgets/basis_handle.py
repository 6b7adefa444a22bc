"""A draggable round handle at the tip of a transformed basis vector.

Follows pyqtgraph's TargetItem: ``sigDragged`` while moving, ``sigDragFinished`` on release, and a
right-click during the drag cancels it (``sigDragCancelled``), restoring where it started.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTransform

from linviz_gui.ui.widgets.arrow_item import export_scale

SNAP_STEP = 0.1


def snap(value: float, step: float = SNAP_STEP) -> float:
    return round(round(value / step) * step, 10)


class BasisHandle(pg.GraphicsObject):
    """Emits data-coordinate positions; the owner decides what a position means for W."""

    sigDragStarted = Signal(object)
    sigDragged = Signal(object, object)  # self, (x, y)
    sigDragFinished = Signal(object)
    sigDragCancelled = Signal(object)

    RADIUS_PX = 8.0

    def __init__(self, color: str, tooltip: str = "") -> None:
        super().__init__()
        # Sized in screen pixels by hand, not with ItemIgnoresTransformations: Qt clips such an
        # item with its view box's clip path mapped without the view's scale, so zoomed in, a
        # press a few pixels off the centre missed the handle and panned the view instead.
        self.setAcceptHoverEvents(True)
        self.setZValue(20)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(tooltip)
        self._color = QColor(color)
        self._hover = False
        self.dragging = False
        self._pixel: tuple[float, float] | None = None

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()

    def boundingRect(self) -> QRectF:
        # Asked many times a frame; the pixel size costs a device transform, so it is kept
        # until pyqtgraph says the view changed.
        if self._pixel is None:
            self._pixel = (
                self.pixelLength(pg.Point(1, 0)) or 0.0,
                self.pixelLength(pg.Point(0, 1)) or 0.0,
            )
        px, py = self._pixel
        r = self.RADIUS_PX * 1.25 + 2
        return QRectF(-r * px, -r * py, 2 * r * px, 2 * r * py)

    def viewTransformChanged(self) -> None:
        self._pixel = None
        self.prepareGeometryChange()

    def paint(self, painter: QPainter, *args: object) -> None:
        centre = painter.worldTransform().map(QPointF(0, 0))
        scale = export_scale(self)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(self._color)
        fill.setAlpha(255 if (self._hover or self.dragging) else 110)
        painter.setPen(QPen(QColor("white"), 2 * scale))
        painter.setBrush(fill)
        r = self.RADIUS_PX * scale * (1.25 if self._hover or self.dragging else 1.0)
        painter.drawEllipse(centre, r, r)
        painter.restore()

    def hoverEnterEvent(self, ev: object) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, ev: object) -> None:
        self._hover = False
        self.update()

    def mouseDragEvent(self, ev: object) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        ev.accept()  # type: ignore[attr-defined]
        if ev.isStart():  # type: ignore[attr-defined]
            self.dragging = True
            self.sigDragStarted.emit(self)
        view = self.getViewBox()
        if not self.dragging or view is None:
            # Cancelled by a right-click, or the handle was taken off its canvas under the mouse
            # (new data with another number of classes): ignore the rest of this gesture.
            return
        pos = view.mapSceneToView(ev.scenePos())  # type: ignore[attr-defined]
        x, y = float(pos.x()), float(pos.y())
        if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:  # type: ignore[attr-defined]
            x, y = snap(x), snap(y)
        self.sigDragged.emit(self, (x, y))
        if ev.isFinish():  # type: ignore[attr-defined]
            self.dragging = False
            self.update()
            self.sigDragFinished.emit(self)

    def mouseClickEvent(self, ev: object) -> None:
        if self.dragging and ev.button() == Qt.MouseButton.RightButton:  # type: ignore[attr-defined]
            ev.accept()  # type: ignore[attr-defined]
            self.dragging = False
            self.update()
            self.sigDragCancelled.emit(self)
