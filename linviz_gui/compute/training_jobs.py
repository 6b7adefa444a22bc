"""The Training view's computations, run in the worker: start a run, train a chunk, draw it.

Every function here is a job: ``fn(context, *args)`` with immutable arguments, returning numpy
or frozen results, never a tensor (see ``compute/worker.py``). A run is a chain of
:func:`train_chunk` jobs on one channel, each continuing from the :class:`TrainingRun` the last
one returned, so Pause, Reset and closing the window stop it between two steps. The worker keeps
the live :class:`Trainer` of the newest run in its cache, so a chunk that continues where the
last one ended does not rebuild the model or the optimiser; any other state (a session, the
timeline scrubbed back, a device change) is rebuilt exactly from its numpy.

Typical use from a view (``Job(channel, fn, args)``; each job's result type after the arrow)::

    Job("training.data", build_data, (LabelledSpec("spirals", 3000, 0, classes=3),))
        -> LabelledData
    Job("training.data", load_data, ("points.csv",)) -> LabelledData | TrainingRefused
    Job("training.run", start_preset, ("spiral-mlp", TrainingConfig()))
        -> TrainingRun | TrainingRefused
    Job("training.run", start_run, (network, data, config)) -> TrainingRun | TrainingRefused
    Job("training.run", train_chunk, (run, 50)) -> TrainingChunk   # chunk.run is the next run
    Job("training.run", train_chunk, (run, 50, 0.015))  # at most 50 steps, ~15 ms of them
    Job("training.run", train_chunk, (run.rewound_to(100), 50))      # on from a snapshot
    Job("training.regions", regions, (network, weights, bounds, (w, h))) -> Regions
    Job("training.energy", energy_grid, (network, weights, k, "cross_entropy")) -> EnergyGrid
    Job("training.stages", stages, (network, weights, points, projection, axes)) -> StagesPicture
    Job("training.save", save_net, ("net.pt", network, weights)) -> SavedNet | TrainingRefused
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.labelled import LabelledData, LabelledSpec, make_labelled
from linviz_gui.model.files.points_file import load_points_file
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, Projection, grid_lines
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.regions import (
    EnergyGrid,
    EnergyKind,
    Regions,
    decision_regions,
    energy,
    grid_axes,
    notebook_mesh,
)
from linviz_gui.model.training.saved_net import save_trained_net
from linviz_gui.model.training.setup import TrainingSetup, make_setup
from linviz_gui.model.training.stages import PcaAxes, TrainingStages, training_stages
from linviz_gui.model.training.timeline import SnapshotTimeline
from linviz_gui.model.training.trainer import StepsReport, Trainer, TrainingState
from linviz_gui.model.training.weights import NetWeights, build_model

if TYPE_CHECKING:
    from torch import nn

#: Most steps one chunk takes before it hands the run back to the GUI.
MAX_STEPS_PER_CHUNK = 2000
#: While the Training tab plays, a chunk trains for about this long (at most its steps per
#: frame), then the pictures of its weights are made: ~12 ms of steps and ~12 ms of pictures
#: (more with the GUI painting beside them on two cores) make 30 frames per second.
PLAYING_CHUNK_S = 0.012
_TRAINER_KEY = "training.trainer"
_MODEL_KEY = "training.pictures_model"


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """A whole run between two jobs: what is trained, where it stands, and its snapshots."""

    setup: TrainingSetup
    state: TrainingState
    timeline: SnapshotTimeline

    @classmethod
    def starting(cls, setup: TrainingSetup) -> TrainingRun:
        return cls(setup, TrainingState.starting(setup), SnapshotTimeline.starting(setup.initial))

    @property
    def step(self) -> int:
        return self.state.step

    @property
    def weights(self) -> NetWeights:
        return self.state.weights

    def rewound_to(self, step: int) -> TrainingRun:
        """The run from its snapshot nearest ``step`` (the timeline scrubbed back, then Play).

        A snapshot keeps the weights only, so the optimiser starts afresh there (Adam's
        moments at zero); the snapshots after it are dropped when the run goes on.
        """
        snapshot = self.timeline.nearest(step)
        if snapshot.step == self.state.step:
            return self
        state = TrainingState(snapshot.step, snapshot.weights, self.setup.config.optimizer, ())
        return TrainingRun(self.setup, state, self.timeline)


@dataclass(frozen=True)
class TrainingRefused:
    """A run that cannot start, and why (the message names the fix)."""

    message: str


@dataclass(frozen=True, eq=False)
class TrainingChunk:
    """A chunk's outcome: the run to continue from, the steps' curves (``report``), the device
    it ran on and its rate in steps per second (wall clock, the copies back included)."""

    run: TrainingRun
    report: StepsReport
    device: str
    steps_per_second: float

    @property
    def message(self) -> str:
        """Empty, or why the run stopped (a NaN loss): show it and pause."""
        return self.report.message


def build_data(context: JobContext, spec: LabelledSpec) -> LabelledData:
    """The classifier's data set ``spec`` (blobs, XOR, circles, spiral)."""
    return make_labelled(spec)


