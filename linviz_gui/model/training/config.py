"""How a network is trained: loss, optimiser and its numbers, batch size, test split, seed.

:class:`TrainingConfig` checks every value when it is made and names the bad one, so a config
that exists can be used. :meth:`TrainingConfig.to_dict` / :func:`config_from_dict` are the
JSON-able form sessions keep.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from linviz_gui.model.choices import check_choice
from linviz_gui.model.data.point_sets import check_seed
from linviz_gui.model.linear.matrix import InputError

LossKind = Literal["cross_entropy", "mse"]
OptimizerKind = Literal["adam", "sgd"]

LOSSES: dict[LossKind, str] = {
    "cross_entropy": "cross-entropy  nn.CrossEntropyLoss()",
    "mse": "MSE to one-hot targets  nn.MSELoss()",
}
OPTIMIZERS: dict[OptimizerKind, str] = {
    "adam": "Adam  torch.optim.Adam",
    "sgd": "SGD with momentum  torch.optim.SGD",
}

MAX_LEARNING_RATE = 10.0
MAX_WEIGHT_DECAY = 1.0
MAX_STEPS = 1_000_000
MAX_TEST_FRACTION = 0.9


@dataclass(frozen=True)
class TrainingConfig:
    """One run's training choices (the defaults are the course notebook's).

    ``batch_size`` 0 means full batch (every training point in every step). ``test_fraction``
    of the points (0 for none) is held out, drawn with ``seed``; ``seed`` also orders the
    mini-batches. ``steps`` is where a run stops by itself (Play can go on past it).
    """

    loss: LossKind = "cross_entropy"
    optimizer: OptimizerKind = "adam"
    learning_rate: float = 1e-3
    weight_decay: float = 1e-5
    momentum: float = 0.9
    batch_size: int = 0
    test_fraction: float = 0.0
    steps: int = 2000
    seed: int = 12345

    def __post_init__(self) -> None:
        check_choice(self.loss, LOSSES, "loss")
        check_choice(self.optimizer, OPTIMIZERS, "optimiser")
        check_learning_rate(self.learning_rate)
        _check_range(self.weight_decay, "weight decay", 0.0, MAX_WEIGHT_DECAY)
        _check_range(self.momentum, "momentum", 0.0, 0.999)
        _check_whole(self.batch_size, "batch size", 0, 10**7)
        _check_range(self.test_fraction, "test fraction", 0.0, MAX_TEST_FRACTION)
        _check_whole(self.steps, "steps", 1, MAX_STEPS)
        check_seed(self.seed)
        for name in ("learning_rate", "weight_decay", "momentum", "test_fraction"):
            object.__setattr__(self, name, float(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; :func:`config_from_dict` reads it back."""
        return asdict(self)

    def describe(self) -> str:
        """The optimiser as PyTorch code, e.g. ``Adam(lr=0.001, weight_decay=1e-05)``."""
        decay = f", weight_decay={self.weight_decay:g}" if self.weight_decay else ""
        if self.optimizer == "adam":
            return f"torch.optim.Adam(model.parameters(), lr={self.learning_rate:g}{decay})"
        return (
            f"torch.optim.SGD(model.parameters(), lr={self.learning_rate:g}, "
            f"momentum={self.momentum:g}{decay})"
        )


def config_from_dict(data: object) -> TrainingConfig:
    """Read :meth:`TrainingConfig.to_dict` data; keys left out take the notebook's values."""
    if not isinstance(data, dict):
        raise InputError(f"a training config must be a dict; got {data!r:.60}")
    known = set(TrainingConfig.__dataclass_fields__)
    unknown = sorted(str(key) for key in set(data) - known)
    if unknown:
        raise InputError(f"unknown training settings {unknown}; known are {sorted(known)}")
    return TrainingConfig(**data)


def check_learning_rate(value: object) -> float:
    return _check_range(value, "learning rate", 0.0, MAX_LEARNING_RATE, open_low=True)


def _check_range(
    value: object, what: str, low: float, high: float, open_low: bool = False
) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        raise InputError(f"{what} must be a number; got {value!r}")
    too_low = value <= low if open_low else value < low
    if too_low or value > high:
        bound = "above" if open_low else "at least"
        raise InputError(f"{what} must be {bound} {low:g} and at most {high:g}; got {value:g}")
    return float(value)


def _check_whole(value: object, what: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"{what} must be a whole number; got {value!r}")
    if not low <= value <= high:
        raise InputError(f"{what} must be between {low:,} and {high:,}; got {value:,}")
    return value
