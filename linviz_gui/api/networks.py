"""A live ``nn.Sequential`` handed to the API, as the Network tab's net with its weights exactly.

Unlike a state_dict file, the modules themselves say which activation sits where, so nothing is
asked. torch is not imported here: the caller's modules are recognised by their class names.
"""

from __future__ import annotations

from typing import Any

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import (
    MAX_LAYERS,
    TORCH_KINDS,
    LayerSpec,
    LinearValues,
    NetworkSpec,
    activation,
)


def network_of(model: Any) -> NetworkSpec:
    """The NetworkSpec drawing ``model`` (an ``nn.Sequential``). Raises InputError naming the
    first module linviz cannot draw."""
    modules = list(model)
    if len(modules) > MAX_LAYERS:
        raise InputError(
            f"the Sequential has {len(modules)} layers; at most {MAX_LAYERS} are shown"
        )
    layers: list[LayerSpec] = []
    for index, module in enumerate(modules):
        name = type(module).__name__
        if name == "Linear":
            layers.append(_linear(module))
        elif name in TORCH_KINDS:  # an activation (LeakyReLU keeps its slope)
            slope = float(getattr(module, "negative_slope", 0.0))
            kind = TORCH_KINDS[name]
            layers.append(activation(kind, slope) if kind == "leaky_relu" else activation(kind))
        else:
            raise InputError(
                f"model[{index}] is {name}: the Network tab draws Linear, Tanh, ReLU, Sigmoid, "
                "LeakyReLU and Identity layers"
            )
    return NetworkSpec(tuple(layers))  # checks widths (2-D input, chained) and every number


def _linear(module: Any) -> LayerSpec:
    weight = module.weight.detach().cpu().double()
    bias = None if module.bias is None else module.bias.detach().cpu().double()
    values = LinearValues(
        tuple(tuple(float(v) for v in row) for row in weight.tolist()),
        None if bias is None else tuple(float(v) for v in bias.tolist()),
    )
    return LayerSpec(
        "linear", module.in_features, module.out_features, bias is not None, values=values
    )
