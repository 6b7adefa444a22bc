"""The tabs of the main window, in order. A view is a QWidget built as ``View(scene, worker)``
with a ``title``; it may have ``sigMessage(str)`` for the status bar. Add new views here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from linviz_gui.compute.worker import ComputeWorker
from linviz_gui.model.scene import Scene

ViewFactory = Callable[[Scene, ComputeWorker], QWidget]


def extra_views() -> list[ViewFactory]:
    """Views after the core explorer (imported lazily so start-up stays quick)."""
    from linviz_gui.ui.autograd_view import AutogradView
    from linviz_gui.ui.classifier_view import ClassifierView
    from linviz_gui.ui.network_view import NetworkView
    from linviz_gui.ui.svd_view import SvdView

    return [SvdView, ClassifierView, AutogradView, NetworkView]
