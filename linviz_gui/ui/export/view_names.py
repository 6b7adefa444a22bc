"""Find what ``--view NAME`` means: a canvas (``input``, ``output``) or any tab, by title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.export.targets import ExportTarget, find_canvases

if TYPE_CHECKING:
    from linviz_gui.ui.shell.window_parts import WindowParts


def view_choices(window: WindowParts) -> dict[str, ExportTarget]:
    """Lower-case name -> target: the explorer's two canvases, every tab by its title, and
    ``window``."""
    explorer = window.explorer
    choices = {
        "input": ExportTarget("input space", explorer.input_canvas),
        "output": ExportTarget("output space", explorer.output_canvas),
    }
    for index in range(window.tabs.count()):
        title = window.tabs.tabText(index).replace("&", "")
        widget = window.tabs.widget(index)
        if widget is None:
            continue
        canvases = find_canvases(widget)
        single = canvases[0] if len(canvases) == 1 else widget
        choices.setdefault(title.strip().lower(), ExportTarget(title, single))
    choices.setdefault("window", ExportTarget("the whole window", window.window()))
    return choices


def find_view_target(window: WindowParts, name: str) -> ExportTarget:
    """The target named ``name`` (case-insensitive; a unique prefix is enough).

    Its tab is made current, so it is laid out at its real size before rendering.
    """
    choices = view_choices(window)
    key = name.strip().lower()
    target = choices.get(key)
    if target is None:
        matches = [k for k in choices if k.startswith(key)] if key else []
        if len(matches) != 1:
            raise InputError(f"unknown view {name!r}; choose one of: {', '.join(choices)}")
        target = choices[matches[0]]
    for index in range(window.tabs.count()):
        tab = window.tabs.widget(index)
        if tab is not None and (tab is target.widget or tab.isAncestorOf(target.widget)):
            window.tabs.setCurrentIndex(index)
    return target
