"""The two ways the points could be drawn without linviz's raster, timed the same way.

``pyqtgraph-scatter``: a plain ``ScatterPlotItem`` with one brush per point, ``setData`` and a
synchronous repaint per frame. ``matplotlib``: the seed's ``scatter(c=x)`` on the Agg canvas,
``set_offsets`` and ``draw`` per frame. Both draw the same cloud, in the same colours, at the
same canvas size as linviz, and compute ``X @ W.T`` with numpy each frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from linviz_gui.bench.timing import FrameClock, FrameTimes, drag_path

#: A frame renders one W: it gets the new 2×2 matrix as rows.
Frame = Callable[[np.ndarray], None]


def gaussian_cloud(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points (N, 2) float32 and colour values in [0, 1] like the app's cloud (numpy, no torch)."""
    points = np.random.default_rng(seed).standard_normal((n, 2)).astype(np.float32)
    values = (np.clip(points[:, 0], -1.5, 1.5) + 1.5) / 3.0
    return points, values.astype(np.float32)


def time_frames(renderer: str, frame: Frame, n: int, frames: int, budget_s: float) -> FrameTimes:
    """Run ``frame`` along the benchmark's drag path (one warm-up frame, then at least 3)."""
    path = drag_path(frames + 1, (1.0, 0.0))
    clock = FrameClock()
    started = time.perf_counter()
    for k, (a, c) in enumerate(path):
        w = np.array([[a, 0.0], [c, 1.0]], np.float32)
        clock.start()
        frame(w)
        if k:
            clock.stop()
        if len(clock.wall) >= 3 and time.perf_counter() - started > budget_s:
            break
    return clock.times(renderer, n)


def pyqtgraph_scatter(n: int, size: tuple[int, int], frames: int, budget_s: float) -> FrameTimes:
    import pyqtgraph as pg

    from linviz_gui.ui.widgets.colors import DEFAULT_COLORMAP, colormap_table

    points, values = gaussian_cloud(n)
    table = colormap_table(DEFAULT_COLORMAP)
    index = np.clip(values * 255 + 0.5, 0, 255).astype(np.intp)
    palette = [pg.mkBrush(int(c >> 16) & 255, int(c >> 8) & 255, int(c) & 255) for c in table]
    brushes = [palette[i] for i in index]
    widget = pg.PlotWidget(background="w")
    widget.resize(*size)
    widget.getPlotItem().setAspectLocked(True)
    widget.getPlotItem().getViewBox().setRange(xRange=(-5, 5), yRange=(-5, 5), padding=0)
    scatter = pg.ScatterPlotItem(size=5, pen=None)
    widget.getPlotItem().addItem(scatter)
    widget.show()

    def frame(w: np.ndarray) -> None:
        moved = points @ w.T
        scatter.setData(x=moved[:, 0], y=moved[:, 1], brush=brushes)
        widget.viewport().repaint()

    try:
        return time_frames("pyqtgraph-scatter", frame, n, frames, budget_s)
    finally:
        widget.close()
        widget.deleteLater()


def matplotlib_scatter(n: int, size: tuple[int, int], frames: int, budget_s: float) -> FrameTimes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points, values = gaussian_cloud(n)
    dpi = 100
    figure = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_xlim(-5, 5)
    axes.set_ylim(-5, 5)
    axes.set_aspect("equal")
    collection = axes.scatter(points[:, 0], points[:, 1], c=values, s=5, cmap="viridis")

    def frame(w: np.ndarray) -> None:
        collection.set_offsets(points @ w.T)
        canvas.draw()

    return time_frames("matplotlib", frame, n, frames, budget_s)
