"""The training flags that ``linviz train`` and ``linviz export --preset`` share, and how they
are read: the net's width and the optimiser's settings, each text checked with a message that
names the flag (nothing typed is evaluated).

``--steps`` and ``--seed`` are each command's own (export reads them as the cloud's seed and
an argparse step count), and :func:`config_from_args` reads them as text or as whole numbers.
"""

from __future__ import annotations

import argparse
from typing import Any

from linviz_gui.model.linear.matrix import InputError

#: The shared flags, as ``argparse`` names them in the namespace, with their spelling.
TRAINING_FLAGS = {
    "hidden": "--hidden",
    "lr": "--lr",
    "weight_decay": "--weight-decay",
    "optimizer": "--optimizer",
    "momentum": "--momentum",
    "loss": "--loss",
    "batch_size": "--batch-size",
    "test_fraction": "--test-fraction",
}


def add_training_flags(parser: argparse.ArgumentParser) -> None:
    """Add the flags of :data:`TRAINING_FLAGS` (read later by :func:`config_from_args`)."""
    parser.add_argument("--hidden", metavar="D", help="hidden units (100, the notebook's d)")
    parser.add_argument("--lr", metavar="X", help="learning rate (1e-3)")
    parser.add_argument("--weight-decay", metavar="X", help="weight decay (1e-5)")
    parser.add_argument("--optimizer", metavar="NAME", help="adam (default) or sgd")
    parser.add_argument("--momentum", metavar="X", help="SGD's momentum (0.9)")
    parser.add_argument("--loss", metavar="NAME", help="cross_entropy (default) or mse")
    parser.add_argument("--batch-size", metavar="N", help="points per step (0: full batch)")
    parser.add_argument("--test-fraction", metavar="X", help="share of points held out (0)")


def given_training_flags(args: argparse.Namespace) -> list[str]:
    """The shared flags given on the command line, as typed (``--lr`` ...)."""
    return [flag for key, flag in TRAINING_FLAGS.items() if getattr(args, key, None) is not None]


def config_from_args(args: argparse.Namespace) -> Any:
    """The :class:`TrainingConfig` the flags ask for (the notebook's where a flag is absent);
    :class:`InputError` naming the flag on nonsense."""
    from linviz_gui.model.training.config import TrainingConfig

    values: dict[str, Any] = {}
    whole = {"steps": "--steps", "seed": "--seed", "batch_size": "--batch-size"}
    for key, flag in whole.items():
        value = getattr(args, key, None)
        if value is not None:
            values[key] = _whole(value, flag)
    numbers = {
        "learning_rate": ("lr", "--lr"),
        "weight_decay": ("weight_decay", "--weight-decay"),
        "momentum": ("momentum", "--momentum"),
        "test_fraction": ("test_fraction", "--test-fraction"),
    }
    for key, (attribute, flag) in numbers.items():
        text = getattr(args, attribute, None)
        if text is not None:
            values[key] = _number(text, flag)
    for key in ("optimizer", "loss"):
        if getattr(args, key, None) is not None:
            values[key] = getattr(args, key)
    return TrainingConfig(**values)


def hidden_from_args(args: argparse.Namespace) -> int:
    """``--hidden``: a whole number of units the layer editor allows (1 to MAX_WIDTH), else
    the notebook's d = 100."""
    from linviz_gui.model.data.point_sets import parse_int
    from linviz_gui.model.network.layers import MAX_WIDTH
    from linviz_gui.model.training.recipe import NOTEBOOK_D

    text = getattr(args, "hidden", None)
    if text is None:
        return NOTEBOOK_D
    hidden = parse_int(text, "--hidden")
    if not 1 <= hidden <= MAX_WIDTH:
        raise InputError(f"--hidden must be between 1 and {MAX_WIDTH}; got {hidden}")
    return hidden


def _whole(value: object, flag: str) -> int:
    from linviz_gui.model.data.point_sets import parse_int

    if isinstance(value, int) and not isinstance(value, bool):
        return value  # already read by argparse (export's --steps and --seed)
    return parse_int(str(value), flag)


def _number(text: str, flag: str) -> float:
    from linviz_gui.model.linear.matrix import parse_number

    return parse_number(text, flag)
