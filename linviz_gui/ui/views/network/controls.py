"""The network view's small forms: preset and seed, how wide stages are shown, the animation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QSlider, QWidget

from linviz_gui.model.data.point_sets import check_seed, parse_int
from linviz_gui.model.linear.matrix import InputError, parse_number
from linviz_gui.model.network.layers import MAX_WIDTH, PRESETS, Projection, check_animation
from linviz_gui.ui.widgets.validated_field import NumberField, ValidatedField

#: The s slider runs over 1.0 .. 5.0 in steps of 0.1 (the course shows s = 1, 2, 3, 4, 5).
S_MIN, S_MAX, S_TICKS = 1.0, 5.0, 10
S_TIP = "s in W = s·I: larger s pushes tanh's output to the square's edges"


def _compact(box: QComboBox, characters: int) -> None:
    """Let a combo box with long entries be narrower than its longest entry."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)


def _parse_seed(text: str) -> int:
    return check_seed(parse_int(text, "seed"))


def _parse_steps(text: str) -> int:
    steps = parse_int(text, "steps")
    check_animation(steps, 0.0)
    return steps


def _parse_p(text: str) -> float:
    p = parse_number(text, "p")
    check_animation(2, p)
    return p


class PresetForm(QWidget):
    """``sigPreset(key)`` when a preset is picked, ``sigS(s)`` as the slider moves,
    ``sigSeed(seed)`` when a new seed is typed."""

    sigPreset = Signal(str)
    sigS = Signal(float)
    sigSeed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.preset_box = QComboBox()
        for key, label in PRESETS.items():
            self.preset_box.addItem(label, key)
        self.preset_box.setToolTip("The course's networks (02-space_stretching)")
        # Shown while the net on screen is no preset (a loaded model, an edited or gallery net).
        self.preset_box.setPlaceholderText("(your own network)")
        self._key = str(self.preset_box.currentData())
        _compact(self.preset_box, 16)
        self.preset_box.activated.connect(self._on_preset)
        self.s_slider = QSlider(Qt.Orientation.Horizontal)
        self.s_slider.setRange(round(S_MIN * S_TICKS), round(S_MAX * S_TICKS))
        self.s_slider.setValue(round(5.0 * S_TICKS))
        self.s_slider.setToolTip(S_TIP)
        self.s_slider.valueChanged.connect(self._on_s)
        self.s_label = QLabel()
        self.seed_field = ValidatedField(_parse_seed)
        self.seed_field.set_value(0)
        self.seed_field.setToolTip("torch.manual_seed before the layers are made: a seed, a net")
        self.seed_field.sigCommitted.connect(self._on_seed)
        form.addRow("Preset", self.preset_box)
        form.addRow(self.s_label, self.s_slider)
        form.addRow("Seed", self.seed_field)
        self._update_s_label()
        self._enable_s()

    @property
    def key(self) -> str:
        """The preset last picked: kept while the box shows a net of the user's own."""
        return self._key

    @property
    def is_custom(self) -> bool:
        """Whether the box says the net on screen is no preset."""
        return self.preset_box.currentIndex() < 0

    @property
    def s(self) -> float:
        return self.s_slider.value() / S_TICKS

    def show_s(self, s: float) -> None:
        """Move the slider to ``s`` without emitting."""
        if not S_MIN <= s <= S_MAX:
            raise InputError(f"s must be between {S_MIN:g} and {S_MAX:g}; got {s!r}")
        self.s_slider.blockSignals(True)
        self.s_slider.setValue(round(s * S_TICKS))
        self.s_slider.blockSignals(False)
        self._update_s_label()

    def show_preset(self, key: str) -> None:
        """Select ``key`` without emitting; the s slider is live only for the tanh preset."""
        self.preset_box.setCurrentIndex(self.preset_box.findData(key))
        self._key = key
        self._enable_s()

    def show_custom(self) -> None:
        """Name no preset (the placeholder), without emitting: the net is the user's own."""
        self.preset_box.setCurrentIndex(-1)
        self._enable_s()

    def _on_preset(self, _index: int) -> None:
        self._key = str(self.preset_box.currentData())
        self._enable_s()
        self.sigPreset.emit(self.key)

    def _enable_s(self) -> None:
        """s is the tanh preset's (W = s·I); for the others slider and label are greyed."""
        live = self.key == "tanh" and not self.is_custom
        for widget in (self.s_slider, self.s_label):
            widget.setEnabled(live)
            widget.setToolTip(S_TIP if live else "s is the tanh preset's W = s·I")

    def _on_s(self, _value: int) -> None:
        self._update_s_label()
        self.sigS.emit(self.s)

    def _on_seed(self, seed: int) -> None:
        self.sigSeed.emit(seed)

    def _update_s_label(self) -> None:
        self.s_label.setText(f"s = {self.s:.1f}")


