"""Colour maps for the points and colour schemes for the basis arrows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

#: name shown to the user -> pyqtgraph colour map name. Viridis and cividis are colour-blind safe.
COLORMAPS: dict[str, str] = {
    "viridis (colour-blind safe)": "viridis",
    "cividis (colour-blind safe)": "cividis",
    "plasma": "plasma",
    "coolwarm": "CET-D1A",
    "turbo": "turbo",
}
DEFAULT_COLORMAP = "viridis (colour-blind safe)"


@dataclass(frozen=True)
class BasisColors:
    e1: str
    e2: str


#: The course draws e1 red and e2 green; Okabe-Ito vermillion/blue reads for every colour vision.
BASIS_SCHEMES: dict[str, BasisColors] = {
    "course (red / green)": BasisColors("#ff0000", "#00c000"),
    "colour-blind safe (vermillion / blue)": BasisColors("#d55e00", "#0072b2"),
    "black / grey": BasisColors("#000000", "#7f7f7f"),
}
DEFAULT_BASIS_SCHEME = "course (red / green)"


def colormap_table(display_name: str, size: int = 256) -> np.ndarray:
    """``size`` opaque ARGB32 colours (uint32) sampled along the named map."""
    cmap = pg.colormap.get(COLORMAPS.get(display_name, "viridis"))
    rgba = cmap.getLookupTable(0.0, 1.0, size, alpha=True, mode=pg.ColorMap.BYTE)
    rgba = np.asarray(rgba, dtype=np.uint32)
    return (0xFF << 24) | (rgba[:, 0] << 16) | (rgba[:, 1] << 8) | rgba[:, 2]


def point_colors(values: np.ndarray, display_name: str) -> np.ndarray:
    """One ARGB32 colour per point from colour values in [0, 1]."""
    table = colormap_table(display_name)
    steps = len(table) - 1
    index = np.clip(values * steps + 0.5, 0, steps).astype(np.intp)
    return table[index]
