"""Reading a user's model file in the worker (torch.load must not freeze the window)."""

from __future__ import annotations

from dataclasses import dataclass

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.files.model_file import ActivationNeeded, read_model
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec


@dataclass(frozen=True)
class ModelRead:
    """The net read from ``path``, or why not: ``needs_activation`` when only the kind of the
    activations between its Linear layers is missing (the user is asked, then it is read again)."""

    path: str
    network: NetworkSpec | None
    message: str = ""
    needs_activation: bool = False


def read_model_file(context: JobContext, path: str, activation: str | None) -> ModelRead:
    try:
        return ModelRead(path, read_model(path, activation))
    except ActivationNeeded as error:
        return ModelRead(path, None, str(error), needs_activation=True)
    except InputError as error:
        return ModelRead(path, None, str(error))
