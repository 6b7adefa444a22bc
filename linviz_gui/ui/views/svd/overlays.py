"""What the SVD canvas draws over the points: the unit circle and its ellipse with the singular
axes, the unit square and its parallelogram (coloured by the sign of det), eigenlines, and the
Gaussian's 1σ/2σ/3σ circles. Each frame is one 2x2 matrix M: the overlays show M applied."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from linviz_gui.model.linear.analysis import MatrixAnalysis
from linviz_gui.model.linear.gaussian_circles import RADII, ellipse_points
from linviz_gui.ui.widgets.arrow_item import VectorArrowItem

#: Okabe-Ito orange and reddish purple: the singular axes, readable for every colour vision.
AXIS_COLORS = ("#e69f00", "#cc79a7")
POSITIVE_FILL = QColor(0, 114, 178, 45)  # blue: orientation kept
NEGATIVE_FILL = QColor(213, 94, 0, 60)  # vermillion: orientation flipped
EIGEN_COLOR = "#009e73"
SIGMA_COLOR = (80, 80, 80)

OVERLAYS = ("circle", "square", "eigen", "sigma")
OVERLAY_LABELS = {
    "circle": "unit circle → ellipse, semi-axes s₁, s₂",
    "square": "unit square → parallelogram (area = det)",
    "eigen": "eigenlines (real eigenvectors)",
    "sigma": "1σ, 2σ, 3σ circles → ellipses",
}


class SvdOverlays:
    """The overlay items of one canvas; :meth:`show_frame` moves them all to a frame M."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        dashed = pg.mkPen((120, 120, 120, 160), width=1, style=Qt.PenStyle.DashLine)
        self.ghost_circle = pg.PlotCurveItem(pen=dashed)
        self.ellipse = pg.PlotCurveItem(pen=pg.mkPen(AXIS_COLORS[0], width=2))
        self.axes = (
            VectorArrowItem(AXIS_COLORS[0], (1.0, 0.0), "v₁"),
            VectorArrowItem(AXIS_COLORS[1], (0.0, 1.0), "v₂"),
        )
        self.square = QGraphicsPolygonItem()
        pen = QPen(QColor(60, 60, 60))
        pen.setCosmetic(True)
        self.square.setPen(pen)
        self.square.setZValue(-2)
        self.eigenlines: list[pg.InfiniteLine] = []
        self.eigen_arrows: list[VectorArrowItem] = []
        for _ in range(2):
            line = pg.InfiniteLine(
                pos=(0, 0), pen=pg.mkPen(EIGEN_COLOR, width=1.5, style=Qt.PenStyle.DashLine)
            )
            self.eigenlines.append(line)
            self.eigen_arrows.append(VectorArrowItem(EIGEN_COLOR, (1.0, 0.0), ""))
        sigma_pen = pg.mkPen((*SIGMA_COLOR, 110), width=1, style=Qt.PenStyle.DotLine)
        self.sigma_ghosts = [pg.PlotCurveItem(pen=sigma_pen) for _ in RADII]
        self.sigma_ellipses = [
            pg.PlotCurveItem(pen=pg.mkPen((*SIGMA_COLOR, 200), width=1.5)) for _ in RADII
        ]
        self.sigma_labels = [pg.TextItem("", color=SIGMA_COLOR, anchor=(0, 1)) for _ in RADII]
        for item in (
            self.square,
            self.ghost_circle,
            self.ellipse,
            *self.axes,
            *self.eigenlines,
            *self.eigen_arrows,
            *self.sigma_ghosts,
            *self.sigma_ellipses,
            *self.sigma_labels,
        ):
            plot.addItem(item)
        for r, ghost in zip(RADII, self.sigma_ghosts, strict=True):
            circle = ellipse_points(np.eye(2), r)
            ghost.setData(circle[:, 0], circle[:, 1])
        circle = ellipse_points(np.eye(2))
        self.ghost_circle.setData(circle[:, 0], circle[:, 1])
        self._visible = {name: name == "circle" for name in OVERLAYS}
        self._analysis: MatrixAnalysis | None = None
        self._apply_visibility()

    # Options ----------------------------------------------------------------------------------

    def visible(self, name: str) -> bool:
        return self._visible[name]

    def set_visible(self, name: str, on: bool) -> None:
        self._visible[name] = bool(on)
        self._apply_visibility()

    def set_sigma_texts(self, texts: list[str]) -> None:
        for label, text in zip(self.sigma_labels, texts, strict=True):
            label.setText(text)

    def set_analysis(self, analysis: MatrixAnalysis) -> None:
        self._analysis = analysis
        for line, (_value, v) in zip(self.eigenlines, analysis.real_eigenvectors, strict=False):
            line.setAngle(math.degrees(math.atan2(v[1], v[0])))
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        on = self._visible
        for item in (self.ghost_circle, self.ellipse, *self.axes):
            item.setVisible(on["circle"])
        self.square.setVisible(on["square"])
        count = len(self._analysis.real_eigenvectors) if self._analysis else 0
        for k, (line, arrow) in enumerate(zip(self.eigenlines, self.eigen_arrows, strict=True)):
            line.setVisible(on["eigen"] and k < count)
            arrow.setVisible(on["eigen"] and k < count)
        for item in (*self.sigma_ghosts, *self.sigma_ellipses, *self.sigma_labels):
            item.setVisible(on["sigma"])

    # One frame ------------------------------------------------------------------------------

    def show_frame(self, m: np.ndarray, stage: float | None) -> None:
        """Move every overlay to the frame M; ``stage`` (0..3 on the SVD path) picks labels."""
        analysis = self._analysis
        if analysis is None:
            return
        ellipse = ellipse_points(m)
        self.ellipse.setData(ellipse[:, 0], ellipse[:, 1])
        v = np.array(analysis.V)
        names = _axis_names(stage)
        for j, arrow in enumerate(self.axes):
            tip = m @ v[:, j]
            arrow.set_tip((float(tip[0]), float(tip[1])))
            arrow._label.setText(names[j])
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=np.float64) @ m.T
        self.square.setPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in corners]))
        det = float(np.linalg.det(m))
        self.square.setBrush(QBrush(POSITIVE_FILL if det >= 0 else NEGATIVE_FILL))
        for (value, vec), arrow in zip(analysis.real_eigenvectors, self.eigen_arrows, strict=False):
            tip = m @ np.array(vec)
            arrow.set_tip((float(tip[0]), float(tip[1])))
            arrow._label.setText(f"λ={value:.2f}" if stage is None or stage >= 3 else "")
        for r, item, label in zip(RADII, self.sigma_ellipses, self.sigma_labels, strict=True):
            points = ellipse_points(m, r)
            item.setData(points[:, 0], points[:, 1])
            top = points[np.argmax(points[:, 1])]
            label.setPos(float(top[0]), float(top[1]))


def _axis_names(stage: float | None) -> tuple[str, str]:
    """Labels of the images of v₁ and v₂ at an SVD stage (None: the straight path)."""
    if stage is None:
        return ("M v₁", "M v₂")
    if stage <= 0:
        return ("v₁", "v₂")
    if stage == 1:
        return ("e₁", "e₂")
    if stage == 2:
        return ("s₁e₁", "s₂e₂")
    if stage >= 3:
        return ("s₁u₁", "s₂u₂")
    return ("", "")