def load_data(context: JobContext, path: str) -> LabelledData | TrainingRefused:
    """A points file (``x,y,label`` CSV, .npy or .pt), whole or refused with what is wrong."""
    try:
        return load_points_file(path)
    except InputError as error:
        return TrainingRefused(str(error))


def start_preset(
    context: JobContext, name: str, config: TrainingConfig | None = None, hidden: int = 100
) -> TrainingRun | TrainingRefused:
    """A run of the notebook preset ``name`` (see ``model/training/recipe.py``) at step 0,
    its hidden layer ``hidden`` wide (the notebook's d = 100)."""
    try:
        return TrainingRun.starting(preset_setup(name, config, hidden))
    except InputError as error:
        return TrainingRefused(str(error))


def start_run(
    context: JobContext, network: NetworkSpec, data: LabelledData, config: TrainingConfig
) -> TrainingRun | TrainingRefused:
    """A run of ``network`` on ``data`` at step 0, its weights drawn from ``network.seed``;
    refused when the net's output width is not the class count."""
    try:
        return TrainingRun.starting(make_setup(network, data, config))
    except InputError as error:
        return TrainingRefused(str(error))


def train_chunk(
    context: JobContext, run: TrainingRun, steps: int, seconds: float | None = None
) -> TrainingChunk:
    """Up to ``steps`` steps of ``run`` on the job's device, and no more once ``seconds`` have
    passed (at least one step is taken); stops early when cancelled (and then reports nothing:
    a paused or replaced run's chunk is dropped).

    The time bound only moves where the chunks end: a chain of chunks takes the same steps,
    in the same order, as one chunk of all of them.
    """
    started = time.perf_counter()
    trainer = trainer_for(context, run)
    should_stop = _stop_after(context, seconds)
    report = trainer.run(max(0, min(steps, MAX_STEPS_PER_CHUNK)), run.timeline, should_stop)
    context.check_cancelled()
    assert report.timeline is not None
    elapsed = time.perf_counter() - started
    taken = len(report.losses)
    rate = taken / elapsed if elapsed > 0 and taken else 0.0
    next_run = TrainingRun(run.setup, report.state, report.timeline)
    return TrainingChunk(next_run, report, str(context.device), rate)


def _stop_after(context: JobContext, seconds: float | None) -> Callable[[], bool]:
    """Asked before each step: stop when cancelled, or once ``seconds`` have passed since the
    trainer was ready and one step at least was taken."""
    if seconds is None:
        return context.cancelled
    deadline = time.perf_counter() + seconds
    asked = 0

    def should_stop() -> bool:
        nonlocal asked
        asked += 1
        return context.cancelled() or (asked > 1 and time.perf_counter() >= deadline)

    return should_stop


