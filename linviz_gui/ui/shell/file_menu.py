"""The File menu's session and export actions: Open, Open Recent, Save, Save As, Export….

``install_file_menu(window, menu)`` adds them to the main window's File menu; the window keeps
the returned :class:`FileActions`. Errors are shown in a message box (non-blocking) and the
status bar; the session on screen stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox

from linviz_gui.model.files.session import EXTENSION, is_handover, load_session, save_session
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.export.canvas_menu import CanvasMenus
from linviz_gui.ui.shell.session_state import apply_session, capture_session

if TYPE_CHECKING:
    import pyqtgraph as pg

    from linviz_gui.ui.export.animation_dialog import AnimationDialog
    from linviz_gui.ui.export.export_dialog import ExportDialog
    from linviz_gui.ui.shell.window_parts import WindowParts

MAX_RECENT = 8
SESSION_FILTER = f"linviz sessions (*{EXTENSION} *.json)"


class FileActions(QObject):
    def __init__(self, window: WindowParts, menu: QMenu) -> None:
        super().__init__(window.window())
        self._window = window
        self.path: Path | None = None
        self.last_error = ""
        self.dialog: ExportDialog | None = None
        self.animation_dialog: AnimationDialog | None = None
        self._box: QMessageBox | None = None
        self.open_action = self._action("&Open session…", QKeySequence.StandardKey.Open, self.open)
        self.recent_menu = QMenu("Open &recent", menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.save_action = self._action("&Save session", QKeySequence.StandardKey.Save, self.save)
        self.save_as_action = self._action(
            "Save session &as…", QKeySequence("Ctrl+Shift+S"), self.save_as
        )
        self.export_action = self._action(
            "&Export picture…", QKeySequence("Ctrl+E"), self._on_export_action
        )
        self.animation_action = self._action("Export &animation…", None, self.open_animation_dialog)
        menu.addAction(self.open_action)
        menu.addMenu(self.recent_menu)
        menu.addActions([self.save_action, self.save_as_action])
        menu.addSeparator()
        menu.addActions([self.export_action, self.animation_action])
        menu.addSeparator()
        self.canvas_menus = CanvasMenus(window.window(), self.open_export_dialog)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self._window.window())
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setStatusTip(text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        return action

    # Sessions --------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        start = str(self.path or Path(self._last_folder()) / f"session{EXTENSION}")
        name, _ = QFileDialog.getSaveFileName(
            self._window.window(), "Save session", start, SESSION_FILTER
        )
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_name(path.name + EXTENSION)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            written = save_session(path, capture_session(self._window))
        except InputError as error:
            self._error("Could not save the session", str(error))
            return False
        self.path = written
        self._add_recent(written)
        self._window.show_message(f"Saved {written}")
        return True

    def open(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(
            self._window.window(), "Open session", self._last_folder(), SESSION_FILTER
        )
        return bool(name) and self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Open a session; on any problem the window is left exactly as it was."""
        # A session on a large points file reads it here (seconds for millions of CSV rows):
        # say so and show the wait, rather than a window that seems to hang.
        self._window.statusBar().showMessage(f"Opening {Path(path).name}…")
        self._window.statusBar().repaint()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            session = load_session(path)
        except InputError as error:
            QGuiApplication.restoreOverrideCursor()
            self._error("Could not open the session", str(error))  # it names the file
            return False
        try:
            apply_session(self._window, session)
        except InputError as error:
            self._error("Could not open the session", f"{Path(path).name}: {error}")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.path = Path(path)
        self._add_recent(self.path)
        self._window.show_message(f"Opened {path}")
        return True

    def recent_files(self) -> list[str]:
        value = self._window.settings.value("session/recent", [])
        items: list[object] = [value] if isinstance(value, str) else []
        if isinstance(value, list):
            items = list(value)
        return [str(item) for item in items if str(item)][:MAX_RECENT]

    def _add_recent(self, path: Path) -> None:
        if is_handover(path):  # lv.show's temporary file: opened once, never the user's to reopen
            return
        text = str(path.resolve())
        recent = [text] + [p for p in self.recent_files() if p != text]
        self._window.settings.setValue("session/recent", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for text in recent:
            action = self.recent_menu.addAction(Path(text).name)
            action.setToolTip(text)
            action.setData(text)
            action.triggered.connect(self._on_recent)
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _on_recent(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.open_path(Path(str(action.data())))

    def _last_folder(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def _error(self, title: str, text: str) -> None:
        self.last_error = text
        self._window.show_message(text)
        _retire(self._box)
        self._box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self._window.window())
        self._box.open()

    # Export ----------------------------------------------------------------------------------

    def _on_export_action(self) -> None:
        self.open_export_dialog()

    def open_export_dialog(self, canvas: pg.PlotWidget | None = None) -> ExportDialog:
        # The dialogs load when first opened: they are not on the way to the first frame.
        from linviz_gui.ui.export.export_dialog import ExportDialog, window_targets
        from linviz_gui.ui.export.targets import canvas_name

        window = self._window
        tab = window.tabs.currentWidget()
        preferred = canvas_name(canvas) if canvas is not None else ""
        if canvas is not None and tab is not None and not tab.isAncestorOf(canvas):
            tab = canvas
        _retire(self.dialog)
        main = window.window()
        self.dialog = ExportDialog(window_targets(main, tab), window.settings, main, preferred)
        self.dialog.open()
        return self.dialog

    def open_animation_dialog(self) -> AnimationDialog:
        from linviz_gui.ui.export.animation_dialog import AnimationDialog

        window = self._window
        _retire(self.animation_dialog)
        self.animation_dialog = AnimationDialog(window.views, window.settings, window.window())
        self.animation_dialog.open()
        return self.animation_dialog


def _retire(dialog: QDialog | None) -> None:
    """Close and delete the last dialog of a kind: each opening makes a new one, and a closed
    dialog is only hidden, so every Ctrl+E or error would leave one behind for good."""
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()


def install_file_menu(window: WindowParts, menu: QMenu) -> FileActions:
    """Add the session and export actions to ``menu``; returns them (keep a reference)."""
    return FileActions(window, menu)
