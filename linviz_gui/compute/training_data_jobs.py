"""The Training view's data jobs, run in the worker: the notebook's own spiral, and a run that
goes on with new data or new optimiser settings (clicked points, a changed learning rate).

Beside ``training_jobs.py`` (the runs themselves); pure functions of immutable arguments.
"""

from __future__ import annotations

from dataclasses import replace

from linviz_gui.compute.training_jobs import TrainingRefused, TrainingRun
from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.setup import make_setup


def notebook_data(context: JobContext, seed: int) -> LabelledData:
    """The notebook's spiral (5 arms of 1000 points) drawn after ``torch.manual_seed(seed)``."""
    return preset_setup("spiral-linear", replace(TrainingConfig(), seed=seed)).data


def continue_run(
    context: JobContext, run: TrainingRun, data: LabelledData, config: TrainingConfig
) -> TrainingRun | TrainingRefused:
    """``run`` from where it stands, on ``data`` with ``config`` from now on (same net, same
    initial weights for Reset); refused when the net's outputs no longer match the classes."""
    setup = run.setup
    try:
        new = make_setup(setup.network, data, config, setup.initial, setup.name)
    except InputError as error:
        return TrainingRefused(str(error))
    return TrainingRun(new, run.state, run.timeline)
