"""Few points are transformed in the GUI thread with numpy: the very numbers the worker's torch
job gives, so the picture does not depend on which of the two drew it."""

from __future__ import annotations

import numpy as np
import pytest

from linviz_gui.compute.direct import DirectContext
from linviz_gui.compute.explorer_jobs import (
    GUI_THREAD_MAX_POINTS,
    build_points,
    transform,
    transform_columns_here,
)
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2


@pytest.mark.parametrize("kind", ["gaussian", "circle"])
def test_numpy_here_gives_the_workers_points_bit_for_bit(kind: str) -> None:
    context = DirectContext()
    spec = DatasetSpec(kind=kind, n=GUI_THREAD_MAX_POINTS, seed=3)  # type: ignore[arg-type]
    points_t = np.ascontiguousarray(build_points(context, spec).points.T)
    rng = np.random.default_rng(0)
    for _ in range(30):
        w = Matrix2(*(float(v) for v in rng.normal(scale=3.0, size=4)))
        here = transform_columns_here(spec, w, points_t)
        there = transform(context, spec, w)
        assert here.points.dtype == there.points.dtype == np.float32
        np.testing.assert_array_equal(here.points, there.points)
        assert here.matrix == w and here.spec == spec
