"""What the soak's actions imply, kept apart from the app: W with its undo history, the dataset,
the device and the display options. The soak compares the app against this at every check."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import torch

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2

#: The app keeps this many undo steps (model/undo_log.py); older ones fall off.
UNDO_LIMIT = 500


@dataclass
class Reference:
    w: Matrix2
    dataset: DatasetSpec
    device: str = "cpu"
    colormap: str = ""
    basis: str = ""
    grid: bool = True
    auto_fit: bool = True
    undo_stack: list[tuple[Matrix2, Matrix2]] = field(default_factory=list)
    redo_stack: list[tuple[Matrix2, Matrix2]] = field(default_factory=list)

    def set_w(self, w: Matrix2) -> None:
        """A user's change of W: one undo step, and the redo stack is gone."""
        if w == self.w:
            return
        self.undo_stack.append((self.w, w))
        del self.undo_stack[:-UNDO_LIMIT]
        self.redo_stack.clear()
        self.w = w

    def undo(self) -> None:
        if self.undo_stack:
            step = self.undo_stack.pop()
            self.redo_stack.append(step)
            self.w = step[0]

    def redo(self) -> None:
        if self.redo_stack:
            step = self.redo_stack.pop()
            self.undo_stack.append(step)
            self.w = step[1]

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