class ProjectionForm(QWidget):
    """How a stage wider than 2 is drawn; ``sigChanged(Projection)`` or ``sigError(message)``."""

    sigChanged = Signal(object)
    sigError = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.mode_box = QComboBox()
        self.mode_box.addItem("two chosen units", "units")
        self.mode_box.addItem("PCA (top two components)", "pca")
        self.mode_box.setToolTip("A layer wider than 2 is drawn through two of its units, or PCA")
        _compact(self.mode_box, 16)
        self.mode_box.currentIndexChanged.connect(self._on_change)
        self.unit_fields = (ValidatedField(self._parse_unit), ValidatedField(self._parse_unit))
        for field, value in zip(self.unit_fields, (1, 2), strict=True):
            field.set_value(value)
            field.setToolTip("Which unit to put on this axis (1 is the first)")
            field.sigCommitted.connect(self._on_change)
            field.sigError.connect(self.sigError)
        form.addRow("Wide layers", self.mode_box)
        form.addRow("x axis: unit", self.unit_fields[0])
        form.addRow("y axis: unit", self.unit_fields[1])
        self._good = Projection()  # the projection in use: refusals leave it

    @staticmethod
    def _parse_unit(text: str) -> int:
        unit = parse_int(text, "unit")
        if not 1 <= unit <= MAX_WIDTH:
            raise InputError(f"unit must be between 1 and {MAX_WIDTH}; got {unit}")
        return unit

    def projection(self) -> Projection:
        i, j = (int(field.value()) - 1 for field in self.unit_fields)
        return Projection(self.mode_box.currentData(), (i, j))

    def set_projection(self, projection: Projection) -> None:
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(self.mode_box.findData(projection.mode))
        self.mode_box.blockSignals(False)
        for field, unit in zip(self.unit_fields, projection.units, strict=True):
            field.set_value(unit + 1)
        self._good = projection
        self._update_enabled()

    def _on_change(self, *_args: object) -> None:
        if self.mode_box.currentData() == "pca":
            # PCA ignores the units: show the pair in use again (not a refused pair), so the
            # box never says PCA while units are drawn, nor does coming back to units fail.
            for field, unit in zip(self.unit_fields, self._good.units, strict=True):
                field.set_value(unit + 1)
        self._update_enabled()
        try:
            projection = self.projection()
        except InputError as error:
            self.sigError.emit(str(error))
            return
        self._good = projection
        self.sigError.emit("")
        self.sigChanged.emit(projection)

    def _update_enabled(self) -> None:
        for field in self.unit_fields:
            field.setEnabled(self.mode_box.currentData() == "units")


class AnimationForm(QWidget):
    """The notebook's ``interpolate(X, f(X), steps, p)``; ``sigPlay`` starts it."""

    sigPlay = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.steps_field = ValidatedField(_parse_steps)
        self.steps_field.set_value(150)
        self.steps_field.setToolTip("Frames of the animation (the notebook uses 150)")
        self.p_field = NumberField(_parse_p, step=0.5)
        self.p_field.set_value(0.001)
        self.p_field.setToolTip(
            "Easing a = ((p + 1)^(t / (steps - 1)) - 1) / p: near 0 is linear, large p starts slow"
        )
        self.play_button = QPushButton("Animate X → f(X)")
        self.play_button.setToolTip(
            "Every point moves from where it starts to where the net puts it"
        )
        self.play_button.clicked.connect(self._on_play)
        form.addRow("Steps", self.steps_field)
        form.addRow("p", self.p_field)
        form.addRow(self.play_button)

    def _on_play(self) -> None:
        self.sigPlay.emit()

    @property
    def steps(self) -> int:
        return int(self.steps_field.value())

    @property
    def p(self) -> float:
        return float(self.p_field.value())
