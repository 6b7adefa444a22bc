"""The explorer's transform reuses its output memory only once no result shows it any more."""

from __future__ import annotations

import numpy as np

from linviz_gui.compute import explorer_jobs
from linviz_gui.compute.direct import DirectContext
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2

SPEC = DatasetSpec(n=5_000, seed=3)


def _w(k: int) -> Matrix2:
    return Matrix2(1.0 + k, 0.5, -0.25 * k, 2.0)


def test_points_on_screen_never_change_while_newer_frames_are_computed() -> None:
    context = DirectContext()
    x = explorer_jobs.build_points(context, SPEC).points
    shown = [explorer_jobs.transform(context, SPEC, _w(k)) for k in range(6)]
    for k, result in enumerate(shown):  # every result still held keeps its own points
        w = np.array(_w(k).rows, np.float32)
        np.testing.assert_allclose(result.points, x @ w.T, rtol=1e-5, atol=1e-5)
    assert len({r.points.ctypes.data for r in shown}) == len(shown)


def test_a_dropped_result_gives_its_memory_to_the_next_frame() -> None:
    context = DirectContext()
    first = explorer_jobs.transform(context, SPEC, _w(1))
    address = first.points.ctypes.data
    column = first.points[:, 0]  # a view, as the canvas keeps: it holds the memory too
    del first
    held = explorer_jobs.transform(context, SPEC, _w(2))
    assert held.points.ctypes.data != address
    del column
    again = explorer_jobs.transform(context, SPEC, _w(3))
    assert again.points.ctypes.data == address  # no fresh 80 MB per frame at 10 million points
    x = explorer_jobs.build_points(context, SPEC).points
    np.testing.assert_allclose(again.points, x @ np.array(_w(3).rows, np.float32).T, atol=1e-5)
