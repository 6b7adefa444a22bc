"""Draw many coloured dots straight into an ARGB buffer with numpy, with no Python per point.

Each pixel shows the *last* point (highest index) whose dot covers it, exactly the painter's order
of a scatter plot. Two ways give the same picture, and :func:`rasterize` picks the cheaper one for
each frame:

``"splat"``
    Every point writes its colour into every pixel of its disc, point after point (numpy assigns
    repeated indices in order, so the highest index ends on top). Costs N × disc pixels: best for
    few points.
``"dilate"``
    Points are splatted as single pixels into a buffer of priority keys (index above colour),
    which is dilated by the disc with ``np.maximum``: the highest index wins and carries its
    colour along. The disc is cut into rows, so the dilation takes about 4 × radius passes over
    the buffer, whatever N is: best for many points.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

import numpy as np

Method = Literal["auto", "splat", "dilate"]

# Rough per-element costs (ns) on a laptop core, only their ratios matter for choosing a path.
_SPLAT_NS = 6.0  # one (point, disc pixel) pair: index arithmetic plus a scattered write
_POINT_NS = 8.0  # one point in the dilate path: index arithmetic plus a scattered write
_PASS_NS = 0.45  # one buffer pixel in one np.maximum pass
_PIXEL_NS = 4.0  # one buffer pixel: fill, colour look-up, copy out


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


@lru_cache(maxsize=32)
def disc_rows(radius: float) -> tuple[tuple[int, int], ...]:
    """The disc as rows ``(dy, half_width)``: row dy covers dx in [-half_width, half_width]."""
    half: dict[int, int] = {}
    for dy, dx in disc_offsets(radius):
        half[dy] = max(half.get(dy, 0), abs(dx))
    return tuple(sorted(half.items()))


def rasterize(
    px: np.ndarray,
    py: np.ndarray,
    argb: np.ndarray,
    width: int,
    height: int,
    radius: float,
    method: Method = "auto",
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
    method
        ``"splat"`` or ``"dilate"`` (same picture, different cost); ``"auto"`` picks the cheaper.
    """
    return Rasterizer().rasterize(px, py, argb, width, height, radius, method)


def priority_keys(argb: np.ndarray) -> np.ndarray:
    """Per point ``(index + 1) << 32 | colour`` (uint64): the larger key is the one on top.

    Dilating keys instead of indices leaves the colour in the low half of the winner, so no
    random look-up into an N-entry colour table is needed.
    """
    keys = np.arange(1, len(argb) + 1, dtype=np.uint64)
    keys <<= np.uint64(32)
    keys |= np.asarray(argb, dtype=np.uint32)
    return keys


