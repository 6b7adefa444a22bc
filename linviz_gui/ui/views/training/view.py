"""The "Training" tab: train a small net on labelled points and watch it untangle the plane.

A run lives in the worker (``compute/training_jobs.py``) as a chain of chunks on one channel;
the view holds the last :class:`TrainingRun` it returned and asks for the next chunk as soon as
one lands, so Pause, Reset and any edit win over a chunk still in flight. While playing, a chunk
ends after :data:`PLAYING_CHUNK_S` and the pictures of its weights are asked for before the next
chunk, so each frame draws the newest weights (see ``pictures.py``: quicker pictures while
playing, whole ones on Pause). Each picture has its own channel where the newest request wins:
the decision regions, the energy of class k, and the stages of the net. A picture is drawn when
it is newer than the one on screen and belongs to the run on screen.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QSplitter, QVBoxLayout, QWidget

from linviz_gui.compute.training_data_jobs import NetSaved, continue_run, save_net
from linviz_gui.compute.training_jobs import (
    PLAYING_CHUNK_S,
    TrainingChunk,
    TrainingRefused,
    TrainingRun,
    start_preset,
    start_run,
    train_chunk,
)
from linviz_gui.compute.worker import ComputeWorker, Job
from linviz_gui.model.data.clicked_points import ClickedPoints
from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, stage_labels
from linviz_gui.model.scene import Scene
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import NOTEBOOK_D, preset_hidden, preset_network
from linviz_gui.model.training.regions import EnergyGrid, Regions
from linviz_gui.model.training.timeline import Snapshot, SnapshotTimeline
from linviz_gui.model.training.trainer import TrainingState
from linviz_gui.model.training.weights import NetWeights
from linviz_gui.render.view_fit import Box
from linviz_gui.ui.export.animation import AnimationSource
from linviz_gui.ui.views.training.data_panel import TrainingDataPanel
from linviz_gui.ui.views.training.data_source import CHANNEL_DATA, TrainingDataSource
from linviz_gui.ui.views.training.energy_canvas import EnergyCanvas
from linviz_gui.ui.views.training.energy_panel import EnergyPanel
from linviz_gui.ui.views.training.net_panel import OWN_NET, NetPanel
from linviz_gui.ui.views.training.pictures import (
    CHANNEL_ENERGY,
    CHANNEL_REGIONS,
    CHANNEL_STAGES,
    TrainingPictures,
    last_hidden_stage,
)
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
DEFAULT_PRESET = "spiral-mlp"
SIDE_WIDTH = 450


class TrainingView(QWidget):
    """The tab. ``sigMessage`` reports problems for the status bar; ``sigPictured`` fires when
    a picture (regions, energy or stages) reached the screen."""

    title = "Training"
    uses_scene_panel = False
    sigMessage = Signal(str)
    sigChunk = Signal()  # a chunk of training reached the screen
    sigPictured = Signal(str)  # "regions", "energy" or "stages"

    CHANNEL_DATA = CHANNEL_DATA
    CHANNEL_RUN = "training.run"
    CHANNEL_SAVE = "training.save"
    CHANNEL_REGIONS = CHANNEL_REGIONS
    CHANNEL_ENERGY = CHANNEL_ENERGY
    CHANNEL_STAGES = CHANNEL_STAGES

    def __init__(self, scene: Scene, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._preset = DEFAULT_PRESET
        self._network: NetworkSpec = preset_network(DEFAULT_PRESET)
        self._config = TrainingConfig()
        self._run: TrainingRun | None = None
        self._playing = False
        self._frame_started = 0.0
        self._awaited: dict[str, int] = {}
        self._keep_run = False
        self._resume_after_run = False
        self._restore: TrainingState | None = None
        self.steps_per_second = 0.0
        self.message = ""
        self.device = ""

        self.net_panel = NetPanel()
        self.data_panel = TrainingDataPanel(DataChoice().spec)
        self.source = TrainingDataSource(worker, self.data_panel, self)
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
        self.pictures = TrainingPictures(
            worker,
            self,
            self.regions_canvas,
            self.energy_canvas,
            self.surface_canvas,
            self.stage_canvas,
            self.scrubber,
            self.energy_panel,
            self,
        )
        self.pictures.sigPictured.connect(self.sigPictured)
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
        # Wide enough for a Linear row of the layer editor (as on the Network tab).
        side.setMinimumWidth(max(side.minimumWidth(), SIDE_WIDTH))
        self.splitter.setSizes([SIDE_WIDTH, 1100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _connect(self, worker: ComputeWorker) -> None:
        worker.sigResult.connect(self._on_result)
        worker.sigFailed.connect(self._on_failed)
        self.net_panel.sigPreset.connect(self._on_preset)
        self.net_panel.sigSeed.connect(self._on_seed)
        self.net_panel.editor.sigChanged.connect(self._on_layers_edited)
        self.source.sigData.connect(self._on_data)
        self.source.sigTooFew.connect(self._on_too_few)
        self.source.sigMessage.connect(self.sigMessage)
        self.optimiser_panel.sigConfigChanged.connect(self.set_config)
        run = self.run_panel
        run.sigPlayToggled.connect(self.set_playing)
        run.sigStepRequested.connect(self.step)
        run.sigResetRequested.connect(self.reset)
        run.sigSaveRequested.connect(self.save_net)
        self.energy_panel.sigTurn.connect(self._on_turn_slider)
        self.surface_canvas.surface.sigTurned.connect(self._on_surface_turned)
        self.regions_canvas.sigAddPoint.connect(self.source.add_point)
        self.regions_canvas.sigRemovePoint.connect(self.source.remove_point)
        self.regions_canvas.sigClassChosen.connect(self.source.set_click_class)
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
        return self.source.data

    def open_points(self, path: str) -> None:
        """File → Open points… on this tab: as the Load… button loads ``path``."""
        self.source.load_csv(path)

    @property
    def config(self) -> TrainingConfig:
        return self._config

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def click_class(self) -> int:
        return self.source.click_class

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

    def start_preset(
        self, name: str, config: TrainingConfig | None = None, hidden: int = NOTEBOOK_D
    ) -> None:
        """The notebook's run ``name``: its data, net, optimiser and seed (``config``, when
        given, instead of the notebook's optimiser settings; ``hidden`` units instead of its
        d = 100)."""
        self._restore = None  # the user's own choice: no session's run goes on from here
        self._preset = name
        self.net_panel.show_preset(name)
        self._config = config or TrainingConfig()
        self.optimiser_panel.show_config(self._config)
        self.source.show_notebook(self._config.seed)
        self._submit_run(Job(self.CHANNEL_RUN, start_preset, (name, self._config, hidden)))

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

    def _on_data(self, data: LabelledData, edited: bool) -> None:
        """New points: a click goes on with the run shown, other data starts a new run."""
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self._show_data(data)
        run = self._run
        if edited and run is not None and run.setup.network == self._network:
            args = (run, data, self._config)
            self._submit_run(Job(self.CHANNEL_RUN, continue_run, args), keep=True)
        else:
            self._start_on_data()
            if not edited:
                self.fit()

    def _on_too_few(self, clicks: ClickedPoints, message: str) -> None:
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self._show_points(clicks.points, clicks.labels, clicks.classes)
        self._set_run(None, message)

    def _show_data(self, data: LabelledData) -> None:
        self._show_points(data.points, data.labels, data.class_count)

    def _show_points(self, points: np.ndarray, labels: np.ndarray, classes: int) -> None:
        for canvas in (self.regions_canvas, self.energy_canvas):
            canvas.set_points(points, labels)
        self.energy_panel.show_classes(classes)

    def set_config(self, config: TrainingConfig) -> None:
        """Train with ``config`` from now on; the run goes on from where it stands."""
        self._config = config
        self.optimiser_panel.show_config(config)
        run, data = self._run, self.source.data
        if run is None or data is None:
            self._start_on_data()
            return
        self._submit_run(Job(self.CHANNEL_RUN, continue_run, (run, data, config)), keep=True)

    # Runs --------------------------------------------------------------------------------------

    def _start_on_data(self) -> None:
        """A new run of the net on the data shown, from step 0."""
        data = self.source.data
        if data is None:
            return
        args = (self._network, data, self._config)
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
            self._restore = None
            self._set_run(None, result.message)
            self.sigMessage.emit(result.message)
            return
        keep = self._keep_run and self._run is not None
        restore, self._restore = self._restore, None
        if restore is not None and not keep:
            result = continued_from(result, restore)
        if not keep:
            self.curves.clear_curves()
            self.timeline.set_steps(result.timeline.steps)
            self.timeline.go_live()
        setup = result.setup
        if setup.network != self._network:
            self._show_network(setup.network)
        if setup.config != self._config:
            self._config = setup.config
            self.optimiser_panel.show_config(setup.config)
        if self.source.data is not setup.data:
            self.source.adopt(setup.data)
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
        self.run_panel.play_button.setEnabled(run is not None)
        self.run_panel.step_button.setEnabled(run is not None and not self._playing)
        self._show_status()
        if run is None:
            self.set_playing(False)
            self.pictures.no_run()
        elif new:
            self.pictures.new_run()
        else:
            self.pictures.request_all()

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
            self._go_on_from_shown()
            self.run_panel.show_error("")
            self._submit_chunk(self.run_panel.steps_per_frame, PLAYING_CHUNK_S)
        else:
            self._frame_timer.stop()
            self._awaited.pop("chunk", None)
            self._worker.cancel(self.CHANNEL_RUN)
            self.curves.flush()
            if self._run is not None:
                self.pictures.request_all()  # a picture still waiting may be of older weights

    def step(self, steps: int | None = None) -> None:
        """One chunk of ``steps`` steps (the steps per frame when None), when paused."""
        if not self._playing and self._run is not None:
            self._go_on_from_shown()
            self._submit_chunk(self.run_panel.steps_per_frame if steps is None else steps)

    def save_net(self, path: str) -> None:
        """Save the weights shown as a ``state_dict`` at ``path`` and the code beside it."""
        run, weights = self._run, self.shown_weights()
        if run is None or weights is None:
            self.sigMessage.emit("Nothing to save: no net is training")
            return
        job = Job(self.CHANNEL_SAVE, save_net, (path, run.setup.network, weights))
        self._awaited[self.CHANNEL_SAVE] = self._worker.submit(job)

    def _apply_saved(self, saved: NetSaved) -> None:
        if saved.error:
            self.run_panel.show_error(f"Not saved: {saved.error}")
            self.sigMessage.emit(f"Not saved: {saved.error}")
            return
        self.sigMessage.emit(f"Saved {saved.weights_path} and {saved.code_path}")

    def _go_on_from_shown(self) -> None:
        """Train on from the snapshot the timeline shows: a teacher scrubs back to step 100 and
        plays again from there (with a fresh optimiser; the later snapshots go)."""
        run = self._run
        if run is not None and not self.timeline.live:
            self._run = run.rewound_to(self.shown_step())
            self.curves.cut_at(self._run.step)
            self._show_status()
        self.timeline.go_live()

    def reset(self) -> None:
        """Back to step 0 of this run: the same initial weights, the curves start again."""
        run = self._run
        if run is None:
            self._start_on_data()
            return
        self.set_playing(False)
        self.curves.clear_curves()
        fresh = TrainingRun.starting(run.setup)
        self.timeline.set_steps(fresh.timeline.steps)
        self.timeline.go_live()
        self._set_run(fresh, "")

    def _submit_chunk(self, steps: int, seconds: float | None = None) -> None:
        """Train ``steps`` steps, or fewer once ``seconds`` have passed (while playing)."""
        if self._run is None:
            return
        self._frame_started = time.monotonic()
        job = Job(self.CHANNEL_RUN, train_chunk, (self._run, steps, seconds))
        self._awaited["chunk"] = self._worker.submit(job)

    def _on_frame(self) -> None:
        if not self._playing:
            return
        if not self._worker.is_running():
            self.set_playing(False)
            return
        self._submit_chunk(self.run_panel.steps_per_frame, PLAYING_CHUNK_S)

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
            # This frame's pictures first, then the next chunk: the worker runs the older job
            # first, so each frame draws the newest weights and no picture waits behind steps.
            self.pictures.request_frame()
            wait = FRAME_MS - (time.monotonic() - self._frame_started) * 1000
            if wait > 0:
                self._frame_timer.start(int(wait) + 1)
            else:
                self._on_frame()
        self.curves.append(
            report.first_step,
            report.losses,
            report.accuracies,
            report.test_losses,
            report.test_accuracies,
        )
        if not self._playing:
            self.curves.flush()
        self.timeline.set_steps(chunk.run.timeline.steps)
        self._show_status()
        if not self._playing:
            self.pictures.request_all()
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
            if np.isfinite(curves.test_accuracies[-1]):
                parts.append(f"test accuracy {100 * curves.test_accuracies[-1]:.1f}%")
        if self.steps_per_second:
            parts.append(f"{self.steps_per_second:,.0f} steps/s")
        if self.device:
            parts.append(f"on {self.device}")
        self.run_panel.status.setText("  ·  ".join(parts))

    # Pictures ----------------------------------------------------------------------------------

    def picture_inputs(self) -> tuple[NetworkSpec, NetWeights, LabelledData] | None:
        """What the pictures show: the run's net, the weights shown, the run's points."""
        run, weights = self._run, self.shown_weights()
        if run is None or weights is None:
            return None
        return run.setup.network, weights, run.setup.data

    def pictures_current(self) -> bool:
        """True when every picture asked for (regions, energy, stages) is on screen."""
        return self.pictures.current()

    @property
    def regions_result(self) -> Regions | None:
        return self.pictures.regions

    @property
    def energy_result(self) -> EnergyGrid | None:
        return self.pictures.energy

    def _on_timeline(self, _index: int) -> None:
        if self._playing and not self.timeline.live:
            self.set_playing(False)
        self.pictures.request_all()

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
        data = self.source.data
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
            self.source.on_result(job_id, result)
            return
        if channel == self.CHANNEL_SAVE:
            if job_id == self._awaited.get(channel) and isinstance(result, NetSaved):
                self._awaited.pop(channel, None)
                self._apply_saved(result)
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
        self.pictures.on_result(channel, job_id, result)

    def _on_failed(self, channel: str, job_id: int, message: str) -> None:
        if not channel.startswith("training."):
            return
        if channel == self.CHANNEL_RUN:
            self._on_run_failed(message)
            return
        self.pictures.on_failed(channel, job_id)
        self.sigMessage.emit(f"Training: could not compute ({message})")

    def _on_run_failed(self, message: str) -> None:
        """A chunk (or a start) raised, say a GPU out of memory: pause on the last run that
        landed, say so on one line, and let Play go on from it (the worker falls back to cpu
        when the error blames the device)."""
        self._awaited.pop("chunk", None)
        self._awaited.pop(self.CHANNEL_RUN, None)
        self.set_playing(False)
        run = self._run
        first = " ".join(message.split())[:300]
        if run is None:
            self.message = f"Training could not start: {first}"
        else:
            self.message = (
                f"Paused at step {run.step:,}: training failed ({first}); the weights of step "
                f"{run.step:,} are kept and Play goes on from there"
            )
        self.run_panel.show_error(self.message)
        self.sigMessage.emit(self.message)

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
            self.source.choice,
            self._network,
            self._config,
            self.run_panel.steps_per_frame,
            self.energy_panel.k,
            self.energy_panel.kind,
            float(self.surface_canvas.surface.turn),
            self._shown_state(),
        )

    def _shown_state(self) -> TrainingState | None:
        """The run's state; while a session's run is on its way, the session's (Ctrl+S then
        saves what was opened, not the run it replaces)."""
        if self._restore is not None:
            return self._restore
        return self._run.state if self._run is not None else None

    def view_state(self) -> dict[str, Any]:
        """The tab's options as JSON-able data (see :meth:`apply_view_state`)."""
        return self.settings().to_state()

    def check_view_state(self, state: dict[str, Any]) -> None:
        """Raise :class:`InputError` on nonsense in ``state``; change nothing."""
        parse_training_state(state, self.settings())

    def apply_view_state(self, state: dict[str, Any]) -> None:
        """Validate every key of ``state`` first (InputError on nonsense), then apply it all."""
        new = parse_training_state(state, self.settings())
        self._restore = new.state  # the run goes on from here once it has started
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
            self.source.show_notebook(new.config.seed)
            self._show_network(new.network)  # the session's net, as its run will bring it
            hidden = preset_hidden(new.preset, new.network)  # a --hidden run keeps its d
            self._submit_run(Job(self.CHANNEL_RUN, start_preset, (new.preset, new.config, hidden)))
            return
        self._preset = OWN_NET
        self.net_panel.show_preset(OWN_NET)
        self._show_network(new.network)
        self._config = new.config
        self.optimiser_panel.show_config(new.config)
        self._set_run(None, "")  # until the saved data is there
        choice = new.data
        if choice.kind == "generated":
            self.source.request_spec(choice.spec)
        elif choice.kind == "csv":
            self.source.load_csv(choice.path)
            self.source.choice = choice  # saved as chosen, while the file loads
        elif choice.kind == "clicked":
            self.source.use_clicked(choice.clicked or ClickedPoints.empty())
        else:
            self.source.request_notebook(new.config.seed)


def continued_from(run: TrainingRun, state: TrainingState) -> TrainingRun:
    """``run`` (just started) standing at ``state`` instead, a session's: its timeline starts
    at that step, since the snapshots before it were not saved."""
    timeline = SnapshotTimeline((Snapshot(state.step, state.weights),), 1, run.timeline.limit)
    return TrainingRun(run.setup, state, timeline)