def trainer_for(context: JobContext, run: TrainingRun) -> Trainer:
    """The cached trainer when it stands exactly at ``run``'s state on this device, else a new
    one built from it (which then becomes the cached one)."""
    # One slot, replaced by each new trainer: one live run at a time, the cache never grows.
    slot: dict[str, Trainer] = context.memo(_TRAINER_KEY, dict)
    cached = slot.get("trainer")
    if (
        cached is not None
        and cached.setup is run.setup
        and cached.device == context.device
        and cached.continues(run.state)
    ):
        return cached
    trainer = Trainer(run.setup, run.state, context.device)
    slot["trainer"] = trainer
    return trainer


def _model(context: JobContext, network: NetworkSpec, weights: NetWeights) -> nn.Sequential:
    """The net with ``weights`` on the job's device. A playing frame asks for two or three
    pictures of the same weights: the last model built is kept for them (building one took
    0.6-0.8 ms of each job here). Pictures never change it: they only run it under no_grad."""
    slot: dict[str, Any] = context.memo(_MODEL_KEY, dict)
    if slot.get("network") is not network or slot.get("weights") is not weights:
        model = build_model(network, weights, context.device).eval()  # kept only once built
        slot.update(network=network, weights=weights, model=model)
    kept: nn.Sequential = slot["model"]
    return kept


def regions(
    context: JobContext,
    network: NetworkSpec,
    weights: NetWeights,
    bounds: tuple[float, float, float, float],
    size: tuple[int, int],
) -> Regions:
    """The decision regions of ``network`` with ``weights`` over ``bounds`` at ``size`` pixels."""
    xs, ys = grid_axes(bounds, size)
    return decision_regions(_model(context, network, weights), xs, ys)


def energy_grid(
    context: JobContext,
    network: NetworkSpec,
    weights: NetWeights,
    k: int,
    kind: EnergyKind = "cross_entropy",
    stride: int = 1,
) -> EnergyGrid:
    """Class ``k``'s energy over the notebook's mesh (``arange(-1.5, 1.5, 0.01)`` squared), or
    over every ``stride``-th point of it on both axes (a quicker picture while training)."""
    mesh = notebook_mesh()[:: max(1, int(stride))]
    return energy(_model(context, network, weights), k, kind, mesh, mesh)


@dataclass(frozen=True, eq=False)
class StagesPicture:
    """The stages of the points and of the grid lines (:func:`grid_lines`, bent by the net)."""

    stages: TrainingStages
    grid: np.ndarray  # (stages, lines, samples, 2) float32

    @property
    def axes(self) -> PcaAxes:
        """Pass these back as ``axes`` for the rest of the run to keep the PCA picture still."""
        return self.stages.axes


def stages(
    context: JobContext,
    network: NetworkSpec,
    weights: NetWeights,
    points: np.ndarray,
    projection: Projection,
    axes: PcaAxes | None = None,
) -> StagesPicture:
    """Every stage of the net on ``points`` (N, 2) and on the grid, in 2-D."""
    import torch

    lines = grid_lines()
    model = _model(context, network, weights)
    x = torch.from_numpy(np.ascontiguousarray(points, dtype=np.float32)).to(context.device)
    grid = torch.from_numpy(lines.reshape(-1, 2)).to(context.device)
    result = training_stages(model, x, projection, axes, (grid,))
    shown_grid = result.extra[0].reshape(len(result.infos), *lines.shape)
    return StagesPicture(result, shown_grid)


@dataclass(frozen=True)
class SavedNet:
    """Where :func:`save_net` wrote the weights and the code that rebuilds the net."""

    weights_path: str
    code_path: str


def save_net(
    context: JobContext, path: str, network: NetworkSpec, weights: NetWeights
) -> SavedNet | TrainingRefused:
    """The trained net as a ``state_dict`` file ``path`` (.pt) and its code (.py) beside it."""
    try:
        code = save_trained_net(path, network, weights)
    except InputError as error:
        return TrainingRefused(str(error))
    return SavedNet(str(path), str(code))
