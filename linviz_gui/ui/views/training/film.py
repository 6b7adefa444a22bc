"""The Training tab's timeline as an animation to export (see ``ui/export/animation.py``).

One frame per kept snapshot of the weights, from step 0 to the latest: the decision regions
(or the energy of class k) as the net learns. Each frame moves the timeline to its snapshot,
waits for the worker to draw it, then renders the canvas; ``finish`` puts the timeline back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QImage

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.export.image_render import render_canvas
from linviz_gui.ui.export.settle import wait_until_settled

if TYPE_CHECKING:
    import pyqtgraph as pg

    from linviz_gui.compute.training_jobs import TrainingRun
    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.ui.views.training.timeline_slider import TimelineSlider


class TrainingFilmView(Protocol):
    """What the film uses of the Training tab (``TrainingView``)."""

    timeline: TimelineSlider

    @property
    def run(self) -> TrainingRun | None: ...

    @property
    def worker(self) -> ComputeWorker: ...

    def set_playing(self, playing: bool) -> None: ...


class TrainingTimelineFilm:
    """``canvas`` at every kept snapshot of the run, in training order."""

    def __init__(self, view: TrainingFilmView, canvas: pg.PlotWidget, title: str) -> None:
        self.title = title
        self._view = view
        self._canvas = canvas
        run = view.run
        self._count = len(run.timeline.snapshots) if run is not None else 0
        self._saved: int | None = None

    def frame_count(self) -> int:
        return max(2, self._count)

    def render_frame(self, index: int, width: int, height: int) -> QImage:
        view = self._view
        timeline = view.timeline
        if self._saved is None:
            if view.run is None or self._count < 2:
                raise InputError(
                    "the run has no snapshots to film yet: press Play on the Training tab, "
                    "let it train a while, then export again"
                )
            view.set_playing(False)
            self._saved = timeline.index()
        timeline.set_index(min(index, self._count - 1))
        wait_until_settled(view.worker)
        return render_canvas(self._canvas, width, height)

    def finish(self) -> None:
        if self._saved is None:
            return
        saved, self._saved = self._saved, None
        self._view.timeline.set_index(saved)
