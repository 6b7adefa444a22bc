"""Colour a grid over the input plane: decision regions by confidence, energies in bands.

Pure numpy on arrays of shape ``(rows, columns, ...)`` with row ``i`` at the ``i``-th y from the
bottom (as ``pg.ImageItem(axisOrder="row-major")`` lays them under ``setRect``). Each function
returns an RGBA ``uint8`` image of shape ``(rows, columns, 4)``.
"""

from __future__ import annotations

import numpy as np

from linviz_gui.ui.widgets.class_colors import CLASS_COLORS

#: The tie between two classes (and the edge between two energy bands) is drawn in this colour.
EDGE_RGB = (40, 40, 40)
#: How much of the class colour a region shows at chance (palest) and at certainty (fullest):
#: never white, so a region of low confidence still tells its class.
PALEST, FULLEST = 0.12, 0.62


def class_rgb() -> np.ndarray:
    """The Okabe-Ito class colours as a float array ``(classes, 3)`` in 0..255."""
    return np.array(
        [[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CLASS_COLORS], dtype=np.float32
    )


def edges_between(index: np.ndarray) -> np.ndarray:
    """True on each cell whose integer label differs from its neighbour right or above: a line
    one cell wide where two labels meet (a tie of two classes, the edge of an energy band)."""
    edge = np.zeros(index.shape, dtype=bool)
    edge[:, :-1] |= index[:, :-1] != index[:, 1:]
    edge[:-1, :] |= index[:-1, :] != index[1:, :]
    return edge


def region_rgba(classes: np.ndarray, confidence: np.ndarray, class_count: int) -> np.ndarray:
    """Decision regions: each cell in its predicted class's colour, blended with white by how
    sure the net is (chance is palest, certainty fullest), the boundary between classes dark.

    Parameters
    ----------
    classes
        ``(rows, columns)`` predicted class per cell (argmax of the net's output).
    confidence
        ``(rows, columns)`` softmax probability of that class, from ``1 / K`` to 1.
    class_count
        K, the number of classes (chance is ``1 / K``).
    """
    chance = 1.0 / max(1, class_count)
    sure = np.clip((confidence - chance) / max(1e-9, 1.0 - chance), 0.0, 1.0)
    amount = (PALEST + (FULLEST - PALEST) * sure)[..., None]
    palette = class_rgb()
    colour = palette[np.asarray(classes, np.intp) % len(palette)]
    rgb = 255.0 + (colour - 255.0) * amount
    image = np.empty((*classes.shape, 4), dtype=np.uint8)
    image[..., :3] = np.clip(rgb + 0.5, 0, 255).astype(np.uint8)
    image[..., 3] = 255
    image[edges_between(classes)] = (*EDGE_RGB, 255)
    return image


def band_edges(energy: np.ndarray, levels: int, top_quantile: float = 0.75) -> np.ndarray:
    """``levels + 1`` evenly spaced values from the least finite energy to its ``top_quantile``.

    The energy far from the data can be tens of times the energy near it (cross-entropy grows
    linearly away from a class); spread over the whole range, every band near the data would be
    the lowest one. The top band holds everything above its lower edge.
    """
    finite = energy[np.isfinite(energy)]
    if not finite.size:
        return np.linspace(0.0, 1.0, levels + 1)
    low, high = float(finite.min()), float(np.quantile(finite, top_quantile))
    if high - low < 1e-12:
        high = max(float(finite.max()), low + 1.0)
    return np.linspace(low, high, levels + 1)


def band_index(energy: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """The band (0 .. levels - 1) each cell's energy falls in; the top edge is in the last."""
    levels = len(edges) - 1
    inner = edges[1:-1]
    return np.clip(np.searchsorted(inner, energy, side="right"), 0, levels - 1)


def band_rgba(energy: np.ndarray, edges: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Filled contour levels: each band in one colour of ``table`` (``(levels, 3)`` uint8, low
    energy first), a dark line between bands.

    Parameters
    ----------
    energy
        ``(rows, columns)`` energy per cell.
    edges
        The ``levels + 1`` band edges (see :func:`band_edges`).
    table
        One RGB colour per band.
    """
    index = band_index(energy, edges)
    image = np.empty((*index.shape, 4), dtype=np.uint8)
    image[..., :3] = table[index]
    image[..., 3] = 255
    image[edges_between(index)] = (*EDGE_RGB, 255)
    return image
