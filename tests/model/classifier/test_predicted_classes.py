"""The two-class prediction is sign(w · x + b) as ``classify`` states it, boundary included."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.model.classifier.hyperplane import LinearParams, classify, predicted_classes

finite = st.floats(-10, 10, allow_nan=False, width=32)


def _by_sign(points: np.ndarray, params: LinearParams) -> np.ndarray:
    signs = classify(points, params.w, params.b)
    return np.where(signs > 0, 1, np.where(signs < 0, 0, -1))


@settings(max_examples=60, deadline=None)
@given(wx=finite, wy=finite, b=finite, seed=st.integers(0, 2**16))
def test_classes_are_the_signs_of_the_scores(wx: float, wy: float, b: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.normal(0, 3, (300, 2)).astype(np.float32)
    params = LinearParams.binary((wx, wy), b)
    np.testing.assert_array_equal(predicted_classes(points, params), _by_sign(points, params))


def test_a_point_on_the_line_is_in_neither_class() -> None:
    params = LinearParams.binary((1.0, -1.0), 0.0)
    points = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]], np.float32)
    assert predicted_classes(points, params).tolist() == [-1, 1, 0]


@settings(max_examples=15, deadline=None)
@given(wx=st.integers(-4, 4), wy=st.integers(-4, 4), b=st.integers(-8, 8), seed=st.integers(0, 99))
def test_many_points_some_on_the_line_take_the_signs_of_the_scores(
    wx: int, wy: int, b: int, seed: int
) -> None:
    """Over several blocks of rows, with quarter-unit points so that many sit exactly on the
    line: each point's class and slot are those of sign(scores), the black ones included."""
    from linviz_gui.model.classifier.hyperplane import PREDICTION_BLOCK, predicted_slots, scores

    rng = np.random.default_rng(seed)
    n = 2 * PREDICTION_BLOCK + int(rng.integers(1, PREDICTION_BLOCK))
    points = (rng.integers(-12, 12, (n, 2)) / 4).astype(np.float32)
    points[rng.integers(0, n, 3)] = np.nan
    params = LinearParams.binary((wx / 2, wy / 2), b / 4)
    signs = np.sign(scores(points, params)[:, 0])
    expected = np.where(signs > 0, 1, np.where(signs < 0, 0, -1))
    np.testing.assert_array_equal(predicted_classes(points, params), expected)
    np.testing.assert_array_equal(predicted_slots(points, params), expected + 1)
    assert (expected == -1).any()  # black dots to get right (NaN ones at least)
