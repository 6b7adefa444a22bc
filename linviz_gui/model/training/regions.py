"""What a trained net says about every point of the plane: decision regions and energies.

Pure functions of a model (any device) and a grid; they return numpy, rows along y (row 0 at
the bottom, ``ys[0]``) and columns along x, as an image drawn with its origin at the lower left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from linviz_gui.model.choices import check_choice
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch
    from torch import nn

EnergyKind = Literal["cross_entropy", "negative_score"]
ENERGIES: dict[EnergyKind, str] = {
    "cross_entropy": "cross-entropy  F(x, k) = C(s(x), k)",
    "negative_score": "negative linear output  F(x, k) = −s_k(x)",
}
#: The notebook's mesh: ``torch.arange(-1.5, 1.5, 0.01)`` on both axes.
NOTEBOOK_MESH = (-1.5, 1.5, 0.01)
MAX_GRID_SIDE = 2048
#: Grid points sent through the net at once: bounds memory for wide nets, and on cpu the
#: hidden layers of 4,096 points stay in cache (a 256 × 256 grid in one go is half as fast).
CHUNK = 4096


@dataclass(frozen=True, eq=False)
class Regions:
    """Per pixel: the predicted class, its softmax probability, and the margin between the best
    two probabilities (0 where two classes tie: the boundary)."""

    xs: np.ndarray  # (W,) float32, pixel centres
    ys: np.ndarray  # (H,)
    classes: np.ndarray  # (H, W) int64
    confidence: np.ndarray  # (H, W) float32 in [1/K, 1]
    margin: np.ndarray  # (H, W) float32 in [0, 1]


@dataclass(frozen=True, eq=False)
class EnergyGrid:
    """F(x, k) over the mesh for one class ``k`` (rows along y, columns along x)."""

    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray  # (H, W) float32
    k: int
    kind: EnergyKind


def grid_axes(
    bounds: tuple[float, float, float, float], size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres along x and y for ``bounds`` = (x0, x1, y0, y1) and ``size`` = (W, H)."""
    x0, x1, y0, y1 = (float(b) for b in bounds)
    width, height = size
    for side in (width, height):
        if not isinstance(side, int) or not 1 <= side <= MAX_GRID_SIDE:
            raise InputError(f"grid sides must be 1 to {MAX_GRID_SIDE} pixels; got {size}")
    if not (np.isfinite([x0, x1, y0, y1]).all() and x1 > x0 and y1 > y0):
        raise InputError(f"the grid needs x0 < x1 and y0 < y1; got {bounds}")
    xs = x0 + (np.arange(width, dtype=np.float64) + 0.5) * (x1 - x0) / width
    ys = y0 + (np.arange(height, dtype=np.float64) + 0.5) * (y1 - y0) / height
    return xs.astype(np.float32), ys.astype(np.float32)


def notebook_mesh() -> np.ndarray:
    """``torch.arange(-1.5, 1.5, 0.01)`` as numpy (300 values)."""
    import torch

    start, stop, step = NOTEBOOK_MESH
    return torch.arange(start, stop, step).numpy()


def grid_scores(model: nn.Module, xs: np.ndarray, ys: np.ndarray) -> torch.Tensor:
    """``model`` on every (x, y) of the grid, under ``no_grad``: (H * W, K), row-major in y."""
    import torch

    device = next(model.parameters()).device
    gx, gy = np.meshgrid(xs, ys)
    grid = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))
    with torch.no_grad():
        parts = [model(grid[i : i + CHUNK].to(device)) for i in range(0, len(grid), CHUNK)]
    return torch.cat(parts)


def decision_regions(model: nn.Module, xs: np.ndarray, ys: np.ndarray) -> Regions:
    """The class ``argmax s(x)`` and its confidence at every pixel of the grid ``xs`` × ``ys``."""

    scores = grid_scores(model, xs, ys)
    classes, confidence, margin = top_two(scores)
    shape = (len(ys), len(xs))
    return Regions(
        xs,
        ys,
        classes.cpu().numpy().astype(np.int64).reshape(shape),
        confidence.cpu().numpy().astype(np.float32).reshape(shape),
        margin.cpu().numpy().astype(np.float32).reshape(shape),
    )


def top_two(scores: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per row of (M, K) scores: the argmax, its softmax probability, and that minus the
    second-largest probability, computed without forming the softmax.

    With ``b`` the best score and ``Z = Σ exp(s_j - b)``: the top probability is ``1 / Z`` and
    the margin ``(1 - exp(s_2 - b)) / Z``. The scores are transposed to (K, M) first, so the
    reductions over K run along contiguous rows (twice as fast on cpu as softmax + topk).
    """
    import torch

    rows = scores.float().T.contiguous()
    best, classes = rows.max(0)
    exp = torch.exp(rows - best)
    total = exp.sum(0)
    if len(rows) > 1:
        exp[classes, torch.arange(rows.shape[1], device=rows.device)] = 0.0
        second = exp.max(0).values
    else:
        second = torch.zeros_like(total)
    return classes, 1.0 / total, (1.0 - second) / total


def energy(
    model: nn.Module,
    k: int,
    kind: EnergyKind = "cross_entropy",
    xs: np.ndarray | None = None,
    ys: np.ndarray | None = None,
) -> EnergyGrid:
    """The notebook's energy of class ``k`` over the grid (default: its mesh on both axes):
    ``C(s, k)`` with ``C = CrossEntropyLoss(reduction='none')``, or ``-s[:, k]``."""
    import torch

    check_choice(kind, ENERGIES, "energy")
    xs = notebook_mesh() if xs is None else xs
    ys = xs if ys is None else ys
    scores = grid_scores(model, xs, ys)
    classes = scores.shape[1]
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k < classes:
        raise InputError(f"class k must be a whole number from 0 to {classes - 1}; got {k!r}")
    if kind == "cross_entropy":
        target = torch.full((len(scores),), k, dtype=torch.long, device=scores.device)
        values = torch.nn.functional.cross_entropy(scores, target, reduction="none")
    else:
        values = -scores[:, k]
    shape = (len(ys), len(xs))
    return EnergyGrid(xs, ys, values.cpu().numpy().astype(np.float32).reshape(shape), k, kind)
