"""The Training tab's three pictures of the weights shown: decision regions, class k's energy
(contours and surface) and the net's stages, each asked of the worker on its own channel.

On each channel the newest request wins in the worker, and a result is drawn when it is newer
than the one on screen (not only when it is the very latest, which would freeze the canvases
while training runs) and when it belongs to the run on screen: job ids only grow, so a picture
with an id below the first one asked for this run is of an earlier run.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from linviz_gui.compute.training_jobs import StagesPicture, energy_grid, regions, stages
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.easing import mix
from linviz_gui.model.network.layers import NetworkSpec, Projection, stage_labels, times_w_stage
from linviz_gui.model.training.regions import ENERGIES, EnergyGrid, Regions
from linviz_gui.model.training.weights import NetWeights
from linviz_gui.render.view_fit import Box
from linviz_gui.ui.views.training.energy_canvas import EnergyCanvas
from linviz_gui.ui.views.training.energy_panel import EnergyPanel
from linviz_gui.ui.views.training.regions_canvas import RegionsCanvas
from linviz_gui.ui.views.training.stage_canvas import StageCanvas
from linviz_gui.ui.views.training.surface_item import SurfaceCanvas
from linviz_gui.ui.widgets.layer_scrubber import LayerScrubber

#: Side of the decision-region raster in cells along x.
REGION_CELLS = 200
#: The same while training plays: a quarter of the cells, so a frame's pictures fit beside
#: its steps in ~33 ms (full size again on Pause).
PLAYING_REGION_CELLS = 100
#: While playing, class k's energy is redrawn once in this many frames, only while its canvas
#: is on screen, and on every other point of the notebook's mesh (150², ~7 ms on one core
#: where the whole 300² takes ~27 ms; the whole mesh again on Pause).
ENERGY_EVERY_FRAMES = 3
PLAYING_ENERGY_STRIDE = 2
#: A pan or zoom asks for new regions once the view has rested this long (ms).
REGIONS_REST_MS = 40

CHANNEL_REGIONS = "training.regions"
CHANNEL_ENERGY = "training.energy"
CHANNEL_STAGES = "training.stages"
CHANNELS = (CHANNEL_REGIONS, CHANNEL_ENERGY, CHANNEL_STAGES)


class PictureSource(Protocol):
    """What the pictures need of the view: the net, the weights shown and the data."""

    def picture_inputs(self) -> tuple[NetworkSpec, NetWeights, LabelledData] | None: ...

    def shown_step(self) -> int: ...


class TrainingPictures(QObject):
    """Asks for, and draws, the pictures of ``source``'s weights on the given canvases.

    ``sigPictured(name)`` ("regions", "energy" or "stages") after one reached the screen.
    """

    sigPictured = Signal(str)

    def __init__(
        self,
        worker: ComputeWorker,
        source: PictureSource,
        regions_canvas: RegionsCanvas,
        energy_canvas: EnergyCanvas,
        surface_canvas: SurfaceCanvas,
        stage_canvas: StageCanvas,
        scrubber: LayerScrubber,
        energy_panel: EnergyPanel,
        parent: QObject | None = None,
    ) -> None:
        # A child of the view: its timer must not fire into a view already deleted.
        super().__init__(parent)
        self._worker = worker
        self._source = source
        self.regions_canvas = regions_canvas
        self.energy_canvas = energy_canvas
        self.surface_canvas = surface_canvas
        self.stage_canvas = stage_canvas
        self.scrubber = scrubber
        self.energy_panel = energy_panel
        self._asked: dict[str, int] = {}  # per channel, the last job asked for
        self._shown: dict[str, int] = {}  # per channel, the newest job drawn (or dropped)
        self._run_first_job = 0
        self._frames = 0  # frames played since class k's energy was last asked for
        self._pca_axes: dict[int, np.ndarray] | None = None
        self.regions: Regions | None = None
        self.energy: EnergyGrid | None = None
        self.stages: StagesPicture | None = None
        self._regions_timer = QTimer(self)
        self._regions_timer.setSingleShot(True)
        self._regions_timer.setInterval(REGIONS_REST_MS)
        self._regions_timer.timeout.connect(self.request_regions)
        regions_canvas.getPlotItem().getViewBox().sigRangeChanged.connect(self._on_range)
        scrubber.sigPositionChanged.connect(self._on_scrub)
        energy_panel.sigChanged.connect(self.request_energy)

    # Asking ----------------------------------------------------------------------------------

    def new_run(self) -> None:
        """A new run (or a reset): its PCA axes are drawn afresh, earlier pictures dropped."""
        self._pca_axes = None
        asked = self.request_all()
        # Job ids only grow: every picture of an earlier run has a smaller id than these.
        self._run_first_job = min(asked, default=self._run_first_job)

    def no_run(self) -> None:
        """Nothing to draw: the regions and energy go, the pictures in flight are of no run."""
        self._asked.clear()
        self._run_first_job = self._next_id()
        self.regions_canvas.clear_image()
        self.energy_canvas.clear_image()

    def request_all(self) -> list[int]:
        """Ask for every picture of the weights shown; the ids of the jobs asked for."""
        asked = [self.request_regions(), self.request_energy(), self.request_stages()]
        return [job_id for job_id in asked if job_id is not None]

    def request_frame(self) -> list[int]:
        """While training plays, once per landed chunk and before the next chunk is asked for
        (so they run first): the regions at :data:`PLAYING_REGION_CELLS` and the stages of the
        newest weights, replacing any older request still waiting, and class k's energy once
        in :data:`ENERGY_EVERY_FRAMES` frames when its canvas is on screen."""
        self._frames += 1
        asked = [self.request_regions(PLAYING_REGION_CELLS), self.request_stages()]
        energy_waits = self._asked.get(CHANNEL_ENERGY, 0) > self._shown.get(CHANNEL_ENERGY, 0)
        if (
            self._frames >= ENERGY_EVERY_FRAMES
            and not energy_waits
            and (on_screen(self.energy_canvas) or on_screen(self.surface_canvas))
        ):
            self._frames = 0
            asked.append(self.request_energy(PLAYING_ENERGY_STRIDE))
        return [job_id for job_id in asked if job_id is not None]

    def request_regions(self, cells: int = REGION_CELLS) -> int | None:
        inputs = self._source.picture_inputs()
        if inputs is None:
            return None
        network, weights, _data = inputs
        box = self.regions_canvas.view_box()
        width = max(1e-9, box.right - box.left)
        rows = max(1, min(4 * cells, round(cells * (box.top - box.bottom) / width)))
        bounds = (box.left, box.right, box.bottom, box.top)
        args = (network, weights, bounds, (cells, rows))
        return self._ask(Job(CHANNEL_REGIONS, regions, args))

    def request_energy(self, stride: int = 1) -> int | None:
        inputs = self._source.picture_inputs()
        if inputs is None:
            return None
        network, weights, _data = inputs
        k = min(self.energy_panel.k, network.output_width - 1)
        args = (network, weights, k, self.energy_panel.kind, stride)
        return self._ask(Job(CHANNEL_ENERGY, energy_grid, args))

    def request_stages(self) -> int | None:
        inputs = self._source.picture_inputs()
        if inputs is None:
            return None
        network, weights, data = inputs
        args = (network, weights, data.points, Projection("pca"), self._pca_axes)
        return self._ask(Job(CHANNEL_STAGES, stages, args))

    def _ask(self, job: Job) -> int:
        job_id = self._worker.submit(job)
        self._asked[job.channel] = job_id
        return job_id

    def _next_id(self) -> int:
        return Job("training.marker", _nothing).id

    def current(self) -> bool:
        """True when every picture asked for is on screen and none is about to be asked."""
        if self._regions_timer.isActive():
            return False
        return all(self._shown.get(c, 0) >= job_id for c, job_id in self._asked.items())

    def _on_range(self, *_args: object) -> None:
        self._regions_timer.start()

    # Drawing ---------------------------------------------------------------------------------

    def on_result(self, channel: str, job_id: int, result: object) -> None:
        """Draw ``result`` when it is newer than the one on screen and of the run on screen."""
        if channel not in CHANNELS or job_id <= self._shown.get(channel, 0):
            return
        self._shown[channel] = job_id
        inputs = self._source.picture_inputs()
        if job_id < self._run_first_job or inputs is None:
            return  # a picture of an earlier run
        data = inputs[2]
        if isinstance(result, Regions):
            self._show_regions(result, data.class_count)
        elif isinstance(result, EnergyGrid):
            self._show_energy(result)
        elif isinstance(result, StagesPicture):
            self._show_stages(result)

    def on_failed(self, channel: str, job_id: int) -> None:
        """A picture that could not be computed is not waited for."""
        if channel in CHANNELS:
            self._shown[channel] = max(job_id, self._shown.get(channel, 0))

    def _show_regions(self, result: Regions, class_count: int) -> None:
        self.regions = result
        extent = extent_of(result.xs, result.ys)
        self.regions_canvas.show_regions(result.classes, result.confidence, class_count, extent)
        self.sigPictured.emit("regions")

    def _show_energy(self, result: EnergyGrid) -> None:
        self.energy = result
        name = "−s" if result.kind == "negative_score" else "F(x, k)"
        what = ENERGIES[result.kind].split("  ")[0]
        step = self._source.shown_step()
        title = f"Energy of class {result.k + 1}: {what} {name}, step {step:,}"
        canvas = self.energy_canvas
        canvas.show_energy(result.values, extent_of(result.xs, result.ys), title)
        self.surface_canvas.show_surface(
            result.values,
            canvas.edges,
            canvas.band_colors,
            f"Energy surface of class {result.k + 1} (drag to turn)",
        )
        self.sigPictured.emit("energy")

    def _show_stages(self, result: StagesPicture) -> None:
        self.stages = result
        if self._pca_axes is None:
            self._pca_axes = result.axes  # fixed for the rest of the run: no jumping picture
        self.show_stage()
        self.sigPictured.emit("stages")

    def show_stage(self) -> None:
        """The stage at the scrubber's position, blended between two stages in between."""
        picture, inputs = self.stages, self._source.picture_inputs()
        if picture is None or inputs is None:
            return
        network, _weights, data = inputs
        points, grid = picture.stages.points, picture.grid
        if points.shape[1] != data.size:
            return  # computed on other points: the next picture will be of these
        last = len(points) - 1
        position = min(self.scrubber.position(), float(last))
        k = min(math.floor(position), last)
        a = position - k if k < last else 0.0
        if a > 1e-9:
            shown_points, shown_grid = (
                mix(points[k], points[k + 1], a),
                mix(grid[k], grid[k + 1], a),
            )
        else:
            shown_points, shown_grid = points[k], grid[k]
        self.stage_canvas.show_stage(shown_points, data.labels, shown_grid)
        self.stage_canvas.keep_in_view()
        labels = stage_labels(network)
        name = labels[k] if k < len(labels) else f"stage {k + 1}"
        note = picture.stages.labels[k] if k < len(picture.stages.labels) else ""
        self.stage_canvas.set_title(f"{name}, step {self._source.shown_step():,}", note)

    def _on_scrub(self, _position: float) -> None:
        self.show_stage()


def on_screen(widget: QWidget) -> bool:
    """True when ``widget`` is shown and has an area (not hidden, not squeezed to nothing)."""
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def last_hidden_stage(network: NetworkSpec) -> int:
    """The stage just before the last Linear's ``× W`` (0, the input, for a single Linear)."""
    last = max((i for i, layer in enumerate(network.layers) if layer.is_linear), default=-1)
    if last < 0:
        return len(stage_labels(network)) - 1
    return max(0, times_w_stage(network, last) - 1)


def extent_of(xs: np.ndarray, ys: np.ndarray) -> Box:
    """The box covered by pixels centred on ``xs`` × ``ys`` (evenly spaced)."""
    dx = float(xs[1] - xs[0]) if len(xs) > 1 else 1.0
    dy = float(ys[1] - ys[0]) if len(ys) > 1 else 1.0
    return Box(
        float(xs[0]) - dx / 2, float(xs[-1]) + dx / 2, float(ys[0]) - dy / 2, float(ys[-1]) + dy / 2
    )


def _nothing(*_args: object) -> None:
    return None
