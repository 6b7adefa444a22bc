"""The rasteriser's per-point pass compiled with numba for millions of points; numpy stays the
fallback.

One loop per frame maps each point to its pixel (the same float32 multiply-then-add as the numpy
path, so pictures are pixel-identical), clamps it onto the guard lines and writes its priority key
into the key buffer: no N-sized temporaries and one read of the points instead of about ten numpy
passes. (The data's min/max stays with numpy: a fused numba loop measured no faster.)

Importing numba and compiling take a second or more, so they happen in a background thread,
started by the first frame of :data:`MIN_POINTS` points or more; until the kernels are ready (or
when numba is missing, fails, or ``LINVIZ_NUMBA=0``) :func:`kernels` is None and callers draw
with numpy. Start-up and small clouds never wait for numba.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

#: A frame of this many points starts compiling the kernels (below it numpy costs little).
MIN_POINTS = 200_000

State = Literal["idle", "compiling", "ready", "unavailable"]


#: Points per block of the per-point pass: their pixel indices fit in L1 between its two loops.
_BLOCK = 1024


def _mark_keys(
    x: np.ndarray,
    y: np.ndarray,
    sx: np.float32,
    ox: np.float32,
    sy: np.float32,
    oy: np.float32,
    shift: np.float32,
    guard_x: int,
    guard_y: int,
    keys: np.ndarray,
    buffer: np.ndarray,
    row_width: int,
    col0: int,
    row0: int,
) -> None:
    """buffer[row(i) * row_width + col(i)] = keys[i] for each point i in order (the last on top).

    col(i) = trunc(clamp(x[i] * sx + ox + shift, 0.5, guard_x + 0.5)) - col0, in float32 as
    numpy computes it (NaN goes to the low guard line), and row(i) likewise from y.
    """
    low = np.float32(0.5)
    high_x = np.float32(guard_x + 0.5)
    high_y = np.float32(guard_y + 0.5)
    base = -row0 * row_width - col0
    index = np.empty(_BLOCK, np.int64)
    n = x.shape[0]
    # Blocks: the first loop has no stores to alias the points, so it runs in SIMD lanes; the
    # second is nothing but the scattered stores, which are the floor.
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        xs = x[start:stop]
        ys = y[start:stop]
        for j in range(stop - start):
            fx = (xs[j] * sx + ox) + shift
            fy = (ys[j] * sy + oy) + shift
            # NaN fails `==`: numpy's fmax sends it to the low bound too.
            fx = min(max(fx, low), high_x) if fx == fx else low
            fy = min(max(fy, low), high_y) if fy == fy else low
            index[j] = int(fy) * row_width + int(fx) + base
        block_keys = keys[start:stop]
        for j in range(stop - start):
            buffer[index[j]] = block_keys[j]


@dataclass(frozen=True)
class Kernels:
    """The compiled functions, locked to the argument types they were compiled for."""

    mark_keys: Callable[..., None]
    #: False when no cache folder was writable and the kernels were compiled for this process.
    cached: bool


_lock = threading.Lock()
_ready = threading.Event()
_state: State = "idle"
_kernels: Kernels | None = None
_error = ""


def kernels() -> Kernels | None:
    """The compiled kernels if they are ready, else None (never blocks, never compiles)."""
    return _kernels


def state() -> State:
    return _state


def failure() -> str:
    """Why the kernels are unavailable, in one line ("" when they are not)."""
    return _error


def start_compiling() -> None:
    """Import numba and compile the kernels in a background thread, once per process."""
    global _state
    with _lock:
        if _state != "idle":
            return
        _state = "compiling"
    # Not a daemon: the interpreter waits for it at exit rather than killing LLVM mid-compile.
    threading.Thread(target=_build, name="linviz-numba-compile").start()


def wait_until_ready(timeout: float | None = None) -> bool:
    """Start compiling if needed and wait; True when the kernels are ready."""
    start_compiling()
    _ready.wait(timeout)
    return _kernels is not None


def _build() -> None:
    global _state, _kernels, _error
    try:
        if os.environ.get("LINVIZ_NUMBA", "1").strip() == "0":
            raise RuntimeError("turned off by LINVIZ_NUMBA=0")
        built = _compile(cache=True)
    except Exception as error:  # any failure leaves numpy drawing
        _error = f"{type(error).__name__}: {error}".splitlines()[0]
        _state = "unavailable"
    else:
        _kernels = built
        _state = "ready"
    finally:
        _ready.set()


def _compile(cache: bool) -> Kernels:
    import numba

    try:
        # cache=True writes next to this file, or under the user's cache folder when the
        # package is installed read-only; numba raises here when neither is writable.
        jit = numba.njit(cache=cache, nogil=True)
        mark_keys = jit(_mark_keys)
        _warm_up(mark_keys)
    except Exception:
        if not cache:
            raise
        return _compile(cache=False)
    # Every type the callers pass is compiled now: a call with another type raises TypeError
    # instead of compiling for seconds in the GUI thread.
    mark_keys.disable_compile()
    return Kernels(mark_keys, cache)


def _warm_up(mark_keys: Callable[..., None]) -> None:
    """Compile each signature the rasteriser uses: float32 points, uint32 or uint64 keys."""
    xy = np.zeros(1, np.float32)
    one = np.float32(1)
    for dtype in (np.uint32, np.uint64):
        buffer = np.zeros(4, dtype)
        mark_keys(xy, xy, one, one, one, one, one, 1, 1, np.ones(1, dtype), buffer, 2, 0, 0)


def call_args(
    x: np.ndarray, y: np.ndarray, scale: tuple[float, float], offset: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.float32, np.float32, np.float32, np.float32]:
    """The points and mapping as the kernels' exact types: contiguous float32, float32 scalars."""
    return (
        np.ascontiguousarray(x, dtype=np.float32),
        np.ascontiguousarray(y, dtype=np.float32),
        np.float32(scale[0]),
        np.float32(offset[0]),
        np.float32(scale[1]),
        np.float32(offset[1]),
    )
