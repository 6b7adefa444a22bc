"""The classifier's controls: the data, the parameters w and b, and the training.

Each panel only shows values and emits what the user asked for; the view decides. Every typed
value is parsed by a function that raises :class:`InputError` naming the bad value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.model.classifier.hyperplane import DegenerateHyperplane, LinearParams, hyperplane
from linviz_gui.model.classifier.settings import STEPS_PER_FRAME
from linviz_gui.model.classifier.training import (
    LOSSES,
    OPTIMIZERS,
    TrainConfig,
    check_learning_rate,
)
from linviz_gui.model.data.labelled import (
    LABELLED_KINDS,
    MAX_LABELLED_POINTS,
    LabelledSpec,
    check_class_count,
    check_labelled_count,
    check_separation,
)
from linviz_gui.model.data.point_sets import check_seed, parse_int
from linviz_gui.model.files.points_file import POINTS_FILTER, POINTS_TOOLTIP
from linviz_gui.model.linear.matrix import InputError, parse_number
from linviz_gui.ui.widgets.error_label import error_label, show_error
from linviz_gui.ui.widgets.media_icons import media_icon
from linviz_gui.ui.widgets.validated_field import NumberField, ValidatedField

CSV_ITEM = "csv"


class LabelledDataPanel(QWidget):
    """Kind, N, seed, blob separation, K, and a points file of one's own (.csv, .npy, .pt)."""

    sigSpecChosen = Signal(object)  # LabelledSpec
    sigCsvChosen = Signal(str)  # a path to load
    sigCsvReselected = Signal()  # back to the CSV loaded earlier

    def __init__(self, spec: LabelledSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.kind_box = QComboBox()
        for kind, label in LABELLED_KINDS.items():
            self.kind_box.addItem(label, kind)
        self.kind_box.setToolTip("Which labelled points to classify")
        self.kind_box.currentIndexChanged.connect(self._on_kind_change)
        self.count_field = ValidatedField(
            lambda t: check_labelled_count(parse_int(t, "N")), lambda n: f"{n:,}"
        )
        self.count_field.setToolTip(
            f"Number of points N, from 2 to {MAX_LABELLED_POINTS:,} (Enter to apply)"
        )
        self.seed_field = ValidatedField(lambda t: check_seed(parse_int(t, "seed")))
        self.seed_field.setToolTip("torch.manual_seed: the same seed, the same points")
        self.separation_field = NumberField(
            lambda t: check_separation(parse_number(t, "separation")), step=0.5
        )
        self.separation_field.setToolTip(
            "Distance between the blob centres (each blob has σ = 0.5): 4 is separable, 1 overlaps"
        )
        self.classes_field = ValidatedField(lambda t: check_class_count(parse_int(t, "K")))
        self.classes_field.setToolTip("Number of spiral arms K, from 2 to 8")
        self.load_button = QPushButton("Load points…")
        self.load_button.setToolTip(POINTS_TOOLTIP)
        self.load_button.clicked.connect(self.choose_csv)
        self.message = error_label()
        self.count_field.sigCommitted.connect(lambda n: self._update(n=n))
        self.seed_field.sigCommitted.connect(lambda s: self._update(seed=s))
        self.separation_field.sigCommitted.connect(lambda s: self._update(separation=s))
        self.classes_field.sigCommitted.connect(lambda k: self._update(classes=k))
        self._fields = (
            self.count_field,
            self.seed_field,
            self.separation_field,
            self.classes_field,
        )
        for field in self._fields:
            field.sigError.connect(self._on_field_error)
        form.addRow("Points", self.kind_box)
        form.addRow("N", self.count_field)
        form.addRow("Seed", self.seed_field)
        form.addRow("Separation", self.separation_field)
        form.addRow("Classes K", self.classes_field)
        form.addRow(self.load_button)
        form.addRow(self.message)
        self.show_spec(spec)

    def show_spec(self, spec: LabelledSpec) -> None:
        """Show ``spec`` (from the view) without emitting anything."""
        self._spec = spec
        self._select(spec.kind)
        _show_value(self.count_field, spec.n)
        _show_value(self.seed_field, spec.seed)
        _show_value(self.separation_field, spec.separation)
        _show_value(self.classes_field, spec.classes)
        self._enable_for(spec.kind)

    def show_csv(self, text: str) -> None:
        """A points file is the data now: list it as ``text`` in the kinds and select it."""
        index = self.kind_box.findData(CSV_ITEM)
        if index < 0:
            self.kind_box.addItem(text, CSV_ITEM)
            index = self.kind_box.count() - 1
        self.kind_box.setItemText(index, text)
        self._select(CSV_ITEM)
        self._enable_for(CSV_ITEM)

    def show_error(self, message: str) -> None:
        """Say ``message``; an empty one still leaves said a refusal standing in a field."""
        standing = [f.error for f in self._fields if f.error]
        show_error(self.message, message or (standing[0] if standing else ""))

    def choose_csv(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Load labelled points", "", POINTS_FILTER)
        if path:
            self.sigCsvChosen.emit(path)

    def _select(self, kind: str) -> None:
        self.kind_box.blockSignals(True)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.kind_box.blockSignals(False)

    def _enable_for(self, kind: str) -> None:
        generated = kind != CSV_ITEM
        self.count_field.setEnabled(generated)
        self.seed_field.setEnabled(generated)
        self.separation_field.setEnabled(kind == "blobs")
        self.classes_field.setEnabled(kind == "spirals")

    def _on_kind_change(self, _index: int) -> None:
        kind = self.kind_box.currentData()
        if kind == CSV_ITEM:
            self._enable_for(CSV_ITEM)
            self.sigCsvReselected.emit()
            return
        self._update(kind=kind)

    def _update(self, **changes: object) -> None:
        try:
            spec = replace(self._spec, **changes)  # type: ignore[arg-type]
        except InputError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        self._spec = spec
        self._enable_for(spec.kind)
        self.sigSpecChosen.emit(spec)

    def _on_field_error(self, message: str) -> None:
        # The newest refusal is what the user just typed; once it is fixed, any other left.
        errors = [f.error for f in self._fields if f.error]
        self.show_error(message or (errors[0] if errors else ""))


class ParametersPanel(QWidget):
    """w and b typed in, the distance readout, and the scaling buttons (two classes only)."""

    sigEdited = Signal(object)  # LinearParams
    sigScale = Signal(float, bool)  # factor, bias too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._params = LinearParams.binary((1.0, 0.0), 0.0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QGridLayout()
        names = ("w[0]", "w[1]", "b")
        self.fields: list[NumberField] = []
        for index, name in enumerate(names):
            field = NumberField(_number_parser(name), step=0.1)
            field.setObjectName(name)
            field.setToolTip(f"{name}: type a number and press Enter (Up/Down step 0.1)")
            field.sigCommitted.connect(self._on_committed)
            field.sigError.connect(self._on_field_error)
            form.addWidget(QLabel(name), 0, index)
            form.addWidget(field, 1, index)
            self.fields.append(field)
        layout.addLayout(form)
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setToolTip(
            "The hyperplane w · x + b = 0 is perpendicular to w, at distance |b| / ‖w‖ from the "
            "origin: the hyperplane is not the weight vector"
        )
        layout.addWidget(self.readout)
        buttons = QGridLayout()
        self.scale_buttons: dict[tuple[float, bool], QPushButton] = {}
        for column, factor in enumerate((2.0, 0.5)):
            shown = "× 2" if factor == 2.0 else "÷ 2"
            for row, bias_too in enumerate((True, False)):
                text = f"w and b {shown}" if bias_too else f"w only {shown}"
                button = QPushButton(text)
                button.setToolTip(
                    "Scale w and b together: the hyperplane stays where it is"
                    if bias_too
                    else "Scale w alone: the hyperplane moves (|b| / ‖w‖ changes)"
                )
                button.clicked.connect(
                    lambda _c=False, f=factor, both=bias_too: self.sigScale.emit(f, both)
                )
                buttons.addWidget(button, row, column)
                self.scale_buttons[(factor, bias_too)] = button
        layout.addLayout(buttons)
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        layout.addWidget(self.comparison)
        self.message = error_label()
        layout.addWidget(self.message)
        self.show_params(self._params)

    def show_params(self, params: LinearParams) -> None:
        """Show ``params`` without emitting; the fields edit only a two-class w, b.

        A field holding refused text keeps it (and its message) while its entry is unchanged,
        so committing b does not wipe a refusal in w[0]; a new value there (a drag) replaces it.
        """
        self._params = params
        binary = params.is_binary
        for field in self.fields:
            field.setEnabled(binary)
        for button in self.scale_buttons.values():
            button.setEnabled(binary)
        if not binary:
            for field in self.fields:
                field.set_value(None)
            self.readout.setText(
                f"{params.rows} classes: one w_k, b_k per class; drag the arrows and lines. "
                "A point goes to the class with the largest w_k · x + b_k."
            )
            return
        for field, value in zip(self.fields, (*params.w, params.b), strict=True):
            _show_value(field, value)
        self.readout.setText(describe_hyperplane(params.w, params.b))

    def show_comparison(self, text: str) -> None:
        self.comparison.setText(text)

    def _on_committed(self, _value: object) -> None:
        values = [field.value() for field in self.fields]
        try:
            params = LinearParams.binary((values[0], values[1]), values[2])
        except InputError as error:
            show_error(self.message, str(error))
            return
        self.sigEdited.emit(params)

    def _on_field_error(self, message: str) -> None:
        # The newest refusal is what the user just typed; once it is fixed, any other left.
        errors = [f.error for f in self.fields if f.error]
        show_error(self.message, message or (errors[0] if errors else ""))


def _show_value(field: ValidatedField, value: object) -> None:
    """Show ``value`` from the model, except in a field holding refused text for the value it
    still has: committing another field must not wipe the user's text and its message."""
    if field.error and field.value() == value:
        return
    field.set_value(value)


def _number_parser(what: str) -> Callable[[str], float]:
    return lambda text: parse_number(text, what)


def describe_hyperplane(w: tuple[float, float], b: float) -> str:
    """``‖w‖``, b and the distance |b| / ‖w‖ in words (or why there is no line)."""
    try:
        plane = hyperplane(w, b)
    except DegenerateHyperplane as error:
        return str(error)
    return (
        f"‖w‖ = {plane.w_norm:.4g},  b = {b:.4g}\n"
        f"distance of the line from the origin |b| / ‖w‖ = {plane.distance:.4g}"
    )


class TrainingPanel(QWidget):
    """Loss, optimiser, learning rate, steps per frame; play / pause, step, reset."""

    sigConfigChanged = Signal(object)  # TrainConfig
    sigPlayToggled = Signal(bool)
    sigStepRequested = Signal()
    sigResetRequested = Signal()
    sigShowGradient = Signal(bool)
    sigShowRegions = Signal(bool)

    def __init__(self, config: TrainConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.loss_box = QComboBox()
        for loss, label in LOSSES.items():
            self.loss_box.addItem(label, loss)
        self.loss_box.setToolTip("y = -1 for class 0, +1 for class 1; s = w · x + b")
        self.optimizer_box = QComboBox()
        for kind, label in OPTIMIZERS.items():
            self.optimizer_box.addItem(label, kind)
        self.rate_field = NumberField(
            lambda t: check_learning_rate(parse_number(t, "learning rate")), step=0.01
        )
        self.rate_field.setToolTip("The optimiser's learning rate, above 0 and at most 10")
        self.steps_box = QComboBox()
        for steps in STEPS_PER_FRAME:
            self.steps_box.addItem(str(steps), steps)
        self.steps_box.setCurrentIndex(STEPS_PER_FRAME.index(20))
        self.steps_box.setToolTip("Gradient steps between two pictures while playing")
        form.addRow("Loss", self.loss_box)
        form.addRow("Optimiser", self.optimizer_box)
        form.addRow("Learning rate", self.rate_field)
        form.addRow("Steps per frame", self.steps_box)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.play_button = QPushButton(media_icon(self, "play"), "Play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Train by gradient descent, live (again to pause)")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("One gradient step")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to the parameters this run started from")
        for button in (self.play_button, self.step_button, self.reset_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.status = QLabel("step 0")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.gradient_check = QCheckBox("draw −∇w L at the tip of w")
        self.gradient_check.setChecked(True)
        self.regions_check = QCheckBox("colour the background by predicted class")
        self.regions_check.setChecked(True)
        layout.addWidget(self.gradient_check)
        layout.addWidget(self.regions_check)
        self.message = error_label()
        layout.addWidget(self.message)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button.clicked.connect(self.sigStepRequested.emit)
        self.reset_button.clicked.connect(self.sigResetRequested.emit)
        self.gradient_check.toggled.connect(self.sigShowGradient.emit)
        self.regions_check.toggled.connect(self.sigShowRegions.emit)
        self.loss_box.currentIndexChanged.connect(self._on_choice)
        self.optimizer_box.currentIndexChanged.connect(self._on_choice)
        self.rate_field.sigCommitted.connect(lambda _r: self._on_choice(0))
        self.rate_field.sigError.connect(lambda m: show_error(self.message, m))
        self.show_config(config)

    @property
    def steps_per_frame(self) -> int:
        return int(self.steps_box.currentData())

    def show_config(self, config: TrainConfig) -> None:
        self._config = config
        for box, value in ((self.loss_box, config.loss), (self.optimizer_box, config.optimizer)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(value))
            box.blockSignals(False)
        # Only a change is shown: new data re-shows the options, and must not wipe out a rate
        # the user is in the middle of correcting (its text and its error message).
        if self.rate_field.value() != config.learning_rate:
            self.rate_field.set_value(config.learning_rate)

    def show_playing(self, playing: bool) -> None:
        self.play_button.blockSignals(True)
        self.play_button.setChecked(playing)
        self.play_button.blockSignals(False)
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setIcon(media_icon(self, "pause" if playing else "play"))
        self.step_button.setEnabled(not playing)

    def show_error(self, message: str) -> None:
        """Say ``message``; an empty one still leaves said a refused learning rate."""
        show_error(self.message, message or self.rate_field.error)

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setIcon(media_icon(self, "pause" if playing else "play"))
        self.sigPlayToggled.emit(playing)

    def _on_choice(self, _index: int) -> None:
        try:
            config = TrainConfig(
                self.loss_box.currentData(),
                self.optimizer_box.currentData(),
                self.rate_field.value(),
            )
        except InputError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        self.sigConfigChanged.emit(config)
