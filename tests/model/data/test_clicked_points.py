"""Clicked points: adding, removing the nearest, and refusing nonsense with its value named."""

from __future__ import annotations

import numpy as np
import pytest

from linviz_gui.model.data.clicked_points import ClickedPoints, check_click_class
from linviz_gui.model.linear.matrix import InputError


def test_points_are_added_in_order_with_their_class() -> None:
    clicks = ClickedPoints.empty().with_point(0.5, -0.25, 0).with_point(1.0, 1.0, 2)
    assert clicks.points.tolist() == [[0.5, -0.25], [1.0, 1.0]]
    assert clicks.labels.tolist() == [0, 2]
    assert clicks.classes == 3  # classes 0, 1 and 2: the net needs three outputs


def test_removing_takes_the_nearest_point_and_keeps_the_class_count() -> None:
    clicks = ClickedPoints.empty().with_point(0, 0, 0).with_point(1, 1, 1).with_point(5, 5, 4)
    fewer, index = clicks.without_nearest(4.0, 4.5)
    assert index == 2
    assert fewer.points.tolist() == [[0, 0], [1, 1]]
    assert fewer.classes == 5  # removing the only class-4 point leaves the net's width valid
    empty, none = ClickedPoints.empty().without_nearest(0, 0)
    assert none == -1 and empty.size == 0


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: ClickedPoints.empty().with_point(float("nan"), 0.0, 0), "nan"),
        (lambda: ClickedPoints.empty().with_point(2e6, 0.0, 0), "2e"),
        (lambda: ClickedPoints.empty().with_point(0.0, 0.0, 8), "1 to 8; got 9"),
        (lambda: check_click_class(-1), "got 0"),
        (lambda: check_click_class(True), "True"),
        (lambda: ClickedPoints.checked([[0, 0], [1, "x"]], [0, 1], 2), "pairs of numbers"),
        (lambda: ClickedPoints.checked([[0, 0], [1, 1]], [0, 2], 2), "point 2 has class 2"),
        (lambda: ClickedPoints.checked([[0, 0], [1, 1]], [0, 0.5], 2), "class 0.5"),
        (lambda: ClickedPoints.checked([[0, 0]], [0], 9), "'classes' must be 2 to 8"),
        (lambda: ClickedPoints.checked([[0, float("inf")]], [0], 2), "point 1 must be finite"),
    ],
)
def test_nonsense_is_refused_naming_the_value(build, named) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=named):
        build()


def test_checked_clicks_read_back_as_they_were() -> None:
    clicks = ClickedPoints.checked([[0.25, -1.5], [3.0, 4.0]], [1, 0], 3)
    assert clicks.points.dtype == np.float32 and clicks.labels.tolist() == [1, 0]
    assert clicks.classes == 3 and clicks.size == 2
