"""The Training tab's part of a session as plain data, and reading it back (no Qt).

:func:`parse_training_state` checks every key before anything is used and raises
:class:`InputError` naming the bad value, so a refused session changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from linviz_gui.model.choices import check_choice
from linviz_gui.model.data.clicked_points import ClickedPoints
from linviz_gui.model.data.labelled import LabelledSpec
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, network_from_dict
from linviz_gui.model.training.config import TrainingConfig, config_from_dict
from linviz_gui.model.training.recipe import PRESETS
from linviz_gui.model.training.regions import ENERGIES
from linviz_gui.model.training.saved_state import state_from_dict, state_to_dict
from linviz_gui.model.training.trainer import TrainingState

#: Gradient steps between two pictures while playing.
STEPS_PER_FRAME = (1, 5, 20, 50, 200)
DEFAULT_STEPS_PER_FRAME = 20

DataKind = Literal["generated", "csv", "clicked", "notebook"]
DATA_KINDS: tuple[DataKind, ...] = ("generated", "csv", "clicked", "notebook")
_KEYS = ("preset", "data", "network", "config", "steps_per_frame", "energy", "run")
_SPEC_KEYS = ("kind", "n", "seed", "separation", "classes")


@dataclass(frozen=True, eq=False)
class DataChoice:
    """Where the points come from: a generated ``spec``, a CSV ``path``, ``clicked`` points, or
    the notebook's own spiral (its seed is the config's)."""

    kind: DataKind = "generated"
    spec: LabelledSpec = field(default_factory=lambda: LabelledSpec("spirals", 600, 0, classes=3))
    path: str = ""
    clicked: ClickedPoints | None = None

    def to_state(self) -> dict[str, Any]:
        if self.kind == "generated":
            return {"source": "generated", **{k: getattr(self.spec, k) for k in _SPEC_KEYS}}
        if self.kind == "csv":
            return {"source": "csv", "path": self.path}
        if self.kind == "clicked":
            clicked = self.clicked
            points = [] if clicked is None else clicked.points.tolist()
            labels = [] if clicked is None else clicked.labels.tolist()
            classes = 2 if clicked is None else clicked.classes
            return {"source": "clicked", "points": points, "labels": labels, "classes": classes}
        return {"source": "notebook"}


@dataclass(frozen=True, eq=False)
class TrainingSettings:
    """Everything the tab restores."""

    preset: str
    data: DataChoice
    network: NetworkSpec
    config: TrainingConfig
    steps_per_frame: int
    energy_class: int = 0
    energy_kind: str = "cross_entropy"
    turn: float = 30.0
    #: Where the run stood (step, weights, optimiser memory): reopening continues from there.
    state: TrainingState | None = None

    def to_state(self) -> dict[str, Any]:
        """JSON-able data that :func:`parse_training_state` reads back."""
        return {
            "preset": self.preset,
            "data": self.data.to_state(),
            "network": self.network.to_dict(),
            "config": self.config.to_dict(),
            "steps_per_frame": self.steps_per_frame,
            "energy": {"k": self.energy_class, "kind": self.energy_kind, "turn": self.turn},
            "run": None if self.state is None else state_to_dict(self.state),
        }


def parse_training_state(state: object, current: TrainingSettings) -> TrainingSettings:
    """Read ``state``; keys left out keep their ``current`` value. Raises InputError."""
    if not isinstance(state, dict):
        raise InputError(f"training state must be a mapping; got {type(state).__name__}")
    unknown = sorted(str(key) for key in set(state) - set(_KEYS))
    if unknown:
        raise InputError(f"unknown training settings: {', '.join(unknown)}")
    preset = state.get("preset", current.preset)
    if preset != "":
        check_choice(preset, PRESETS, "training preset")
    data = _parse_data(state["data"]) if "data" in state else current.data
    network = network_from_dict(state["network"]) if "network" in state else current.network
    config = config_from_dict(state["config"]) if "config" in state else current.config
    steps = state.get("steps_per_frame", current.steps_per_frame)
    if isinstance(steps, bool) or steps not in STEPS_PER_FRAME:
        raise InputError(f"steps_per_frame must be one of {list(STEPS_PER_FRAME)}; got {steps!r}")
    k, kind, turn = current.energy_class, current.energy_kind, current.turn
    if "energy" in state:
        energy = state["energy"]
        if not isinstance(energy, dict) or set(energy) - {"k", "kind", "turn"}:
            raise InputError(f"energy must be a mapping of k, kind and turn; got {energy!r:.60}")
        k = energy.get("k", k)
        kind = energy.get("kind", kind)
        turn = energy.get("turn", turn)
        if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k < 8:
            raise InputError(f"energy class k must be a whole number from 0 to 7; got {k!r}")
        check_choice(kind, ENERGIES, "energy")
        if isinstance(turn, bool) or not isinstance(turn, (int, float)) or not math.isfinite(turn):
            raise InputError(f"the surface's turn must be a number of degrees; got {turn!r}")
    run = current.state
    if "run" in state:
        # Checked against the net and optimiser read above: names, shapes, finite numbers.
        run = None if state["run"] is None else state_from_dict(state["run"], network, config)
    turned = float(turn) % 360
    return TrainingSettings(preset, data, network, config, steps, k, kind, turned, run)


def _parse_data(data: object) -> DataChoice:
    if not isinstance(data, dict):
        raise InputError(f"training data must be a mapping; got {data!r:.60}")
    kind = data.get("source")
    check_choice(kind, DATA_KINDS, "training data source")
    rest = {k: v for k, v in data.items() if k != "source"}
    if kind == "generated":
        extra = sorted(set(rest) - set(_SPEC_KEYS))
        if extra:
            raise InputError(f"unknown dataset settings: {', '.join(map(str, extra))}")
        return DataChoice("generated", LabelledSpec(**rest))
    if kind == "csv":
        path = rest.get("path")
        if not isinstance(path, str) or not path:
            raise InputError("a CSV dataset needs the path of its file")
        return DataChoice("csv", path=path)
    if kind == "clicked":
        extra = sorted(set(rest) - {"points", "labels", "classes"})
        if extra:
            raise InputError(f"unknown clicked-points settings: {', '.join(map(str, extra))}")
        clicks = ClickedPoints.checked(
            rest.get("points", []), rest.get("labels", []), rest.get("classes", 2)
        )
        return DataChoice("clicked", clicked=clicks)
    return DataChoice("notebook")
