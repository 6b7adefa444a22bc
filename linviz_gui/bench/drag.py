"""linviz's own frame time: a real mouse drag on a basis handle until the new points are painted.

Everything the app does runs: the mouse events go through pyqtgraph's scene to the
:class:`BasisHandle`, the scene's W changes, the worker transforms the points with torch, the
result is applied and the output canvas paints. A frame ends when the output canvas shows the
points for the W of that mouse position.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QEventLoop, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from linviz_gui.bench.timing import FrameClock, FrameTimes, drag_path
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.ui.shell.main_window import MainWindow


class Timeout(RuntimeError):
    """The app did not reach the awaited state in time."""


def wait_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Run the event loop, sleeping between events, until ``condition()`` holds."""
    deadline = time.perf_counter() + timeout_s
    wake = QTimer()  # a heartbeat so the deadline is checked even when no event comes
    wake.start(20)
    try:
        while not condition():
            if time.perf_counter() > deadline:
                raise Timeout("the app did not finish a frame in time")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        wake.stop()


def frame_shown(window: MainWindow) -> bool:
    """True when the output canvas has painted the points for the scene's current W."""
    explorer = window.explorer
    item = explorer.output_canvas.points
    return (
        explorer.shown_matrix == window.scene.matrix
        and item.count == window.scene.dataset.size
        and item.painted_version == item.version
    )


def show_dataset(window: MainWindow, n: int, timeout_s: float = 120.0) -> None:
    """Switch to a Gaussian cloud of ``n`` points under W = I and wait until it is painted."""
    window.scene.set_matrix(Matrix2.identity(), record=False)
    window.scene.set_dataset(DatasetSpec(n=n, seed=0))
    wait_until(lambda: frame_shown(window), timeout_s)
    window.explorer.output_canvas.fit()
    wait_until(lambda: frame_shown(window), timeout_s)


def time_drag(window: MainWindow, frames: int, timeout_s: float = 60.0) -> FrameTimes:
    """Drag the e₁ handle through ``frames`` positions; the time of each, event to pixels."""
    clock = drag_handle(
        window.explorer.output_canvas,
        window.scene.matrix.column(0),
        frames,
        lambda: frame_shown(window),
        timeout_s,
    )
    return clock.times("linviz", window.scene.dataset.size)


def drag_handle(
    canvas: pg.PlotWidget,
    start: tuple[float, float],
    frames: int,
    shown: Callable[[], bool],
    timeout_s: float = 60.0,
) -> FrameClock:
    """Press the mouse on ``start`` (data coordinates) in ``canvas`` and move it along a small
    loop, each move until ``shown()``; the clock of every move after the first.

    The loop's points are whole pixels, as a mouse's are; one that falls on the pixel before it
    is left out, so every frame timed moves the mouse and has something new to draw.
    """
    rate_limit = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOption("mouseRateLimit", -1)  # every move event counts, as in pyqtgraph's tests
    canvas.scene().minDragTime = 0
    view_box = canvas.getPlotItem().getViewBox()
    viewport = canvas.viewport()
    left = Qt.MouseButton.LeftButton

    def pixel(xy: tuple[float, float]) -> QPointF:
        return QPointF(canvas.mapFromScene(view_box.mapViewToScene(QPointF(*xy))))

    def send(kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton) -> None:
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else left
        event = QMouseEvent(
            kind, pos, canvas.mapToGlobal(pos.toPoint()), button, buttons,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(viewport, event)

    path: list[QPointF] = []
    for xy in drag_path(frames + 1, start):
        pos = pixel(xy)
        if not path or pos != path[-1]:
            path.append(pos)
    send(QEvent.Type.MouseButtonPress, pixel(start), left)
    clock = FrameClock()
    try:
        for k, pos in enumerate(path):
            clock.start()
            send(QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton)
            wait_until(shown, timeout_s)
            if k:  # the first move only starts the drag in pyqtgraph's scene
                clock.stop()
    finally:
        send(QEvent.Type.MouseButtonRelease, path[-1], left)
        pg.setConfigOption("mouseRateLimit", rate_limit)
    wait_until(shown, timeout_s)
    return clock
