"""Each view that keeps undo steps of its own becomes an owner of the window's one undo history.

A step is put back on its own tab: the tab opens first, so the user sees what Ctrl+Z changed
(an undo of "add layer" pressed on the Explorer shows the Network tab without that layer).
W's steps open the Explorer unless the open tab shows W's editor already (the SVD tab does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.scene import W_OWNER

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from linviz_gui.ui.shell.window_parts import WindowParts


#: The side panel's section that holds W's editor (``MainWindow``'s first section).
W_SECTION = "Weight matrix W"


def register_undo_owners(window: WindowParts, titles: list[str]) -> None:
    """Register, under each tab's title in ``titles``, the put-back of its view's
    ``put_undo_state``, and make W's steps open a tab that shows W. A view is built lazily, so
    its put-back is found when a step is put back (only a built view can have recorded one)."""

    def put_w_back(matrix: Matrix2) -> None:
        if not _shows_w(window.tabs.currentWidget()):
            window.tabs.setCurrentWidget(window.explorer)
        window.scene.set_matrix(matrix, record=False)

    window.scene.undo_log.register(W_OWNER, put_w_back)
    for title in titles:
        window.scene.undo_log.register(title, _on_its_tab(window, title))


def _shows_w(view: QWidget | None) -> bool:
    if view is None or not getattr(view, "uses_scene_panel", True):
        return False
    sections = getattr(view, "scene_panel_sections", None)
    return sections is None or W_SECTION in sections


def _on_its_tab(window: WindowParts, title: str) -> Callable[[Any], None]:
    def put_back_on_its_tab(state: Any) -> None:
        view = window.view(title)
        put_back = getattr(view, "put_undo_state", None)
        if view is None or not callable(put_back):
            raise InputError(f"the {title} tab keeps no undo steps")
        window.tabs.setCurrentWidget(view)
        put_back(state)

    return put_back_on_its_tab


def undo_or_say_why(window: WindowParts, redo: bool = False) -> None:
    """Edit → Undo (or Redo): a state its view refuses stays in the history and is explained."""
    scene = window.scene
    label = scene.undo_log.redo_label() if redo else scene.undo_log.undo_label()
    try:
        if redo:
            scene.redo()
        else:
            scene.undo()
    except InputError as error:
        window.show_message(f"Could not {'redo' if redo else 'undo'} {label}: {error}")
