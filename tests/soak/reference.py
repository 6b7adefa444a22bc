"""What the soak's actions imply, kept apart from the app: W, the dataset, the device, the display
options, and the one undo history of every tab (W's steps, and the steps of views whose actions
record them, each view's reference putting its own states back). The soak compares the app
against this at every check."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import torch

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.model.scene import W_OWNER
from linviz_gui.model.undo_log import SEVERAL

#: The app keeps this many undo steps (model/undo_log.py); older ones fall off.
UNDO_LIMIT = 500


@dataclass(frozen=True)
class Step:
    """One undo step as the actions imply it: whose state, and its two values."""

    owner: str
    before: Any
    after: Any


@dataclass
class Reference:
    w: Matrix2
    dataset: DatasetSpec
    device: str = "cpu"
    colormap: str = ""
    basis: str = ""
    grid: bool = True
    auto_fit: bool = True
    #: The one history of every tab, as the app keeps it: W's steps are owner "W"'s.
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    #: How a view's reference takes back one of its states (registered by its soak actions).
    put_back: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    #: The steps of a gesture in progress (see :meth:`one_gesture`).
    gesture: list[Step] | None = None

    def set_w(self, w: Matrix2) -> None:
        """A user's change of W: one undo step, and the redo stack is gone."""
        if w == self.w:
            return
        self.record(W_OWNER, self.w, w)
        self.w = w

    def record(self, owner: str, before: Any, after: Any) -> None:
        """A view's edit (its reference already shows ``after``): one step, unless nothing
        changed."""
        if before == after:
            return
        self.redo_stack.clear()
        if self.gesture is not None:
            self.gesture.append(Step(owner, before, after))
            return
        self.undo_stack.append(Step(owner, before, after))
        del self.undo_stack[:-UNDO_LIMIT]

    @contextmanager
    def one_gesture(self) -> Iterator[None]:
        """One gesture that changes several owners' states is one step (undone newest first)."""
        steps: list[Step] = []
        self.gesture = steps
        try:
            yield
        finally:
            self.gesture = None
            if len(steps) == 1:
                self.undo_stack.append(steps[0])
            elif steps:
                before = tuple((s.owner, s.before) for s in reversed(steps))
                self.undo_stack.append(
                    Step(SEVERAL, before, tuple((s.owner, s.after) for s in steps))
                )
            del self.undo_stack[:-UNDO_LIMIT]

    def register(self, owner: str, put_back: Callable[[Any], None]) -> None:
        self.put_back[owner] = put_back

    def undo(self) -> Step | None:
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        self.redo_stack.append(step)
        self._apply(step.owner, step.before)
        return step

    def redo(self) -> Step | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        self.undo_stack.append(step)
        self._apply(step.owner, step.after)
        return step

    def _apply(self, owner: str, state: Any) -> None:
        if owner == SEVERAL:
            for one_owner, one_state in state:
                self._apply(one_owner, one_state)
        elif owner == W_OWNER:
            self.w = state
        else:
            self.put_back[owner](state)

    def set_dataset(self, **changes: object) -> None:
        self.dataset = replace(self.dataset, **changes)  # type: ignore[arg-type]


# W from each preset, written out here from the maths (not taken from the app) ------------------


def preset_matrix(name: str, p: float) -> Matrix2:
    t = math.radians(p)
    if name == "identity":
        return Matrix2(1.0, 0.0, 0.0, 1.0)
    if name == "rotation":
        return Matrix2(math.cos(t), -math.sin(t), math.sin(t), math.cos(t))
    if name == "scaling":
        return Matrix2(p, 0.0, 0.0, 1.0 / p)
    if name == "shear":
        return Matrix2(1.0, p, 0.0, 1.0)
    if name == "reflection":
        t2 = math.radians(2 * p)
        return Matrix2(math.cos(t2), math.sin(t2), math.sin(t2), -math.cos(t2))
    if name == "projection (singular)":
        c, s = math.cos(t), math.sin(t)
        return Matrix2(c * c, c * s, c * s, s * s)
    if name == "the course's example W":
        return Matrix2(0.3439, 0.9503, -0.2960, 0.1503)
    raise KeyError(name)


def randn_matrix(seed: int) -> Matrix2:
    """``torch.manual_seed(seed); torch.randn(2, 2)``, the course's random W."""
    (a, b), (c, d) = torch.randn(2, 2, generator=torch.Generator().manual_seed(seed)).tolist()
    return Matrix2(a, b, c, d)


def close(a: Matrix2, b: Matrix2, tol: float = 1e-9) -> bool:
    return all(
        abs(x - y) <= tol * max(1.0, abs(y)) for x, y in zip(a.entries, b.entries, strict=True)
    )
