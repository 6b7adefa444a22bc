"""How things look: point colour map, basis colours, grid, auto-fit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from linviz_gui.ui.widgets.colors import (
    BASIS_SCHEMES,
    COLORMAPS,
    DEFAULT_BASIS_SCHEME,
    DEFAULT_COLORMAP,
)

#: Point size choices -> factor on each canvas's dot radius.
POINT_SIZES = {"small": 0.6, "normal": 1.0, "large": 1.6, "very large": 2.4}


class DisplayOptions(QWidget):
    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.colormap_box = QComboBox()
        self.colormap_box.addItems(list(COLORMAPS))
        self.colormap_box.setCurrentText(DEFAULT_COLORMAP)
        self.colormap_box.setToolTip("Points are coloured by their original x coordinate")
        self.basis_box = QComboBox()
        self.basis_box.addItems(list(BASIS_SCHEMES))
        self.basis_box.setCurrentText(DEFAULT_BASIS_SCHEME)
        self.basis_box.setToolTip("Colours of e₁ and e₂ (and their images, the columns of W)")
        self.point_size_box = QComboBox()
        self.point_size_box.addItems(list(POINT_SIZES))
        self.point_size_box.setCurrentText("normal")
        self.point_size_box.setToolTip(
            "Size of the dots on every canvas (a few points are drawn larger at any size)"
        )
        self.grid_check = QCheckBox("grid lines deform with W")
        self.grid_check.setChecked(True)
        self.ellipse_check = QCheckBox("singular values: image of the unit circle")
        self.ellipse_check.setToolTip(
            "In the output space, the ellipse W maps the unit circle to; its dashed semi-axes"
            " are s₁u₁ and s₂u₂, the singular values times the columns of U"
        )
        self.auto_fit_check = QCheckBox("keep points in view")
        self.auto_fit_check.setChecked(True)
        self.auto_fit_check.setToolTip(
            "Move the view only when the points leave it or shrink to a speck (F fits now)"
        )
        form.addRow("Colour map", self.colormap_box)
        form.addRow("Basis", self.basis_box)
        form.addRow("Point size", self.point_size_box)
        form.addRow(self.grid_check)
        form.addRow(self.ellipse_check)
        form.addRow(self.auto_fit_check)
        for box in (self.colormap_box, self.basis_box, self.point_size_box):
            box.currentTextChanged.connect(lambda _t: self.sigChanged.emit())
        for check in (self.grid_check, self.ellipse_check, self.auto_fit_check):
            check.toggled.connect(lambda _c: self.sigChanged.emit())

    @property
    def colormap(self) -> str:
        return self.colormap_box.currentText()

    @property
    def point_scale(self) -> float:
        return POINT_SIZES[self.point_size_box.currentText()]

    @property
    def basis_colors(self) -> tuple[str, str]:
        scheme = BASIS_SCHEMES[self.basis_box.currentText()]
        return (scheme.e1, scheme.e2)
