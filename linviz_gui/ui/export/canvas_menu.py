"""A right-click menu on every canvas: Export…, Copy image.

The canvases switch pyqtgraph's own menu off, so ours listens to the scene's click signal and
opens only for a right-click that no item took (not the right-click that cancels a drag).
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from linviz_gui.ui.export.image_render import copy_to_clipboard, render_canvas


class CanvasMenus(QObject):
    """Gives each canvas in ``root`` the menu; ``open_dialog(canvas)`` opens the export dialog."""

    def __init__(self, root: QWidget, open_dialog: Callable[[pg.PlotWidget], object]) -> None:
        super().__init__(root)
        self._open_dialog = open_dialog
        self._watchers = [_RightClickWatcher(self, c) for c in root.findChildren(pg.PlotWidget)]

    def install(self, canvas: pg.PlotWidget) -> None:
        self._watchers.append(_RightClickWatcher(self, canvas))

    def menu_for(self, canvas: pg.PlotWidget) -> QMenu:
        menu = QMenu(canvas)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        export = QAction("Export…", menu)
        export.triggered.connect(lambda _checked=False: self._open_dialog(canvas))
        copy = QAction("Copy image", menu)
        copy.triggered.connect(lambda _checked=False: copy_canvas(canvas))
        menu.addActions([export, copy])
        return menu


class _RightClickWatcher(QObject):
    """Opens the menu for a right-click on its canvas that no item took."""

    def __init__(self, menus: CanvasMenus, canvas: pg.PlotWidget) -> None:
        super().__init__(canvas)
        self._menus = menus
        self._canvas = canvas
        canvas.scene().sigMouseClicked.connect(self._on_click)

    def _on_click(self, event: MouseClickEvent) -> None:
        if event.button() != Qt.MouseButton.RightButton or event.isAccepted():
            return
        if self._canvas.scene().dragItem is not None:
            return
        screen = event.screenPos()
        self._menus.menu_for(self._canvas).popup(QPoint(int(screen.x()), int(screen.y())))


def copy_canvas(canvas: pg.PlotWidget) -> None:
    """Copy the canvas at twice its size on screen (sharp on slides and high-DPI screens)."""
    size = canvas.size()
    width = max(16, min(7680, 2 * size.width()))
    height = max(16, min(4320, 2 * size.height()))
    copy_to_clipboard(render_canvas(canvas, width, height))
