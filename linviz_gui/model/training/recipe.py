"""The course notebook's runs (04-spiral_classification) as presets, in its order of draws.

The notebook seeds once (``torch.manual_seed(12345)``), draws the five spiral arms, then builds
the model, whose initialisation continues the same RNG. :func:`preset_setup` does the same
(on a forked RNG, so nobody else's draws move), so a run reproduces the notebook's numbers.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from linviz_gui.model.data.labelled import LabelledData
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import (
    LayerSpec,
    NetworkSpec,
    activation,
    linear,
    sequential_drawn,
)
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.setup import TrainingSetup, make_setup
from linviz_gui.model.training.weights import NetWeights

if TYPE_CHECKING:
    import torch

#: The notebook's sizes: N points per class, K classes, d hidden units.
NOTEBOOK_N = 1000
NOTEBOOK_K = 5
NOTEBOOK_D = 100
NOTEBOOK_SEED = 12345

PRESETS: dict[str, str] = {
    "spiral-linear": "the notebook's linear model: Linear(2, 100) → Linear(100, 5)",
    "spiral-mlp": "the notebook's model: Linear(2, 100) → ReLU → Linear(100, 5)",
    "spiral-bottleneck": (
        "the notebook's 2-D embedding: Linear(2, 100) → ReLU → Linear(100, 2) → Linear(2, 5)"
    ),
}


def preset_network(name: str, hidden: int = NOTEBOOK_D, classes: int = NOTEBOOK_K) -> NetworkSpec:
    """The net of preset ``name`` (its seed is unused: the recipe draws it after the data)."""
    layers: tuple[LayerSpec, ...]
    if name == "spiral-linear":
        layers = (linear(2, hidden), linear(hidden, classes))
    elif name == "spiral-mlp":
        layers = (linear(2, hidden), activation("relu"), linear(hidden, classes))
    elif name == "spiral-bottleneck":
        # The notebook's option: its last layer replaced by Linear(d, 2), Linear(2, K), so the
        # stage before the scores is a 2-D embedding shown as it is.
        layers = (linear(2, hidden), activation("relu"), linear(hidden, 2), linear(2, classes))
    else:
        raise InputError(f"unknown preset {name!r}; choose one of {list(PRESETS)}")
    return NetworkSpec(layers, NOTEBOOK_SEED)


def preset_hidden(name: str, network: NetworkSpec) -> int:
    """The hidden width d of ``network`` if it is preset ``name``'s net at some width (a run
    started with ``--hidden``, saved in a session), else the notebook's d."""
    first = network.layers[0] if network.layers else None
    hidden = first.out_features if first is not None and first.is_linear else NOTEBOOK_D
    same = _shape(network) == _shape(preset_network(name, hidden))
    return hidden if same else NOTEBOOK_D


def _shape(network: NetworkSpec) -> list[tuple[str, int, int]]:
    return [
        (layer.kind, layer.in_features, layer.out_features)
        if layer.is_linear
        else (layer.kind, 0, 0)
        for layer in network.layers
    ]


def preset_setup(
    name: str, config: TrainingConfig | None = None, hidden: int = NOTEBOOK_D
) -> TrainingSetup:
    """Preset ``name`` ready to train: the notebook's data and model under ``config.seed``.

    ``config`` defaults to the notebook's (Adam, lr 1e-3, weight decay 1e-5, 2000 full-batch
    steps, seed 12345); pass another to change its numbers, the recipe's order stays.
    ``hidden`` is d, the hidden layer's width (the notebook's 100).
    """
    import torch

    network = preset_network(name, hidden)
    config = config or TrainingConfig()
    generator = torch.Generator().manual_seed(config.seed)  # the global RNG stays untouched
    x, y = notebook_spiral(NOTEBOOK_N, NOTEBOOK_K, generator)
    model = sequential_drawn(network, generator)
    data = LabelledData(
        x.numpy(),
        y.numpy(),
        tuple(str(k) for k in range(NOTEBOOK_K)),
        f"the course's spiral (K = {NOTEBOOK_K}, seed {config.seed})",
        ("notebook-spiral", NOTEBOOK_N, NOTEBOOK_K, config.seed),
    )
    return make_setup(
        replace(network, seed=config.seed), data, config, NetWeights.from_model(model), name
    )


def notebook_spiral(
    n: int, classes: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """The notebook's cell as written, drawing from ``generator`` (torch's global RNG if None):
    for each class k, ``t = linspace(0, 1, N)``, ``a = 0.8 t + 0.2``,
    ``θ = (2t + k) 2π / K + 0.2 randn(N)``, points ``(a sin θ, a cos θ)``.

    Its arithmetic keeps the notebook's order (``* 2 * π / K``, not ``* (2π / K)``), so the
    points are the notebook's to the last bit.
    """
    import torch

    xs, ys = [], []
    t = torch.linspace(0, 1, n)
    for k in range(classes):
        a = 0.8 * t + 0.2
        theta = (2 * t + k) * 2 * math.pi / classes + 0.2 * torch.randn(n, generator=generator)
        xs.append(torch.stack((a * theta.sin(), a * theta.cos()), 1))
        ys.append(torch.full((n,), k, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)
