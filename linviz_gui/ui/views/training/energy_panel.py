"""Which energy the Training tab draws: class k, cross-entropy or −s_k, and the surface's turn."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QSlider, QWidget

from linviz_gui.model.training.regions import ENERGIES
from linviz_gui.ui.views.training.data_panel import class_icon


class EnergyPanel(QWidget):
    """``sigChanged`` when the class or the kind changes; ``sigTurn(degrees)`` from the slider."""

    sigChanged = Signal()
    sigTurn = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.class_box = QComboBox()
        self.class_box.setToolTip("The class k whose energy F(x, k) is drawn (low where x is k)")
        self.kind_box = QComboBox()
        for kind, text in ENERGIES.items():
            self.kind_box.addItem(text, kind)
        self.kind_box.setToolTip(
            "The notebook's two energies: C(s(x), k) with C = CrossEntropyLoss(reduction='none'), "
            "or the negative linear output −s_k(x)"
        )
        for box in (self.class_box, self.kind_box):  # long entries: the panel stays narrow
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(16)
        self.turn_slider = QSlider(Qt.Orientation.Horizontal)
        self.turn_slider.setRange(0, 359)
        self.turn_slider.setValue(30)
        self.turn_slider.setToolTip("Turn the 3-D surface (or drag it)")
        form.addRow("Class k", self.class_box)
        form.addRow("Energy", self.kind_box)
        form.addRow("Turn surface", self.turn_slider)
        self.show_classes(5)
        self.class_box.currentIndexChanged.connect(self._on_change)
        self.kind_box.currentIndexChanged.connect(self._on_change)
        self.turn_slider.valueChanged.connect(lambda v: self.sigTurn.emit(float(v)))

    @property
    def k(self) -> int:
        return max(0, self.class_box.currentIndex())

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def show_classes(self, count: int) -> None:
        """Offer classes 0 .. count - 1, keeping k when it still exists; emits nothing."""
        if self.class_box.count() == count:
            return
        k = self.k
        self.class_box.blockSignals(True)
        self.class_box.clear()
        for index in range(count):
            self.class_box.addItem(class_icon(index), f"class {index + 1}  (k = {index})")
        self.class_box.setCurrentIndex(min(k, count - 1))
        self.class_box.blockSignals(False)

    def show_choice(self, k: int, kind: str) -> None:
        for box, index in ((self.class_box, k), (self.kind_box, self.kind_box.findData(kind))):
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)

    def show_turn(self, degrees: float) -> None:
        self.turn_slider.blockSignals(True)
        self.turn_slider.setValue(round(degrees) % 360)
        self.turn_slider.blockSignals(False)

    def _on_change(self, _index: int) -> None:
        self.sigChanged.emit()
