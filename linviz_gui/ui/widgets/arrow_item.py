"""An arrow from the origin to a tip in data coordinates, with a head of constant screen size."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF, QTransform

LABEL_HALO = (255, 255, 255, 190)


def label_anchor(dx: float, dy: float) -> tuple[float, float]:
    """Where a label sits on the tip of an arrow along (dx, dy): beyond the tip, in the arrow's
    direction, so labels of arrows meeting near one point (Me₁ and s₁u₁) part ways.

    The result is a ``pg.TextItem`` anchor: (0, 0.5) to the right of the tip for an arrow
    pointing right, (0.5, 1) above it for one pointing up, a corner for a diagonal.
    """
    longest = max(abs(dx), abs(dy))
    if longest < 1e-12:
        return (0.0, 1.0)
    return (0.5 - 0.5 * dx / longest, 0.5 + 0.5 * dy / longest)


class VectorArrowItem(pg.GraphicsObject):
    """Drawn like the course's ``plt.arrow(..., length_includes_head=True)``."""

    HEAD_PX = 14.0
    WIDTH_PX = 3.0

    def __init__(self, color: str, tip: tuple[float, float] = (1.0, 0.0), label: str = "") -> None:
        super().__init__()
        self._color = QColor(color)
        self._tip = QPointF(*tip)
        self._origin = QPointF(0.0, 0.0)
        self._pixel: float | None = None
        self._label_stale = False
        self._placing_before_paint = False
        self.setZValue(10)
        # A pale halo under the text keeps a label readable on the points (viridis greens under
        # the green e₂, say).
        self._label = pg.TextItem(label, color=self._color, anchor=(0, 1), fill=LABEL_HALO)
        self._label.setParentItem(self)
        self.set_tip(tip)

    def set_tip(self, tip: tuple[float, float], origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.prepareGeometryChange()
        self._tip = QPointF(*tip)
        self._origin = QPointF(*origin)
        self._label.setPos(self._tip)
        self._place_label()
        self.update()

    def label_anchor(self) -> tuple[float, float]:
        """The label's place: beyond the tip (:func:`label_anchor`), but turned back towards the
        plot where it would be cut by the edge of the view (f(e₁) at the right edge)."""
        dx, dy = self._tip.x() - self._origin.x(), self._tip.y() - self._origin.y()
        ax, ay = label_anchor(dx, dy)
        view = self.getViewBox()
        label = self._label
        if view is None or not label.toPlainText():
            return (ax, ay)
        inside, rect = view.sceneBoundingRect(), self._label_rect((ax, ay))
        x_cut = rect.right() > inside.right() or rect.left() < inside.left()
        y_cut = rect.top() < inside.top() or rect.bottom() > inside.bottom()
        if x_cut:
            ax = 1.0 if rect.right() > inside.right() else 0.0
            ay = 1.0 if ay == 0.5 else ay  # turned back: above the shaft, not over it
        if y_cut:
            ay = 0.0 if rect.top() < inside.top() else 1.0
            ax = 0.0 if ax == 0.5 else ax  # beside the shaft
        return (ax, ay)

    def _label_rect(self, anchor: tuple[float, float]) -> QRectF:
        """Where the label would lie in the scene with ``anchor``, without moving it there.

        A label is drawn unscaled (pyqtgraph's TextItem undoes the view's scale), so its text
        keeps its size in scene pixels and the anchor point sits on the tip: arithmetic, where
        moving the label and asking its scene rectangle cost a fifth of a 1,000-point drag frame.
        """
        text = self._label.textItem.boundingRect()
        at = self.mapToScene(self._tip)
        w, h = text.width(), text.height()
        return QRectF(at.x() - anchor[0] * w, at.y() - anchor[1] * h, w, h)

    def _place_label(self) -> None:
        self._label_stale = False
        anchor = self.label_anchor()
        if tuple(self._label.anchor) != anchor:  # the same anchor leaves the text where it is
            self._label.setAnchor(anchor)

    def _place_stale_label(self) -> None:
        if self._label_stale:
            self._place_label()

    def tip(self) -> tuple[float, float]:
        return (self._tip.x(), self._tip.y())

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self._label.setColor(self._color)
        self.update()

    def boundingRect(self) -> QRectF:
        # The scene asks many times a frame; the pixel size costs a device transform, so it is
        # kept until pyqtgraph says the view changed.
        if self._pixel is None:
            self._pixel = self.pixelLength(pg.Point(1, 0)) or 0.0
        rect = QRectF(self._origin, self._tip).normalized()
        pad = self.HEAD_PX * self._pixel
        return rect.adjusted(-pad, -pad, pad, pad)

    def viewTransformChanged(self) -> None:
        self._pixel = None
        self.prepareGeometryChange()
        # Placed again just before the next paint, not here: this runs inside the view's own
        # range change, where moving a child item made a fit land short of its content.
        self._label_stale = True
        scene = self.scene()
        if scene is not None and not self._placing_before_paint:
            scene.sigPrepareForPaint.connect(self._place_stale_label)
            self._placing_before_paint = True

    def paint(self, painter: QPainter, *args: object) -> None:
        world = painter.worldTransform()
        origin, tip = world.map(self._origin), world.map(self._tip)
        dx, dy = tip.x() - origin.x(), tip.y() - origin.y()
        length = math.hypot(dx, dy)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = export_scale(self)
        head = min(self.HEAD_PX * scale, length)
        if length > 1e-6:
            ux, uy = dx / length, dy / length
            base = QPointF(tip.x() - ux * head, tip.y() - uy * head)
            pen = QPen(self._color, self.WIDTH_PX * scale)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(origin, base)
            half = head * 0.45
            wing = QPointF(-uy * half, ux * half)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._color)
            painter.drawPolygon(QPolygonF([tip, base + wing, base - wing]))
        painter.restore()


def export_scale(item: pg.GraphicsObject) -> float:
    """How much larger than on screen an exporter is rendering (1 on screen).

    pyqtgraph's exporters announce it through ``setExportMode``; asking the item for its
    ``deviceTransform()`` during paint instead crashes PySide6.
    """
    options = getattr(item, "_exportOpts", False)
    return float(options.get("resolutionScale", 1.0)) if isinstance(options, dict) else 1.0


def part_labels(arrows: list[VectorArrowItem]) -> None:
    """Move apart the labels of ``arrows`` that would be drawn over each other.

    Each label starts beyond its tip (:func:`label_anchor`); one that overlaps a label placed
    before it goes to the nearest free place one, two or three lines up or down. Call it after
    the tips moved.
    """
    placed: list[QRectF] = []
    for arrow in arrows:
        label = arrow._label
        if not arrow.isVisible() or not label.toPlainText():
            continue
        ax, ay = arrow.label_anchor()
        label.updateTransform(force=True)  # the view's scale now, not the last paint's
        rect = QRectF()
        for lines in (0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0):
            # A larger anchor y lifts the text by that many of its heights.
            label.setAnchor((ax, ay + lines))
            rect = label.sceneBoundingRect()
            if not any(r.intersects(rect) for r in placed):
                break
        placed.append(rect)
