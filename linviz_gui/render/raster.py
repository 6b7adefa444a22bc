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

:meth:`Rasterizer.rasterize_mapped` also maps data to pixels; for many points, once numba has
compiled it in the background (:mod:`linviz_gui.render.compiled`), its per-point pass is one
compiled loop with the same float32 arithmetic, so the picture is the same to the pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from linviz_gui.render import compiled

Method = Literal["auto", "splat", "dilate"]
#: Which per-point pass :meth:`Rasterizer.rasterize_mapped` takes.
Path = Literal["auto", "numpy", "compiled"]

# Rough per-element costs (ns) measured on a 2-core server CPU; only their ratios matter, for
# choosing the cheaper path.
_SPLAT_NS = 6.0  # one (point, disc pixel) pair: index arithmetic plus a scattered write
_POINT_NS = 8.0  # one point in the dilate path: index arithmetic plus a scattered write
_PASS_NS = 0.45  # one buffer pixel in one np.maximum pass
_PIXEL_NS = 4.0  # one buffer pixel: fill, colour look-up, copy out
#: Rows of the dilation are processed in strips of about this many bytes (fits a CPU's L2).
_STRIP_BYTES = 512 * 1024
#: float32 holds every whole number below this exactly.
_FLOAT32_EXACT = 2**24


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


@dataclass(frozen=True)
class PriorityKeys:
    """One key per point; at a pixel, the largest key belongs to the dot on top.

    ``key = (index + 1) << bits | slot``: the point's order above the slot of its colour in
    ``palette`` (so 0 means no dot). Dilating keys instead of indices carries each winner's
    colour along, so no random look-up into an N-entry colour table is needed. With few
    distinct colours (a colour map) the keys are uint32, halving the memory each dilation pass
    reads; otherwise they are uint64 with the colour itself as the slot and no palette.
    """

    keys: np.ndarray
    palette: np.ndarray | None
    mask: int

    def colors_of(self, keys: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
        """Write the colour of each key (transparent for 0) into ``out``."""
        if self.palette is None:
            np.copyto(out, keys, casting="unsafe")  # the low 32 bits are the colour
        else:
            np.bitwise_and(keys, self.mask, out=scratch)
            np.take(self.palette, scratch, out=out, mode="clip")


def priority_keys(argb: np.ndarray) -> PriorityKeys:
    """The :class:`PriorityKeys` of points with colours ``argb``, in their painting order."""
    colors = np.asarray(argb, dtype=np.uint32)
    n = len(colors)
    palette, slots = np.unique(colors, return_inverse=True)
    keys = slot_keys(slots.reshape(-1), palette)
    if keys is not None:
        return keys
    wide = np.arange(1, n + 1, dtype=np.uint64)
    wide <<= np.uint64(32)
    wide |= colors
    return PriorityKeys(wide, None, 0xFFFFFFFF)


def slot_keys(slots: np.ndarray, palette: np.ndarray) -> PriorityKeys | None:
    """The :class:`PriorityKeys` of points coloured ``palette[slots]``, or None when they do not
    fit in uint32. A caller that already knows each point's slot (a class index) skips the sort
    :func:`priority_keys` needs to find them; the picture is the same, only the slots differ."""
    n = len(slots)
    bits = len(palette).bit_length()  # slots 1 .. len(palette); 0 is "no dot"
    if not slots_fit(n, len(palette)):
        return None
    # key = (index + 1) << bits | (slot + 1), and slot + 1 < 2**bits: base + slot, one pass.
    keys = np.add(_key_base(n, bits), slots, out=np.empty(n, np.uint32), casting="unsafe")
    table = np.zeros(1 << bits, dtype=np.uint32)
    table[1 : len(palette) + 1] = palette
    return PriorityKeys(keys, table, (1 << bits) - 1)


#: The last few ``(index + 1) << bits | 1`` arrays by (n, bits): a drag recolours the same N
#: points every frame. Read-only, so a thread reading one while another is made is safe.
_key_bases: dict[tuple[int, int], np.ndarray] = {}


def _key_base(n: int, bits: int) -> np.ndarray:
    base = _key_bases.get((n, bits))
    if base is None:
        base = np.arange(1, n + 1, dtype=np.uint32)
        base <<= np.uint32(bits)
        base += np.uint32(1)  # below the shifted index, so adding never carries into it
        base.setflags(write=False)
        while len(_key_bases) >= 2:
            _key_bases.pop(next(iter(_key_bases)))
        _key_bases[(n, bits)] = base
    return base


@dataclass(eq=False)
class SlotColors:
    """Colours ``palette[slots]`` passed as a frame's ``argb``: the dilate paths draw from their
    :class:`PriorityKeys` alone, and a compiled frame of the same points at the same place
    repaints the pixels' topmost points in their new colours without marking a key, so a drag
    that recolours a million points each frame makes neither the N colours nor, mostly, the N
    keys. Only for slots that :func:`slots_fit` (one colour a slot, none left out)."""

    slots: np.ndarray
    palette: np.ndarray
    _keys: PriorityKeys | None = None
    _colors: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.slots)

    @property
    def keys(self) -> PriorityKeys:
        """The :func:`slot_keys` of the slots, made once."""
        if self._keys is None:
            keys = slot_keys(self.slots, self.palette)
            if keys is None:
                raise ValueError(f"{len(self.slots):,} points do not fit slot keys")
            self._keys = keys
        return self._keys

    def colors(self) -> np.ndarray:
        """``palette[slots]`` as uint32, made once."""
        if self._colors is None:
            self._colors = np.take(np.asarray(self.palette, np.uint32), self.slots)
        return self._colors


