"""Small multiples from the course: ten random W (sortable), five tanh nets, five ReLU nets.

Each picture is the net's output on the notebook's cloud, rasterised with numpy; a click opens it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.compute.network_jobs import (
    GROUP_RANDOM_W,
    GROUP_RELU,
    GROUP_TANH,
    GalleryItem,
    GalleryResult,
)
from linviz_gui.render.raster import rasterize
from linviz_gui.ui.widgets.colors import DEFAULT_COLORMAP, point_colors

THUMB_PX = 96

#: Sort orders for the random Ws: label -> key (ascending) over a gallery item.
SORT_ORDERS = {
    "notebook order": None,
    "det(W), lowest first": lambda item: item.det,
    "largest singular value, lowest first": lambda item: item.singular_values[0],
    "smallest singular value, lowest first": lambda item: item.singular_values[1],
}


def thumbnail(points: np.ndarray, argb: np.ndarray, size: int = THUMB_PX) -> QPixmap:
    """The points on a white square with faint axes, equal aspect, fitted to the bulk of the
    points (0.5 to 99.5 percentiles, so a few stragglers do not shrink the picture to a dot)."""
    finite = points[np.isfinite(points).all(1)]
    if len(finite):
        low, high = np.percentile(finite, [0.5, 99.5], axis=0)
    else:
        low, high = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    centre = (low + high) / 2
    # Zoomed to the points, like matplotlib's autoscale in the notebook; the caption gives the size.
    half = max(float((high - low).max()) / 2 * 1.15, 1e-6)
    scale = (size / 2 - 3) / half
    px = (points[:, 0] - centre[0]) * scale + size / 2
    py = size / 2 - (points[:, 1] - centre[1]) * scale
    pixels = rasterize(px.astype(np.float32), py.astype(np.float32), argb, size, size, 1.2)
    image = QImage(pixels.data, size, size, 4 * size, QImage.Format.Format_ARGB32_Premultiplied)
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor(0, 0, 0, 60)))
    ox, oy = size / 2 - centre[0] * scale, size / 2 + centre[1] * scale
    painter.drawLine(0, round(oy), size, round(oy))
    painter.drawLine(round(ox), 0, round(ox), size)
    painter.drawImage(0, 0, image)
    painter.end()
    return pixmap


def caption(item: GalleryItem) -> str:
    if item.det is not None and item.singular_values is not None:
        s1, s2 = item.singular_values
        return f"{item.title}\ndet {item.det:.2f}\nσ {s1:.2f}, {s2:.2f}"
    low, high = np.percentile(item.points, [0.5, 99.5], axis=0)
    return item.title.replace(", ", "\n") + f"\nspan {float((high - low).max()):.2g}"


class NetworkGallery(QWidget):
    """``sigChosen(GalleryItem)`` when a picture is clicked."""

    sigChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: GalleryResult | None = None
        self.buttons: dict[str, list[QToolButton]] = {}
        self.sort_box = QComboBox()
        self.sort_box.addItems(list(SORT_ORDERS))
        self.sort_box.setToolTip("Order of the ten random W")
        self.sort_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.sort_box.setMinimumContentsLength(14)
        self.sort_box.currentIndexChanged.connect(self._on_sort_change)
        self.status = QLabel("The gallery is computed when the tab is first shown…")
        # A long status wraps instead of widening the tab (and the window past the screen).
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.addWidget(QLabel("Gallery (click to open) · sort W by"))
        header.addWidget(self.sort_box)
        header.addWidget(self.status, 1)
        self._strip = QHBoxLayout()
        self._groups: dict[str, QHBoxLayout] = {}
        for group in (GROUP_RANDOM_W, GROUP_TANH, GROUP_RELU):
            box = QGroupBox(group)
            inner = QHBoxLayout(box)
            inner.setContentsMargins(2, 2, 2, 2)
            inner.setSpacing(2)
            self._groups[group] = inner
            self._strip.addWidget(box)
        self._strip.addStretch(1)
        body = QWidget()
        body.setLayout(self._strip)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setMinimumHeight(THUMB_PX + 110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.scroll_area)

    def set_result(self, result: GalleryResult) -> None:
        self._result = result
        self.status.setText("")
        self._fill()

    def items(self, group: str) -> list[GalleryItem]:
        """The items of ``group`` in the order shown."""
        if self._result is None:
            return []
        items = [item for item in self._result.items if item.group == group]
        key = SORT_ORDERS.get(self.sort_box.currentText())
        if group == GROUP_RANDOM_W and key is not None:
            items.sort(key=key)
        return items

    def _fill(self) -> None:
        if self._result is None:
            return
        colors = point_colors(self._result.color_values, DEFAULT_COLORMAP)
        for group, layout in self._groups.items():
            for button in self.buttons.get(group, []):
                layout.removeWidget(button)
                button.deleteLater()
            buttons = []
            for item in self.items(group):
                button = QToolButton()
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
                button.setIcon(QIcon(thumbnail(item.points, colors)))
                button.setIconSize(QSize(THUMB_PX, THUMB_PX))
                button.setText(caption(item))
                button.setToolTip(f"Open {item.title}: {item.spec.layers[0].describe()} …")
                button.setProperty("gallery_index", self._result.items.index(item))
                button.clicked.connect(self._on_click)
                layout.addWidget(button)
                buttons.append(button)
            self.buttons[group] = buttons

    def _on_sort_change(self, _index: int) -> None:
        self._fill()

    def _on_click(self) -> None:
        button = self.sender()
        if self._result is None or not isinstance(button, QToolButton):
            return
        self.sigChosen.emit(self._result.items[int(button.property("gallery_index"))])
