"""Clicked points: adding, removing the nearest, and refusing nonsense with its value named."""

from __future__ import annotations

import numpy as np
import pytest

from linviz_gui.model.data.clicked_points import (
    check_click_class,
    clicked_data,
    with_point,
    without_nearest,
)
from linviz_gui.model.linear.matrix import InputError


def test_points_are_added_in_order_with_their_class() -> None:
    data = with_point(None, 0.5, -0.25, 0)
    data = with_point(data, 1.0, 1.0, 2)
    assert data.points.tolist() == [[0.5, -0.25], [1.0, 1.0]]
    assert data.labels.tolist() == [0, 2]
    assert data.class_count == 3  # classes 0, 1 and 2: the net needs three outputs


def test_removing_takes_the_nearest_point_and_keeps_the_class_count() -> None:
    data = with_point(with_point(with_point(None, 0, 0, 0), 1, 1, 1), 5, 5, 4)
    fewer, index = without_nearest(data, 4.0, 4.5)
    assert index == 2
    assert fewer.points.tolist() == [[0, 0], [1, 1]]
    assert fewer.class_count == 5  # removing the only class-4 point leaves the net's width valid
    empty, none = without_nearest(clicked_data(np.zeros((0, 2)), np.zeros(0)), 0, 0)
    assert none == -1 and empty.size == 0


def test_equal_sets_share_a_key_and_different_sets_do_not() -> None:
    a = with_point(None, 0.1, 0.2, 1)
    b = with_point(None, 0.1, 0.2, 1)
    c = with_point(None, 0.1, 0.2, 0)
    assert a.key == b.key != c.key


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: with_point(None, float("nan"), 0.0, 0), "nan"),
        (lambda: with_point(None, 2000.0, 0.0, 0), "2000"),
        (lambda: with_point(None, 0.0, 0.0, 8), "1 to 8; got 9"),
        (lambda: check_click_class(-1), "got 0"),
        (lambda: clicked_data(np.zeros((3, 2)), np.zeros(2)), "3 clicked points but 2"),
    ],
)
def test_nonsense_is_refused_naming_the_value(build, named) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=named):
        build()
