"""Train the Training tab's preset to a step count before a headless export draws it.

The tab trains in chunks on the worker; here each chunk is asked for with Step and waited for
with :func:`wait_until_settled`, so the pictures drawn last are of the final weights.
"""

from __future__ import annotations

from typing import Protocol

from linviz_gui.compute.training_jobs import TrainingRun
from linviz_gui.compute.worker import ComputeWorker
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import NOTEBOOK_D
from linviz_gui.ui.export.settle import ComputationError, wait_until_settled

#: Steps per chunk: a few chunks for the notebook's 2000, each well inside one settle limit.
CHUNK = 500


class TrainsPresets(Protocol):
    """What this needs of the Training view (``ui/views/training/view.py``)."""

    message: str

    @property
    def run(self) -> TrainingRun | None: ...

    def start_preset(
        self, name: str, config: TrainingConfig | None = None, hidden: int = NOTEBOOK_D
    ) -> None: ...

    def step(self, steps: int | None = None) -> None: ...


def train_preset_in_view(
    view: TrainsPresets,
    worker: ComputeWorker,
    name: str,
    config: TrainingConfig,
    timeout_s: float,
    hidden: int = NOTEBOOK_D,
) -> int:
    """Start preset ``name`` in ``view`` with ``config`` and its hidden layer ``hidden`` wide,
    and train it ``config.steps`` steps; the step it stands at.

    Raises
    ------
    InputError
        The preset was refused (the view's message says why).
    ComputationError
        A chunk failed, did not finish in ``timeout_s``, or the run stopped early (a NaN loss).
    """
    view.start_preset(name, config, hidden)
    steps = config.steps
    wait_until_settled(worker, timeout_s)
    step = 0
    while step < steps:
        run = view.run
        if run is None:
            raise InputError(view.message or f"preset {name!r} could not start")
        step = run.step
        if step >= steps:
            break
        view.step(min(CHUNK, steps - step))
        wait_until_settled(worker, timeout_s)
        after = view.run
        if view.message or after is None or after.step <= step:  # a NaN loss pauses the run
            reason = view.message or "no progress"
            raise ComputationError(f"training stopped at step {step}: {reason}")
    return step
