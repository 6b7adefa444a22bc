"""The net to train: the course notebook's presets, or any net of the layer editor, and its seed.

A preset sets the data, the net, the optimiser and the seed as the notebook does; editing the
layers (or the seed) afterwards makes the net "your own" on the data shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from linviz_gui.model.data.point_sets import check_seed, parse_int
from linviz_gui.model.training.recipe import PRESETS
from linviz_gui.ui.widgets.layer_editor import LayerEditor
from linviz_gui.ui.widgets.validated_field import ValidatedField

#: The preset box's entry for a net of one's own.
OWN_NET = ""


class NetPanel(QWidget):
    """Preset box, seed field and the layer editor (``editor.sigChanged`` after each edit)."""

    sigPreset = Signal(str)  # a preset name, or OWN_NET
    sigSeed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.preset_box = QComboBox()
        self.preset_box.addItem("your own net (edit the layers)", OWN_NET)
        for name, text in PRESETS.items():
            self.preset_box.addItem(f"{name}: {text}", name)
        self.preset_box.setToolTip(
            "The course notebook's runs: its spiral (5 arms, 1000 points each, seed 12345), its "
            "model with or without the ReLU, Adam(lr=1e-3, weight_decay=1e-5), full batch"
        )
        # Long entries must not widen the side panel (the canvases would shrink to fit it).
        self.preset_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset_box.setMinimumContentsLength(20)
        self.preset_box.currentIndexChanged.connect(self._on_preset)
        self.seed_field = ValidatedField(lambda t: check_seed(parse_int(t, "seed")))
        self.seed_field.setToolTip("torch.manual_seed for the initial weights (Enter to apply)")
        self.seed_field.sigCommitted.connect(self.sigSeed.emit)
        form.addRow("Preset", self.preset_box)
        form.addRow("Seed", self.seed_field)
        layout.addLayout(form)
        self.editor = LayerEditor()
        layout.addWidget(self.editor)

    @property
    def preset(self) -> str:
        return str(self.preset_box.currentData())

    def show_preset(self, name: str) -> None:
        self.preset_box.blockSignals(True)
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(name)))
        self.preset_box.blockSignals(False)

    def show_seed(self, seed: int) -> None:
        if self.seed_field.value() != seed or self.seed_field.error:
            self.seed_field.set_value(seed)

    def _on_preset(self, _index: int) -> None:
        self.sigPreset.emit(self.preset)
