"""A network's parameters as numpy, keyed as in its PyTorch ``state_dict``, and the way back.

:class:`NetWeights` is what crosses between the worker and the GUI (snapshots, sessions, the
saved net): plain float32 arrays, never a tensor. :func:`build_model` makes the real
``nn.Sequential`` of a :class:`NetworkSpec` carrying given weights, on a given device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, build_sequential

if TYPE_CHECKING:
    import torch
    from torch import nn


@dataclass(frozen=True, eq=False)
class NetWeights:
    """``names[i]`` (``"0.weight"``, ``"0.bias"``, ``"2.weight"`` ...) holds ``arrays[i]``."""

    names: tuple[str, ...]
    arrays: tuple[np.ndarray, ...]

    @classmethod
    def from_model(cls, model: nn.Module) -> NetWeights:
        """A copy of ``model``'s parameters (so later training never changes it)."""
        items = [(k, v.detach().cpu().numpy().copy()) for k, v in model.state_dict().items()]
        return cls(tuple(k for k, _ in items), tuple(v for _, v in items))

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.arrays)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[self.names.index(name)]

    def is_finite(self) -> bool:
        return all(bool(np.isfinite(a).all()) for a in self.arrays)

    def equals(self, other: NetWeights) -> bool:
        """True when both hold the same names and exactly the same numbers."""
        return self.names == other.names and all(
            np.array_equal(a, b) for a, b in zip(self.arrays, other.arrays, strict=True)
        )

    def state_dict(self) -> dict[str, torch.Tensor]:
        """The weights as the ``state_dict`` ``model.load_state_dict`` takes (cpu tensors)."""
        import torch

        return {k: torch.from_numpy(v.copy()) for k, v in zip(self.names, self.arrays, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able data (nested lists); :func:`weights_from_dict` reads it back."""
        return {k: v.tolist() for k, v in zip(self.names, self.arrays, strict=True)}


def weights_from_dict(data: object, network: NetworkSpec) -> NetWeights:
    """Read :meth:`NetWeights.to_dict` data for ``network``; the names and shapes must match."""
    expected = initial_shapes(network)
    if not isinstance(data, dict):
        raise InputError(f"weights must be a dict of arrays; got {data!r:.60}")
    if sorted(data) != sorted(expected):
        raise InputError(
            f"the weights hold {sorted(data)} but the network needs {sorted(expected)}"
        )
    arrays = []
    for name, shape in expected.items():
        try:
            array = np.asarray(data[name], dtype=np.float32)
        except (TypeError, ValueError):
            raise InputError(f"weights {name!r} must be numbers") from None
        if array.shape != shape:
            raise InputError(f"weights {name!r} must have shape {shape}; got {array.shape}")
        if not np.isfinite(array).all():
            raise InputError(f"weights {name!r} hold NaN or infinite values")
        arrays.append(array)
    return NetWeights(tuple(expected), tuple(arrays))


def initial_shapes(network: NetworkSpec) -> dict[str, tuple[int, ...]]:
    """The ``state_dict`` names and shapes of ``network``, known without torch."""
    shapes: dict[str, tuple[int, ...]] = {}
    for index, layer in enumerate(network.layers):
        if layer.is_linear:
            shapes[f"{index}.weight"] = (layer.out_features, layer.in_features)
            if layer.bias:
                shapes[f"{index}.bias"] = (layer.out_features,)
    return shapes


def build_model(
    network: NetworkSpec, weights: NetWeights | None = None, device: Any = "cpu"
) -> nn.Sequential:
    """``network`` as an ``nn.Sequential`` on ``device``, with ``weights`` (default: its seed's).

    Returned in training mode (none of the layers behaves differently in eval mode).
    """
    model = build_sequential(network).train()
    if weights is not None:
        model.load_state_dict(weights.state_dict())
    return model.to(device)
