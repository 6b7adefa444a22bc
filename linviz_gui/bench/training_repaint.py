"""Repaint rate of the Training tab while it trains: fresh pictures painted per second.

The tab alone in an offscreen window, the notebook's ``spiral-mlp`` at N = 5,000, really
playing (the view's own chunks on its own worker) for a few seconds. A frame counts when the
canvas's viewport paints after a new picture reached it (``sigPictured``): the decision regions,
and the stage the scrubber stands at (the last hidden one). Repaints of an unchanged picture do
not count, so the rate is what a user sees change. The count starts once the first chunk
has landed: the first optimiser step of a process imports ``torch._dynamo`` (about a second,
once), which is start-up, not the frame rate.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from linviz_gui.bench.drag import wait_until

#: The issue's goal for both pictures while training.
TARGET_FPS = 30.0
#: The window the tab is shown in (as ``linviz export`` lays it out).
WINDOW_SIZE = (1400, 820)


class _FreshPaints(QObject):
    """Counts a viewport's paints that follow a new picture (one count per new picture)."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport)
        self.pending = False
        self.count = 0
        viewport.installEventFilter(self)

    def picture_arrived(self) -> None:
        self.pending = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.pending:
            self.pending = False
            self.count += 1
        return False


def measure_training_repaint(seconds: float = 3.0, timeout_s: float = 120.0) -> dict[str, Any]:
    """Frames per second of the regions and of the scrubbed stage over ``seconds`` of Play;
    JSON-able, with the steps trained meanwhile and the :data:`TARGET_FPS` beside them."""
    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.views.training.view import TrainingView

    worker = ComputeWorker()
    view = TrainingView(Scene(), worker)
    view.resize(*WINDOW_SIZE)
    worker.start()
    try:
        view.show()  # the first show starts the notebook's spiral-mlp
        wait_until(lambda: view.run is not None and view.regions_result is not None, timeout_s)
        counters = {
            "regions": _FreshPaints(view.regions_canvas.viewport()),
            "stages": _FreshPaints(view.stage_canvas.viewport()),
        }

        def arrived(name: str) -> None:
            if name in counters:
                counters[name].picture_arrived()

        view.set_playing(True)
        chunks = []
        view.sigChunk.connect(lambda: chunks.append(1))
        wait_until(lambda: bool(chunks), timeout_s)
        view.sigPictured.connect(arrived)
        run = view.run
        assert run is not None
        first_step = run.step
        started = time.perf_counter()
        wait_until(lambda: time.perf_counter() - started >= seconds, seconds + timeout_s)
        elapsed = time.perf_counter() - started
        view.set_playing(False)
        run = view.run
        steps = (run.step if run is not None else first_step) - first_step
        fps = {name: round(counter.count / elapsed, 1) for name, counter in counters.items()}
        return {
            "n": view.data.size if view.data is not None else 0,
            "seconds": round(elapsed, 2),
            "steps": steps,
            "steps_per_s": round(steps / elapsed, 1),
            "regions_fps": fps["regions"],
            "stage_fps": fps["stages"],
            "target_fps": TARGET_FPS,
            "meets_target": min(fps.values()) >= TARGET_FPS,
            "stage": view.scrubber.label.text(),
        }
    finally:
        view.set_playing(False)
        worker.stop()
        view.close()
        view.deleteLater()
