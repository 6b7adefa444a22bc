"""A continuous position through a network's stages: slider plus first / previous / next / last.

Position ``k + a`` (``0 <= a < 1``) shows ``(1 - a) * stage k + a * stage k+1``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QVBoxLayout, QWidget

#: Slider ticks between two stages.
TICKS = 100


class LayerScrubber(QWidget):
    sigPositionChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = ["input X"]
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip("Scrub through the network: each Linear is × W then + b")
        self.slider.valueChanged.connect(self._on_slider)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip in (
            ("first", "|◀", "The input X"),
            ("previous", "◀", "The previous stage"),
            ("next", "▶", "The next stage"),
            ("last", "▶|", "The output f(X)"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            self.buttons[key] = button
        self.buttons["first"].clicked.connect(self.go_first)
        self.buttons["previous"].clicked.connect(self.go_previous)
        self.buttons["next"].clicked.connect(self.go_next)
        self.buttons["last"].clicked.connect(self.go_last)
        row.addWidget(self.buttons["first"])
        row.addWidget(self.buttons["previous"])
        row.addWidget(self.slider, 1)
        row.addWidget(self.buttons["next"])
        row.addWidget(self.buttons["last"])
        self.label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.label)
        self._update_label()

    @property
    def stage_count(self) -> int:
        return len(self._labels)

    def position(self) -> float:
        return self.slider.value() / TICKS

    def set_stages(self, labels: list[str] | tuple[str, ...]) -> None:
        """New stages (a new net); the position is kept where it still exists. Emits nothing."""
        self._labels = list(labels) or ["input X"]
        self.slider.blockSignals(True)
        self.slider.setRange(0, (len(self._labels) - 1) * TICKS)
        self.slider.blockSignals(False)
        self._update_label()

    def set_position(self, position: float) -> None:
        """Go to ``position`` (clamped to the stages); emits ``sigPositionChanged`` on change."""
        self.slider.setValue(round(position * TICKS))

    def go_first(self) -> None:
        self.set_position(0)

    def go_last(self) -> None:
        self.set_position(self.stage_count - 1)

    def go_previous(self) -> None:
        self.set_position(max(0, math.ceil(self.position() - 1e-9) - 1))

    def go_next(self) -> None:
        self.set_position(min(self.stage_count - 1, math.floor(self.position() + 1e-9) + 1))

    def _on_slider(self, _value: int) -> None:
        self._update_label()
        self.sigPositionChanged.emit(self.position())

    def _update_label(self) -> None:
        position = self.position()
        k = min(math.floor(position), self.stage_count - 1)
        fraction = position - k
        text = f"stage {k + 1}/{self.stage_count}: {self._labels[k]}"
        if fraction > 1e-9 and k + 1 < self.stage_count:
            text += f"  →  {fraction:.0%} of the way to {self._labels[k + 1]}"
        self.label.setText(text)
