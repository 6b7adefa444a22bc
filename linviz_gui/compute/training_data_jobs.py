"""The Training view's data jobs, run in the worker: the notebook's own spiral, a run that goes
on with new data or new optimiser settings (clicked points, a changed learning rate), and the
trained net saved as a ``state_dict`` with the code that rebuilds it.

Beside ``training_jobs.py`` (the runs themselves); pure functions of immutable arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from linviz_gui.compute.training_jobs import TrainingRefused, TrainingRun
from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.saved_net import save_trained_net
from linviz_gui.model.training.setup import make_setup
from linviz_gui.model.training.weights import NetWeights


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


@dataclass(frozen=True)
class NetSaved:
    """Where :func:`save_net` wrote the weights and the code, or why it could not (``error``)."""

    weights_path: str
    code_path: str = ""
    error: str = ""


def save_net(context: JobContext, path: str, network: NetworkSpec, weights: NetWeights) -> NetSaved:
    """``torch.save`` the weights to ``path`` and write the code beside it (``.py``)."""
    try:
        code = save_trained_net(path, network, weights)
    except InputError as error:
        return NetSaved(path, error=str(error))
    return NetSaved(path, str(code))
