"""The export dialog (Ctrl+E): what to export, size, background, file; it remembers its choices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.export.figure_style import STYLES, FigureStyle
from linviz_gui.ui.export.image_render import MAX_SIDE, MIN_SIDE, copy_to_clipboard
from linviz_gui.ui.export.targets import (
    ExportTarget,
    canvas_targets,
    export_to_file,
    render_image,
)

SIZE_PRESETS = {
    "1920 × 1080 (HD)": (1920, 1080),
    "3840 × 2160 (4K)": (3840, 2160),
    "1280 × 720": (1280, 720),
    "1600 × 1200": (1600, 1200),
    "1200 × 1200 (square)": (1200, 1200),
}
FORMATS = {"PNG image": ".png", "SVG vector drawing": ".svg"}
#: The look of a picture, as the dialog names it -> the style's name.
LOOKS = {
    "as on screen": "screen",
    "slide: larger text, darker ticks, thicker arrows": "slide",
}


class ExportDialog(QDialog):
    """Export one of ``targets`` (canvases first, then the tab and the window)."""

    def __init__(
        self,
        targets: list[ExportTarget],
        settings: QSettings,
        parent: QWidget | None = None,
        preferred: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export a picture")
        self._targets = targets
        self._settings = settings
        self.target_box = QComboBox()
        for target in targets:
            self.target_box.addItem(target.name)
        self.format_box = QComboBox()
        self.format_box.addItems(list(FORMATS))
        self.preset_box = QComboBox()
        self.preset_box.addItems(["custom", *SIZE_PRESETS])
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box in (self.width_box, self.height_box):
            box.setRange(MIN_SIDE, MAX_SIDE)
            box.setSuffix(" px")
        self.look_box = QComboBox()
        self.look_box.addItems(list(LOOKS))
        self.handles_check = QCheckBox("keep the drag handles (PNG)")
        self.transparent_check = QCheckBox("transparent background")
        self.fit_check = QCheckBox("fit the view to the points (instead of the view on screen)")
        self.path_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        size_row.addWidget(self.preset_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button = buttons.addButton(
            "Copy to clipboard", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        self.copy_button.clicked.connect(self.copy)
        form = QFormLayout(self)
        form.addRow("Export", self.target_box)
        form.addRow("Format", self.format_box)
        form.addRow("Size", size_row)
        form.addRow("Look", self.look_box)
        form.addRow("", self.handles_check)
        form.addRow("", self.transparent_check)
        form.addRow("", self.fit_check)
        form.addRow("File", path_row)
        form.addRow(self.message)
        form.addRow(buttons)
        self._restore(preferred)
        self.preset_box.currentTextChanged.connect(self._on_preset_change)
        self.format_box.currentTextChanged.connect(self._on_format_change)
        self.width_box.valueChanged.connect(self._on_size_change)
        self.height_box.valueChanged.connect(self._on_size_change)

    # Choices ---------------------------------------------------------------------------------

    @property
    def target(self) -> ExportTarget:
        return self._targets[self.target_box.currentIndex()]

    @property
    def figure_style(self) -> FigureStyle:
        """The chosen look, with the drag handles kept when asked."""
        style = STYLES[LOOKS[self.look_box.currentText()]]
        return style.with_handles(self.handles_check.isChecked())

    @property
    def suffix(self) -> str:
        return FORMATS[self.format_box.currentText()]

    def _restore(self, preferred: str) -> None:
        s = self._settings
        names = [t.name for t in self._targets]
        wanted = preferred or str(s.value("export/target", ""))
        if wanted in names:
            self.target_box.setCurrentIndex(names.index(wanted))
        fmt = s.value("export/format", "PNG image")
        if fmt in FORMATS:
            self.format_box.setCurrentText(str(fmt))
        self.width_box.setValue(_int(s.value("export/width"), 1920))
        self.height_box.setValue(_int(s.value("export/height"), 1080))
        look = str(s.value("export/look", ""))
        if look in LOOKS:
            self.look_box.setCurrentText(look)
        self.handles_check.setChecked(str(s.value("export/handles", "false")) == "true")
        self.transparent_check.setChecked(str(s.value("export/transparent", "false")) == "true")
        self.fit_check.setChecked(str(s.value("export/fit", "false")) == "true")
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        folder = next(
            (
                Path(f)
                for f in (str(s.value("export/folder", "")), pictures)
                if f and Path(f).is_dir()
            ),
            Path.home(),
        )
        self.path_edit.setText(str(folder / f"linviz{self.suffix}"))
        self._on_size_change()
        self._on_format_change(self.format_box.currentText())

    def _remember(self) -> None:
        s = self._settings
        s.setValue("export/target", self.target.name)
        s.setValue("export/format", self.format_box.currentText())
        s.setValue("export/width", self.width_box.value())
        s.setValue("export/height", self.height_box.value())
        s.setValue("export/look", self.look_box.currentText())
        s.setValue("export/handles", "true" if self.handles_check.isChecked() else "false")
        s.setValue("export/transparent", "true" if self.transparent_check.isChecked() else "false")
        s.setValue("export/fit", "true" if self.fit_check.isChecked() else "false")
        s.setValue("export/folder", str(Path(self.path_edit.text()).expanduser().parent))

    def _on_preset_change(self, name: str) -> None:
        if name in SIZE_PRESETS:
            width, height = SIZE_PRESETS[name]
            self.width_box.setValue(width)
            self.height_box.setValue(height)

    def _on_size_change(self) -> None:
        size = (self.width_box.value(), self.height_box.value())
        names = [n for n, s in SIZE_PRESETS.items() if s == size]
        self.preset_box.blockSignals(True)
        self.preset_box.setCurrentText(names[0] if names else "custom")
        self.preset_box.blockSignals(False)

    def _on_format_change(self, _name: str) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(self.suffix)))
        self.transparent_check.setEnabled(True)
        # The SVG writer draws its own plain figure: the look and handles are the PNG's.
        for control in (self.look_box, self.handles_check):
            control.setEnabled(self.suffix == ".png")

    def _browse(self) -> None:
        pattern = f"{self.format_box.currentText()} (*{self.suffix})"
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(), pattern)
        if path:
            self.path_edit.setText(path if Path(path).suffix else path + self.suffix)

    # Actions ---------------------------------------------------------------------------------

    def export(self) -> bool:
        """Write the file; the outcome is shown in the dialog. True when written."""
        path = Path(self.path_edit.text().strip()).expanduser()
        try:
            note = export_to_file(
                self.target,
                path,
                self.width_box.value(),
                self.height_box.value(),
                self.transparent_check.isChecked(),
                self.fit_check.isChecked(),
                self.figure_style,
            )
        except InputError as error:
            self._show(str(error), error=True)
            return False
        self._remember()
        self._show(f"Wrote {path}. {note}".strip())
        return True

    def copy(self) -> bool:
        try:
            image = render_image(
                self.target,
                self.width_box.value(),
                self.height_box.value(),
                self.transparent_check.isChecked(),
                self.fit_check.isChecked(),
                self.figure_style,
            )
        except InputError as error:
            self._show(str(error), error=True)
            return False
        copy_to_clipboard(image)
        self._remember()
        self._show(f"Copied a {image.width()} × {image.height()} image to the clipboard.")
        return True

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)


def _int(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if MIN_SIDE <= number <= MAX_SIDE else default


def window_targets(window: QWidget, tab: QWidget | None) -> list[ExportTarget]:
    """The canvases of the current tab, the tab itself (if it has several), the whole window."""
    targets = canvas_targets(tab) if tab is not None else []
    if tab is not None and len(targets) != 1:
        title = str(getattr(tab, "title", "current tab"))
        targets.append(ExportTarget(f"the whole {title} tab", tab))
    targets.append(ExportTarget("the whole window", window))
    return targets
