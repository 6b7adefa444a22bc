"""The matrix editor: W's four entries, presets, det(W) and inline messages."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.model.data.point_sets import check_seed, parse_int
from linviz_gui.model.linear import matrix as mx
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.scene import Scene
from linviz_gui.ui.widgets.validated_field import NumberField, ValidatedField

ENTRY_NAMES = ("W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]")


def _float_parser(what: str) -> Callable[[str], float]:
    return lambda text: mx.parse_number(text, what)


#: preset name -> (parameter label, default parameter text, builder of W from the parameter)
PRESETS: dict[str, tuple[str, str, Callable[[float], Matrix2] | None]] = {
    "identity": ("", "", lambda _p: Matrix2.identity()),
    "rotation": ("angle (°)", "30", mx.rotation),
    "scaling": ("factor", "2", lambda s: mx.scaling(s, 1.0 / s if s else 0.0)),
    "shear": ("k", "1", mx.shear),
    "reflection": ("axis angle (°)", "0", mx.reflection),
    "projection (singular)": ("axis angle (°)", "0", mx.projection),
    "random  torch.randn(2, 2)": ("seed", "0", None),
    "the course's example W": ("", "", lambda _p: mx.seed_example()),
}


#: What the preset box says once W is no preset's (after a drag or a typed entry).
CUSTOM = "custom"


class MatrixEditor(QWidget):
    """Edits ``scene.matrix``; asks for ``torch.randn`` presets through ``sigRandomRequested``."""

    sigRandomRequested = Signal(object)  # a torch seed: a Python int, wider than a C int

    def __init__(self, scene: Scene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        grid = QGridLayout()
        grid.addWidget(QLabel("W ="), 0, 0, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        self.fields: list[NumberField] = []
        for index, name in enumerate(ENTRY_NAMES):
            field = NumberField(_float_parser(name), step=0.1)
            field.setObjectName(name)
            field.setToolTip(
                f"{name}: type a number and press Enter. Up/Down step 0.1, "
                "PageUp/PageDown 1, Ctrl for finer steps."
            )
            field.setMinimumWidth(64)
            field.sigCommitted.connect(lambda value, i=index: self._on_entry_committed(i, value))
            field.sigError.connect(self._on_field_error)
            self.fields.append(field)
            row, col = divmod(index, 2)
            grid.addWidget(self._with_stepper(field), row, 1 + col)
        layout.addLayout(grid)

        self.det_label = QLabel()
        self.det_label.setToolTip("det(W): the signed area of the image of the unit square")
        layout.addWidget(self.det_label)

        presets = QHBoxLayout()
        self.preset_box = QComboBox()
        self.preset_box.addItems([CUSTOM, *PRESETS])
        self.preset_box.setCurrentText("identity")
        self.preset_box.setToolTip(
            "A starting point for W, applied when chosen; Apply (or Enter) applies a new "
            "parameter. It says custom once W is changed by hand."
        )
        self.preset_box.currentTextChanged.connect(self._on_preset_change)
        # A choice from the list applies at once (Qt reports choices by the user only here).
        self.preset_box.activated.connect(lambda _index: self.apply_preset())
        #: W as the last preset set it (None: W is custom); a random one arrives later.
        self._preset_w: Matrix2 | None = (
            scene.matrix if scene.matrix == Matrix2.identity() else None
        )
        self._awaiting_random = False
        self.preset_param = ValidatedField(lambda t: t)
        self.preset_param.setMaximumWidth(60)
        self.preset_param_label = QLabel()
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Set W to this preset (undo with Ctrl+Z)")
        self.apply_button.clicked.connect(self.apply_preset)
        self.preset_param.returnPressed.connect(self.apply_preset)
        # The parameter's label and field keep their room while hidden, sized for the longest
        # label: choosing a preset never changes the panel's width (a relayout under the mouse).
        longest = max(
            (label for label, _, _ in PRESETS.values()),
            key=lambda text: self.preset_param_label.fontMetrics().horizontalAdvance(text),
        )
        self.preset_param_label.setMinimumWidth(
            self.preset_param_label.fontMetrics().horizontalAdvance(longest) + 4
        )
        for kept in (self.preset_param_label, self.preset_param):
            policy = kept.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            kept.setSizePolicy(policy)
        # The preset and Apply on one row, its parameter on the next: the panel stays narrow.
        presets.addWidget(self.preset_box, 1)
        presets.addWidget(self.apply_button)
        layout.addLayout(presets)
        parameter = QHBoxLayout()
        parameter.addWidget(self.preset_param_label)
        parameter.addWidget(self.preset_param)
        parameter.addStretch(1)
        layout.addLayout(parameter)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)

        # During a drag the readouts refresh at most DRAG_REFRESH_S apart: re-laying out five text
        # widgets cost about as much as drawing the points, and no one reads faster than that.
        self._last_refresh = 0.0
        self._pending_refresh = QTimer(self)
        self._pending_refresh.setSingleShot(True)
        self._pending_refresh.timeout.connect(self._refresh)
        scene.matrix_changed.connect(self._on_matrix_change)
        scene.history_changed.connect(self._refresh)  # a drag ended: show its final W now
        self._refresh()
        self._on_preset_change(self.preset_box.currentText())
        self._on_matrix_change(scene.matrix)  # a W from the command line is "custom"

    def _with_stepper(self, field: NumberField) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(1)
        row.addWidget(field)
        buttons = QVBoxLayout()
        buttons.setSpacing(0)
        for arrow, steps in ((Qt.ArrowType.UpArrow, 1.0), (Qt.ArrowType.DownArrow, -1.0)):
            button = QToolButton()
            button.setArrowType(arrow)
            button.setAutoRepeat(True)
            button.setFixedSize(16, 12)
            button.setToolTip("+0.1" if steps > 0 else "−0.1")
            button.clicked.connect(lambda _=False, s=steps, f=field: f.step_by(s))
            buttons.addWidget(button)
        row.addLayout(buttons)
        return box

    # From the user -----------------------------------------------------------------------

    def _on_entry_committed(self, index: int, value: float) -> None:
        self._awaiting_random = False  # typed by hand: whatever comes next is not a preset's
        try:
            self._scene.set_matrix(self._scene.matrix.with_entry(index, value))
        except InputError as error:
            self.show_message(str(error))

    def _on_field_error(self, message: str) -> None:
        errors = [f.error for f in self.fields if f.error]
        self.show_message(errors[0] if errors else "")

    def _on_preset_change(self, name: str) -> None:
        label, default, _ = PRESETS.get(name, ("", "", None))
        self.preset_param_label.setText(label)
        self.preset_param.setText(default)
        self.preset_param.setVisible(bool(label))
        self.preset_param_label.setVisible(bool(label))

    def apply_preset(self) -> None:
        """Set W from the chosen preset and its parameter; a bad parameter gets a message."""
        name = self.preset_box.currentText()
        if name not in PRESETS:
            self.show_message("choose a preset in the list to apply it")
            return
        label, _, build = PRESETS[name]
        text = self.preset_param.text()
        try:
            if build is None:
                seed = check_seed(parse_int(text, "seed"))
                self._awaiting_random = True
                self.sigRandomRequested.emit(seed)
                self.show_message("")
                return
            parameter = mx.parse_number(text, label) if label else 0.0
            if name == "scaling" and parameter == 0:
                raise InputError("factor must not be 0 (W would be singular); try 2")
            w = build(parameter)
            self._preset_w = w  # before set_matrix: its change signal asks whether W is custom
            self._scene.set_matrix(w)
            self.show_message("")
        except InputError as error:
            self.show_message(str(error))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # From the scene ----------------------------------------------------------------------

    DRAG_REFRESH_S = 0.05

    def _on_matrix_change(self, w: Matrix2) -> None:
        if self._awaiting_random:  # the random preset asked for has come back from torch
            self._awaiting_random = False
            self._preset_w = w
        elif w != self._preset_w and self.preset_box.currentText() != CUSTOM:
            self._preset_w = None
            self.preset_box.blockSignals(True)  # saying "custom" is not choosing it
            self.preset_box.setCurrentText(CUSTOM)
            self.preset_box.blockSignals(False)
            self._on_preset_change(CUSTOM)
        wait = self._last_refresh + self.DRAG_REFRESH_S - time.perf_counter()
        if self._scene.dragging and wait > 0:
            if not self._pending_refresh.isActive():
                self._pending_refresh.start(max(1, int(wait * 1000)))
            return
        self._refresh()

    def _refresh(self) -> None:
        """Show the scene's W, its determinant, and clear a stale message."""
        self._pending_refresh.stop()
        self._last_refresh = time.perf_counter()
        w = self._scene.matrix
        for field, value in zip(self.fields, w.entries, strict=True):
            field.set_value(value)
        det = w.det
        note = "  (singular: the plane collapses)" if abs(det) < 1e-9 else ""
        flip = "  (orientation flips)" if det < -1e-9 else ""
        self.det_label.setText(f"det(W) = {det:.4f}{note}{flip}")
        if not any(f.error for f in self.fields):
            self.show_message("")
