"""The image of the unit circle under W: an ellipse whose semi-axes are s₁u₁ and s₂u₂."""

from __future__ import annotations

import numpy as np

from linviz_gui.model.linear.matrix import Matrix2


def unit_circle_image(w: Matrix2, samples: int = 181) -> np.ndarray:
    """(samples, 2) points of W applied to the unit circle, closed (first point repeated)."""
    angle = np.linspace(0.0, 2 * np.pi, samples)
    circle = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return circle @ np.array(w.rows).T


def semi_axes(w: Matrix2) -> np.ndarray:
    """(4, 2) segment ends: origin → s₁u₁ and origin → s₂u₂ (the ellipse's semi-axes)."""
    u, s, _ = np.linalg.svd(np.array(w.rows))
    tips = u * s  # column i is s_i u_i
    zero = np.zeros(2)
    return np.stack([zero, tips[:, 0], zero, tips[:, 1]])
