"""The soak's hands and eyes: real mouse and key events into the real window, a log of what
was done (so a failure names its seed and step), and the checks run whenever the worker has
caught up."""

from __future__ import annotations

import collections
import contextlib
import ctypes
import gc
import os
import random
import re
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytestqt.exceptions
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton, QWidget

from linviz_gui.compute.worker import Job
from linviz_gui.ui.shell.main_window import MainWindow
from tests.soak.reference import Reference

#: LINVIZ_SOAK_TRACE=1 prints every action as it happens (to find a hang).
TRACE = bool(os.environ.get("LINVIZ_SOAK_TRACE"))
LEFT = Qt.MouseButton.LeftButton
RIGHT = Qt.MouseButton.RightButton
NO_BUTTON = Qt.MouseButton.NoButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


class SoakFailure(AssertionError):
    pass


def rss_bytes() -> int:
    """Resident memory of this process now (Linux), after a full garbage collection and with
    the heap's free pages handed back: glibc keeps freed blocks of every thread's arena (tens
    of MB after a 300 × 300 energy grid went through a 100-unit layer in the worker), which is
    memory the next job reuses, not a leak."""
    gc.collect()
    _trim_heap()
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _trim_heap() -> None:
    # Not glibc (macOS, musl): nothing to hand back this way.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class _Deliveries(QObject):
    """Records every result and failure the worker delivers (bound methods: GUI thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.last_id: dict[str, int] = {}
        self.failures: list[str] = []

    def on_result(self, channel: str, job_id: int, _result: object) -> None:
        self.last_id[channel] = max(job_id, self.last_id.get(channel, 0))

    def on_failed(self, channel: str, job_id: int, message: str) -> None:
        self.on_result(channel, job_id, None)
        self.failures.append(f"{channel}: {message}")


class SoakDriver:
    """Drives ``window`` with ``qtbot``; ``rng`` picks every choice, so a seed replays a run."""

    def __init__(self, window: MainWindow, qtbot: Any, seed: int) -> None:
        self.window = window
        self.qtbot = qtbot
        self.seed = seed
        self.rng = random.Random(seed)
        self.step = 0
        self.log: collections.deque[str] = collections.deque(maxlen=25)
        options = window.display_options
        self.ref = Reference(
            w=window.scene.matrix,
            dataset=window.scene.dataset,
            device=window.scene.device,
            colormap=options.colormap,
            basis=options.basis_box.currentText(),
            grid=options.grid_check.isChecked(),
            auto_fit=options.auto_fit_check.isChecked(),
        )
        #: Extra reference state a view's actions may keep (by view title).
        self.view_state: dict[str, dict[str, Any]] = {}
        self.messages: list[str] = []
        #: Steps whose events were still coming after half a second (a repaint storm, or load).
        self.slow_steps: list[int] = []
        window.statusBar().messageChanged.connect(self._on_message)
        self.deliveries = _Deliveries()
        window.worker.sigResult.connect(self.deliveries.on_result)
        window.worker.sigFailed.connect(self.deliveries.on_failed)

    def _on_message(self, text: str) -> None:
        if text:
            self.messages.append(text)

    # Bookkeeping ---------------------------------------------------------------------------

    def note(self, text: str) -> None:
        self.log.append(f"#{self.step}: {text}")
        if TRACE:
            view = self.window.explorer.output_canvas.view_box()
            print(f"{self.log[-1]}  [view {view}]", file=sys.stderr, flush=True)

    def fail(self, text: str) -> SoakFailure:
        recent = "\n  ".join(self.log)
        return SoakFailure(
            f"{text}\n  soak seed {self.seed}, action #{self.step}; replay with "
            f"LINVIZ_SOAK_SEED={self.seed} LINVIZ_SOAK_ACTIONS={self.step + 1}\n"
            f"  last actions:\n  {recent}"
        )

    def expect(self, condition: bool, text: str) -> None:
        if not condition:
            raise self.fail(text)

    def pump(self) -> None:
        # Bounded: a stream of repaints that never ends must not hang the soak; such steps are
        # counted and reported with the seed.
        started = time.perf_counter()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 500)
        if time.perf_counter() - started >= 0.45:
            self.slow_steps.append(self.step)  # events still pending after half a second

    def wait_until(
        self,
        condition: Callable[[], bool],
        what: str | Callable[[], str],
        timeout_ms: int = 30_000,
    ) -> None:
        try:
            self.qtbot.waitUntil(condition, timeout=timeout_ms)
        except (AssertionError, TimeoutError, pytestqt.exceptions.TimeoutError):
            text = what() if callable(what) else what
            raise self.fail(f"never happened: {text}") from None

    def next_job_id(self) -> int:
        """Ids only grow: any job submitted after this call has a larger id."""
        return Job("soak.marker", _nothing).id

    # Keyboard and mouse ------------------------------------------------------------------------

    def key(
        self, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER
    ) -> None:
        """Press ``key`` with ``widget`` focused (shortcuts go where a user's would)."""
        widget.setFocus()
        self.qtbot.keyClick(widget, key, modifiers)
        self.pump()

    def type_text(self, field: QWidget, text: str, *, by_keys: bool) -> None:
        """Replace the field's text by ``text`` (key by key, or pasted) and press Enter."""
        field.setFocus()
        if by_keys:
            field.selectAll()  # type: ignore[attr-defined]
            self.qtbot.keyClick(field, Qt.Key.Key_Backspace)
            if text:
                self.qtbot.keyClicks(field, text)
        else:
            field.setText(text)  # type: ignore[attr-defined]
        self.qtbot.keyClick(field, Qt.Key.Key_Return)
        self.pump()

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        self.qtbot.mouseClick(widget, LEFT, NO_MODIFIER, pos or widget.rect().center())
        self.pump()

    def click_check_box(self, check_box: QCheckBox) -> None:
        """Click the box itself (its indicator), where a user aims, not the middle of its text."""
        option = QStyleOptionButton()
        option.initFrom(check_box)
        indicator = check_box.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxIndicator, option, check_box
        )
        self.click(check_box, indicator.center())

    def canvas_point(self, canvas: pg.PlotWidget, xy: tuple[float, float]) -> QPointF:
        """Widget position of data point ``xy`` on ``canvas``, as the mouse would be there."""
        vb = canvas.getPlotItem().getViewBox()
        return QPointF(canvas.mapFromScene(vb.mapViewToScene(QPointF(*xy))))

    def canvas_xy(self, canvas: pg.PlotWidget, pos: QPointF) -> tuple[float, float]:
        """Data point under the widget pixel ``pos`` (the view maps whole pixels)."""
        vb = canvas.getPlotItem().getViewBox()
        point = vb.mapSceneToView(canvas.mapToScene(pos.toPoint()))
        return (float(point.x()), float(point.y()))

    def pixel_size(self, canvas: pg.PlotWidget) -> float:
        size = canvas.getPlotItem().getViewBox().viewPixelSize()
        return float(max(abs(size[0]), abs(size[1])))

    def mouse_drag(
        self,
        canvas: pg.PlotWidget,
        press: QPointF,
        path: list[tuple[float, float]],
        modifiers: Qt.KeyboardModifier = NO_MODIFIER,
        cancel: bool = False,
        pump_every: int = 0,
    ) -> list[tuple[tuple[float, float], float]]:
        """Press at widget point ``press``, move through the data points ``path`` and
        release there (a right-click first cancels). With ``pump_every``, the worker's results
        arrive during the drag, as they do live, and may move the view: each move is aimed
        with the view of its moment. Returns each move's data point and pixel size, and the
        release's last: pyqtgraph ends a drag at the release's place, read with the view of
        that moment, which a layout may have changed since the last move (the canvas widened
        under a still mouse when the tab's deferred sizing ran mid-drag: seed 45)."""
        pg.setConfigOption("mouseRateLimit", -1)
        canvas.scene().minDragTime = 0
        self._mouse(canvas, QEvent.Type.MouseButtonPress, press, LEFT, LEFT, modifiers)
        # The hand moves a few pixels first: the drag starts there, on what was pressed.
        pos = press + QPointF(4, 0)
        visited = [(self.canvas_xy(canvas, pos), self.pixel_size(canvas))]
        self._mouse(canvas, QEvent.Type.MouseMove, pos, NO_BUTTON, LEFT, modifiers)
        for k, xy in enumerate(path, 1):
            pos = self.canvas_point(canvas, xy)
            visited.append((self.canvas_xy(canvas, pos), self.pixel_size(canvas)))
            self._mouse(canvas, QEvent.Type.MouseMove, pos, NO_BUTTON, LEFT, modifiers)
            if pump_every and k % pump_every == 0:
                self.pump()
        if cancel:
            self._mouse(canvas, QEvent.Type.MouseButtonPress, pos, RIGHT, LEFT | RIGHT, modifiers)
            self._mouse(canvas, QEvent.Type.MouseButtonRelease, pos, RIGHT, LEFT, modifiers)
        visited.append((self.canvas_xy(canvas, pos), self.pixel_size(canvas)))
        self._mouse(canvas, QEvent.Type.MouseButtonRelease, pos, LEFT, NO_BUTTON, modifiers)
        self.pump()
        return visited

    @staticmethod
    def _mouse(widget, kind, pos: QPointF, button, buttons, modifiers) -> None:  # type: ignore[no-untyped-def]
        global_pos = QPointF(widget.mapToGlobal(pos.toPoint()))
        event = QMouseEvent(kind, pos, global_pos, button, buttons, modifiers)
        QApplication.sendEvent(widget.viewport(), event)

    # Messages ------------------------------------------------------------------------------

    def messages_since(self, index: int) -> list[str]:
        """Messages shown since ``index``, and the one on show (shown again, it is not new)."""
        return [*self.messages[index:], self.window.statusBar().currentMessage()]

    def unexpected_messages(self, allowed: re.Pattern[str]) -> list[str]:
        return [m for m in self.messages if not allowed.search(m)]


