"""The linear classifier ``y = sign(w · x + b)`` and the geometry of its hyperplane.

"The hyperplane is NOT the weight vector": the line ``{x : w · x + b = 0}`` is perpendicular to w,
at distance ``|b| / ‖w‖`` from the origin. Scaling w and b by the same factor leaves it where it
is; scaling w alone moves it. All numpy, so the GUI can recolour points during a drag.

With K classes (softmax) there is one row ``w_k, b_k`` per class and a point goes to the class of
the largest score ``w_k · x + b_k``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from linviz_gui.model.linear.matrix import InputError, check_entry


@dataclass(frozen=True)
class LinearParams:
    """Weights (one row ``w_k`` per score) and biases ``b_k``; one row is the two-class ``w, b``."""

    weights: tuple[tuple[float, float], ...]
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.weights or len(self.weights) != len(self.bias):
            raise InputError(
                "need one bias per weight row; "
                f"got {len(self.weights)} rows, {len(self.bias)} biases"
            )
        multi = len(self.weights) > 1
        for k, (row, b) in enumerate(zip(self.weights, self.bias, strict=True)):
            suffix = f"_{k}" if multi else ""
            check_entry(row[0], f"w{suffix}[0]")
            check_entry(row[1], f"w{suffix}[1]")
            check_entry(b, f"b{suffix}")

    @classmethod
    def binary(cls, w: tuple[float, float], b: float) -> LinearParams:
        return cls(((float(w[0]), float(w[1])),), (float(b),))

    @classmethod
    def from_arrays(cls, weights: np.ndarray, bias: np.ndarray) -> LinearParams:
        """From numpy (K, 2) and (K,); InputError when training produced NaN or huge values."""
        rows = tuple((float(r[0]), float(r[1])) for r in np.asarray(weights, np.float64))
        return cls(rows, tuple(float(v) for v in np.asarray(bias, np.float64)))

    @classmethod
    def spread(cls, classes: int) -> LinearParams:
        """K unit weight vectors evenly around the circle, zero biases: each class owns a sector."""
        angles = [2 * math.pi * k / classes for k in range(classes)]
        return cls(
            tuple((round(math.cos(a), 12), round(math.sin(a), 12)) for a in angles),
            (0.0,) * classes,
        )

    @property
    def rows(self) -> int:
        return len(self.weights)

    @property
    def is_binary(self) -> bool:
        return len(self.weights) == 1

    @property
    def w(self) -> tuple[float, float]:
        """The first (for two classes, the only) weight vector."""
        return self.weights[0]

    @property
    def b(self) -> float:
        return self.bias[0]

    def weight_array(self) -> np.ndarray:
        return np.array(self.weights, dtype=np.float64)

    def bias_array(self) -> np.ndarray:
        return np.array(self.bias, dtype=np.float64)

    def with_row(
        self, k: int, w: tuple[float, float] | None = None, b: float | None = None
    ) -> LinearParams:
        """A copy with row ``k``'s weight and/or bias replaced (validated)."""
        weights = list(self.weights)
        bias = list(self.bias)
        if w is not None:
            weights[k] = (float(w[0]), float(w[1]))
        if b is not None:
            bias[k] = float(b)
        return LinearParams(tuple(weights), tuple(bias))

    def scaled(self, factor: float, *, bias_too: bool) -> LinearParams:
        """Every w multiplied by ``factor``; the biases too when ``bias_too``."""
        bias = tuple(b * factor for b in self.bias) if bias_too else self.bias
        return LinearParams(tuple((x * factor, y * factor) for x, y in self.weights), bias)


