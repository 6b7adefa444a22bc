"""The rasteriser alone, numpy against compiled, on the same points in the same run.

This is the part of a frame the compiled kernel replaces (map to pixels, clamp, mark, dilate,
colour), without the app around it: what numba buys at each size, measured beside numpy rather
than against a figure from another day. A Gaussian cloud fills the canvas as the app's fitted
view does, with 256 colour-map colours and the app's dot radius.
"""

from __future__ import annotations

import time

import numpy as np

from linviz_gui.bench.timing import percentile
from linviz_gui.render import compiled
from linviz_gui.render.raster import Path, Rasterizer

#: The point cloud's dot radius in pixels on a plain screen (PointCloudItem's base radius).
RADIUS = 2.5


def measure_raster(
    sizes: list[int], canvas: tuple[int, int], frames: int
) -> list[dict[str, object]]:
    """One row per size: median wall and thread-CPU ms a frame for each path."""
    ready = compiled.wait_until_ready(300)
    width, height = canvas
    rows: list[dict[str, object]] = []
    for n in sizes:
        rng = np.random.default_rng(n)
        x, y = rng.standard_normal((2, n), dtype=np.float32)
        argb = (rng.integers(0, 256, n).astype(np.uint32) << 8) | np.uint32(0xFF000000)
        paths: tuple[Path, ...] = ("numpy", "compiled") if ready else ("numpy",)
        row: dict[str, object] = {"n": n, "compiled": compiled.state()}
        rasterizers = {path: Rasterizer() for path in paths}
        out = np.zeros((height, width), np.uint32)
        wall: dict[str, list[float]] = {path: [] for path in paths}
        cpu: dict[str, list[float]] = {path: [] for path in paths}
        for k in range(frames + 1):  # the first frame of each path sizes its buffers: dropped
            offset = (width / 2 + k % 3, height / 2 - k % 2)  # a new mapping every frame
            for path in paths:
                wall0, cpu0 = time.perf_counter(), time.thread_time()
                rasterizers[path].rasterize_mapped(
                    x, y, (width / 8, height / 8), offset, argb, width, height, RADIUS,
                    out=out, path=path,
                )  # fmt: skip
                if k:
                    wall[path].append((time.perf_counter() - wall0) * 1000)
                    cpu[path].append((time.thread_time() - cpu0) * 1000)
        for path in paths:
            row[f"{path}_ms"] = round(percentile(wall[path], 50), 3)
            row[f"{path}_cpu_ms"] = round(percentile(cpu[path], 50), 3)
        rows.append(row)
    return rows
