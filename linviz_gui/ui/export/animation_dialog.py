"""Export an animation (GIF or PNG frames) with a progress bar and a Cancel button."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.export.animation import MAX_FRAMES, AnimationSource, animation_sources
from linviz_gui.ui.export.animation_export import Cancelled, export_animation
from linviz_gui.ui.export.image_render import MAX_SIDE, MIN_SIDE

FORMATS = {"GIF animation": ".gif", "PNG frames (name_0000.png, …)": ".png"}
EASINGS = {"the notebook's interpolate (log, p)": "log", "linear": "linear"}


class AnimationDialog(QDialog):
    def __init__(
        self, views: Sequence[QWidget], settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export an animation")
        self._views = list(views)
        self._settings = settings
        self.source_box = QComboBox()
        self.format_box = QComboBox()
        self.format_box.addItems(list(FORMATS))
        self.steps_box = QSpinBox()
        self.steps_box.setRange(2, MAX_FRAMES)
        self.easing_box = QComboBox()
        self.easing_box.addItems(list(EASINGS))
        self.p_box = QDoubleSpinBox()
        self.p_box.setDecimals(4)
        self.p_box.setRange(0.0001, 1000.0)
        self.fps_box = QSpinBox()
        self.fps_box.setRange(1, 100)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box in (self.width_box, self.height_box):
            box.setRange(MIN_SIDE, MAX_SIDE)
            box.setSuffix(" px")
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        self.path_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        form = QFormLayout(self)
        form.addRow("Animation", self.source_box)
        form.addRow("Format", self.format_box)
        form.addRow("Frames", self.steps_box)
        form.addRow("Easing", self.easing_box)
        form.addRow("Easing p", self.p_box)
        form.addRow("Frames per second", self.fps_box)
        form.addRow("Size", size_row)
        form.addRow("File", path_row)
        form.addRow(self.message)
        form.addRow(buttons)
        self._restore()
        self.format_box.currentTextChanged.connect(self._on_format_change)
        self.progress: QProgressDialog | None = None

    def _restore(self) -> None:
        s = self._settings
        for title in self._source_titles():
            self.source_box.addItem(title)
        self.steps_box.setValue(_int(s.value("animation/steps"), 150, 2, MAX_FRAMES))
        self.fps_box.setValue(_int(s.value("animation/fps"), 30, 1, 100))
        self.width_box.setValue(_int(s.value("animation/width"), 640, MIN_SIDE, MAX_SIDE))
        self.height_box.setValue(_int(s.value("animation/height"), 640, MIN_SIDE, MAX_SIDE))
        try:
            self.p_box.setValue(float(str(s.value("animation/p", 0.001))))
        except ValueError:
            self.p_box.setValue(0.001)
        for box, key in ((self.format_box, "format"), (self.easing_box, "easing")):
            value = s.value(f"animation/{key}")
            if isinstance(value, str) and box.findText(value) >= 0:
                box.setCurrentText(value)
        remembered = Path(str(s.value("animation/folder", "")) or Path.home())
        folder = remembered if remembered.is_dir() else Path.home()
        self.path_edit.setText(str(folder / f"linviz-morph{self._suffix()}"))

    def _source_titles(self) -> list[str]:
        try:
            return [source.title for source in animation_sources(self._views)]
        except InputError:
            return [s.title for s in animation_sources([])] or ["(the points are not ready yet)"]

    def _suffix(self) -> str:
        return FORMATS[self.format_box.currentText()]

    def _on_format_change(self, _text: str) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(self._suffix())))

    def _browse(self) -> None:
        pattern = f"{self.format_box.currentText()} (*{self._suffix()})"
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(), pattern)
        if path:
            self.path_edit.setText(path if Path(path).suffix else path + self._suffix())

    def source(self) -> AnimationSource:
        sources = animation_sources(
            self._views,
            self.steps_box.value(),
            self.p_box.value(),
            EASINGS[self.easing_box.currentText()],
        )
        index = self.source_box.currentIndex()
        if not sources or not 0 <= index < len(sources):
            raise InputError("there is no animation to export in the open views")
        return sources[index]

    def export(self) -> bool:
        """Render and write every frame, with a progress dialog; True when written."""
        path = Path(self.path_edit.text().strip()).expanduser()
        progress = QProgressDialog("Rendering frames…", "Cancel", 0, 1, self)
        progress.setWindowTitle("Exporting the animation")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        self.progress = progress

        def report(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Frame {min(done + 1, total)} of {total}…")
            return not progress.wasCanceled()

        try:
            written = export_animation(
                self.source(),
                path,
                self.width_box.value(),
                self.height_box.value(),
                float(self.fps_box.value()),
                report,
            )
        except Cancelled:
            self._show("Cancelled; nothing was written.", error=True)
            return False
        except InputError as error:
            self._show(str(error), error=True)
            return False
        finally:
            progress.close()
        self._remember(path)
        shown = written[0] if len(written) == 1 else f"{len(written)} frames ({written[0].name}…)"
        self._show(f"Wrote {shown}.")
        return True

    def _remember(self, path: Path) -> None:
        s = self._settings
        s.setValue("animation/steps", self.steps_box.value())
        s.setValue("animation/fps", self.fps_box.value())
        s.setValue("animation/width", self.width_box.value())
        s.setValue("animation/height", self.height_box.value())
        s.setValue("animation/p", self.p_box.value())
        s.setValue("animation/format", self.format_box.currentText())
        s.setValue("animation/easing", self.easing_box.currentText())
        s.setValue("animation/folder", str(path.parent))

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)


def _int(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if low <= number <= high else default
