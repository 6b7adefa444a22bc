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
        points, values = make_points(spec)
        return points.to(context.device), values

    return context.memo(("points", spec), build)


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
    output_t = weight_tensor(w, points_t.device) @ points_t
    return TransformResult(spec, w, output_t.cpu().numpy().T, str(context.device))


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
