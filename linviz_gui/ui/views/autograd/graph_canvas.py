"""The autograd graph drawn as boxes and arrows on a QGraphicsScene.

Layers run from the result (top) down to x (bottom). Tensor boxes (blue) show a line's values
and, after backward, its gradient; ``grad_fn`` boxes (orange) show the node's name and the
gradient arriving at it. Solid arrows follow ``next_functions``: the way gradients flow in
``backward()``. Dashed arrows join a tensor to its ``grad_fn`` and ``AccumulateGrad`` to the
leaf whose ``.grad`` it fills. Positions come from the Qt-free
:func:`~linviz_gui.model.autograd.layout.layered_layout` grid.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
    QWidget,
)

from linviz_gui.model.autograd.graph import GraphEdge, GraphNode

_FILL = {"tensor": QColor("#e8f1fb"), "function": QColor("#fdf0e0")}
_BORDER = {"tensor": QColor("#0072b2"), "function": QColor("#d55e00")}
_CURRENT = QColor("#d62728")
_GRAD_COLOR = "#b8002e"
_FLOW = QColor("#8c2d04")
_LINK = QColor("#7f7f7f")
_GAP_X = 90.0
_GAP_Y = 40.0
_PAD = 8.0


class GraphCanvas(QGraphicsView):
    """Call :meth:`show_graph`; :meth:`box_text` reads back what a box says (for tests too)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(QColor("white")))
        self.setMinimumSize(320, 240)
        self._boxes: dict[str, QGraphicsRectItem] = {}
        self._texts: dict[str, QGraphicsTextItem] = {}
        self.current: str | None = None

    # Public API ----------------------------------------------------------------------------

    def show_graph(
        self,
        nodes: Iterable[GraphNode],
        edges: Iterable[GraphEdge],
        revealed: set[str] | None = None,
        current: str | None = None,
    ) -> None:
        """Draw ``nodes`` and ``edges``. Gradients show only on functions in ``revealed`` and
        tensors whose owner is in it (all of them when ``revealed`` is None); ``current`` is
        outlined in red (the node the step-by-step backward has just run)."""
        scene = self.scene()
        scene.clear()
        self._boxes.clear()
        self._texts.clear()
        self.current = current
        nodes = list(nodes)
        for node in nodes:
            show_grad = revealed is None or (node.owner or node.key) in revealed
            self._add_box(node, show_grad, node.key == current)
        self._place(nodes)
        edges_list = list(edges)
        for edge in edges_list:
            if edge.source in self._boxes and edge.target in self._boxes:
                self._add_arrow(edge)
        self._add_legend(bool(edges_list))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self.fit()

    def box_text(self, key: str) -> str:
        """The plain text of a box (empty when there is no such box)."""
        text = self._texts.get(key)
        return text.toPlainText() if text is not None else ""

    def box_keys(self) -> list[str]:
        return list(self._boxes)

    def fit(self) -> None:
        """Show the whole graph, never enlarged beyond its natural size (text stays crisp)."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.0)
        self.scale(scale, scale)
        self.centerOn(rect.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    # Building ------------------------------------------------------------------------------

    def _add_box(self, node: GraphNode, show_grad: bool, current: bool) -> None:
        lines = [f"<b>{_html(node.title)}</b>"]
        if node.value:
            lines.append(_html(node.value))
        if node.note:
            lines.append(f"<span style='color:#555'>{_html(node.note)}</span>")
        if node.grad and show_grad:
            lines.append(f"<span style='color:{_GRAD_COLOR}'>{_html(node.grad)}</span>")
        text = QGraphicsTextItem()
        text.setFont(QFont("monospace", 9))
        text.setHtml("<br>".join(lines))
        text.setZValue(2)
        size = text.boundingRect()
        box = QGraphicsRectItem(0, 0, size.width() + 2 * _PAD, size.height() + 2 * _PAD)
        pen = QPen(_CURRENT if current else _BORDER[node.kind], 3.0 if current else 1.4)
        box.setPen(pen)
        box.setBrush(QBrush(_FILL[node.kind]))
        box.setZValue(1)
        box.setToolTip(text.toPlainText())
        text.setParentItem(box)
        text.setPos(_PAD, _PAD)
        self.scene().addItem(box)
        self._boxes[node.key] = box
        self._texts[node.key] = text

    def _add_legend(self, has_graph: bool) -> None:
        text = (
            "solid arrows: grad_fn.next_functions, the way backward() sends gradients\n"
            "dashed: a tensor's .grad_fn, and the leaf AccumulateGrad writes .grad into"
            if has_graph
            else "no grad_fn nodes: nothing was recorded for backward()"
        )
        legend = self.scene().addSimpleText(text)
        legend.setFont(QFont("sans-serif", 8))
        legend.setBrush(QBrush(_LINK))
        top = min((box.y() for box in self._boxes.values()), default=0.0)
        legend.setPos(0, top - legend.boundingRect().height() - 16)

    def _place(self, nodes: list[GraphNode]) -> None:
        """Layers top to bottom, the result on top and x at the bottom (as torchviz draws it);
        within a layer each tensor sits left of its grad_fn."""
        deepest = max((node.cell[0] for node in nodes), default=0)
        widths: dict[int, float] = {}
        heights: dict[int, float] = {}
        for node in nodes:
            rect = self._boxes[node.key].rect()
            layer, slot = deepest - node.cell[0], node.cell[1]
            widths[slot] = max(widths.get(slot, 0.0), rect.width())
            heights[layer] = max(heights.get(layer, 0.0), rect.height())
        xs = _offsets(widths, _GAP_X)
        ys = _offsets(heights, _GAP_Y)
        for node in nodes:
            layer, slot = deepest - node.cell[0], node.cell[1]
            box = self._boxes[node.key]
            # centre each box in its slot and layer so arrows between them stay straight
            box.setPos(
                xs[slot] + (widths[slot] - box.rect().width()) / 2,
                ys[layer] + (heights[layer] - box.rect().height()) / 2,
            )

    def _add_arrow(self, edge: GraphEdge) -> None:
        source = self._boxes[edge.source].sceneBoundingRect()
        target = self._boxes[edge.target].sceneBoundingRect()
        start = _border_point(source, target.center())
        end = _border_point(target, source.center())
        flow = edge.kind == "next"
        pen = QPen(_FLOW if flow else _LINK, 2.0 if flow else 1.2)
        if not flow:
            pen.setStyle(Qt.PenStyle.DashLine)
        scene = self.scene()
        line = scene.addLine(QLineF(start, end), pen)
        line.setZValue(0)
        head = scene.addPolygon(_arrow_head(start, end), QPen(pen.color()), QBrush(pen.color()))
        head.setZValue(0)
        if not flow:
            label = scene.addSimpleText(".grad_fn" if edge.kind == "grad_fn" else ".variable")
            label.setBrush(QBrush(_LINK))
            label.setFont(QFont("monospace", 8))
            size = label.boundingRect()
            middle = (start + end) / 2
            label.setPos(middle.x() - size.width() / 2, middle.y() - size.height() - 2)
            label.setZValue(3)


def _html(text: str) -> str:
    """Escaped, with spaces and line breaks kept (aligned matrix rows)."""
    return html.escape(text).replace(" ", "&nbsp;").replace("\n", "<br>")


def _offsets(sizes: dict[int, float], gap: float) -> dict[int, float]:
    offsets: dict[int, float] = {}
    position = 0.0
    for index in range(max(sizes, default=-1) + 1):
        offsets[index] = position
        position += sizes.get(index, 0.0) + gap
    return offsets


def _border_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the segment from the centre of ``rect`` toward ``toward`` leaves the rectangle."""
    center = rect.center()
    dx, dy = toward.x() - center.x(), toward.y() - center.y()
    if dx == 0 and dy == 0:
        return center
    scale_x = (rect.width() / 2) / abs(dx) if dx else math.inf
    scale_y = (rect.height() / 2) / abs(dy) if dy else math.inf
    scale = min(scale_x, scale_y)
    return QPointF(center.x() + dx * scale, center.y() + dy * scale)


def _arrow_head(start: QPointF, end: QPointF, size: float = 10.0) -> QPolygonF:
    angle = math.atan2(end.y() - start.y(), end.x() - start.x())
    left = QPointF(
        end.x() - size * math.cos(angle - math.pi / 7),
        end.y() - size * math.sin(angle - math.pi / 7),
    )
    right = QPointF(
        end.x() - size * math.cos(angle + math.pi / 7),
        end.y() - size * math.sin(angle + math.pi / 7),
    )
    return QPolygonF([end, left, right])
