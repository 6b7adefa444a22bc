"""Paths from the identity to W, as 2x2 matrices M(t) that move the points X to X @ M(t).T.

* :func:`svd_stage_matrix` walks X -> VᵀX -> S VᵀX -> U S VᵀX for a stage t in [0, 3]: the
  first and last legs turn (a rotation) or flip (a reflection, shown as a flip across its mirror
  line, which squashes the plane flat half-way: no continuous motion of the plane turns it
  inside out), the middle leg stretches the axes from 1 to s₁ and s₂.
* :func:`straight_matrix` is the notebook's ``interpolate``: (1 - a) I + a W.
* The easing along either path is :mod:`linviz_gui.model.easing`.

Stage 3 and a = 1 give W's own entries exactly. Column convention (y = M x) throughout.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from linviz_gui.model.linear.analysis import MatrixAnalysis, OrthogonalLabel
from linviz_gui.model.linear.matrix import InputError, Matrix2

PathKind = Literal["svd", "straight"]

STAGE_NAMES = ("X", "VᵀX", "S VᵀX", "U S VᵀX = W X")


def check_p(p: object) -> float:
    """The easing parameter p must be a number in (0, 1000]."""
    if not isinstance(p, (int, float)) or isinstance(p, bool) or not math.isfinite(p):
        raise InputError(f"easing p must be a number; got {p!r}")
    if not 0 < p <= 1000:
        raise InputError(f"easing p must be greater than 0 and at most 1000; got {p:g}")
    return float(p)


def _rotation(degrees: float) -> np.ndarray:
    t = math.radians(degrees)
    return np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])


def orthogonal_path(label: OrthogonalLabel, target: np.ndarray, s: float) -> np.ndarray:
    """From I (s = 0) to the orthogonal ``target`` (s = 1): turn for a rotation, flip across the
    mirror line for a reflection."""
    if s >= 1.0:
        return np.array(target, dtype=np.float64)
    if s <= 0.0:
        return np.eye(2)
    if label.kind == "rotation":
        return _rotation(s * label.angle)
    axis = _rotation(label.angle)
    return axis @ np.diag([1.0, 1.0 - 2.0 * s]) @ axis.T


def svd_stage_matrix(analysis: MatrixAnalysis, t: float) -> np.ndarray:
    """M(t) for the stage t in [0, 3]: I, Vᵀ, S Vᵀ, then exactly W at t = 3."""
    t = min(3.0, max(0.0, float(t)))
    if t >= 3.0:
        return np.array(analysis.matrix.rows, dtype=np.float64)
    u = np.array(analysis.U)
    vh = np.array(analysis.Vh)
    s = np.array(analysis.S)
    if t <= 1.0:
        return orthogonal_path(analysis.v_label, vh.T, t).T
    if t <= 2.0:
        return np.diag(1.0 + (t - 1.0) * (s - 1.0)) @ vh
    return orthogonal_path(analysis.u_label, u, t - 2.0) @ np.diag(s) @ vh


def straight_matrix(w: Matrix2, a: float) -> np.ndarray:
    """(1 - a) I + a W; exactly W at a = 1."""
    if a >= 1.0:
        return np.array(w.rows, dtype=np.float64)
    return (1.0 - a) * np.eye(2) + a * np.array(w.rows, dtype=np.float64)


def path_matrix(analysis: MatrixAnalysis, kind: PathKind, position: float) -> np.ndarray:
    """M at ``position`` in [0, 1] along the SVD path (stage 3·position) or the straight one."""
    if kind == "svd":
        return svd_stage_matrix(analysis, 3.0 * position)
    return straight_matrix(analysis.matrix, position)


def singular_crossings(w: Matrix2) -> list[float]:
    """The a in (0, 1] where det((1 - a) I + a W) = 0, in order.

    With D = W - I, det(I + a D) = 1 + a tr(D) + a² det(D), a quadratic in a.
    """
    (a, b), (c, d) = w.rows
    trace = (a - 1) + (d - 1)
    det = (a - 1) * (d - 1) - b * c
    roots: list[float] = []
    if abs(det) < 1e-15:
        if abs(trace) > 1e-15:
            roots.append(-1.0 / trace)
    else:
        disc = trace * trace - 4 * det
        if disc >= 0:
            sq = math.sqrt(disc)
            # The stable pair of roots (no cancellation).
            q = -0.5 * (trace + math.copysign(sq, trace))
            roots.extend([q / det, 1.0 / q] if q != 0 else [])
    return sorted({round(r, 12) for r in roots if 1e-12 < r <= 1.0 + 1e-12})


def stage_name(t: float) -> str:
    """Where the stage t in [0, 3] is, in words."""
    t = min(3.0, max(0.0, t))
    k = round(t)
    if abs(t - k) < 1e-9:
        return f"stage {k}: {STAGE_NAMES[k]}"
    low = math.floor(t)
    return f"stage {t:.2f}: from {STAGE_NAMES[low]} to {STAGE_NAMES[low + 1]}"


def transform_rows(points: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Row points (N, 2) to ``points @ m.T`` in float32 (what a frame draws)."""
    pts = np.asarray(points, dtype=np.float32)
    return transform_columns(pts[:, 0], pts[:, 1], m)


def transform_columns(x: np.ndarray, y: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``[x y] @ m.T`` from the coordinate columns, in float32.

    Written out per column because numpy's matmul with an inner size of 2 is several times
    slower for millions of points, and an animation frame must stay cheap. The result is the
    transpose of a (2, N) array: each column is contiguous, so the point cloud takes them without
    copying, and the products go straight into it (the same float32 roundings as
    ``x * a + y * b``: product, product, sum).
    """
    m32 = np.asarray(m, dtype=np.float32)
    out = np.empty((2, len(x)), dtype=np.float32)
    products = np.empty(len(x), dtype=np.float32)
    for i in (0, 1):
        np.multiply(x, m32[i, 0], out=out[i])
        np.multiply(y, m32[i, 1], out=products)
        out[i] += products
    return out.T


def stage_boundaries(kind: PathKind, w: Matrix2) -> list[float]:
    """Positions in [0, 1] the step buttons stop at: the stages of the SVD path, or the ends and
    the singular points of the straight path."""
    if kind == "svd":
        return [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]
    return sorted({0.0, 1.0, *singular_crossings(w)})
