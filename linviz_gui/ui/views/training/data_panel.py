"""The Training tab's data: generated sets, a points file (.csv, .npy, .pt), or points clicked
onto the plane.

The panel only shows values and says what the user asked for; the view builds the data. Every
typed value is parsed by a function that raises :class:`InputError` naming it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from linviz_gui.model.data.labelled import (
    LABELLED_KINDS,
    MAX_CLASSES,
    MAX_TRAINING_POINTS,
    LabelledSpec,
    check_class_count,
    check_labelled_count,
)
from linviz_gui.model.data.point_sets import check_seed, parse_int
from linviz_gui.model.files.points_file import POINTS_FILTER, POINTS_TOOLTIP
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.widgets.class_colors import CLASS_COLORS
from linviz_gui.ui.widgets.error_label import error_label, show_error
from linviz_gui.ui.widgets.validated_field import ValidatedField

#: The kinds besides the generated ones.
CSV_ITEM = "csv"
CLICKED_ITEM = "clicked"
NOTEBOOK_ITEM = "notebook"
#: The generated kinds offered here, the course's spiral first.
GENERATED = ("spirals", "blobs", "xor", "circles")


def class_icon(k: int) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(CLASS_COLORS[k % len(CLASS_COLORS)]))
    return QIcon(pixmap)


class TrainingDataPanel(QWidget):
    """Kind, N, seed, K; Load points; the class of clicked points and Clear."""

    sigSpecChosen = Signal(object)  # LabelledSpec
    sigCsvChosen = Signal(str)  # a path to load
    sigKindReselected = Signal(str)  # CSV_ITEM, CLICKED_ITEM or NOTEBOOK_ITEM chosen again
    sigClickClass = Signal(int)  # 0-based class of the next clicked points
    sigClearClicked = Signal()

    def __init__(self, spec: LabelledSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.kind_box = QComboBox()
        for kind in GENERATED:
            self.kind_box.addItem(LABELLED_KINDS[kind], kind)  # type: ignore[index]
        self.kind_box.addItem("Points clicked on the plane", CLICKED_ITEM)
        self.kind_box.setToolTip("Which labelled points the net learns")
        # Long entries must not widen the side panel (the canvases would shrink to fit it).
        self.kind_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_box.setMinimumContentsLength(20)
        self.kind_box.currentIndexChanged.connect(self._on_kind_change)
        self.count_field = ValidatedField(
            lambda t: check_labelled_count(parse_int(t, "N"), MAX_TRAINING_POINTS),
            lambda n: f"{n:,}",
        )
        self.count_field.setToolTip(
            f"Number of points N, from 2 to {MAX_TRAINING_POINTS:,} (Enter to apply)"
        )
        self.seed_field = ValidatedField(lambda t: check_seed(parse_int(t, "seed")))
        self.seed_field.setToolTip("torch.manual_seed of the data: the same seed, the same points")
        self.classes_field = ValidatedField(lambda t: check_class_count(parse_int(t, "K")))
        self.classes_field.setToolTip(f"Number of spiral arms K, from 2 to {MAX_CLASSES}")
        self.load_button = QPushButton("Load points…")
        self.load_button.setToolTip(POINTS_TOOLTIP)
        self.load_button.clicked.connect(self.choose_csv)
        self.class_box = QComboBox()
        for k in range(MAX_CLASSES):
            self.class_box.addItem(class_icon(k), f"class {k + 1}", k)
        self.class_box.setToolTip(
            "The class of the points you click onto the decision regions (or press 1-8 there)"
        )
        self.class_box.currentIndexChanged.connect(self._on_class_change)
        self.clear_button = QPushButton("Clear clicked")
        self.clear_button.setToolTip("Remove every clicked point (start drawing from nothing)")
        self.clear_button.clicked.connect(self.sigClearClicked.emit)
        self.message = error_label()
        self.count_field.sigCommitted.connect(lambda n: self._update(n=n))
        self.seed_field.sigCommitted.connect(lambda s: self._update(seed=s))
        self.classes_field.sigCommitted.connect(lambda k: self._update(classes=k))
        self._fields = (self.count_field, self.seed_field, self.classes_field)
        for field in self._fields:
            field.sigError.connect(self._on_field_error)
        click_row = QHBoxLayout()
        click_row.addWidget(self.class_box, 1)
        click_row.addWidget(self.clear_button)
        form.addRow("Points", self.kind_box)
        form.addRow("N", self.count_field)
        form.addRow("Seed", self.seed_field)
        form.addRow("Classes K", self.classes_field)
        form.addRow(self.load_button)
        form.addRow("Click adds", click_row)
        form.addRow(self.message)
        self.show_spec(spec)

    @property
    def click_class(self) -> int:
        return int(self.class_box.currentData())

    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def show_spec(self, spec: LabelledSpec) -> None:
        """Show the generated set ``spec`` (from the view) without emitting anything."""
        self._spec = spec
        self._select(spec.kind)
        self.count_field.set_value(spec.n)
        self.seed_field.set_value(spec.seed)
        self.classes_field.set_value(spec.classes)

    def show_other(self, kind: str, text: str = "") -> None:
        """Select ``kind`` (CSV_ITEM, CLICKED_ITEM or NOTEBOOK_ITEM), adding its item with
        ``text`` when it is new; emits nothing."""
        index = self.kind_box.findData(kind)
        if index < 0:
            self.kind_box.addItem(text, kind)
            index = self.kind_box.count() - 1
        elif text:
            self.kind_box.setItemText(index, text)
        self._select(kind)

    def show_notebook(self, n: int, seed: int, classes: int) -> None:
        """Show the notebook's spiral and its numbers (greyed: the preset fixes them)."""
        self.show_other(NOTEBOOK_ITEM, "The notebook's spiral (5 × 1000, its seed)")
        for field, value in ((self.count_field, n), (self.seed_field, seed)):
            field.set_value(value)
        self.classes_field.set_value(classes)

    def show_click_class(self, k: int) -> None:
        self.class_box.blockSignals(True)
        self.class_box.setCurrentIndex(k)
        self.class_box.blockSignals(False)

    def show_error(self, message: str) -> None:
        show_error(self.message, message)

    def choose_csv(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Load labelled points", "", POINTS_FILTER)
        if path:
            self.sigCsvChosen.emit(path)

    def _select(self, kind: str) -> None:
        self.kind_box.blockSignals(True)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.kind_box.blockSignals(False)
        generated = kind in GENERATED
        for field in self._fields:
            field.setEnabled(generated)
        self.classes_field.setEnabled(kind == "spirals")

    def _on_kind_change(self, _index: int) -> None:
        kind = str(self.kind_box.currentData())
        if kind in GENERATED:
            self._update(kind=kind)
        else:
            self._select(kind)
            self.sigKindReselected.emit(kind)

    def _on_class_change(self, _index: int) -> None:
        self.sigClickClass.emit(self.click_class)

    def _update(self, **changes: object) -> None:
        try:
            spec = replace(self._spec, **changes)  # type: ignore[arg-type]
        except InputError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        self.show_spec(spec)
        self.sigSpecChosen.emit(spec)

    def _on_field_error(self, message: str) -> None:
        # The newest refusal is what the user just typed; once it is fixed, any other left.
        errors = [f.error for f in self._fields if f.error]
        self.show_error(message or (errors[0] if errors else ""))
