"""Start the GUI: the window appears first, torch loads in the worker meanwhile."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2


def run_app(
    matrix: Matrix2 | None = None,
    dataset: DatasetSpec | None = None,
    device: str | None = None,
    session_path: Path | None = None,
    view_state: tuple[str, dict[str, Any]] | None = None,
) -> int:
    """Show the start-up window, then the main window (on ``session_path`` if given, with the
    tab titled ``view_state[0]`` open in the state ``view_state[1]`` if given); run Qt."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from linviz_gui.resources import resource_path
    from linviz_gui.ui.shell.startup_window import StartupWindow

    QCoreApplication.setOrganizationName("linviz")
    QCoreApplication.setApplicationName("linviz")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    icon = QIcon(str(resource_path("icon.svg")))
    app.setWindowIcon(icon)
    # Shown before pyqtgraph (1-2 s to import here) and torch (loaded later by the worker).
    startup = StartupWindow(icon)
    startup.show()
    app.processEvents()

    # torch imports in the worker's thread while pyqtgraph imports and the window is built here
    # (the two took turns before: torch only began once the whole window stood).
    from linviz_gui.compute.worker import ComputeWorker

    worker = ComputeWorker()
    worker.preload()

    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.shell.main_window import make_main_window

    scene = Scene(matrix=matrix, dataset=dataset)
    window = make_main_window(scene, worker=worker)
    if session_path is not None:
        # As File → Open: the view states are checked too, and a refusal is a dialog.
        window.file_actions.open_path(session_path)
    if view_state is not None:
        from linviz_gui.ui.shell.session_state import open_view

        error = open_view(window, *view_state)
        if error:
            window.show_message(error)
    if device:
        scene.set_device(device)  # a command-line device wins over the remembered one
    window.show()
    startup.close()
    return int(app.exec())
