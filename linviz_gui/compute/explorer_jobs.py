"""The explorer's computations, run in the worker: build the points, transform them by W.

Each is a pure function of its (immutable) arguments plus the worker's per-device cache, and
returns numpy, so nothing torch crosses into the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.files.points_dataset import file_points
from linviz_gui.model.linear.matrix import Matrix2, random_matrix
from linviz_gui.model.linear.transform import weight_tensor

if TYPE_CHECKING:
    import torch


@dataclass(frozen=True)
class PointsResult:
    spec: DatasetSpec
    points: np.ndarray  # (N, 2) float32, the input space X
    color_values: np.ndarray  # (N,) float32 in [0, 1]


@dataclass(frozen=True)
class TransformResult:
    spec: DatasetSpec
    matrix: Matrix2
    points: np.ndarray  # (N, 2) float32, Y = X @ W.T (a view of (2, N): columns contiguous)
    device: str


def device_points(context: JobContext, spec: DatasetSpec) -> tuple[torch.Tensor, torch.Tensor]:
    """X and its colour values on the job's device, built once per dataset and device."""

    def build() -> tuple[torch.Tensor, torch.Tensor]:
        points, values = _file_points(spec) if spec.from_file else make_points(spec)
        return points.to(context.device), values

    return context.memo(("points", spec), build)


def _file_points(spec: DatasetSpec) -> tuple[torch.Tensor, torch.Tensor]:
    """A user's points, as make_points gives the generated ones (read once, kept: see
    model/files/points_dataset.py)."""
    import torch

    drawn = file_points(spec)
    return torch.from_numpy(drawn.points), torch.from_numpy(drawn.color_values)


def device_points_by_coordinate(context: JobContext, spec: DatasetSpec) -> torch.Tensor:
    """X.T (2, N), contiguous: one row of all x, one of all y, built once per dataset and device.

    ``W @ X.T`` is the same product as ``X @ W.T`` but about 8 times faster for N×2 by 2×2 on a
    CPU, and its rows are exactly the arrays the canvas draws from, so nothing is copied later.
    """
    points, _ = device_points(context, spec)
    return context.memo(("points_t", spec), lambda: points.T.contiguous())


def build_points(context: JobContext, spec: DatasetSpec) -> PointsResult:
    points, values = device_points(context, spec)
    return PointsResult(spec, points.cpu().numpy(), values.numpy().astype(np.float32))


def transform(context: JobContext, spec: DatasetSpec, w: Matrix2) -> TransformResult:
    points_t = device_points_by_coordinate(context, spec)
    weights = weight_tensor(w, points_t.device)
    out = free_output(context, points_t) if points_t.device.type == "cpu" else None
    if out is None:
        output_t = (weights @ points_t).cpu()
    else:
        import torch

        output_t = torch.matmul(weights, points_t, out=out)
    return TransformResult(spec, w, output_t.numpy().T, str(context.device))


#: Outputs kept for reuse: one on screen, one on its way to the GUI, one being written.
_OUTPUTS_KEPT = 3


def free_output(context: JobContext, like: torch.Tensor) -> torch.Tensor | None:
    """A kept CPU tensor shaped as ``like`` that no result refers to any more, else a new one.

    A fresh output of 10 million points is 80 MB of new pages, whose page faults cost more than
    the product itself (about 34 against 15 ms); a reused one costs none. A tensor is free when
    its storage has no user but the pool: a result's numpy arrays (and every view of them) hold
    the storage, and such a count only falls from another thread, never rises. None when torch
    cannot say (its storage count is private API), so the caller allocates as before.
    """
    import torch

    use_count = getattr(torch._C, "_storage_Use_Count", None)
    if use_count is None:
        return None
    pool: list[torch.Tensor] = context.memo(("transform_outputs",), list)
    pool[:] = [t for t in pool if t.shape == like.shape and t.dtype == like.dtype]
    for tensor in pool:
        storage = tensor.untyped_storage()
        if use_count(storage._cdata) <= 2:  # the tensor in the pool and `storage` here
            return tensor
    fresh = torch.empty_like(like)
    if len(pool) < _OUTPUTS_KEPT:
        pool.append(fresh)
    return fresh


#: Up to this many points the explorer computes W X itself, with numpy in the GUI thread: a few
#: microseconds at 1,000 points (under 0.2 ms at this size), where handing the job to the worker
#: thread and the result back cost more than the product. No torch runs in the GUI thread.
GUI_THREAD_MAX_POINTS = 20_000


def transform_columns_here(spec: DatasetSpec, w: Matrix2, points_t: np.ndarray) -> TransformResult:
    """:func:`transform` of X.T (2, N) float32, with numpy in the calling thread.

    Each coordinate is ``w_i0 x + w_i1 y`` in float32, products rounded, then the sum: the
    arithmetic of torch's CPU matmul for an inner size of 2, so the points (and pixels) are the
    ones the worker would send (a test compares them bit for bit).
    """
    (a, b), (c, d) = (np.float32(v) for v in w.rows[0]), (np.float32(v) for v in w.rows[1])
    x, y = points_t[0], points_t[1]
    out = np.empty_like(points_t)
    np.multiply(x, a, out=out[0])
    out[0] += y * b
    np.multiply(x, c, out=out[1])
    out[1] += y * d
    return TransformResult(spec, w, out.T, "cpu")


def random_preset(context: JobContext, seed: int) -> Matrix2:
    return random_matrix(seed)
