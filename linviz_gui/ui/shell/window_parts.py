"""What the main window's helpers (File menu, sessions, tour, export names) use of it.

They are typed against :class:`WindowParts` instead of importing ``MainWindow``, so imports run
one way: the window imports its helpers, never the reverse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QDockWidget, QMenuBar, QStatusBar, QWidget

    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.shell.display_options import DisplayOptions
    from linviz_gui.ui.shell.view_tabs import ViewTabs
    from linviz_gui.ui.views.explorer.view import ExplorerView


class WindowParts(Protocol):
    """The main window as its helpers see it (``MainWindow`` is the one implementation)."""

    scene: Scene
    worker: ComputeWorker
    settings: QSettings
    tabs: ViewTabs
    explorer: ExplorerView
    display_options: DisplayOptions

    @property
    def views(self) -> list[QWidget]:
        """Every tab's view, in tab order (the explorer first); builds those not built yet."""

    def view(self, title: str) -> QWidget | None:
        """The view of the tab titled ``title`` (built now if need be), or None."""

    def show_message(self, text: str) -> None: ...

    # The QMainWindow itself: parent of dialogs and docks, host of menus and the status bar.
    def window(self) -> QWidget: ...

    def menuBar(self) -> QMenuBar: ...

    def statusBar(self) -> QStatusBar: ...

    def addDockWidget(self, area: Qt.DockWidgetArea, dockwidget: QDockWidget, /) -> None: ...