class Rasterizer:
    """Draws frames like :func:`rasterize`, keeping its working buffers between frames.

    Fresh multi-megabyte arrays cost a page fault per 4 KiB on every frame; a canvas keeps one
    rasterizer and so touches the same memory each time. The priority keys of the last colours
    are kept too. Not thread-safe: use one per thread.
    """

    def __init__(self) -> None:
        self._buffers: dict[str, np.ndarray] = {}
        self._keys_of: np.ndarray | None = None
        self._keys = np.zeros(0, np.uint64)

    def release(self) -> None:
        """Forget every buffer (after a one-off large frame such as an export)."""
        self._buffers.clear()
        self._keys_of = None
        self._keys = np.zeros(0, np.uint64)

    def rasterize(
        self,
        px: np.ndarray,
        py: np.ndarray,
        argb: np.ndarray,
        width: int,
        height: int,
        radius: float,
        method: Method = "auto",
        out: np.ndarray | None = None,
    ) -> np.ndarray:
        """As :func:`rasterize`; ``out``, a C-contiguous (height, width) uint32 array, is reused."""
        if out is None:
            image = np.zeros((height, width), dtype=np.uint32)
        else:
            if out.shape != (height, width) or out.dtype != np.uint32:
                raise ValueError(f"out must be uint32 of shape {(height, width)}; got {out.shape}")
            image = out
            image.fill(0)
        n = len(px)
        if n == 0 or width <= 0 or height <= 0:
            return image
        m = max(0, math.floor(radius))
        # Shifted by g = m + 1 (and 0.5, so that truncation is rounding): ix = round(px) + g.
        # Dots touching the image have ix in [1, width + 2m + 1); everything else (far away,
        # inf, NaN) is clamped onto the guard lines 0 and width + 2m + 1, whose dots never reach
        # the image. So no point is dropped or reordered, and no mask or gather is needed.
        g = m + 1
        ix = self._shifted_pixels("ix", px, g, width + 2 * m + 1)
        iy = self._shifted_pixels("iy", py, g, height + 2 * m + 1)
        x0, x1 = int(ix.min()), int(ix.max()) + 1
        y0, y1 = int(iy.min()), int(iy.max()) + 1
        box = (x0, x1, y0, y1)
        if method == "auto":
            method = _cheaper_method(n, (x1 - x0 + 2 * m) * (y1 - y0 + 2 * m), radius)
        colors = np.asarray(argb, dtype=np.uint32)
        # Both paths fill the box of every pixel a dot can cover, whose [0, 0] is shifted
        # (x0 - m, y0 - m), that is image pixel (x0 - m - g, y0 - m - g).
        if method == "splat":
            covered = self._splat_discs(ix, iy, colors, box, m, radius)
        elif method == "dilate":
            covered = self._dilated_keys(ix, iy, self._priority_keys(colors), box, m, radius)
        else:
            raise ValueError(f"method must be 'auto', 'splat' or 'dilate'; got {method!r}")
        left, top = x0 - m - g, y0 - m - g
        c0, r0 = max(0, left), max(0, top)
        c1, r1 = min(width, left + covered.shape[1]), min(height, top + covered.shape[0])
        if c1 > c0 and r1 > r0:
            visible = covered[r0 - top : r1 - top, c0 - left : c1 - left]
            # A key's low 32 bits are its colour: the unsafe cast keeps exactly those.
            np.copyto(image[r0:r1, c0:c1], visible, casting="unsafe")
        return image

    # Working memory ----------------------------------------------------------------------------

    def _buffer(self, name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
        """An uninitialised C-contiguous array that reuses the last one of this name if it fits."""
        size = math.prod(shape)
        buffer = self._buffers.get(name)
        if buffer is None or buffer.dtype != dtype or buffer.size < size:
            buffer = np.empty(size, dtype=dtype)
            self._buffers[name] = buffer
        return buffer[:size].reshape(shape)

    def _priority_keys(self, colors: np.ndarray) -> np.ndarray:
        if self._keys_of is not colors or len(self._keys) != len(colors):
            self._keys = priority_keys(colors)
            self._keys_of = colors
        return self._keys

    def _shifted_pixels(self, name: str, p: np.ndarray, shift: int, guard: int) -> np.ndarray:
        """round(p) + shift as intp, clamped to [0, guard] (NaN goes to 0)."""
        f = self._buffer("float", (len(p),), np.float32)
        np.add(p, np.float32(shift + 0.5), out=f, casting="unsafe")
        if not (bool(f.min() >= 0) and bool(f.max() < guard + 1)):
            np.fmax(f, np.float32(0.5), out=f)  # fmax, unlike clip, turns NaN into the bound
            np.fmin(f, np.float32(guard + 0.5), out=f)
        pixels = self._buffer(name, (len(p),), np.intp)
        np.copyto(pixels, f, casting="unsafe")
        return pixels

    # The two paths -----------------------------------------------------------------------------

    def _splat_discs(
        self,
        ix: np.ndarray,
        iy: np.ndarray,
        colors: np.ndarray,
        box: tuple[int, int, int, int],
        m: int,
        radius: float,
    ) -> np.ndarray:
        """Colours written disc by disc, point after point, into the covered box."""
        x0, x1, y0, y1 = box
        out_w = x1 - x0 + 2 * m
        covered = self._buffer("covered32", (y1 - y0 + 2 * m, out_w), np.uint32)
        covered.fill(0)
        disc = disc_offsets(radius)
        offsets = np.array([dy * out_w + dx for dy, dx in disc], dtype=np.intp)
        iy -= y0 - m
        iy *= out_w
        iy += ix
        iy -= x0 - m
        # Point-major (N, K) order: a later point's whole disc is written after an earlier
        # one's, and numpy assigns repeated indices in order, so the highest index is on top.
        pixels = self._buffer("disc_pixels", (len(ix), len(disc)), np.intp)
        np.add(iy[:, None], offsets[None, :], out=pixels)
        covered.reshape(-1)[pixels] = colors[:, None]
        return covered

    def _dilated_keys(
        self,
        ix: np.ndarray,
        iy: np.ndarray,
        keys: np.ndarray,
        box: tuple[int, int, int, int],
        m: int,
        radius: float,
    ) -> np.ndarray:
        """The topmost point's key (0: none) at every pixel of the covered box."""
        x0, x1, y0, y1 = box
        # The buffer adds m more on each side of the covered box so every dilation slice stays
        # in bounds; its [0, 0] is shifted (x0 - 2m, y0 - 2m).
        buf_w, buf_h = x1 - x0 + 4 * m, y1 - y0 + 4 * m
        buffer = self._buffer("keys", (buf_h, buf_w), np.uint64)
        buffer.fill(0)
        iy -= y0 - 2 * m
        iy *= buf_w
        iy += ix
        iy -= x0 - 2 * m
        # numpy assigns repeated indices in order, so the highest key ends up on top.
        buffer.reshape(-1)[iy] = keys
        if not m:
            return buffer
        cov_h, cov_w = buf_h - 2 * m, buf_w - 2 * m
        wide = self._buffer("wide", (buf_h, cov_w), np.uint64)
        covered = self._buffer("covered64", (cov_h, cov_w), np.uint64)
        _dilate(buffer, m, radius, wide, covered)
        return covered


def _cheaper_method(n: int, box_area: int, radius: float) -> Literal["splat", "dilate"]:
    rows = disc_rows(radius)
    passes = 2 * max(h for _, h in rows) + len(rows)
    splat = n * len(disc_offsets(radius)) * _SPLAT_NS
    dilate = n * _POINT_NS + box_area * (passes * _PASS_NS + _PIXEL_NS)
    return "splat" if splat <= dilate else "dilate"


def _dilate(
    buffer: np.ndarray, m: int, radius: float, wide: np.ndarray, covered: np.ndarray
) -> None:
    """covered[r, c] = max of ``buffer`` over the disc around (r + m, c + m): the topmost dot.

    Row by row: ``wide`` holds the running maximum over columns [c - k, c + k] for growing k,
    and each disc row dy whose half-width is k takes ``wide`` shifted by dy: about 4m passes
    over the buffer instead of one per disc pixel (about 3m²).
    """
    cov_h, cov_w = covered.shape
    np.copyto(wide, buffer[:, m : m + cov_w])
    first = True
    rows = disc_rows(radius)
    for k in range(m + 1):
        if k:
            np.maximum(wide, buffer[:, m - k : m - k + cov_w], out=wide)
            np.maximum(wide, buffer[:, m + k : m + k + cov_w], out=wide)
        for dy, half in rows:
            if half != k:
                continue
            band = wide[m + dy : m + dy + cov_h]
            if first:
                np.copyto(covered, band)
                first = False
            else:
                np.maximum(covered, band, out=covered)