def slots_fit(n: int, palette_size: int) -> bool:
    """True when :func:`slot_keys` of ``n`` points into a palette of this size fit uint32."""
    return (n + 1) << palette_size.bit_length() <= 2**32


#: A frame's colours: one ARGB32 value a point, or slots into a palette with their keys.
Colors = np.ndarray | SlotColors


class Rasterizer:
    """Draws frames like :func:`rasterize`, keeping its working buffers between frames.

    Fresh multi-megabyte arrays cost a page fault per 4 KiB on every frame; a canvas keeps one
    rasterizer and so touches the same memory each time. The priority keys of the last colours
    are kept too. Not thread-safe: use one per thread.
    """

    def __init__(self) -> None:
        self._buffers: dict[str, np.ndarray] = {}
        self._keys_of: np.ndarray | None = None
        self._keys = priority_keys(np.zeros(0, np.uint32))
        #: The last compiled frame of slot colours: its points, mapping and size, and the index
        #: + 1 of the topmost point at each of its pixels (0: none), whatever their colours.
        self._winners: tuple[np.ndarray, np.ndarray, tuple[object, ...], np.ndarray] | None = None
        #: Which per-point pass drew the last frame of :meth:`rasterize_mapped`.
        self.last_path: Literal["numpy", "compiled"] = "numpy"

    def rasterize(
        self,
        px: np.ndarray,
        py: np.ndarray,
        argb: Colors,
        width: int,
        height: int,
        radius: float,
        method: Method = "auto",
        out: np.ndarray | None = None,
    ) -> np.ndarray:
        """As :func:`rasterize`; ``out``, a C-contiguous (height, width) uint32 array, is reused.
        ``argb`` may be :class:`SlotColors`."""
        image = self._output(out, width, height)
        n = len(px)
        if n == 0 or width <= 0 or height <= 0:
            return image
        m = max(0, math.floor(radius))
        # Shifted by g = m + 1 (and 0.5, so that truncation is rounding): ix = round(px) + g.
        # Dots touching the image have ix in [1, width + 2m + 1); everything else (far away,
        # inf, NaN) is clamped onto the guard lines 0 and width + 2m + 1, whose dots never reach
        # the image. So no point is dropped or reordered, and no mask or gather is needed.
        g = m + 1
        fx, x0, x1 = self._shifted_pixels("fx", px, g, width + 2 * m + 1)
        fy, y0, y1 = self._shifted_pixels("fy", py, g, height + 2 * m + 1)
        box = (x0, x1, y0, y1)
        if method == "auto":
            method = _cheaper_method(n, (x1 - x0 + 2 * m) * (y1 - y0 + 2 * m), radius)
        if method == "splat":
            centres = self._linear_index(fx, fy, x1 - x0 + 2 * m, x0 - m, y0 - m, box)
            covered = self._splat_discs(centres, _plain(argb), box, m, radius)
            self._paint_keys(image, covered, None, box, m)
        elif method == "dilate":
            keys = self._keys_of_colors(argb)
            buffer = self._key_buffer(box, m, keys.keys.dtype.type)
            centres = self._linear_index(fx, fy, buffer.shape[1], x0 - 2 * m, y0 - 2 * m, box)
            # numpy assigns repeated indices in order, so the highest key ends up on top.
            buffer.reshape(-1)[centres] = keys.keys
            self._paint_keys(image, self._dilated(buffer, m, radius), keys, box, m)
        else:
            raise ValueError(f"method must be 'auto', 'splat' or 'dilate'; got {method!r}")
        return image

    def _paint_keys(
        self,
        image: np.ndarray,
        covered: np.ndarray,
        keys: PriorityKeys | None,
        box: tuple[int, int, int, int],
        m: int,
    ) -> None:
        """Copy the visible part of ``covered`` (colours, or keys when ``keys`` is given) into
        ``image``. ``covered`` spans every pixel a dot can reach: its [0, 0] is shifted pixel
        (x0 - m, y0 - m), that is image pixel (x0 - m - g, y0 - m - g)."""
        x0, _, y0, _ = box
        left, top = x0 - 2 * m - 1, y0 - 2 * m - 1
        c0, r0 = max(0, left), max(0, top)
        c1 = min(image.shape[1], left + covered.shape[1])
        r1 = min(image.shape[0], top + covered.shape[0])
        if c1 > c0 and r1 > r0:
            visible = covered[r0 - top : r1 - top, c0 - left : c1 - left]
            if keys is None:
                image[r0:r1, c0:c1] = visible
            else:
                scratch = self._buffer("slots", visible.shape, np.intp)
                keys.colors_of(visible, image[r0:r1, c0:c1], scratch)

    def rasterize_mapped(
        self,
        x: np.ndarray,
        y: np.ndarray,
        scale: tuple[float, float],
        offset: tuple[float, float],
        argb: Colors,
        width: int,
        height: int,
        radius: float,
        out: np.ndarray | None = None,
        path: Path = "auto",
    ) -> np.ndarray:
        """As :meth:`rasterize` of the pixels ``x * sx + ox``, ``y * sy + oy`` (float32).

        With :data:`compiled.MIN_POINTS` points or more this starts compiling the numba kernels
        in the background; once they are ready, frames where many points make the dilate path
        the cheaper one take the compiled per-point pass (the same picture). Until then, and
        whenever numba is not there, numpy draws. ``path`` forces one ("compiled" raises
        RuntimeError while the kernels are not ready): tests and the benchmark compare them.
        """
        # As float32 first (no copy for the canvas's arrays), so both paths round alike.
        x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
        n = len(x)
        if n >= compiled.MIN_POINTS:
            compiled.start_compiling()
        kernels = compiled.kernels()
        if path == "compiled":
            if kernels is None:
                raise RuntimeError(f"the compiled rasteriser is {compiled.state()}")
            image = self._compiled_frame(
                kernels, x, y, scale, offset, argb, width, height, radius, out
            )
            self.last_path = "compiled"
            return image
        if path not in ("auto", "numpy"):
            raise ValueError(f"path must be 'auto', 'numpy' or 'compiled'; got {path!r}")
        m = max(0, math.floor(radius))
        full = (width + 2 * m + 2) * (height + 2 * m + 2)
        if (
            path == "auto"
            and kernels is not None
            and n
            and _cheaper_method(n, full, radius) == "dilate"
        ):
            try:
                image = self._compiled_frame(
                    kernels, x, y, scale, offset, argb, width, height, radius, out
                )
            except TypeError:  # a type the kernels were not compiled for: numpy draws it
                pass
            else:
                self.last_path = "compiled"
                return image
        px = self._buffer("px", (n,), np.float32)
        py = self._buffer("py", (n,), np.float32)
        # float32 multiply, then add: the compiled kernel rounds the same way. inf * 0 is NaN
        # and huge values overflow to inf: both land on a guard line, no warning needed.
        with np.errstate(invalid="ignore", over="ignore"):
            np.multiply(x, np.float32(scale[0]), out=px)
            px += np.float32(offset[0])
            np.multiply(y, np.float32(scale[1]), out=py)
            py += np.float32(offset[1])
        image = self.rasterize(px, py, argb, width, height, radius, out=out)
        self.last_path = "numpy"
        return image

    def _compiled_frame(
        self,
        kernels: compiled.Kernels,
        x: np.ndarray,
        y: np.ndarray,
        scale: tuple[float, float],
        offset: tuple[float, float],
        argb: Colors,
        width: int,
        height: int,
        radius: float,
        out: np.ndarray | None,
    ) -> np.ndarray:
        """The dilate path with the per-point pass compiled: one loop, no N-sized temporaries."""
        image = self._output(out, width, height)
        if width <= 0 or height <= 0:
            return image
        geometry = (len(x), scale, offset, width, height, radius)
        winners = self._winners
        self._winners = None
        if (
            isinstance(argb, SlotColors)
            and winners is not None
            and winners[0] is x
            and winners[1] is y
            and winners[2] == geometry
        ):  # the same points at the same pixels: only their colours are new
            self._recolor(image, winners[3], argb)
            self._winners = winners
            return image
        m = max(0, math.floor(radius))
        g = m + 1
        # The box is every shifted pixel, both guard lines included (no min/max pass needed):
        # the image plus 2m + 2 columns and rows, a few per cent more buffer than the numpy box.
        guard_x, guard_y = width + 2 * m + 1, height + 2 * m + 1
        box = (0, guard_x + 1, 0, guard_y + 1)
        keys = self._keys_of_colors(argb)
        buffer = self._key_buffer(box, m, keys.keys.dtype.type)
        xs, ys, sx, ox, sy, oy = compiled.call_args(x, y, scale, offset)
        kernels.mark_keys(
            xs, ys, sx, ox, sy, oy, np.float32(g + 0.5), guard_x, guard_y,
            keys.keys, buffer.reshape(-1), buffer.shape[1], -2 * m, -2 * m,
        )  # fmt: skip
        covered = self._dilated(buffer, m, radius)
        self._paint_keys(image, covered, keys, box, m)
        if isinstance(argb, SlotColors):
            # The box's pixel (2m + 1, 2m + 1) is the image's (0, 0); the whole image is in it.
            edge = 2 * m + 1
            visible = covered[edge : edge + height, edge : edge + width]
            index = np.right_shift(visible, keys.mask.bit_length()).astype(np.intp)
            self._winners = (x, y, geometry, index)
        return image

    def _recolor(self, image: np.ndarray, index: np.ndarray, argb: SlotColors) -> None:
        """Each pixel in the colour of its topmost point (``index`` - 1; 0: none, transparent):
        the points and their order are those the index was found for, only their slots are
        new, so the picture is the one marking and dilating their keys paints."""
        palette = np.asarray(argb.palette, np.uint32)
        small = len(palette) < 255
        slot_of = self._buffer("slot_of", (len(argb) + 1,), np.uint8 if small else np.intp)
        slot_of[0] = 0
        np.add(argb.slots, 1, out=slot_of[1:], casting="unsafe")
        table = np.zeros(len(palette) + 1, np.uint32)
        table[1:] = palette
        pixel_slots = self._buffer("pixel_slots", index.shape, slot_of.dtype.type)
        np.take(slot_of, index, out=pixel_slots)
        np.take(table, pixel_slots, out=image)

    # Working memory ----------------------------------------------------------------------------

    @staticmethod
    def _output(out: np.ndarray | None, width: int, height: int) -> np.ndarray:
        if out is None:
            return np.zeros((max(0, height), max(0, width)), dtype=np.uint32)
        if out.shape != (height, width) or out.dtype != np.uint32:
            raise ValueError(f"out must be uint32 of shape {(height, width)}; got {out.shape}")
        out.fill(0)
        return out

    def _buffer(self, name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
        """An uninitialised C-contiguous array that reuses the last one of this name if it fits."""
        size = math.prod(shape)
        buffer = self._buffers.get(name)
        if buffer is None or buffer.dtype != dtype or buffer.size < size:
            buffer = np.empty(size, dtype=dtype)
            self._buffers[name] = buffer
        return buffer[:size].reshape(shape)

    def use_keys(self, colors: np.ndarray, keys: PriorityKeys) -> None:
        """Take ``keys`` as the priority keys of ``colors`` (this very array), computed by a
        caller that knows each point's slot, instead of sorting the colours to find them."""
        self._keys = keys
        self._keys_of = colors

    def _keys_of_colors(self, argb: Colors) -> PriorityKeys:
        if isinstance(argb, SlotColors):
            return argb.keys
        return self._priority_keys(np.asarray(argb, dtype=np.uint32))

    def _priority_keys(self, colors: np.ndarray) -> PriorityKeys:
        if self._keys_of is not colors or len(self._keys.keys) != len(colors):
            self._keys = priority_keys(colors)
            self._keys_of = colors
        return self._keys

    def _shifted_pixels(
        self, name: str, p: np.ndarray, shift: int, guard: int
    ) -> tuple[np.ndarray, int, int]:
        """round(p) + shift, clamped to [0, guard] (NaN goes to 0), as whole float32 values.

        Also returns the smallest value and one past the largest, as ints.
        """
        f = self._buffer(name, (len(p),), np.float32)
        np.add(p, np.float32(shift + 0.5), out=f, casting="unsafe")
        low, high = f.min(), f.max()
        if not (bool(low >= 0) and bool(high < guard + 1)):
            np.fmax(f, np.float32(0.5), out=f)  # fmax, unlike clip, turns NaN into the bound
            np.fmin(f, np.float32(guard + 0.5), out=f)
            low, high = f.min(), f.max()
        np.trunc(f, out=f)
        return f, int(low), int(high) + 1

    def _linear_index(
        self,
        fx: np.ndarray,
        fy: np.ndarray,
        row_width: int,
        col0: int,
        row0: int,
        box: tuple[int, int, int, int],
    ) -> np.ndarray:
        """(fy - row0) * row_width + (fx - col0) as intp; ``fy`` is overwritten."""
        index = self._buffer("index", (len(fx),), np.intp)
        _, x1, _, y1 = box
        if y1 * row_width + x1 < _FLOAT32_EXACT:  # every step is exact: a third of the passes
            np.multiply(fy, np.float32(row_width), out=fy)
            fy += fx
            fy -= np.float32(row0 * row_width + col0)
            np.copyto(index, fy, casting="unsafe")
        else:
            np.copyto(index, fy, casting="unsafe")
            index -= row0
            index *= row_width
            column = self._buffer("column", (len(fx),), np.intp)
            np.copyto(column, fx, casting="unsafe")
            index += column
            index -= col0
        return index

    # The two paths -----------------------------------------------------------------------------

    def _splat_discs(
        self,
        centres: np.ndarray,
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
        # Point-major (N, K) order: a later point's whole disc is written after an earlier
        # one's, and numpy assigns repeated indices in order, so the highest index is on top.
        pixels = self._buffer("disc_pixels", (len(centres), len(disc)), np.intp)
        np.add(centres[:, None], offsets[None, :], out=pixels)
        covered.reshape(-1)[pixels] = colors[:, None]
        return covered

    def _key_buffer(self, box: tuple[int, int, int, int], m: int, dtype: type) -> np.ndarray:
        """Zeroed keys over the covered box plus m more on each side, so that every dilation
        slice stays in bounds; its [0, 0] is shifted pixel (x0 - 2m, y0 - 2m)."""
        x0, x1, y0, y1 = box
        buffer = self._buffer("keys", (y1 - y0 + 4 * m, x1 - x0 + 4 * m), dtype)
        buffer.fill(0)
        return buffer

    def _dilated(self, buffer: np.ndarray, m: int, radius: float) -> np.ndarray:
        """The topmost point's key (0: none) at every pixel of the covered box."""
        if not m:
            return buffer
        buf_h, buf_w = buffer.shape
        cov_h, cov_w = buf_h - 2 * m, buf_w - 2 * m
        wide = self._buffer("wide", (buf_h, cov_w), buffer.dtype.type)
        covered = self._buffer("covered_keys", (cov_h, cov_w), buffer.dtype.type)
        _dilate(buffer, m, radius, wide, covered)
        return covered


def _plain(argb: Colors) -> np.ndarray:
    """One ARGB32 colour a point."""
    if isinstance(argb, SlotColors):
        return argb.colors()
    return np.asarray(argb, dtype=np.uint32)


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
    over the buffer instead of one per disc pixel (about 3m²). The passes run strip by strip,
    each strip small enough to stay in the CPU's cache between passes.
    """
    cov_h, cov_w = covered.shape
    strip = max(8, _STRIP_BYTES // max(1, 3 * cov_w * buffer.itemsize))
    rows = disc_rows(radius)
    for r0 in range(0, cov_h, strip):
        r1 = min(cov_h, r0 + strip)
        source = buffer[r0 : r1 + 2 * m]
        spread = wide[: r1 - r0 + 2 * m]
        target = covered[r0:r1]
        np.copyto(spread, source[:, m : m + cov_w])
        first = True
        for k in range(m + 1):
            if k:
                np.maximum(spread, source[:, m - k : m - k + cov_w], out=spread)
                np.maximum(spread, source[:, m + k : m + k + cov_w], out=spread)
            for dy, half in rows:
                if half != k:
                    continue
                band = spread[m + dy : m + dy + r1 - r0]
                if first:
                    np.copyto(target, band)
                    first = False
                else:
                    np.maximum(target, band, out=target)
