"""The classifier's computations, run in the worker: build or load the data, train a few steps.

Training is a chain of short jobs on one channel (each a few steps from a given state), so pause,
reset and closing the window stop it between two steps: nothing loops on regardless.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.classifier.training import StepsOutcome, TrainConfig, TrainState, run_steps
from linviz_gui.model.data.labelled import LabelledData, LabelledSpec, make_labelled
from linviz_gui.model.files.points_file import load_points_file
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch

#: Most steps one job takes before it hands the state back to the GUI.
MAX_STEPS_PER_JOB = 500


@dataclass(frozen=True)
class DataRefused:
    """A points file (.csv, .npy, .pt) that could not be loaded, and why (nothing of it is used)."""

    path: str
    message: str


@dataclass(frozen=True, eq=False)
class TrainingResult:
    """A training job's outcome, the caller's ``tag`` (which parameters it started from), and
    the device it ran on."""

    tag: int
    outcome: StepsOutcome
    device: str


def build_labelled(context: JobContext, spec: LabelledSpec) -> LabelledData:
    return make_labelled(spec)


def load_csv(context: JobContext, path: str) -> LabelledData | DataRefused:
    """The labelled points in ``path``: a .csv, .npy or .pt file (the name is the sessions')."""
    try:
        return load_points_file(Path(path))
    except InputError as error:
        return DataRefused(path, str(error))


def device_data(context: JobContext, data: LabelledData) -> tuple[torch.Tensor, torch.Tensor]:
    """The points and labels on the job's device, copied there once per dataset."""

    def build() -> tuple[torch.Tensor, torch.Tensor]:
        import torch

        points = torch.from_numpy(data.points).to(context.device)
        labels = torch.from_numpy(data.labels).to(context.device)
        return points, labels

    return context.memo(("labelled", data.key), build)


def train(
    context: JobContext,
    tag: int,
    data: LabelledData,
    state: TrainState,
    config: TrainConfig,
    steps: int,
) -> TrainingResult:
    """Take ``steps`` gradient steps (0 only evaluates); stops early when cancelled."""
    points, labels = device_data(context, data)
    outcome = run_steps(
        points, labels, state, config, min(steps, MAX_STEPS_PER_JOB), context.cancelled
    )
    context.check_cancelled()  # a paused or replaced run reports nothing
    return TrainingResult(tag, outcome, str(context.device))
