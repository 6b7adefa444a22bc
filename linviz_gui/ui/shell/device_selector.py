"""Pick the torch device: cpu, each cuda:N, mps; filled in once torch has loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from linviz_gui.model.scene import Scene


class DeviceSelector(QComboBox):
    def __init__(self, scene: Scene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self.setToolTip("Where torch computes: cpu, a CUDA GPU or Apple's mps")
        self.addItem("loading torch…")
        self.setEnabled(False)
        self.currentTextChanged.connect(self._on_choice)
        scene.device_changed.connect(self._show)

    def set_devices(self, names: list[str]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItems(names)
        self.blockSignals(False)
        self.setEnabled(True)
        self._show(self._scene.device)

    def _show(self, name: str) -> None:
        index = self.findText(name)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def _on_choice(self, name: str) -> None:
        if self.isEnabled() and name:
            self._scene.set_device(name)
