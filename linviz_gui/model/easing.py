"""The course notebook's easing, used by every animation (explorer morph, SVD path, network).

The notebook's ``interpolate`` weights frame ``t`` of ``steps`` with
``a = ((p + 1) ** (t / (steps - 1)) - 1) / p``: p close to 0 is nearly linear, a large p starts
slowly and speeds up. Both easings give a(0) = 0 and a(1) = 1 exactly, so the last frame is the
target itself. Each caller checks its own p range (its controls name it); this module only
computes.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

Easing = Literal["linear", "notebook"]
#: the notebook's p (150 frames, p = 0.001: very nearly linear)
NOTEBOOK_P = 0.001


def ease(tau: float, easing: Easing = "notebook", p: float = NOTEBOOK_P) -> float:
    """The interpolation weight a for the time fraction ``tau`` (clamped to [0, 1]).

    ``notebook`` is ``a = ((p + 1) ** tau - 1) / p`` (its limit ``tau`` when p = 0, and it also
    holds for -1 < p < 0, which speeds up first); ``linear`` is ``tau``.
    """
    tau = min(1.0, max(0.0, float(tau)))
    if easing == "linear" or p == 0 or tau in (0.0, 1.0):
        return tau
    return ((p + 1) ** tau - 1) / p


def ease_inverse(a: float, easing: Easing = "notebook", p: float = NOTEBOOK_P) -> float:
    """The time fraction τ at which :func:`ease` reaches ``a`` (to resume play mid-way)."""
    a = min(1.0, max(0.0, float(a)))
    if easing == "linear" or p == 0 or a in (0.0, 1.0):
        return a
    return math.log1p(p * a) / math.log1p(p)


def ease_step(t: int, steps: int, easing: Easing = "notebook", p: float = NOTEBOOK_P) -> float:
    """The weight of frame ``t`` of ``steps`` (``steps`` >= 2): :func:`ease` at t / (steps - 1)."""
    return ease(t / (steps - 1), easing, p)


def eased_fractions(steps: int, easing: Easing = "notebook", p: float = NOTEBOOK_P) -> np.ndarray:
    """The weights of all ``steps`` frames (``steps`` >= 2), from exactly 0 to exactly 1."""
    return np.array([ease_step(t, steps, easing, p) for t in range(steps)], dtype=np.float64)


def mix(start: np.ndarray, end: np.ndarray, a: float) -> np.ndarray:
    """``(1 - a) * start + a * end`` in float32: the notebook's frame for the weight ``a``."""
    weight = np.float32(a)
    return start * (np.float32(1) - weight) + end * weight
