"""The views of the main window, one tab each, in order: the one list a new view is added to.

Adding a view is adding its folder ``ui/views/<name>/`` and one :class:`ViewSpec` below. The
shell, sessions, export, the tour and the soak find it from here; none of them is edited.

The contract: what a view provides
----------------------------------
A view is a ``QWidget`` built as ``View(scene, worker)`` (the shared :class:`Scene` and the one
:class:`ComputeWorker`). Every view but the explorer is built lazily, the first time its tab
opens or anyone asks the window for it (``window.view(title)``, ``window.views``): its
constructor must not assume it runs at start-up, and the window applies the Display panel's
choices to it as it is built. It must have

``title: str``
    The tab's text (its :class:`ViewSpec` names the tab with the same title before the view
    is built); also the key of its state in a session file, what ``linviz export --view`` and
    the tour's ``"view"`` match, and the name of its soak actions' tab.

and it may have any of these, each found by name (a view without one simply goes without):

``sigMessage: Signal(str)``
    A line for the status bar (results, refusals that are not inline).
``view_state() -> dict`` / ``check_view_state(state: dict) -> None`` / ``apply_view_state(state)``
    Its part of a session, as JSON-able data. ``check_view_state`` raises ``InputError`` naming
    the bad value and changes nothing; it is called for every view before any view's
    ``apply_view_state``, so a refused session leaves the whole window as it was.
``put_undo_state(state) -> None``
    The view's own edits join the window's one undo history: it records each gesture as
    ``scene.undo_log.record(label, title, before, after)`` with immutable states (the label is
    what Edit → Undo names: "add layer", "drag of W₁"), and the shell registers this method as
    the put-back of the owner ``title``. It opens the view's tab first, then this puts ``state``
    back without recording; an ``InputError`` refuses it (the history stays as it was).
``animation_sources(...) -> list[AnimationSource]``
    Films for File → Export animation (see ``ui/export/animation.py``).
``fit() -> None``
    View → Fit to points (F) on this tab.
``open_points(path: str) -> None``
    File → Open points… on this tab loads ``path`` as its labelled data, as its own Load… does
    (the file was read and checked already); without it the file becomes the Explorer's points.
``set_colormap(name)`` / ``set_basis_colors(e1, e2)`` / ``set_grid_visible(bool)``
    The Display panel's choices, for a view that draws points, bases or grids.
``uses_scene_panel: bool``
    False when the side panel (W, dataset) is not what the tab draws (default True).
``scene_panel_sections: tuple[str, ...]``
    The titles of the side panel's sections the tab uses ("Weight matrix W", "Dataset",
    "Device", "Display", "PyTorch"); the others are hidden on it (default: all).

Its canvases (``pg.PlotWidget`` children) are exported by Ctrl+E without further code. Its soak
actions live in ``tests/ui/views/<name>/soak_actions.py`` beside its tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from linviz_gui.compute.worker import ComputeWorker
from linviz_gui.model.scene import Scene

ViewFactory = Callable[[Scene, ComputeWorker], QWidget]


@dataclass(frozen=True)
class ViewSpec:
    """One tab: its package name, its title, and where its widget class is."""

    #: The package under ``ui/views/`` (and ``tests/ui/views/``).
    name: str
    #: The tab's text (see the contract above).
    title: str
    #: ``"module:Class"``, imported only when the view is first built (start-up stays quick).
    factory: str

    def load(self) -> ViewFactory:
        module, _, attribute = self.factory.partition(":")
        view_class: ViewFactory = getattr(importlib.import_module(module), attribute)
        return view_class


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("explorer", "Explorer", "linviz_gui.ui.views.explorer.view:ExplorerView"),
    ViewSpec("svd", "SVD", "linviz_gui.ui.views.svd.view:SvdView"),
    ViewSpec("classifier", "Classifier", "linviz_gui.ui.views.classifier.view:ClassifierView"),
    ViewSpec("autograd", "Autograd", "linviz_gui.ui.views.autograd.view:AutogradView"),
    ViewSpec("network", "Network", "linviz_gui.ui.views.network.view:NetworkView"),
    ViewSpec("training", "Training", "linviz_gui.ui.views.training.view:TrainingView"),
)

#: The explorer is built first and on its own: it draws the first frame while torch loads.
EXPLORER = VIEWS[0]


def later_views() -> tuple[ViewSpec, ...]:
    """The views after the explorer, in tab order. The window builds each one the first time
    its tab is opened (or its state is asked for): start-up builds only the explorer."""
    return VIEWS[1:]
