"""The Gaussian's circles: how many points of a 2-D standard normal cloud lie within r = 1, 2, 3.

Radially the fraction inside the circle of radius r is 1 - exp(-r²/2): 39.3%, 86.5%, 98.9%. The
68-95-99.7 rule is per axis (|x| < r), not radial. W maps each circle onto an ellipse holding the
very same points, so the fractions carry over to the output space unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

RADII = (1.0, 2.0, 3.0)


def expected_radial(r: float) -> float:
    """P(|x| < r) for a 2-D standard normal x: 1 - exp(-r²/2)."""
    return 1.0 - math.exp(-r * r / 2.0)


def expected_per_axis(r: float) -> float:
    """P(|x₁| < r) for one standard normal coordinate: erf(r / √2)."""
    return math.erf(r / math.sqrt(2.0))


@dataclass(frozen=True)
class CircleFractions:
    """Observed and expected fractions for each radius in :data:`RADII`."""

    radii: tuple[float, ...]
    observed_radial: tuple[float, ...]
    observed_per_axis: tuple[float, ...]  # both coordinates pooled
    expected_radial: tuple[float, ...]
    expected_per_axis: tuple[float, ...]
    count: int


def circle_fractions(points: np.ndarray, radii: tuple[float, ...] = RADII) -> CircleFractions:
    """Fractions of the row points (N, 2) inside each circle and within each per-axis band."""
    pts = np.asarray(points, dtype=np.float64)
    n = len(pts)
    if n == 0:
        zeros = tuple(0.0 for _ in radii)
        observed_radial, observed_axis = zeros, zeros
    else:
        squared = np.einsum("ij,ij->i", pts, pts)
        magnitude = np.abs(pts)
        observed_radial = tuple(float(np.mean(squared < r * r)) for r in radii)
        observed_axis = tuple(float(np.mean(magnitude < r)) for r in radii)
    return CircleFractions(
        radii=tuple(radii),
        observed_radial=observed_radial,
        observed_per_axis=observed_axis,
        expected_radial=tuple(expected_radial(r) for r in radii),
        expected_per_axis=tuple(expected_per_axis(r) for r in radii),
        count=n,
    )


def ellipse_points(m: np.ndarray, radius: float = 1.0, samples: int = 181) -> np.ndarray:
    """(samples, 2) points of the image of the circle of ``radius`` under the 2x2 matrix ``m``."""
    angle = np.linspace(0.0, 2.0 * np.pi, samples)
    circle = radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return circle @ np.asarray(m, dtype=np.float64).T


def sample_covariance(points: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """The unbiased sample covariance of row points (N, 2); zeros for fewer than two points."""
    pts = np.asarray(points, dtype=np.float64)
    if len(pts) < 2:
        return ((0.0, 0.0), (0.0, 0.0))
    (a, b), (c, d) = np.cov(pts.T).tolist()
    return ((a, b), (c, d))
