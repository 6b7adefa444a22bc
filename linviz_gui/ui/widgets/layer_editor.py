"""Edit a network's layers: add, remove, reorder, kind, widths, bias.

The editor holds a *draft* (a list of :class:`LayerSpec` that may be wrong, such as a width of 0);
the view checks it with :class:`NetworkSpec` and shows the message here, keeping the last good
net on screen until the draft is right again.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linviz_gui.model.data.point_sets import parse_int
from linviz_gui.model.network.layers import (
    LAYER_NAMES,
    MAX_WIDTH,
    LayerKind,
    LayerSpec,
    activation,
    linear,
)
from linviz_gui.ui.widgets.validated_field import ValidatedField


def _parse_width(text: str) -> int:
    return parse_int(text, "width")


class LayerRow(QWidget):
    """One layer: its number, kind, ``in → out`` widths and bias, and move / remove buttons."""

    sigKindChanged = Signal(object, str)  # row, kind
    sigWidthChanged = Signal(object, str, int)  # row, "in" or "out", value
    sigBiasChanged = Signal(object, bool)
    sigMove = Signal(object, int)  # row, -1 up or +1 down
    sigRemove = Signal(object)
    sigEditWeight = Signal(object)

    def __init__(self, number: int, layer: LayerSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = layer
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        row.addWidget(QLabel(f"{number}."))
        self.kind_box = QComboBox()
        for kind, name in LAYER_NAMES.items():
            self.kind_box.addItem(name, kind)
        self.kind_box.setCurrentIndex(self.kind_box.findData(layer.kind))
        self.kind_box.setToolTip("Layer type: nn.Linear or an activation")
        self.kind_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_box.setMinimumContentsLength(7)
        self.kind_box.currentIndexChanged.connect(self._on_kind_change)
        row.addWidget(self.kind_box)
        self.in_field = ValidatedField(_parse_width)
        self.out_field = ValidatedField(_parse_width)
        self.bias_check = QCheckBox("bias")
        self.weight_button = QToolButton()
        self.weight_button.setText("W")
        self.weight_button.setToolTip(
            "Go to this layer's × W step, where the round handles drag the columns of its W"
        )
        self.weight_button.clicked.connect(self._on_edit_weight)
        if layer.is_linear:
            self.in_field.set_value(layer.in_features)
            self.out_field.set_value(layer.out_features)
            for field, what in ((self.in_field, "in"), (self.out_field, "out")):
                field.setMaximumWidth(34)
                field.setToolTip(f"{what}-features (1 to {MAX_WIDTH}; Enter to apply)")
            self.in_field.sigCommitted.connect(self._on_in_committed)
            self.out_field.sigCommitted.connect(self._on_out_committed)
            self.bias_check.setChecked(layer.bias)
            self.bias_check.toggled.connect(self._on_bias_toggled)
            row.addWidget(self.in_field)
            row.addWidget(QLabel("→"))
            row.addWidget(self.out_field)
            row.addWidget(self.bias_check)
            row.addWidget(self.weight_button)
            self.weight_button.setVisible(layer.is_square_2x2)
        row.addStretch(1)
        for text, tip, slot in (
            ("↑", "Move this layer up", self._on_up),
            ("↓", "Move this layer down", self._on_down),
            ("✕", "Remove this layer", self._on_remove),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)

    def _on_kind_change(self, _index: int) -> None:
        self.sigKindChanged.emit(self, self.kind_box.currentData())

    def _on_in_committed(self, value: int) -> None:
        self.sigWidthChanged.emit(self, "in", value)

    def _on_out_committed(self, value: int) -> None:
        self.sigWidthChanged.emit(self, "out", value)

    def _on_bias_toggled(self, checked: bool) -> None:
        self.sigBiasChanged.emit(self, checked)

    def _on_up(self) -> None:
        self.sigMove.emit(self, -1)

    def _on_down(self) -> None:
        self.sigMove.emit(self, 1)

    def _on_remove(self) -> None:
        self.sigRemove.emit(self)

    def _on_edit_weight(self) -> None:
        self.sigEditWeight.emit(self)


class LayerEditor(QWidget):
    """``sigChanged`` after every edit of the draft; ``sigEditWeight(index)`` from a row's W.

    ``last_edit`` names the edit that emitted, in Edit → Undo's words ("add layer"): the Network
    tab records it as one undo step. The Training tab's editor builds the net of a run and keeps
    out of undo (an undo would swap the net under a run in progress).
    """

    sigChanged = Signal()
    sigEditWeight = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft: list[LayerSpec] = []
        self.rows: list[LayerRow] = []
        self.last_edit = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(2)
        layout.addLayout(self._rows_box)
        add_row = QHBoxLayout()
        self.add_box = QComboBox()
        for kind, name in LAYER_NAMES.items():
            self.add_box.addItem(name, kind)
        self.add_box.setToolTip("The kind of layer to add at the end")
        self.add_button = QPushButton("Add layer")
        self.add_button.clicked.connect(self._on_add)
        add_row.addWidget(self.add_box, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)

    # The draft -------------------------------------------------------------------------------

    def layers(self) -> list[LayerSpec]:
        return list(self._draft)

    def set_layers(self, layers: list[LayerSpec] | tuple[LayerSpec, ...]) -> None:
        """Show ``layers`` (from a preset or the model); emits nothing."""
        self._draft = list(layers)
        self._rebuild()

    def set_layer(self, index: int, layer: LayerSpec) -> None:
        """Replace layer ``index`` with one of the same shape (a dragged weight); emits nothing."""
        self._draft[index] = layer
        self.rows[index].layer = layer

    def show_error(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _rebuild(self) -> None:
        for row in self.rows:
            self._rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for number, layer in enumerate(self._draft, start=1):
            row = LayerRow(number, layer)
            row.sigKindChanged.connect(self._on_kind_change)
            row.sigWidthChanged.connect(self._on_width_change)
            row.sigBiasChanged.connect(self._on_bias_change)
            row.sigMove.connect(self._on_move)
            row.sigRemove.connect(self._on_remove)
            row.sigEditWeight.connect(self._on_edit_weight)
            self._rows_box.addWidget(row)
            self.rows.append(row)

    def _changed(self, label: str, rebuild: bool) -> None:
        self.last_edit = label
        if rebuild:
            self._rebuild()
        self.sigChanged.emit()

    # Edits -----------------------------------------------------------------------------------

    def _input_width(self, index: int) -> int:
        """The width reaching layer ``index`` in the draft (2 at the input)."""
        width = 2
        for layer in self._draft[:index]:
            if layer.is_linear:
                width = layer.out_features
        return width

    def _on_add(self) -> None:
        self.add_layer(self.add_box.currentData())

    def add_layer(self, kind: LayerKind) -> None:
        """Append a layer of ``kind``; a Linear reads the current width and gives 2."""
        width = self._input_width(len(self._draft))
        self._draft.append(linear(width, 2) if kind == "linear" else activation(kind))
        self._changed("add layer", rebuild=True)

    def remove_layer(self, index: int) -> None:
        del self._draft[index]
        self._changed("remove layer", rebuild=True)

    def move_layer(self, index: int, delta: int) -> None:
        target = index + delta
        if not 0 <= target < len(self._draft):
            return
        self._draft[index], self._draft[target] = self._draft[target], self._draft[index]
        self._changed("move layer", rebuild=True)

    def set_width(self, index: int, which: str, value: int) -> None:
        """Set in- or out-features of layer ``index``; a new out-width feeds the next Linear."""
        layer = self._draft[index]
        if which == "in":
            layer = replace(layer, in_features=value)
        else:
            layer = replace(layer, out_features=value)
        if layer.weight is not None and not layer.is_square_2x2:
            layer = replace(layer, weight=None)
        self._draft[index] = layer
        rebuild = False
        if which == "out" and value >= 1:
            for j in range(index + 1, len(self._draft)):
                following = self._draft[j]
                if following.is_linear:
                    changed = replace(following, in_features=value)
                    if changed.weight is not None and not changed.is_square_2x2:
                        changed = replace(changed, weight=None)
                    self._draft[j] = changed
                    break
            rebuild = True
        self._changed(
            "set width",
            rebuild=rebuild or layer.is_square_2x2 != self.rows[index].layer.is_square_2x2,
        )

    def _on_kind_change(self, row: LayerRow, kind: LayerKind) -> None:
        index = self.rows.index(row)
        focused = QApplication.focusWidget()
        had_focus = focused is not None and (
            focused is row.kind_box or row.kind_box.isAncestorOf(focused)
        )
        if kind == "linear":
            width = self._input_width(index)
            self._draft[index] = linear(width, width)
        else:
            self._draft[index] = activation(kind)
        self._changed("set layer type" if kind == "linear" else "set activation", rebuild=True)
        if had_focus and index < len(self.rows):
            # The row was rebuilt: its new kind box takes the focus, so the next key (Down
            # again, Tab) goes on in the row instead of to whatever Qt focused next.
            self.rows[index].kind_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_width_change(self, row: LayerRow, which: str, value: int) -> None:
        self.set_width(self.rows.index(row), which, value)

    def _on_bias_change(self, row: LayerRow, checked: bool) -> None:
        index = self.rows.index(row)
        self._draft[index] = replace(self._draft[index], bias=checked)
        row.layer = self._draft[index]
        self._changed("set bias", rebuild=False)

    def _on_move(self, row: LayerRow, delta: int) -> None:
        self.move_layer(self.rows.index(row), delta)

    def _on_remove(self, row: LayerRow) -> None:
        self.remove_layer(self.rows.index(row))

    def _on_edit_weight(self, row: LayerRow) -> None:
        self.sigEditWeight.emit(self.rows.index(row))
