"""The SVD view's computation, run in the worker: the analysis of W and the points it moves.

``Y`` is computed by the explorer's own :func:`transform_points` on the same device, so the SVD
view's last stage is the explorer's output, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linviz_gui.compute.explorer_jobs import device_points
from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.analysis import MatrixAnalysis, analyze
from linviz_gui.model.linear.gaussian_circles import (
    CircleFractions,
    circle_fractions,
    sample_covariance,
)
from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.model.linear.transform import transform_points

Rows = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class SvdFrame:
    """Everything the SVD view draws for one (dataset, W)."""

    spec: DatasetSpec
    matrix: Matrix2
    analysis: MatrixAnalysis
    points: np.ndarray  # (N, 2) float32, X
    color_values: np.ndarray  # (N,) float32 in [0, 1]
    output: np.ndarray  # (N, 2) float32, Y = X @ W.T exactly as the explorer computes it
    fractions: CircleFractions  # of X, so also of Y inside the image ellipses
    covariance: Rows  # sample covariance of Y
    device: str


def svd_frame(context: JobContext, spec: DatasetSpec, w: Matrix2) -> SvdFrame:
    points, values = device_points(context, spec)
    analysis = analyze(w, str(context.device))
    context.check_cancelled()
    x_np, values_np = context.memo(
        ("svd.numpy", spec),
        lambda: (points.cpu().numpy(), values.numpy().astype(np.float32)),
    )
    fractions = context.memo(("svd.fractions", spec), lambda: circle_fractions(x_np))
    output = transform_points(points, w).cpu().numpy()
    return SvdFrame(
        spec=spec,
        matrix=w,
        analysis=analysis,
        points=x_np,
        color_values=values_np,
        output=output,
        fractions=fractions,
        covariance=sample_covariance(output),
        device=str(context.device),
    )
