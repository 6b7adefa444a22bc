"""The Network tab's options as plain, checked data (for sessions and the tour)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from linviz_gui.model.choices import check_choice
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import (
    MAX_WIDTH,
    PRESETS,
    NetworkSpec,
    Projection,
    check_animation,
    network_from_dict,
    stage_labels,
)

S_RANGE = (1.0, 5.0)
KEYS = ("network", "preset", "s", "position", "projection", "grid", "animation")


@dataclass(frozen=True)
class NetworkViewState:
    """Everything the Network tab shows, apart from the dataset (the Explorer's)."""

    network: NetworkSpec
    preset: str = "tanh"
    s: float = 5.0
    position: float = 0.0
    projection: Projection = field(default_factory=Projection)
    grid: bool = True
    steps: int = 150
    p: float = 0.001

    def to_dict(self) -> dict[str, Any]:
        """JSON-able data; units are counted from 1, as the tab shows them."""
        return {
            "network": self.network.to_dict(),
            "preset": self.preset,
            "s": self.s,
            "position": self.position,
            "projection": {
                "mode": self.projection.mode,
                "units": [u + 1 for u in self.projection.units],
            },
            "grid": self.grid,
            "animation": {"steps": self.steps, "p": self.p},
        }


@dataclass(frozen=True)
class NetworkUndoState:
    """What one undo step of the Network tab puts back: the net, and the preset and s shown
    with it (the scrubber, projection and animation are ways of looking, not edits)."""

    network: NetworkSpec
    preset: str
    s: float


def state_from_dict(data: object, current: NetworkViewState) -> NetworkViewState:
    """Read :meth:`NetworkViewState.to_dict` data; keys left out keep their ``current`` value.

    Raises :class:`InputError` naming the first bad value.
    """
    if not isinstance(data, dict):
        raise InputError(f"the Network view state must be a dict; got {data!r:.60}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise InputError(f"unknown Network view settings {unknown}; known are {list(KEYS)}")
    base = current.to_dict()
    network = network_from_dict(data.get("network", base["network"]))
    preset = data.get("preset", current.preset)
    check_choice(preset, PRESETS, "preset")
    s = _number(data.get("s", current.s), "s")
    if not S_RANGE[0] <= s <= S_RANGE[1]:
        raise InputError(f"s must be a number between 1 and 5; got {s!r}")
    position = _number(data.get("position", current.position), "position")
    last = len(stage_labels(network)) - 1
    if not 0 <= position <= last:
        raise InputError(f"position must be between 0 and {last} (the last stage); got {position}")
    projection = _projection(data.get("projection", base["projection"]))
    grid = data.get("grid", current.grid)
    if not isinstance(grid, bool):
        raise InputError(f"grid must be true or false; got {grid!r}")
    animation = data.get("animation", base["animation"])
    if not isinstance(animation, dict) or set(animation) != {"steps", "p"}:
        raise InputError("animation must be {'steps': n, 'p': x}")
    check_animation(animation["steps"], animation["p"])
    return NetworkViewState(
        network,
        preset,
        s,
        position,
        projection,
        grid,
        animation["steps"],
        float(animation["p"]),
    )


def _number(value: object, what: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        raise InputError(f"{what} must be a number; got {value!r}")
    return float(value)


def _projection(raw: object) -> Projection:
    shape = "projection must be {'mode': 'units' or 'pca', 'units': [i, j]}"
    if not isinstance(raw, dict) or set(raw) != {"mode", "units"}:
        raise InputError(shape)
    units = raw["units"]
    if not isinstance(units, (list, tuple)) or len(units) != 2:
        raise InputError(shape)
    for unit in units:
        if not isinstance(unit, int) or isinstance(unit, bool) or not 1 <= unit <= MAX_WIDTH:
            raise InputError(
                f"projection units must be whole numbers from 1 to {MAX_WIDTH}; got {unit!r}"
            )
    return Projection(raw["mode"], (units[0] - 1, units[1] - 1))
