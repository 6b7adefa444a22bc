"""The main window: it only assembles the parts and remembers the window's state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QWidget,
)

from linviz_gui.compute.worker import ComputeWorker
from linviz_gui.model.linear.transform import pytorch_code
from linviz_gui.model.scene import Scene
from linviz_gui.resources import resource_path
from linviz_gui.ui.registry import ViewSpec, later_views
from linviz_gui.ui.shell.about import open_about
from linviz_gui.ui.shell.device_selector import DeviceSelector
from linviz_gui.ui.shell.display_options import DisplayOptions
from linviz_gui.ui.shell.file_menu import install_file_menu
from linviz_gui.ui.shell.model_menu import install_model_action
from linviz_gui.ui.shell.points_menu import install_points_action
from linviz_gui.ui.shell.tour_panel import install_tour
from linviz_gui.ui.shell.undo_owners import W_SECTION, register_undo_owners, undo_or_say_why
from linviz_gui.ui.shell.view_tabs import ViewTabs
from linviz_gui.ui.shell.window_fit import keep_on_screen_soon, size_by_current_tab
from linviz_gui.ui.views.explorer.dataset_panel import DatasetPanel
from linviz_gui.ui.views.explorer.matrix_editor import MatrixEditor
from linviz_gui.ui.views.explorer.view import ExplorerView
from linviz_gui.ui.widgets.code_view import CodeView
from linviz_gui.ui.widgets.point_cloud_item import point_clouds
from linviz_gui.ui.widgets.side_panel import SidePanel


class MainWindow(QMainWindow):
    def __init__(
        self,
        scene: Scene,
        worker: ComputeWorker,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__()
        self.scene = scene
        self.worker = worker
        self.settings = settings or QSettings()
        self.setWindowTitle("linviz — see what PyTorch does to space")
        self.setWindowIcon(QIcon(str(resource_path("icon.svg"))))

        self.matrix_editor = MatrixEditor(scene)
        self.dataset_panel = DatasetPanel(scene)
        self.device_selector = DeviceSelector(scene)
        self.display_options = DisplayOptions()
        self.code_view = CodeView()
        self.side_panel = SidePanel(
            [
                (W_SECTION, self.matrix_editor),
                ("Dataset", self.dataset_panel),
                ("Device", self.device_selector),
                ("Display", self.display_options),
                ("PyTorch", self.code_view),
            ]
        )
        self.explorer = ExplorerView(scene, worker)
        # The tab bar spans the window above the side panel, so it never moves (view_tabs.py).
        self.tabs = ViewTabs(self.side_panel)
        self.splitter = self.tabs.splitter
        self.tabs.addTab(self.explorer, self.explorer.title)
        # The other tabs are built when first opened (or asked for): start-up builds one.
        for spec in later_views():
            self.tabs.addLazyTab(self._builder(spec), spec.title)
        self.tabs.pageBuilt.connect(self._on_view_built)
        self.setCentralWidget(self.tabs)
        register_undo_owners(self, [self.tabs.tabText(i) for i in range(self.tabs.count())])

        self.device_label = QLabel("torch loading…")
        self.statusBar().addPermanentWidget(self.device_label)
        self._build_menus()
        self.tour = install_tour(self)
        self.tour.visibilityChanged.connect(lambda _shown: keep_on_screen_soon(self))
        self._connect()
        size_by_current_tab(self.tabs)
        self._restore_settings()
        self._on_display_change()
        self._on_matrix_change()
        self.statusBar().showMessage("Loading torch… the first frame follows in a moment.")

    # Assembly ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.file_actions = install_file_menu(self, file_menu)
        self.model_opener = install_model_action(self, file_menu)
        # Beside Open model…: both open a user's own objects.
        self.points_opener = install_points_action(self, file_menu, self.model_opener.save_action)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        file_menu.addAction(self.quit_action)
        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(
            "&Undo", QKeySequence.StandardKey.Undo, lambda: undo_or_say_why(self)
        )
        self.redo_action = self._action(
            "&Redo",
            QKeySequence("Ctrl+Shift+Z"),
            lambda: undo_or_say_why(self, redo=True),
            "Redo the last undone change",
        )
        edit.addActions([self.undo_action, self.redo_action])
        view = self.menuBar().addMenu("&View")
        self.fit_action = self._action(
            "&Fit to points", QKeySequence("F"), self.fit_current_view, "Show all points (F)"
        )
        view.addAction(self.fit_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About linviz", None, self._about))

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setStatusTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        return action

    def _connect(self) -> None:
        self.scene.matrix_changed.connect(lambda _w: self._on_matrix_change())
        self.scene.history_changed.connect(self._on_history_change)
        self.scene.device_changed.connect(self._on_device_change)
        self.matrix_editor.sigRandomRequested.connect(self.explorer.request_random_matrix)
        self.display_options.sigChanged.connect(self._on_display_change)
        self.tabs.currentChanged.connect(self._on_tab_change)
        self.explorer.sigMessage.connect(self.show_message)
        self.worker.sigReady.connect(self._on_worker_ready)
        self.worker.sigDevice.connect(self._on_device_in_use)
        self.worker.sigFailed.connect(self._on_worker_failed)
        self._on_history_change()

    def _builder(self, spec: ViewSpec) -> Callable[[], QWidget]:
        return lambda: spec.load()(self.scene, self.worker)

    # Views -------------------------------------------------------------------------------------

    @property
    def views(self) -> list[QWidget]:
        """Every tab's view, in tab order (the explorer first), building those not built yet."""
        return [page for i in range(self.tabs.count()) if (page := self.tabs.widget(i))]

    def view(self, title: str) -> QWidget | None:
        """The view of the tab titled ``title`` (built now if need be), or None."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                return self.tabs.widget(index)
        return None

    def built_views(self) -> list[QWidget]:
        """The views built so far, in tab order (a choice for all of them reaches the others as
        they are built)."""
        tabs = self.tabs
        return [page for i in range(tabs.count()) if tabs.is_built(i) and (page := tabs.widget(i))]

    def _on_view_built(self, _index: int, view: QWidget) -> None:
        message = getattr(view, "sigMessage", None)
        if message is not None:
            message.connect(self.show_message)
        self._apply_display(view)
        size_by_current_tab(self.tabs)

    # Slots -----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def fit_current_view(self) -> None:
        """Fit the open tab's canvases to their content, for every view that can."""
        fit = getattr(self.tabs.currentWidget(), "fit", None)
        if fit is not None:
            fit()

    def _on_matrix_change(self) -> None:
        # Re-laying out the code box costs milliseconds a frame: during a drag it waits for the end.
        if not self.scene.dragging:
            self.code_view.set_code(pytorch_code(self.scene.matrix))

    def _on_history_change(self) -> None:
        self._on_matrix_change()  # a drag just ended (or an undo): bring the code up to date
        self.undo_action.setEnabled(self.scene.can_undo())
        self.redo_action.setEnabled(self.scene.can_redo())
        # The menu says what the shortcut would take back: "Undo drag of W", "Undo add layer".
        undo, redo = self.scene.undo_log.undo_label(), self.scene.undo_log.redo_label()
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")

    def _on_display_change(self) -> None:
        options = self.display_options
        self.explorer.set_auto_fit(options.auto_fit_check.isChecked())
        self.explorer.set_ellipse_visible(options.ellipse_check.isChecked())
        for view in self.built_views():
            self._apply_display(view)

    def _apply_display(self, view: QWidget) -> None:
        """Every view that draws points or bases follows the same display choices."""
        options = self.display_options
        for setter, value in (
            ("set_colormap", (options.colormap,)),
            ("set_basis_colors", options.basis_colors),
            ("set_grid_visible", (options.grid_check.isChecked(),)),
        ):
            method = getattr(view, setter, None)
            if method is not None:
                method(*value)
        # Every cloud of points, whatever the view: one size choice for all canvases.
        for cloud in point_clouds(view):
            cloud.set_size_scale(options.point_scale)

    def _on_device_change(self, name: str) -> None:
        self.worker.set_device(name)
        # Recompute there now: the choice (or its fallback message) shows at once, not at the
        # next edit of W.
        self.explorer.request_points()

    def _on_worker_ready(self, devices: list[str]) -> None:
        preferred = self.scene.device
        if preferred not in devices:
            preferred = "cuda:0" if "cuda:0" in devices else "cpu"
        self.scene.set_device(preferred)
        self.worker.set_device(preferred)
        self.device_selector.set_devices(devices)
        self.statusBar().showMessage(
            "Ready. Drag the arrow tips on the right, or type into W.", 6000
        )

    def _on_device_in_use(self, name: str, message: str) -> None:
        self.device_label.setText(f"device: {name}")
        if message:
            self.scene.set_device(name)
            self.show_message(message)

    def _on_worker_failed(self, channel: str, _job_id: int, message: str) -> None:
        if not channel.startswith("explorer."):
            self.show_message(f"{channel}: {message}")

    def _about(self) -> None:
        open_about(self)

    # Window state ------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(self._default_size())
        for key, splitter in (
            ("window/splitter", self.splitter),
            ("window/explorer_splitter", self.explorer.splitter),
        ):
            state = s.value(key)
            if state is not None:
                splitter.restoreState(state)
        options = self.display_options
        for key, box in (
            ("display/colormap", options.colormap_box),
            ("display/basis", options.basis_box),
            ("display/point_size", options.point_size_box),
        ):
            value = s.value(key)
            if isinstance(value, str) and box.findText(value) >= 0:
                box.setCurrentText(value)
        for key, check in (
            ("display/grid", options.grid_check),
            ("display/auto_fit", options.auto_fit_check),
            ("display/ellipse", options.ellipse_check),
        ):
            value = s.value(key)
            if value is not None:
                check.setChecked(str(value).lower() in ("true", "1"))
        device = s.value("device/preferred")
        if isinstance(device, str) and device:
            self.scene.set_device(device)

    def _default_size(self) -> QSize:
        """1500×900, or nine tenths of a smaller screen."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None or screen.isEmpty():
            return QSize(1500, 900)
        return QSize(min(1500, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9)))

    def _on_tab_change(self, _index: int) -> None:
        """The W/dataset panel belongs to views drawn from the scene; others get the room."""
        view = self.tabs.currentWidget()
        size_by_current_tab(self.tabs)
        self.side_panel.setVisible(bool(getattr(view, "uses_scene_panel", True)))
        sections = getattr(view, "scene_panel_sections", None)
        self.side_panel.show_only(None if sections is None else set(sections))
        keep_on_screen_soon(self)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/explorer_splitter", self.explorer.splitter.saveState())
        options = self.display_options
        s.setValue("display/colormap", options.colormap)
        s.setValue("display/basis", options.basis_box.currentText())
        s.setValue("display/grid", options.grid_check.isChecked())
        s.setValue("display/point_size", options.point_size_box.currentText())
        s.setValue("display/auto_fit", options.auto_fit_check.isChecked())
        s.setValue("display/ellipse", options.ellipse_check.isChecked())
        s.setValue("device/preferred", self.scene.device)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.worker.stop()
        super().closeEvent(event)


def make_main_window(
    scene: Scene | None = None,
    settings: QSettings | None = None,
    worker: ComputeWorker | None = None,
) -> MainWindow:
    """A window with its own started worker (what the app and the tests use); ``worker`` may be
    one already preloading torch (the app's start-up)."""
    worker = worker or ComputeWorker()
    window = MainWindow(scene or Scene(), worker, settings)
    worker.start()
    return window
