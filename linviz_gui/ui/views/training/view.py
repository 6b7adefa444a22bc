"""The "Training" tab: train a small net on labelled points and watch it untangle the plane.

A run lives in the worker (``compute/training_jobs.py``) as a chain of chunks on one channel;
the view holds the last :class:`TrainingRun` it returned and asks for the next chunk as soon as
one lands, so Pause, Reset and any edit win over a chunk still in flight. Each landed chunk (or
a snapshot chosen on the timeline) asks for three pictures of the weights shown, each on its own
channel where the newest request wins: the decision regions, the energy of class k, and the
stages of the net. A picture is drawn when it is newer than the one on screen and belongs to the
run on screen, so the canvases never wait for the very latest while training runs.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QSplitter, QVBoxLayout, QWidget

from linviz_gui.compute.classifier_jobs import DataRefused, build_labelled, load_csv
from linviz_gui.compute.training_data_jobs import continue_run, notebook_data
from linviz_gui.compute.training_jobs import (
    StagesPicture,
    TrainingChunk,
    TrainingRefused,
    TrainingRun,
    energy_grid,
    regions,
    stages,
    start_preset,
    start_run,
    train_chunk,
)
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.data.clicked_points import (
    check_click_class,
    clicked_data,
    with_point,
    without_nearest,
)
from linviz_gui.model.data.labelled import LabelledData, LabelledSpec
from linviz_gui.model.easing import mix
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, Projection, stage_labels, times_w_stage
from linviz_gui.model.scene import Scene
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import preset_network
from linviz_gui.model.training.regions import ENERGIES, EnergyGrid, Regions
from linviz_gui.model.training.weights import NetWeights
from linviz_gui.render.view_fit import Box
from linviz_gui.ui.export.animation import AnimationSource
from linviz_gui.ui.views.training.data_panel import (
    CLICKED_ITEM,
    CSV_ITEM,
    NOTEBOOK_ITEM,
    TrainingDataPanel,
)
from linviz_gui.ui.views.training.energy_canvas import EnergyCanvas
from linviz_gui.ui.views.training.energy_panel import EnergyPanel
from linviz_gui.ui.views.training.net_panel import OWN_NET, NetPanel
from linviz_gui.ui.views.training.regions_canvas import RegionsCanvas
from linviz_gui.ui.views.training.run_panels import OptimiserPanel, RunPanel
from linviz_gui.ui.views.training.settings import (
    DataChoice,
    TrainingSettings,
    parse_training_state,
)
from linviz_gui.ui.views.training.stage_canvas import StageCanvas
from linviz_gui.ui.views.training.surface_item import SurfaceCanvas
from linviz_gui.ui.views.training.timeline_slider import TimelineSlider
from linviz_gui.ui.widgets.layer_scrubber import LayerScrubber
from linviz_gui.ui.widgets.side_panel import SidePanel
from linviz_gui.ui.widgets.training_curves import TrainingCurves

#: Least time between two chunks while playing, so a fast device cannot flood the GUI.
FRAME_MS = 15
#: Side of the decision-region raster in cells along x.
REGION_CELLS = 200
DEFAULT_PRESET = "spiral-mlp"


class TrainingView(QWidget):
    """The tab. ``sigMessage`` reports problems for the status bar; ``sigPictured`` fires when
    a picture (regions, energy or stages) reached the screen."""

    title = "Training"
    uses_scene_panel = False
    sigMessage = Signal(str)
    sigChunk = Signal()  # a chunk of training reached the screen
    sigPictured = Signal(str)  # "regions", "energy" or "stages"

    CHANNEL_DATA = "training.data"
    CHANNEL_RUN = "training.run"
    CHANNEL_REGIONS = "training.regions"
    CHANNEL_ENERGY = "training.energy"
    CHANNEL_STAGES = "training.stages"

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._preset = DEFAULT_PRESET
        self._choice = DataChoice("notebook")
        self._data: LabelledData | None = None
        self._network: NetworkSpec = preset_network(DEFAULT_PRESET)
        self._config = TrainingConfig()
        self._run: TrainingRun | None = None
        self._run_id = 0  # grows with every run or reset; pictures of older ones are dropped
        self._run_first_job = 0  # the first job id asked for the run on screen
        self._playing = False
        self._frame_started = 0.0
        self._awaited: dict[str, int] = {}
        self._shown: dict[str, int] = {}
        self._asked: dict[str, int] = {}  # per picture channel, the last job asked for
        self._pca_axes: dict[int, np.ndarray] | None = None
        self._stages: StagesPicture | None = None
        self._click_class = 0
        self._keep_run = False
        self._resume_after_run = False
        self._pending_csv = ""
        self.steps_per_second = 0.0
        self.message = ""
        self.device = ""
        self.regions_result: Regions | None = None
        self.energy_result: EnergyGrid | None = None

        self.net_panel = NetPanel()
        self.data_panel = TrainingDataPanel(self._choice.spec)
        self.optimiser_panel = OptimiserPanel(self._config)
        self.run_panel = RunPanel()
        self.energy_panel = EnergyPanel()
        self.regions_canvas = RegionsCanvas()
        self.energy_canvas = EnergyCanvas()
        self.surface_canvas = SurfaceCanvas()
        self.stage_canvas = StageCanvas()
        self.scrubber = LayerScrubber()
        self.curves = TrainingCurves()
        self.timeline = TimelineSlider()
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._on_frame)
        self._regions_timer = QTimer(self)  # a pan or zoom asks for new regions once it rests
        self._regions_timer.setSingleShot(True)
        self._regions_timer.setInterval(40)
        self._regions_timer.timeout.connect(self._request_regions)
        self._build_layout()
        self._connect(worker)
        self.net_panel.show_preset(DEFAULT_PRESET)
        self._show_network(self._network)
        #: False until the tab is first shown (or a session sets it up): until then nothing is
        #: computed, so a window whose user never opens this tab pays nothing for it.
        self.active = False

    def _build_layout(self) -> None:
        side = SidePanel(
            [
                ("Network", self.net_panel),
                ("Data", self.data_panel),
                ("Optimiser", self.optimiser_panel),
                ("Run", self.run_panel),
                ("Energy", self.energy_panel),
            ]
        )
        stage = QWidget()
        stage_layout = QVBoxLayout(stage)
        stage_layout.setContentsMargins(0, 0, 0, 0)
        stage_layout.addWidget(self.stage_canvas, 1)
        stage_layout.addWidget(self.scrubber)
        grid = QWidget()
        grid_layout = QGridLayout(grid)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.regions_canvas, 0, 0)
        grid_layout.addWidget(self.energy_canvas, 0, 1)
        grid_layout.addWidget(stage, 1, 0)
        grid_layout.addWidget(self.surface_canvas, 1, 1)
        centre = QSplitter(Qt.Orientation.Vertical)
        centre.addWidget(grid)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.curves, 1)
        bottom_layout.addWidget(self.timeline)
        centre.addWidget(bottom)
        centre.setStretchFactor(0, 3)
        centre.setStretchFactor(1, 1)
        self.curves.setMinimumHeight(170)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("training-splitter")
        self.splitter.addWidget(side)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _connect(self, worker: ComputeWorker) -> None:
        worker.sigResult.connect(self._on_result)
        worker.sigFailed.connect(self._on_failed)
        self.net_panel.sigPreset.connect(self._on_preset)
        self.net_panel.sigSeed.connect(self._on_seed)
        self.net_panel.editor.sigChanged.connect(self._on_layers_edited)
        data = self.data_panel
        data.sigSpecChosen.connect(self._on_spec)
        data.sigCsvChosen.connect(self.load_csv)
        data.sigKindReselected.connect(self._on_kind_reselected)
        data.sigClickClass.connect(self.set_click_class)
        data.sigClearClicked.connect(self.clear_clicked)
        self.optimiser_panel.sigConfigChanged.connect(self.set_config)
        run = self.run_panel
        run.sigPlayToggled.connect(self.set_playing)
        run.sigStepRequested.connect(self.step)
        run.sigResetRequested.connect(self.reset)
        self.energy_panel.sigChanged.connect(self._request_energy)
        self.energy_panel.sigTurn.connect(self._on_turn_slider)
        self.surface_canvas.surface.sigTurned.connect(self._on_surface_turned)
        self.regions_canvas.sigAddPoint.connect(self.add_point)
        self.regions_canvas.sigRemovePoint.connect(self.remove_point)
        self.regions_canvas.sigClassChosen.connect(self.set_click_class)
        self.regions_canvas.getPlotItem().getViewBox().sigRangeChanged.connect(
            self._on_regions_range
        )
        self.scrubber.sigPositionChanged.connect(self._on_scrub)
        self.timeline.sigChosen.connect(self._on_timeline)

    # What is shown ---------------------------------------------------------------------------

    @property
    def run(self) -> TrainingRun | None:
        """The run on screen (None while its data loads or when the net cannot learn it)."""
        return self._run

    @property
    def network(self) -> NetworkSpec:
        return self._network

    @property
    def worker(self) -> ComputeWorker:
        return self._worker

    @property
    def data(self) -> LabelledData | None:
        return self._data

    @property
    def config(self) -> TrainingConfig:
        return self._config

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def click_class(self) -> int:
        return self._click_class

    def shown_weights(self) -> NetWeights | None:
        """The weights the pictures show: the run's, or the timeline's chosen snapshot."""
        run = self._run
        if run is None:
            return None
        if self.timeline.live:
            return run.weights
        snapshots = run.timeline.snapshots
        return snapshots[min(self.timeline.index(), len(snapshots) - 1)].weights

    def shown_step(self) -> int:
        run = self._run
        if run is None:
            return 0
        if self.timeline.live:
            return run.step
        return self.timeline.steps()[self.timeline.index()]

    # Presets, net, data, config ------------------------------------------------------------

    def start_preset(self, name: str) -> None:
        """The notebook's run ``name``: its data, net, optimiser and seed."""
        self._preset = name
        self.net_panel.show_preset(name)
        self._config = TrainingConfig()
        self.optimiser_panel.show_config(self._config)
        self._choice = DataChoice("notebook", self._choice.spec)
        self.data_panel.show_notebook(5000, self._config.seed, 5)
        self._submit_run(Job(self.CHANNEL_RUN, start_preset, (name, self._config)))

    def _on_preset(self, name: str) -> None:
        if name == OWN_NET:
            self._preset = OWN_NET  # the net on screen stays, now one's own
            return
        self.start_preset(name)

    def _on_layers_edited(self) -> None:
        try:
            network = NetworkSpec(tuple(self.net_panel.editor.layers()), self._network.seed)
        except InputError as error:
            self.net_panel.editor.show_error(str(error))
            self.sigMessage.emit(str(error))
            return
        self.net_panel.editor.show_error("")
        self._set_own_network(network)

    def _on_seed(self, seed: int) -> None:
        self._set_own_network(NetworkSpec(self._network.layers, seed))

    def set_network(self, network: NetworkSpec) -> None:
        """Train ``network`` (already valid) on the data shown, from its seed's weights."""
        self._show_network(network)
        self._set_own_network(network)

    def _set_own_network(self, network: NetworkSpec) -> None:
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self._network = network
        self.net_panel.show_seed(network.seed)
        self._show_stages_of(network)
        self._start_on_data()

    def _show_network(self, network: NetworkSpec) -> None:
        self._network = network
        self.net_panel.editor.set_layers(network.layers)
        self.net_panel.editor.show_error("")
        self.net_panel.show_seed(network.seed)
        self._show_stages_of(network)

    def _show_stages_of(self, network: NetworkSpec) -> None:
        """New stages on the scrubber, placed at the last hidden stage (the input to the last
        Linear), where the classes should come apart as the net learns."""
        labels = stage_labels(network)
        self.scrubber.set_stages(labels)
        self.scrubber.set_position(last_hidden_stage(network))

    def _on_spec(self, spec: LabelledSpec) -> None:
        self._choice = DataChoice("generated", spec)
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self._awaited[self.CHANNEL_DATA] = self._worker.submit(
            Job(self.CHANNEL_DATA, build_labelled, (spec,))
        )

    def load_csv(self, path: str) -> None:
        """Load ``path`` in the worker; the data shown stays until it has loaded whole."""
        self._pending_csv = path
        self._awaited[self.CHANNEL_DATA] = self._worker.submit(
            Job(self.CHANNEL_DATA, load_csv, (path,))
        )

    def _on_kind_reselected(self, kind: str) -> None:
        if kind == CSV_ITEM and self._choice.kind != "csv":
            self.data_panel.choose_csv()
            self._show_choice()
        elif kind == CLICKED_ITEM and self._choice.kind != "clicked":
            # Start drawing from the points shown: click to add, Shift+click to remove.
            self._use_clicked(self._data)
        elif kind == NOTEBOOK_ITEM and self._choice.kind != "notebook":
            self._choice = DataChoice("notebook", self._choice.spec)
            self._awaited[self.CHANNEL_DATA] = self._worker.submit(
                Job(self.CHANNEL_DATA, notebook_data, (self._config.seed,))
            )

    def _show_choice(self) -> None:
        choice = self._choice
        if choice.kind == "generated":
            self.data_panel.show_spec(choice.spec)
        elif choice.kind == "csv":
            self.data_panel.show_other(CSV_ITEM, f"CSV: {self._data.name if self._data else ''}")
        elif choice.kind == "clicked":
            self.data_panel.show_other(CLICKED_ITEM)
        else:
            self.data_panel.show_notebook(5000, self._config.seed, 5)

    def _apply_data(self, result: LabelledData | DataRefused) -> None:
        if isinstance(result, DataRefused):
            self.data_panel.show_error(result.message)
            self.sigMessage.emit(f"Nothing loaded: {result.message}")
            self._show_choice()
            return
        self.data_panel.show_error("")
        if isinstance(result.key, tuple) and result.key[:1] == ("csv",):
            self._choice = DataChoice("csv", self._choice.spec, self._pending_csv)
            self.data_panel.show_other(CSV_ITEM, f"CSV: {result.name}")
            self.sigMessage.emit(
                f"Loaded {result.name}: {result.size:,} points, {result.class_count} classes"
            )
        self._show_data(result)
        self._start_on_data()
        self.fit()

    def _show_data(self, data: LabelledData) -> None:
        self._data = data
        for canvas in (self.regions_canvas, self.energy_canvas):
            canvas.set_points(data.points, data.labels)
        self.energy_panel.show_classes(data.class_count)

    def set_config(self, config: TrainingConfig) -> None:
        """Train with ``config`` from now on; the run goes on from where it stands."""
        self._config = config
        self.optimiser_panel.show_config(config)
        run, data = self._run, self._data
        if run is None or data is None:
            self._start_on_data()
            return
        self._submit_run(Job(self.CHANNEL_RUN, continue_run, (run, data, config)), keep=True)

    # Clicked points ----------------------------------------------------------------------------

    def set_click_class(self, k: int) -> None:
        """The class (0-based) of the points clicked from now on."""
        try:
            self._click_class = check_click_class(k)
        except InputError as error:
            self.sigMessage.emit(f"{error}; clicks still add class {self._click_class + 1}")
            return
        self.data_panel.show_click_class(self._click_class)

    def add_point(self, x: float, y: float) -> None:
        """Add a point of the chosen class at (x, y); the run goes on with it."""
        try:
            data = with_point(self._clicked_base(), x, y, self._click_class)
        except InputError as error:
            self.sigMessage.emit(f"Point not added: {error}")
            return
        self._use_clicked(data)

    def remove_point(self, x: float, y: float) -> None:
        """Remove the point nearest to (x, y)."""
        base = self._clicked_base()
        if base is None or base.size == 0:
            self.sigMessage.emit("No point to remove")
            return
        data, _index = without_nearest(base, x, y)
        self._use_clicked(data)

    def clear_clicked(self) -> None:
        """No points at all: click some onto the plane."""
        self._use_clicked(None)

    def _clicked_base(self) -> LabelledData | None:
        """The points a click edits: the data shown (a click on the spiral draws on it)."""
        return self._data

    def _use_clicked(self, data: LabelledData | None) -> None:
        if data is None or not (isinstance(data.key, tuple) and data.key[:1] == ("clicked",)):
            data = clicked_data(
                np.zeros((0, 2)) if data is None else data.points,
                np.zeros(0) if data is None else data.labels,
                2 if data is None else data.class_count,
            )
        self._choice = DataChoice("clicked", self._choice.spec, clicked=data)
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self.data_panel.show_other(CLICKED_ITEM)
        self._show_data(data)
        run = self._run
        if data.size == 0:
            self._set_run(None, "No points: click onto the decision regions to add some")
            return
        if run is not None and run.setup.network == self._network:
            self._submit_run(
                Job(self.CHANNEL_RUN, continue_run, (run, data, self._config)), keep=True
            )
        else:
            self._start_on_data()

    # Runs --------------------------------------------------------------------------------------

    def _start_on_data(self) -> None:
        """A new run of the net on the data shown, from step 0."""
        if self._data is None:
            return
        if self._data.size == 0:
            self._set_run(None, "No points: click onto the decision regions to add some")
            return
        args = (self._network, self._data, self._config)
        self._submit_run(Job(self.CHANNEL_RUN, start_run, args))

    def _submit_run(self, job: Job, keep: bool = False) -> None:
        """Ask for a run; ``keep`` continues the one on screen (same step, same curves)."""
        was_playing = self._playing and keep
        self.set_playing(False)
        self._awaited.pop("chunk", None)  # a Step in flight belongs to the run being replaced
        self._resume_after_run = was_playing
        self._keep_run = keep
        self._awaited[self.CHANNEL_RUN] = self._worker.submit(job)

    def _apply_run(self, result: TrainingRun | TrainingRefused) -> None:
        if isinstance(result, TrainingRefused):
            self._set_run(None, result.message)
            self.sigMessage.emit(result.message)
            return
        keep = self._keep_run and self._run is not None
        if not keep:
            self._pca_axes = None
            self.curves.clear_curves()
            self.timeline.set_steps(result.timeline.steps)
            self.timeline.go_live()
        setup = result.setup
        if setup.network != self._network:
            self._show_network(setup.network)
        if setup.config != self._config:
            self._config = setup.config
            self.optimiser_panel.show_config(setup.config)
        if self._data is not setup.data:
            self._show_data(setup.data)
            if not keep:
                self.fit()
        self._set_run(result, "", new=not keep)
        if self._resume_after_run:
            self._resume_after_run = False
            self.set_playing(True)

    def _set_run(self, run: TrainingRun | None, message: str, new: bool = True) -> None:
        self._run = run
        self.run_panel.show_error(message)
        self.message = message
        if run is None:
            self.set_playing(False)
            self._asked.clear()  # nothing to draw: the pictures in flight are of no run
            for canvas in (self.regions_canvas, self.energy_canvas):
                canvas.clear_image()
        self.run_panel.play_button.setEnabled(run is not None)
        self.run_panel.step_button.setEnabled(run is not None and not self._playing)
        self._show_status()
        asked = self._request_pictures()
        if new:
            self._run_id += 1
            # Job ids only grow: every picture of an earlier run has a smaller id than these.
            self._run_first_job = min(asked, default=self._run_first_job)

    def set_playing(self, playing: bool) -> None:
        """Play trains continuously; Pause stops at the weights on screen."""
        if playing and self._run is None:
            playing = False
        self.run_panel.show_playing(playing)
        self.run_panel.step_button.setEnabled(not playing and self._run is not None)
        if playing == self._playing:
            return
        self._playing = playing
        if playing:
            self.timeline.go_live()
            self.run_panel.show_error("")
            self._submit_chunk(self.run_panel.steps_per_frame)
        else:
            self._frame_timer.stop()
            self._awaited.pop("chunk", None)
            self._worker.cancel(self.CHANNEL_RUN)
            self.curves.flush()

    def step(self) -> None:
        """One chunk of steps (the steps per frame), when paused."""
        if not self._playing and self._run is not None:
            self.timeline.go_live()
            self._submit_chunk(self.run_panel.steps_per_frame)

    def reset(self) -> None:
        """Back to step 0 of this run: the same initial weights, the curves start again."""
        run = self._run
        if run is None:
            self._start_on_data()
            return
        self.set_playing(False)
        self._pca_axes = None
        self.curves.clear_curves()
        fresh = TrainingRun.starting(run.setup)
        self.timeline.set_steps(fresh.timeline.steps)
        self.timeline.go_live()
        self._set_run(fresh, "")

    def _submit_chunk(self, steps: int) -> None:
        if self._run is None:
            return
        self._frame_started = time.monotonic()
        job = Job(self.CHANNEL_RUN, train_chunk, (self._run, steps))
        self._awaited["chunk"] = self._worker.submit(job)

    def _on_frame(self) -> None:
        if not self._playing:
            return
        if not self._worker.is_running():
            self.set_playing(False)
            return
        self._submit_chunk(self.run_panel.steps_per_frame)

    def _apply_chunk(self, chunk: TrainingChunk) -> None:
        self._run = chunk.run
        report = chunk.report
        self.device = chunk.device
        if chunk.steps_per_second > 0:
            rate = chunk.steps_per_second
            self.steps_per_second = (
                rate if self.steps_per_second == 0 else 0.7 * self.steps_per_second + 0.3 * rate
            )
        if chunk.message:
            self.set_playing(False)
            self.message = f"Paused: {chunk.message}"
            self.run_panel.show_error(self.message)
            self.sigMessage.emit(self.message)
        elif self._playing:
            # Ask for the next chunk before drawing this one: the worker trains meanwhile.
            wait = FRAME_MS - (time.monotonic() - self._frame_started) * 1000
            if wait > 0:
                self._frame_timer.start(int(wait) + 1)
            else:
                self._on_frame()
        self.curves.append(report.first_step, report.losses, report.accuracies)
        if not self._playing:
            self.curves.flush()
        self.timeline.set_steps(chunk.run.timeline.steps)
        self._show_status()
        self._request_pictures()
        self.sigChunk.emit()

    def _show_status(self) -> None:
        run = self._run
        if run is None:
            self.run_panel.status.setText("no run")
            return
        parts = [f"step {run.step:,}"]
        curves = self.curves
        if len(curves.losses):
            parts.append(f"loss {curves.losses[-1]:.4g}")
            parts.append(f"accuracy {100 * curves.accuracies[-1]:.1f}%")
        if self.steps_per_second:
            parts.append(f"{self.steps_per_second:,.0f} steps/s")
        if self.device:
            parts.append(f"on {self.device}")
        self.run_panel.status.setText("  ·  ".join(parts))

    # Pictures ----------------------------------------------------------------------------------

    def _request_pictures(self) -> list[int]:
        """Ask for every picture of the weights shown; the ids of the jobs asked for."""
        asked = [self._request_regions(), self._request_energy(), self._request_stages()]
        return [job_id for job_id in asked if job_id is not None]

    def _ask(self, job: Job) -> int:
        job_id = self._worker.submit(job)
        self._asked[job.channel] = job_id
        return job_id

    def pictures_current(self) -> bool:
        """True when every picture asked for (regions, energy, stages) is on screen."""
        return all(self._shown.get(c, 0) >= job_id for c, job_id in self._asked.items())

    def _picture_args(self) -> tuple[NetworkSpec, NetWeights] | None:
        run, weights = self._run, self.shown_weights()
        if run is None or weights is None:
            return None
        return run.setup.network, weights

    def _on_regions_range(self, *_args: object) -> None:
        self._regions_timer.start()

    def _request_regions(self) -> int | None:
        args = self._picture_args()
        if args is None:
            return None
        box = self.regions_canvas.view_box()
        width = max(1e-9, box.right - box.left)
        rows = max(1, min(4 * REGION_CELLS, round(REGION_CELLS * (box.top - box.bottom) / width)))
        bounds = (box.left, box.right, box.bottom, box.top)
        job = Job(self.CHANNEL_REGIONS, regions, (*args, bounds, (REGION_CELLS, rows)))
        return self._ask(job)

    def _request_energy(self) -> int | None:
        args = self._picture_args()
        if args is None:
            return None
        k = min(self.energy_panel.k, args[0].output_width - 1)
        job = Job(self.CHANNEL_ENERGY, energy_grid, (*args, k, self.energy_panel.kind))
        return self._ask(job)

    def _request_stages(self) -> int | None:
        args = self._picture_args()
        if args is None or self._data is None:
            return None
        projection = Projection("pca")
        job = Job(
            self.CHANNEL_STAGES,
            stages,
            (*args, self._data.points, projection, self._pca_axes),
        )
        return self._ask(job)

    def _apply_regions(self, result: Regions) -> None:
        self.regions_result = result
        classes = self._run.setup.data.class_count if self._run else result.classes.max() + 1
        self.regions_canvas.show_regions(
            result.classes, result.confidence, int(classes), _extent(result.xs, result.ys)
        )
        self.sigPictured.emit("regions")

    def _apply_energy(self, result: EnergyGrid) -> None:
        self.energy_result = result
        name = "−s" if result.kind == "negative_score" else "F(x, k)"
        what = ENERGIES[result.kind].split("  ")[0]
        title = f"Energy of class {result.k + 1}: {what} {name}, step {self.shown_step():,}"
        extent = _extent(result.xs, result.ys)
        self.energy_canvas.show_energy(result.values, extent, title)
        self.surface_canvas.show_surface(
            result.values,
            self.energy_canvas.edges,
            self.energy_canvas._table,
            f"Energy surface of class {result.k + 1} (drag to turn)",
        )
        self.sigPictured.emit("energy")

    def _apply_stages(self, result: StagesPicture) -> None:
        self._stages = result
        if self._pca_axes is None:
            self._pca_axes = result.axes  # fixed for the rest of the run: no jumping picture
        self._show_stage()
        self.sigPictured.emit("stages")

    def _show_stage(self) -> None:
        picture, data = self._stages, self._data
        if picture is None or data is None or len(picture.stages.points[0]) != data.size:
            return
        points, grid = picture.stages.points, picture.grid
        last = len(points) - 1
        position = min(self.scrubber.position(), float(last))
        k = min(math.floor(position), last)
        a = position - k if k < last else 0.0
        if a > 1e-9:
            shown_points = mix(points[k], points[k + 1], a)
            shown_grid = mix(grid[k], grid[k + 1], a)
        else:
            shown_points, shown_grid = points[k], grid[k]
        self.stage_canvas.show_stage(shown_points, data.labels, shown_grid)
        self.stage_canvas.keep_in_view()
        labels = stage_labels(self._network) if self._run else []
        name = labels[k] if k < len(labels) else f"stage {k + 1}"
        note = picture.stages.labels[k] if k < len(picture.stages.labels) else ""
        self.stage_canvas.set_title(f"{name}, step {self.shown_step():,}", note)

    def _on_scrub(self, _position: float) -> None:
        self._show_stage()

    def _on_timeline(self, _index: int) -> None:
        if self._playing and not self.timeline.live:
            self.set_playing(False)
        self._request_pictures()

    def _on_turn_slider(self, degrees: float) -> None:
        surface = self.surface_canvas.surface
        surface.set_angles(degrees, surface.tilt)

    def _on_surface_turned(self, turn: float, _tilt: float) -> None:
        self.energy_panel.show_turn(turn)

    def animation_sources(
        self, steps: int = 150, p: float = 0.001, easing: str = "log"
    ) -> list[AnimationSource]:
        """The timeline, one frame per kept snapshot, as regions and as class k's energy (the
        snapshots are the frames: the dialog's frame count and easing do not apply)."""
        from linviz_gui.ui.views.training.film import TrainingTimelineFilm

        return [
            TrainingTimelineFilm(self, self.regions_canvas, "Training: decision regions over time"),
            TrainingTimelineFilm(self, self.energy_canvas, "Training: class k's energy over time"),
        ]

    def fit(self) -> None:
        """Show every point (the window's Fit, key F)."""
        data = self._data
        box = Box(-1.5, 1.5, -1.5, 1.5)
        if data is not None and data.size:
            low, high = data.points.min(axis=0), data.points.max(axis=0)
            box = box.union(Box(float(low[0]), float(high[0]), float(low[1]), float(high[1])))
        for canvas in (self.regions_canvas, self.energy_canvas):
            canvas.fit_to(box)
        stage = self.stage_canvas.content_box()
        if stage is not None:
            self.stage_canvas.fit_to(stage)

    # Worker results ----------------------------------------------------------------------------

    def _on_result(self, channel: str, job_id: int, result: object) -> None:
        if not channel.startswith("training."):
            return
        if channel == self.CHANNEL_DATA:
            if job_id == self._awaited.get(channel) and isinstance(
                result, (LabelledData, DataRefused)
            ):
                self._apply_data(result)
            return
        if channel == self.CHANNEL_RUN:
            if isinstance(result, TrainingChunk):
                if job_id == self._awaited.get("chunk"):
                    self._awaited.pop("chunk", None)
                    self._apply_chunk(result)
            elif job_id == self._awaited.get(channel):
                self._awaited.pop(channel, None)
                if isinstance(result, (TrainingRun, TrainingRefused)):
                    self._apply_run(result)
            return
        if job_id <= self._shown.get(channel, 0):
            return  # older than the one on screen
        self._shown[channel] = job_id
        if job_id < self._run_first_job or self._run is None:
            return  # a picture of an earlier run
        if isinstance(result, Regions):
            self._apply_regions(result)
        elif isinstance(result, EnergyGrid):
            self._apply_energy(result)
        elif isinstance(result, StagesPicture):
            self._apply_stages(result)

    def _on_failed(self, channel: str, job_id: int, message: str) -> None:
        if not channel.startswith("training."):
            return
        if channel == self.CHANNEL_RUN:
            self.set_playing(False)
        self.sigMessage.emit(f"Training: could not compute ({message})")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.active:
            self.active = True
            self.start_preset(DEFAULT_PRESET)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the tab or closing the window stops training: nothing runs unseen.
        self.set_playing(False)
        super().hideEvent(event)

    # View state --------------------------------------------------------------------------------

    def settings(self) -> TrainingSettings:
        """The tab's options as plain data."""
        return TrainingSettings(
            self._preset,
            self._choice,
            self._network,
            self._config,
            self.run_panel.steps_per_frame,
            self.energy_panel.k,
            self.energy_panel.kind,
            float(self.surface_canvas.surface.turn),
        )

    def view_state(self) -> dict[str, Any]:
        """The tab's options as JSON-able data (see :meth:`apply_view_state`)."""
        return self.settings().to_state()

    def check_view_state(self, state: dict[str, Any]) -> None:
        """Raise :class:`InputError` on nonsense in ``state``; change nothing."""
        parse_training_state(state, self.settings())

    def apply_view_state(self, state: dict[str, Any]) -> None:
        """Validate every key of ``state`` first (InputError on nonsense), then apply it all."""
        new = parse_training_state(state, self.settings())
        self.active = True
        self.set_playing(False)
        self.run_panel.show_steps_per_frame(new.steps_per_frame)
        self.energy_panel.show_classes(
            max(new.energy_class + 1, self.energy_panel.class_box.count())
        )
        self.energy_panel.show_choice(new.energy_class, new.energy_kind)
        self.energy_panel.show_turn(new.turn)
        self.surface_canvas.surface.set_angles(new.turn, self.surface_canvas.surface.tilt)
        if new.preset:
            self._preset = new.preset
            self.net_panel.show_preset(new.preset)
            self._config = new.config
            self.optimiser_panel.show_config(new.config)
            self._choice = DataChoice("notebook", new.data.spec)
            self._show_choice()
            self._submit_run(Job(self.CHANNEL_RUN, start_preset, (new.preset, new.config)))
            return
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self._show_network(new.network)
        self._config = new.config
        self.optimiser_panel.show_config(new.config)
        self._choice = new.data
        self._show_choice()
        self._run = None
        choice = new.data
        if choice.kind == "generated":
            self._on_spec(choice.spec)
        elif choice.kind == "csv":
            self.load_csv(choice.path)
        elif choice.kind == "clicked":
            self._use_clicked(choice.clicked)
        else:
            self._awaited[self.CHANNEL_DATA] = self._worker.submit(
                Job(self.CHANNEL_DATA, notebook_data, (new.config.seed,))
            )


def last_hidden_stage(network: NetworkSpec) -> int:
    """The stage just before the last Linear's ``× W`` (0, the input, for a single Linear)."""
    labels = stage_labels(network)
    last = max((i for i, layer in enumerate(network.layers) if layer.is_linear), default=-1)
    if last < 0:
        return len(labels) - 1
    return max(0, times_w_stage(network, last) - 1)


def _extent(xs: np.ndarray, ys: np.ndarray) -> Box:
    """The box covered by pixels centred on ``xs`` × ``ys`` (evenly spaced)."""
    dx = float(xs[1] - xs[0]) if len(xs) > 1 else 1.0
    dy = float(ys[1] - ys[0]) if len(ys) > 1 else 1.0
    return Box(
        float(xs[0]) - dx / 2, float(xs[-1]) + dx / 2, float(ys[0]) - dy / 2, float(ys[-1]) + dy / 2
    )