def scores(points: np.ndarray, params: LinearParams) -> np.ndarray:
    """``X @ W.T + b``: (N, K) scores, one column per row of ``params``."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return pts @ params.weight_array().T + params.bias_array()


def classify(points: np.ndarray, w: tuple[float, float], b: float) -> np.ndarray:
    """``sign(w · x + b)`` per point: -1, 0 (exactly on the hyperplane) or +1, as int8."""
    s = scores(points, LinearParams.binary(w, b))[:, 0]
    return np.sign(s).astype(np.int8)


def predicted_classes(points: np.ndarray, params: LinearParams) -> np.ndarray:
    """Class index per point: two classes by ``sign`` (0 for -1, 1 for +1, -1 when exactly on
    the line, so it never counts as right), K classes by the largest score."""
    if params.is_binary:
        classes = predicted_slots(points, params).astype(np.int64)
        classes -= 1
        return classes
    return np.argmax(scores(points, params), axis=1).astype(np.int64)


#: Rows per block of the two-class prediction: a power of two (a multiple of any BLAS kernel's
#: unrolling, so every row is computed as one product over all rows computes it), small enough
#: that the products stay in the CPU's cache for the comparisons and that BLAS takes a block on
#: the calling thread (a million rows at once waited for a second thread on a busy machine).
PREDICTION_BLOCK = 32_768


def predicted_slots(points: np.ndarray, params: LinearParams) -> np.ndarray:
    """:func:`predicted_classes` plus one, as uint8: 0 exactly on the line, ``1 + k`` for class
    k. A byte a point is what a drag frame at a million points can afford to draw and count.

    Two classes: the score is ``(x · w) + b`` as :func:`scores` computes it (the same matrix
    product, then the bias added), and its sign is the sign of ``x · w`` against ``-b``: a
    float sum is zero only when it is exactly zero, and rounding keeps its sign, so comparing
    with ``-b`` gives the very classes of ``sign(scores)``, without an N-sized sum. NaN, like 0,
    is on neither side. Pass float64 points (C-contiguous) to spare the copy a frame.
    """
    if not params.is_binary:
        return (np.argmax(scores(points, params), axis=1) + 1).astype(np.uint8)
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    n = len(pts)
    weights = params.weight_array().T
    bound = -params.b
    slots = np.empty(n, np.uint8)
    block = min(n, PREDICTION_BLOCK)
    dot = np.empty((block, 1), np.float64)
    below = np.empty(block, np.bool_)
    for start in range(0, n, block):
        stop = min(n, start + block)
        rows = stop - start
        product = dot[:rows]
        np.matmul(pts[start:stop], weights, out=product)
        side = slots[start:stop]
        np.greater(product[:, 0], bound, out=side.view(np.bool_))  # class 1 ...
        side <<= 1  # ... in slot 2
        np.less(product[:, 0], bound, out=below[:rows])
        side |= below[:rows].view(np.uint8)  # class 0 in slot 1
    return slots


def accuracy(points: np.ndarray, labels: np.ndarray, params: LinearParams) -> float:
    """Fraction of points whose predicted class is their label (1.0 for no points)."""
    if len(labels) == 0:
        return 1.0
    return float(np.mean(predicted_classes(points, params) == labels))


class DegenerateHyperplane(InputError):
    """w = 0: ``w · x + b`` is the constant b, so there is no line."""


@dataclass(frozen=True)
class Hyperplane:
    """The line ``{x : w · x + b = 0}``.

    ``foot`` is its point nearest the origin (``-b w / ‖w‖²``), ``direction`` a unit vector along
    it, ``distance`` = ``|b| / ‖w‖``, ``angle_degrees`` the direction's angle for drawing.
    """

    foot: tuple[float, float]
    direction: tuple[float, float]
    distance: float
    angle_degrees: float
    w_norm: float


def hyperplane(w: tuple[float, float], b: float) -> Hyperplane:
    """The hyperplane of ``w, b``; raises :class:`DegenerateHyperplane` when w = 0."""
    wx, wy = float(w[0]), float(w[1])
    norm = math.hypot(wx, wy)
    if norm == 0.0:
        side = "+1" if b > 0 else "-1" if b < 0 else "0"
        raise DegenerateHyperplane(
            f"w = 0: w · x + b is the constant b = {b:g} everywhere, so there is no hyperplane; "
            f"every point is classified {side}"
        )
    foot = (-b * wx / norm**2, -b * wy / norm**2)
    direction = (-wy / norm, wx / norm)
    angle = math.degrees(math.atan2(direction[1], direction[0]))
    return Hyperplane(foot, direction, abs(b) / norm, angle, norm)


def bias_through(w: tuple[float, float], point: tuple[float, float]) -> float:
    """The b that puts the hyperplane of ``w`` through ``point``: ``b = -w · point``."""
    return -(float(w[0]) * float(point[0]) + float(w[1]) * float(point[1]))


def decision_map(
    params: LinearParams,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    width: int,
    height: int,
) -> np.ndarray:
    """Predicted class index on a ``height x width`` grid of pixel centres over the ranges.

    Row 0 is the bottom (smallest y). Two classes give 0, 1 and -1 (exactly on the line).
    """
    xs = x_range[0] + (np.arange(width) + 0.5) * ((x_range[1] - x_range[0]) / width)
    ys = y_range[0] + (np.arange(height) + 0.5) * ((y_range[1] - y_range[0]) / height)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    return predicted_classes(grid, params).reshape(height, width)


def scaling_comparison(
    before: LinearParams, after: LinearParams, factor: float, bias_too: bool
) -> str:
    """What scaling w (and b when ``bias_too``) by ``factor`` did to the line, in words."""
    what = "w and b" if bias_too else "w only"
    shown = "× 2" if factor == 2.0 else "÷ 2" if factor == 0.5 else f"× {factor:g}"
    try:
        d0 = hyperplane(before.w, before.b).distance
        d1 = hyperplane(after.w, after.b).distance
    except InputError as error:
        return f"{what} {shown}: {error}"
    if bias_too and factor > 0:
        verdict = "the hyperplane stays where it is (dashed: before)"
    elif math.isclose(d0, d1) and before.b == 0:
        verdict = "b = 0, so the line through the origin stays; only ‖w‖ changed"
    else:
        verdict = "the hyperplane moved (dashed: before)"
    return f"{what} {shown}: |b| / ‖w‖ {d0:.4g} → {d1:.4g}; {verdict}"
