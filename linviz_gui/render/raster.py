"""Draw many coloured dots straight into an ARGB buffer with numpy, with no Python per point.

Each pixel shows the *last* point (highest index) whose dot covers it, exactly the painter's order
of a scatter plot. Points are first splatted as single pixels into an index buffer, which is then
dilated by the dot's disc with ``np.maximum``; the index buffer is finally looked up in the colour
table (index -1, meaning empty, picks the transparent entry appended at its end).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=32)
def disc_offsets(radius: float) -> tuple[tuple[int, int], ...]:
    """Pixel offsets (dy, dx) covered by a dot of ``radius`` pixels, centre first."""
    reach = max(0, math.floor(radius))
    offsets = [
        (dy, dx)
        for dy in range(-reach, reach + 1)
        for dx in range(-reach, reach + 1)
        if dy * dy + dx * dx <= radius * radius + 1e-9
    ]
    offsets.sort(key=lambda o: (abs(o[0]) + abs(o[1]), o))
    return tuple(offsets) or ((0, 0),)


def rasterize(
    px: np.ndarray,
    py: np.ndarray,
    argb: np.ndarray,
    width: int,
    height: int,
    radius: float,
) -> np.ndarray:
    """Return a (height, width) uint32 ARGB image of dots centred at pixel coordinates.

    Parameters
    ----------
    px, py
        Pixel coordinates of the dot centres (x to the right, y downwards), float arrays of N.
    argb
        One premultiplied ARGB32 colour per point (uint32, N).
    width, height
        Size of the image in pixels.
    radius
        Dot radius in pixels; 0 draws single pixels.
    """
    image = np.zeros((height, width), dtype=np.uint32)
    n = len(px)
    if n == 0 or width <= 0 or height <= 0:
        return image
    m = max(0, math.floor(radius))
    # Shifted so every dot that can touch the image has a non-negative coordinate, where
    # truncation equals rounding down: (p + m + 0.5) truncated is round(p) + m.
    fx = np.add(px, m + 0.5, dtype=np.float32)
    fy = np.add(py, m + 0.5, dtype=np.float32)
    inside = (fx >= 0) & (fx < width + 2 * m) & (fy >= 0) & (fy < height + 2 * m)
    if inside.all():
        order = np.arange(n, dtype=np.int32)
        ix, iy = fx.astype(np.int32), fy.astype(np.int32)
    else:
        order = np.flatnonzero(inside).astype(np.int32)
        if order.size == 0:
            return image
        ix, iy = fx[order].astype(np.int32), fy[order].astype(np.int32)
    # Work only in the box around the points: centres span [x0, x1) in shifted coordinates, the
    # index buffer adds m more on each side so every dilation slice below stays in bounds.
    x0, x1 = int(ix.min()), int(ix.max()) + 1
    y0, y1 = int(iy.min()), int(iy.max()) + 1
    buf_w, buf_h = x1 - x0 + 4 * m, y1 - y0 + 4 * m
    index = np.full((buf_h, buf_w), -1, dtype=np.int32)
    # numpy assigns repeated indices in order, so the highest point index ends up on top.
    index.reshape(-1)[(iy - y0 + 2 * m) * buf_w + (ix - x0 + 2 * m)] = order
    if m:
        # covered[r, c] = max over the disc of index[r + m - dy, c + m - dx]: the topmost dot.
        cov_h, cov_w = buf_h - 2 * m, buf_w - 2 * m
        covered = index[m : m + cov_h, m : m + cov_w].copy()
        for dy, dx in disc_offsets(radius)[1:]:
            np.maximum(
                covered, index[m - dy : m - dy + cov_h, m - dx : m - dx + cov_w], out=covered
            )
        index = covered
    # index[0, 0] now sits at shifted (x0 - m, y0 - m), that is image pixel (x0 - 2m, y0 - 2m).
    left, top = x0 - 2 * m, y0 - 2 * m
    c0, r0 = max(0, left), max(0, top)
    c1, r1 = min(width, left + index.shape[1]), min(height, top + index.shape[0])
    if c1 <= c0 or r1 <= r0:
        return image
    lut = np.empty(n + 1, dtype=np.uint32)
    lut[:n] = argb
    lut[n] = 0  # index -1 (no dot) reads the last entry: transparent
    image[r0:r1, c0:c1] = lut[index[r0 - top : r1 - top, c0 - left : c1 - left]]
    return image
