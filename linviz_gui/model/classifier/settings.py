"""The Classifier tab's options as plain data, and their validation from a JSON-able mapping.

:func:`parse_settings` checks every key before anything is used, so a view applies a state whole
or refuses it with an :class:`InputError` naming the bad value and stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linviz_gui.model.classifier.hyperplane import LinearParams
from linviz_gui.model.classifier.training import TrainConfig
from linviz_gui.model.data.labelled import LabelledSpec
from linviz_gui.model.linear.matrix import InputError

#: The choices of gradient steps between two pictures while training plays.
STEPS_PER_FRAME = (1, 5, 20, 100)

_KEYS = (
    "dataset",
    "loss",
    "optimizer",
    "learning_rate",
    "weights",
    "bias",
    "steps_per_frame",
    "show_gradient",
    "show_regions",
)
_SPEC_KEYS = ("kind", "n", "seed", "separation", "classes")


@dataclass(frozen=True)
class ClassifierSettings:
    """Everything a Classifier tab restores: the data (a spec, or a CSV path), the training
    configuration, the parameters, and the display switches."""

    spec: LabelledSpec
    csv_path: str
    config: TrainConfig
    params: LinearParams
    steps_per_frame: int
    show_gradient: bool
    show_regions: bool

    def to_state(self) -> dict[str, Any]:
        """JSON-able data that :func:`parse_settings` reads back."""
        spec = self.spec
        dataset: dict[str, Any] = (
            {"kind": "csv", "path": self.csv_path}
            if self.csv_path
            else {key: getattr(spec, key) for key in _SPEC_KEYS}
        )
        return {
            "dataset": dataset,
            "loss": self.config.loss,
            "optimizer": self.config.optimizer,
            "learning_rate": self.config.learning_rate,
            "weights": [list(row) for row in self.params.weights],
            "bias": list(self.params.bias),
            "steps_per_frame": self.steps_per_frame,
            "show_gradient": self.show_gradient,
            "show_regions": self.show_regions,
        }


def parse_settings(state: object, current: ClassifierSettings) -> ClassifierSettings:
    """Read ``state``; keys left out keep their ``current`` value. Raises InputError."""
    if not isinstance(state, dict):
        raise InputError(f"classifier state must be a mapping; got {type(state).__name__}")
    unknown = sorted(str(key) for key in set(state) - set(_KEYS))
    if unknown:
        raise InputError(f"unknown classifier settings: {', '.join(unknown)}")
    spec, csv_path = _parse_dataset(state.get("dataset"), current)
    config = TrainConfig(
        state.get("loss", current.config.loss),
        state.get("optimizer", current.config.optimizer),
        state.get("learning_rate", current.config.learning_rate),
    )
    params = current.params
    if "weights" in state or "bias" in state:
        params = _parse_params(state.get("weights"), state.get("bias"))
    if (config.loss == "softmax") == params.is_binary:
        needs = "one weight row per class" if config.loss == "softmax" else "one weight row"
        raise InputError(f"the {config.loss} loss needs {needs}; got {params.rows}")
    steps = state.get("steps_per_frame", current.steps_per_frame)
    if isinstance(steps, bool) or steps not in STEPS_PER_FRAME:
        raise InputError(f"steps_per_frame must be one of {list(STEPS_PER_FRAME)}; got {steps!r}")
    flags = {}
    for key in ("show_gradient", "show_regions"):
        value = state.get(key, getattr(current, key))
        if not isinstance(value, bool):
            raise InputError(f"{key} must be true or false; got {value!r}")
        flags[key] = value
    return ClassifierSettings(spec, csv_path, config, params, steps, **flags)


def _parse_dataset(dataset: object, current: ClassifierSettings) -> tuple[LabelledSpec, str]:
    if dataset is None:
        return current.spec, current.csv_path
    if not isinstance(dataset, dict):
        raise InputError("classifier dataset must be a mapping")
    if dataset.get("kind") == "csv":
        path = dataset.get("path")
        if not isinstance(path, str) or not path:
            raise InputError("a CSV dataset needs the path of its file")
        return current.spec, path
    extra = sorted(str(key) for key in set(dataset) - set(_SPEC_KEYS))
    if extra:
        raise InputError(f"unknown dataset settings: {', '.join(extra)}")
    return LabelledSpec(**dataset), ""


def _parse_params(weights: object, bias: object) -> LinearParams:
    if not isinstance(weights, list) or not isinstance(bias, list):
        raise InputError("weights and bias must both be given, as lists")
    if not all(isinstance(row, list) and len(row) == 2 for row in weights):
        raise InputError("each weight row must be a list of 2 numbers")
    return LinearParams(tuple((row[0], row[1]) for row in weights), tuple(bias))
