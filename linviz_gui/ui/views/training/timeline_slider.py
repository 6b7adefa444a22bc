"""A slider over a run's kept weight snapshots: drag it back to see the net at step 0, 100 ...

The last position is "live": it follows the run as it trains. Any other shows one snapshot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget


class TimelineSlider(QWidget):
    """``sigChosen(index)`` when the user moves to snapshot ``index`` (the last is live)."""

    sigChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps: list[int] = [0]
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(
            "Training time: drag back through the kept snapshots of the weights (the right end "
            "follows the run)"
        )
        self.slider.valueChanged.connect(self._on_slider)
        self.label = QLabel()
        self.label.setMinimumWidth(170)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Timeline"))
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        self._update_label()

    @property
    def live(self) -> bool:
        return self.slider.value() == self.slider.maximum()

    def index(self) -> int:
        return self.slider.value()

    def steps(self) -> list[int]:
        return list(self._steps)

    def set_steps(self, steps: list[int]) -> None:
        """The snapshots' steps; a live slider stays at the end. Emits nothing."""
        was_live = self.live
        self._steps = list(steps) or [0]
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self._steps) - 1)
        if was_live:
            self.slider.setValue(len(self._steps) - 1)
        self.slider.blockSignals(False)
        self._update_label()

    def set_index(self, index: int) -> None:
        """Go to snapshot ``index`` (clamped); emits ``sigChosen`` on change."""
        self.slider.setValue(index)

    def go_live(self) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self.slider.maximum())
        self.slider.blockSignals(False)
        self._update_label()

    def _on_slider(self, value: int) -> None:
        self._update_label()
        self.sigChosen.emit(value)

    def _update_label(self) -> None:
        step = self._steps[min(self.slider.value(), len(self._steps) - 1)]
        suffix = "  (live)" if self.live else f"  of {self._steps[-1]:,}"
        self.label.setText(f"step {step:,}{suffix}  ·  {len(self._steps)} kept")
