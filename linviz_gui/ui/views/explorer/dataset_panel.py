"""Choose the points: kind, N and torch seed, each checked with a clear message; a file opened
with File → Open points… is one more item of the kind box, until another file replaces it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from linviz_gui.model.data.point_sets import (
    DATASET_LABELS,
    FILE_KIND,
    DatasetSpec,
    check_point_count,
    check_seed,
    parse_int,
)
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.scene import Scene
from linviz_gui.ui.widgets.validated_field import ValidatedField


def _parse_count(text: str) -> int:
    return check_point_count(parse_int(text, "N"))


def _parse_seed(text: str) -> int:
    return check_seed(parse_int(text, "seed"))


class DatasetPanel(QWidget):
    def __init__(self, scene: Scene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._file_spec: DatasetSpec | None = None  # the last file opened, to choose again
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.kind_box = QComboBox()
        for kind, label in DATASET_LABELS.items():
            self.kind_box.addItem(label, kind)
        self.kind_box.setToolTip("Which points X to transform")
        self.kind_box.currentIndexChanged.connect(self._on_kind_change)
        self.count_field = ValidatedField(_parse_count, lambda n: f"{n:,}")
        self.count_field.setToolTip("Number of points N, from 1 to 2,000,000 (Enter to apply)")
        self.seed_field = ValidatedField(_parse_seed)
        self.seed_field.setToolTip(
            "torch.manual_seed for the cloud: the same seed, the same points"
        )
        self.count_field.sigCommitted.connect(lambda n: self._update(n=n))
        self.seed_field.sigCommitted.connect(lambda s: self._update(seed=s))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        for field in (self.count_field, self.seed_field):
            field.sigError.connect(self._on_error)
        form.addRow("Points", self.kind_box)
        form.addRow("N", self.count_field)
        form.addRow("Seed", self.seed_field)
        form.addRow(self.message)
        scene.dataset_changed.connect(self._on_dataset_change)
        self._on_dataset_change(scene.dataset)

    def _update(self, **changes: object) -> None:
        try:
            self._scene.set_dataset(replace(self._scene.dataset, **changes))  # type: ignore[arg-type]
        except InputError as error:
            self._on_error(str(error))

    def _on_kind_change(self, _index: int) -> None:
        kind = self.kind_box.currentData()
        if kind == FILE_KIND:
            if self._file_spec is not None:
                self._scene.set_dataset(self._file_spec)
        else:  # a generated kind: N stays (a file's rows), the file's path goes
            self._update(kind=kind, path="", digest="")

    def _on_error(self, _message: str) -> None:
        errors = [f.error for f in (self.count_field, self.seed_field) if f.error]
        self.message.setText(errors[0] if errors else "")
        self.message.setVisible(bool(errors))

    def _on_dataset_change(self, spec: DatasetSpec) -> None:
        if spec.from_file:
            self._show_file(spec)
        self.kind_box.blockSignals(True)
        self.kind_box.setCurrentIndex(self.kind_box.findData(spec.kind))
        self.kind_box.blockSignals(False)
        self.count_field.set_value(spec.n)
        self.seed_field.set_value(spec.seed)
        fixed = spec.kind in ("two_points", FILE_KIND)
        self.count_field.setEnabled(not fixed)
        self.seed_field.setEnabled(spec.kind == "gaussian")

    def _show_file(self, spec: DatasetSpec) -> None:
        self._file_spec = spec
        text = f"File: {Path(spec.path).name}"
        index = self.kind_box.findData(FILE_KIND)
        self.kind_box.blockSignals(True)
        if index < 0:
            self.kind_box.addItem(text, FILE_KIND)
            index = self.kind_box.count() - 1
        self.kind_box.setItemText(index, text)
        self.kind_box.setItemData(index, spec.path, Qt.ItemDataRole.ToolTipRole)
        self.kind_box.blockSignals(False)
