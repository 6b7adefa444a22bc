"""The Training tab's controls for how a run learns (loss, optimiser and its numbers) and for the
run itself (Play / Pause / Step / Reset, steps per frame, what it reached).

Each typed value is checked by building the :class:`TrainingConfig` it would give, so a refused
value names itself and the last good config stays in force.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.model.data.point_sets import parse_int
from linviz_gui.model.linear.matrix import parse_number
from linviz_gui.model.training.config import LOSSES, OPTIMIZERS, TrainingConfig
from linviz_gui.ui.views.training.settings import DEFAULT_STEPS_PER_FRAME, STEPS_PER_FRAME
from linviz_gui.ui.widgets.error_label import error_label, show_error
from linviz_gui.ui.widgets.validated_field import NumberField, ValidatedField


class OptimiserPanel(QWidget):
    """Loss, optimiser, learning rate, weight decay, momentum, batch size, test fraction."""

    sigConfigChanged = Signal(object)  # TrainingConfig

    def __init__(self, config: TrainingConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.loss_box = QComboBox()
        for loss, label in LOSSES.items():
            self.loss_box.addItem(label, loss)
        self.loss_box.setToolTip("Cross-entropy as the notebook; MSE to one-hot targets to compare")
        self.optimizer_box = QComboBox()
        for kind, label in OPTIMIZERS.items():
            self.optimizer_box.addItem(label, kind)
        self.rate_field = self._number("learning_rate", "learning rate", 0.001)
        self.rate_field.setToolTip("lr, above 0 and at most 10 (the notebook: 0.001)")
        self.decay_field = self._number("weight_decay", "weight decay", 1e-5)
        self.decay_field.setToolTip("weight_decay, 0 to 1 (the notebook: 1e-5)")
        self.momentum_field = self._number("momentum", "momentum", 0.1)
        self.momentum_field.setToolTip("SGD's momentum, 0 to 0.999")
        self.batch_field = ValidatedField(
            lambda t: self._checked("batch_size", _parse_batch(t)),
            lambda n: "full" if n == 0 else str(n),
        )
        self.batch_field.setToolTip("Points per step; 0 or 'full' is full batch (the notebook)")
        self.test_field = self._number("test_fraction", "test fraction", 0.1)
        self.test_field.setToolTip("Share of the points held out for the test curves, 0 to 0.9")
        self.message = error_label()
        self._fields: tuple[ValidatedField, ...] = (
            self.rate_field,
            self.decay_field,
            self.momentum_field,
            self.batch_field,
            self.test_field,
        )
        for field in self._fields:
            field.sigCommitted.connect(self._on_committed)
            field.sigError.connect(self._on_field_error)
        for box in (self.loss_box, self.optimizer_box):  # long entries: the panel stays narrow
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(20)
        self.loss_box.currentIndexChanged.connect(self._on_choice)
        self.optimizer_box.currentIndexChanged.connect(self._on_choice)
        form.addRow("Loss", self.loss_box)
        form.addRow("Optimiser", self.optimizer_box)
        form.addRow("Learning rate", self.rate_field)
        form.addRow("Weight decay", self.decay_field)
        form.addRow("Momentum", self.momentum_field)
        form.addRow("Batch size", self.batch_field)
        form.addRow("Test fraction", self.test_field)
        form.addRow(self.message)
        self.show_config(config)

    @property
    def config(self) -> TrainingConfig:
        return self._config

    def _number(self, name: str, what: str, step: float) -> NumberField:
        return NumberField(lambda t: self._checked(name, parse_number(t, what)), step=step)

    def _checked(self, name: str, value: Any) -> Any:
        replace(self._config, **{name: value})  # raises InputError naming the value
        return value

    def show_config(self, config: TrainingConfig) -> None:
        """Show ``config`` without emitting."""
        self._config = config
        for box, value in ((self.loss_box, config.loss), (self.optimizer_box, config.optimizer)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(value))
            box.blockSignals(False)
        values: tuple[float, ...] = (
            config.learning_rate,
            config.weight_decay,
            config.momentum,
            config.batch_size,
            config.test_fraction,
        )
        for field, number in zip(self._fields, values, strict=True):
            if field.value() != number or field.error:
                field.set_value(number)
        self.momentum_field.setEnabled(config.optimizer == "sgd")
        show_error(self.message, "")

    def _on_committed(self, _value: object) -> None:
        self._emit(
            learning_rate=self.rate_field.value(),
            weight_decay=self.decay_field.value(),
            momentum=self.momentum_field.value(),
            batch_size=self.batch_field.value(),
            test_fraction=self.test_field.value(),
        )

    def _on_choice(self, _index: int) -> None:
        self._emit(loss=self.loss_box.currentData(), optimizer=self.optimizer_box.currentData())

    def _emit(self, **changes: Any) -> None:
        config = replace(self._config, **changes)
        if config == self._config:
            return
        self._config = config
        self.momentum_field.setEnabled(config.optimizer == "sgd")
        self.sigConfigChanged.emit(config)

    def _on_field_error(self, message: str) -> None:
        errors = [f.error for f in self._fields if f.error]
        show_error(self.message, message or (errors[0] if errors else ""))


class RunPanel(QWidget):
    """Play / Pause, Step, Reset, steps per frame, and a line saying where the run stands."""

    sigPlayToggled = Signal(bool)
    sigStepRequested = Signal()
    sigResetRequested = Signal()
    sigSaveRequested = Signal(str)  # a .pt path chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Train, live (again to pause)")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("One chunk of steps (the steps per frame), then pause")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to step 0 of this run: the same initial weights")
        for button in (self.play_button, self.step_button, self.reset_button):
            row.addWidget(button)
        layout.addLayout(row)
        form = QFormLayout()
        self.steps_box = QComboBox()
        for steps in STEPS_PER_FRAME:
            self.steps_box.addItem(str(steps), steps)
        self.steps_box.setCurrentIndex(STEPS_PER_FRAME.index(DEFAULT_STEPS_PER_FRAME))
        self.steps_box.setToolTip("Gradient steps between two pictures while playing")
        form.addRow("Steps per frame", self.steps_box)
        layout.addLayout(form)
        self.save_button = QPushButton("Save trained net…")
        self.save_button.setToolTip(
            "The weights as a PyTorch state_dict (.pt) and a .py beside it that rebuilds the net "
            "and loads them"
        )
        layout.addWidget(self.save_button)
        self.status = QLabel("step 0")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.message = error_label()
        layout.addWidget(self.message)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button.clicked.connect(self.sigStepRequested.emit)
        self.reset_button.clicked.connect(self.sigResetRequested.emit)
        self.save_button.clicked.connect(self.choose_save_path)

    @property
    def steps_per_frame(self) -> int:
        return int(self.steps_box.currentData())

    def show_steps_per_frame(self, steps: int) -> None:
        """Select ``steps``, one of the box's values; any other is refused, the box unchanged
        (an index of -1 would leave it empty, and Step with nothing to read)."""
        index = self.steps_box.findData(steps)
        if index < 0:
            choices = [self.steps_box.itemData(i) for i in range(self.steps_box.count())]
            raise ValueError(f"steps per frame must be one of {choices}; got {steps!r}")
        self.steps_box.setCurrentIndex(index)

    def show_playing(self, playing: bool) -> None:
        self.play_button.blockSignals(True)
        self.play_button.setChecked(playing)
        self.play_button.blockSignals(False)
        self.play_button.setText("Pause" if playing else "Play")
        self.step_button.setEnabled(not playing)

    def show_error(self, message: str) -> None:
        show_error(self.message, message)

    def choose_save_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the trained net", "net.pt", "PyTorch weights (*.pt *.pth)"
        )
        if path:
            self.sigSaveRequested.emit(path)

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        self.sigPlayToggled.emit(playing)


def _parse_batch(text: str) -> int:
    """A batch size; "full" (as the field shows 0) is full batch."""
    return 0 if text.strip().lower() == "full" else parse_int(text, "batch size")
