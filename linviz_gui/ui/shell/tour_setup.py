"""Put the main window into a tour step's state: the tab, W, the points, display and view options.

Everything goes through the same setters a user's clicks use, so W's change is one undo step and
the app stays the user's to change afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QWidget

from linviz_gui.compute.explorer_jobs import random_preset
from linviz_gui.compute.worker import Job
from linviz_gui.model.files.tour import DisplayState, StepState, resolve_choice
from linviz_gui.model.linear.matrix import InputError, Matrix2

if TYPE_CHECKING:
    from linviz_gui.ui.shell.window_parts import WindowParts


def find_view(window: WindowParts, title: str) -> QWidget | None:
    """The tab whose title is ``title`` (case does not matter), or ``None``."""
    tabs = window.tabs
    for index in range(tabs.count()):
        if tabs.tabText(index).replace("&", "").casefold() == title.casefold():
            return tabs.widget(index)
    return None


class StepSetter(QObject):
    """Sets up steps in ``window``. A step's ``torch.randn`` W is drawn in the worker and applied
    only if no later set-up and no change of W by the user came first."""

    CHANNEL = "tour.matrix"

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window.window())
        self._window = window
        self._pending: tuple[int, Matrix2] | None = None  # job id, W when it was asked for
        window.worker.sigResult.connect(self._on_result)

    def set_up(self, state: StepState) -> list[str]:
        """Apply ``state`` to the window; return notes about what could not be done.

        A view missing from this build is not an error: the explorer parts of the state are
        still applied and the explorer is shown, with a note saying so.
        """
        window = self._window
        notes: list[str] = []
        found = find_view(window, state.view)
        if found is None:
            notes.append(
                f"The “{state.view}” view is not part of this build of linviz, so this step "
                "shows its W and points in the Explorer. Read on: the code runs as it is."
            )
        scene = window.scene
        if state.dataset is not None:
            scene.set_dataset(state.dataset)
        if state.matrix is not None:
            scene.set_matrix(state.matrix)
        self._pending = None
        if state.matrix_seed is not None:
            job = Job(self.CHANNEL, random_preset, (state.matrix_seed,))
            self._pending = (job.id, scene.matrix)
            window.worker.submit(job)
        _apply_display(window, state.display)
        if found is not None:
            notes.extend(_apply_view_options(found, state.view, state.view_state))
        window.tabs.setCurrentWidget(found or window.explorer)
        return notes

    def _on_result(self, channel: str, job_id: int, result: object) -> None:
        if channel != self.CHANNEL or self._pending is None or job_id != self._pending[0]:
            return
        asked_with = self._pending[1]
        self._pending = None
        if isinstance(result, Matrix2) and self._window.scene.matrix == asked_with:
            self._window.scene.set_matrix(result)


def _apply_view_options(view: QWidget, title: str, options: dict[str, object] | None) -> list[str]:
    if options is None:
        return []
    apply = getattr(view, "apply_view_state", None)
    if apply is None:
        return [f"The “{title}” view has no options to set; set it up by hand."]
    try:
        apply(options)
    except InputError as error:
        return [f"The “{title}” view refused this step's options: {error}"]
    return []


def _apply_display(window: WindowParts, display: DisplayState) -> None:
    options = window.display_options
    choices = ((options.colormap_box, display.colormap), (options.basis_box, display.basis))
    for box, wanted in choices:
        if wanted is not None:
            _choose(box, wanted)
    flags = ((options.grid_check, display.grid), (options.auto_fit_check, display.auto_fit))
    for check, flag in flags:
        if flag is not None:
            check.setChecked(flag)


def _choose(box: QComboBox, wanted: str) -> None:
    name = resolve_choice(wanted, [box.itemText(i) for i in range(box.count())])
    if name is not None:
        box.setCurrentText(name)
