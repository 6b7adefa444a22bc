"""Reading a user's model file in the worker (torch.load must not freeze the window)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.files.atomic_file import check_target, write_atomic
from linviz_gui.model.files.model_file import ActivationNeeded, read_model, rebuild_code
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, build_sequential


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


@dataclass(frozen=True)
class ModelSaved:
    """Where the state_dict and the code that rebuilds it went, or why nothing was written."""

    path: str
    code_path: str = ""
    message: str = ""


def save_model_file(context: JobContext, network: NetworkSpec, path: str) -> ModelSaved:
    """``torch.save(model.state_dict(), path)`` for the net as the tab draws it, and beside it
    ``<name>.py`` rebuilding it; both written atomically."""
    import torch

    try:
        target = check_target(path, (".pt", ".pth"))
        code_path = target.with_suffix(".py")
        buffer = io.BytesIO()
        torch.save(build_sequential(network).state_dict(), buffer)
        write_atomic(target, buffer.getvalue())
        write_atomic(code_path, rebuild_code(network, target.name).encode("utf-8"))
    except InputError as error:
        return ModelSaved(path, message=str(error))
    return ModelSaved(str(target), str(Path(code_path)))
