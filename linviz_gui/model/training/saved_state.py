"""A run's state as JSON-able data, for sessions: reopening continues the run exactly.

:func:`state_to_dict` writes the step, the weights and the optimiser's memory (Adam's moments
and step count, SGD's momentum buffers); :func:`state_from_dict` checks every name and shape
against the net and the optimiser before anything is used.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from linviz_gui.model.choices import check_choice
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec
from linviz_gui.model.training.config import OPTIMIZERS, TrainingConfig
from linviz_gui.model.training.trainer import OptimizerMemory, TrainingState
from linviz_gui.model.training.weights import weights_from_dict

#: What each optimiser keeps per parameter: the names, and whether each has the parameter's
#: shape (else it is a single number, Adam's step count).
MEMORY_ENTRIES: dict[str, dict[str, bool]] = {
    "adam": {"exp_avg": True, "exp_avg_sq": True, "step": False},
    "sgd": {"momentum_buffer": True},
}
MAX_STEP = 10**9


def state_to_dict(state: TrainingState) -> dict[str, Any]:
    """JSON-able data (nested lists of float32 values written as Python floats)."""
    return {
        "step": state.step,
        "weights": state.weights.to_dict(),
        "optimizer": state.optimizer,
        "memory": [{name: value.tolist() for name, value in entries} for entries in state.memory],
    }


def state_from_dict(data: object, network: NetworkSpec, config: TrainingConfig) -> TrainingState:
    """Read :func:`state_to_dict` data for ``network`` trained by ``config``.

    Memory left by another optimiser than ``config``'s is dropped (the run continues with a
    fresh optimiser, as after changing it in the view).
    """
    if not isinstance(data, dict) or set(data) != {"step", "weights", "optimizer", "memory"}:
        raise InputError("a training state must be {'step', 'weights', 'optimizer', 'memory'}")
    step = data["step"]
    if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step <= MAX_STEP:
        raise InputError(f"the training step must be a whole number from 0; got {step!r}")
    weights = weights_from_dict(data["weights"], network)
    optimizer = data["optimizer"]
    check_choice(optimizer, OPTIMIZERS, "optimiser")
    raw = data["memory"]
    if not isinstance(raw, list) or (raw and len(raw) != len(weights.names)):
        raise InputError(
            f"the optimiser memory must be a list of {len(weights.names)} entries, one per "
            "parameter"
        )
    if optimizer != config.optimizer or not raw:
        # Another optimiser's memory is dropped; no memory (a run not yet stepped) stays none.
        return TrainingState(step, weights, config.optimizer, ())
    memory: OptimizerMemory = tuple(
        _entries(entry, name, weights[name].shape, optimizer)
        for entry, name in zip(raw, weights.names, strict=True)
    )
    return TrainingState(step, weights, optimizer, memory)


def _entries(
    entry: object, parameter: str, shape: tuple[int, ...], optimizer: str
) -> tuple[tuple[str, np.ndarray], ...]:
    expected = MEMORY_ENTRIES[optimizer]
    if not isinstance(entry, dict) or (entry and set(entry) != set(expected)):
        raise InputError(
            f"the {optimizer} memory of {parameter!r} must hold {sorted(expected)} (or nothing)"
        )
    out = []
    for name in sorted(entry):
        try:
            value = np.asarray(entry[name], dtype=np.float32)
        except (TypeError, ValueError):
            raise InputError(
                f"the {optimizer} memory {name!r} of {parameter!r} must be numbers"
            ) from None
        want = shape if expected[name] else ()
        if value.shape != want or not np.isfinite(value).all():
            raise InputError(
                f"the {optimizer} memory {name!r} of {parameter!r} must be finite with shape "
                f"{want}; got shape {value.shape}"
            )
        out.append((name, value))
    return tuple(out)