def drag_target(
    rng: random.Random, kind: str, start: tuple[float, float], near: float = 2.0
) -> tuple[float, float]:
    """Where a drag of a handle at ``start`` heads: ``near`` it, ``far`` off screen, ``beyond``
    the largest value allowed on one axis, onto the ``origin``, or a ``snap`` point (Shift)."""
    if kind == "near":
        return (start[0] + rng.uniform(-near, near), start[1] + rng.uniform(-near, near))
    if kind == "far":
        return (rng.uniform(-300, 300), rng.uniform(-300, 300))
    if kind == "beyond":
        big = rng.choice([-1, 1]) * rng.uniform(1100, 40_000)
        return (big, rng.uniform(-3, 3)) if rng.random() < 0.5 else (rng.uniform(-3, 3), big)
    if kind == "origin":
        return (0.0, 0.0)
    if kind == "snap":
        return (round(rng.uniform(-4, 4), 1), round(rng.uniform(-4, 4), 1))
    raise ValueError(kind)


def straight_path(
    start: tuple[float, float], target: tuple[float, float], steps: int
) -> list[tuple[float, float]]:
    """``steps`` evenly spaced points from just after ``start`` to ``target``."""
    return [
        (
            start[0] + k / steps * (target[0] - start[0]),
            start[1] + k / steps * (target[1] - start[1]),
        )
        for k in range(1, steps + 1)
    ]


def _nothing(_context: object) -> None:
    return None


def points_close(actual: np.ndarray, expected: np.ndarray) -> bool:
    if actual.shape != expected.shape:
        return False
    scale = max(1.0, float(np.abs(expected).max(initial=0.0)))
    return bool(np.allclose(actual, expected, rtol=1e-5, atol=1e-5 * scale))
