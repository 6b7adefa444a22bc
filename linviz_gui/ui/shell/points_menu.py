"""File → Open points…: a user's own points, read in the worker, then shown where they belong.

On a tab that takes labelled data (it has ``open_points(path)``: Classifier, Training) the file
is loaded there, as its own Load… button would; on any other tab it becomes the Explorer's
dataset and the Explorer is shown. A refusal is a message box and the status bar, and nothing
changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from linviz_gui.compute.worker import Job
from linviz_gui.model.files.points_file import PLAIN_TOOLTIP, POINTS_FILTER
from linviz_gui.ui.shell.session_state import view_title

if TYPE_CHECKING:
    from linviz_gui.ui.shell.window_parts import WindowParts

CHANNEL = "shell.points"


class PointsOpener(QObject):
    def __init__(self, window: WindowParts, menu: QMenu, before: QAction | None = None) -> None:
        super().__init__(window.window())
        self._window = window
        self._awaited = -1
        self._target: Callable[[str], object] | None = None  # a labelled tab's open_points
        self._target_title = ""
        self.last_error = ""
        self.box: QMessageBox | None = None
        self.action = QAction("Open &points…", self)
        tip = (
            "Open your own points: the Explorer's (x,y per row), or on the Classifier and "
            "Training tabs their labelled data (x,y,label)"
        )
        self.action.setStatusTip(tip)
        self.action.setToolTip(f"{tip}. {PLAIN_TOOLTIP}")
        self.action.triggered.connect(self.choose)
        if before is not None:
            menu.insertAction(before, self.action)
        else:
            menu.addAction(self.action)
        window.worker.sigResult.connect(self._on_result)
        window.worker.sigFailed.connect(self._on_failed)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window.window(), "Open points", str(Path.home()), POINTS_FILTER
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> None:
        """Read ``path`` in the worker for the tab on screen; it changes once the file is read."""
        from linviz_gui.compute.points_jobs import read_points_file  # not needed before this

        view = self._window.tabs.currentWidget()
        opener = getattr(view, "open_points", None)
        self._target = opener if callable(opener) else None
        self._target_title = view_title(view) if view is not None else ""
        self._window.show_message(f"Reading {path.name}…")
        self._awaited = self._window.worker.submit(
            Job(CHANNEL, read_points_file, (str(path), self._target is not None))
        )

    def _on_result(self, channel: str, job_id: int, result: object) -> None:
        if channel != CHANNEL or job_id != self._awaited:
            return
        from linviz_gui.compute.points_jobs import PointsRead

        if not isinstance(result, PointsRead):
            return
        self._awaited = -1
        if result.message:
            self._error(result.message)
            return
        self.last_error = ""
        name = Path(result.path).name
        if result.labelled and self._target is not None:
            self._target(result.path)  # the tab's own load: it reports what it loaded
            return
        if result.dataset is not None:
            window = self._window
            window.scene.set_dataset(result.dataset)
            window.tabs.setCurrentWidget(window.explorer)
            window.show_message(f"Opened {name} in the Explorer: {result.count:,} points")

    def _on_failed(self, channel: str, job_id: int, message: str) -> None:
        if channel == CHANNEL and job_id == self._awaited:
            self._awaited = -1
            self._error(f"could not read the points: {message}")

    def _error(self, text: str) -> None:
        self.last_error = text
        self._window.show_message(text)
        if self.box is not None:
            self.box.deleteLater()
        parent = self._window.window()
        self.box = QMessageBox(
            QMessageBox.Icon.Warning, "Could not open the points", text, parent=parent
        )
        self.box.open()


def install_points_action(
    window: WindowParts, menu: QMenu, before: QAction | None = None
) -> PointsOpener:
    """Add File → Open points… to ``menu`` (before ``before``); keep the returned opener."""
    return PointsOpener(window, menu, before)
