"""sign(w · x + b), the hyperplane's geometry, and its invariance under scaling w and b together."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from linviz_gui.model.classifier.hyperplane import (
    DegenerateHyperplane,
    LinearParams,
    accuracy,
    bias_through,
    classify,
    decision_map,
    hyperplane,
    predicted_classes,
    scaling_comparison,
)
from linviz_gui.model.linear.matrix import InputError


def test_classify_has_three_outcomes() -> None:
    points = np.array([[2.0, 0.0], [1.0, 5.0], [-3.0, 1.0]])
    np.testing.assert_array_equal(classify(points, (1.0, 0.0), -1.0), [1, 0, -1])


def test_the_hyperplane_is_perpendicular_to_w_at_distance_b_over_norm_w() -> None:
    plane = hyperplane((3.0, 4.0), 10.0)
    assert plane.distance == pytest.approx(2.0)
    assert plane.w_norm == pytest.approx(5.0)
    assert plane.foot == pytest.approx((-1.2, -1.6))
    assert 3.0 * plane.direction[0] + 4.0 * plane.direction[1] == pytest.approx(0.0)
    for t in (-5.0, 0.0, 7.0):
        x = (plane.foot[0] + t * plane.direction[0], plane.foot[1] + t * plane.direction[1])
        assert 3.0 * x[0] + 4.0 * x[1] + 10.0 == pytest.approx(0.0, abs=1e-9)


def test_w_zero_has_no_hyperplane_and_says_why() -> None:
    with pytest.raises(DegenerateHyperplane, match=r"w = 0.*no hyperplane.*classified \+1"):
        hyperplane((0.0, 0.0), 2.0)
    np.testing.assert_array_equal(classify(np.array([[1.0, 1.0]]), (0.0, 0.0), 2.0), [1])


finite = st.floats(-50, 50, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


@given(wx=finite, wy=finite, b=st.floats(-50, 50), factor=st.floats(0.01, 20))
def test_scaling_w_and_b_together_leaves_the_hyperplane_in_place(wx, wy, b, factor) -> None:
    before = hyperplane((wx, wy), b)
    params = LinearParams.binary((wx, wy), b).scaled(factor, bias_too=True)
    after = hyperplane(params.w, params.b)
    assert after.distance == pytest.approx(before.distance, rel=1e-9, abs=1e-9)
    assert after.foot == pytest.approx(before.foot, rel=1e-9, abs=1e-9)
    points = np.random.default_rng(0).normal(size=(50, 2)) * 10
    np.testing.assert_array_equal(
        classify(points, params.w, params.b), classify(points, (wx, wy), b)
    )


def test_scaling_w_alone_moves_the_hyperplane() -> None:
    params = LinearParams.binary((1.0, 1.0), 2.0)
    scaled = params.scaled(2.0, bias_too=False)
    assert hyperplane(scaled.w, scaled.b).distance == pytest.approx(
        hyperplane(params.w, params.b).distance / 2
    )


def test_bias_through_puts_the_line_through_the_point() -> None:
    b = bias_through((2.0, -1.0), (3.0, 4.0))
    assert 2.0 * 3.0 - 1.0 * 4.0 + b == 0.0


def test_k_class_prediction_is_the_largest_score_and_accuracy_counts_it() -> None:
    params = LinearParams.spread(3)
    points = np.array([[1.0, 0.0], [-0.5, 0.8], [-0.5, -0.8]])
    np.testing.assert_array_equal(predicted_classes(points, params), [0, 1, 2])
    assert accuracy(points, np.array([0, 1, 1]), params) == pytest.approx(2 / 3)


def test_a_point_on_the_line_is_never_counted_right() -> None:
    params = LinearParams.binary((1.0, 0.0), 0.0)
    points = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_array_equal(predicted_classes(points, params), [-1, 1])
    assert accuracy(points, np.array([0, 1]), params) == 0.5


def test_decision_map_rows_go_up_in_y() -> None:
    params = LinearParams.binary((0.0, 1.0), 0.0)  # class 1 above the x axis
    grid = decision_map(params, (-1.0, 1.0), (-1.0, 1.0), 4, 4)
    assert grid[0].tolist() == [0, 0, 0, 0] and grid[-1].tolist() == [1, 1, 1, 1]


@pytest.mark.parametrize(
    ("weights", "bias", "message"),
    [
        (((math.nan, 0.0),), (0.0,), "w\\[0\\] must be a number; got NaN"),
        (((1.0, 0.0),), (1e9,), "b must be between -1000 and 1000"),
        (((1.0, 0.0), (0.0, 1.0)), (0.0,), "one bias per weight row"),
        (((1.0, 0.0), (0.0, math.inf)), (0.0, 0.0), "w_1\\[1\\] must be finite"),
    ],
)
def test_bad_parameters_are_refused_by_name(weights, bias, message) -> None:
    with pytest.raises(InputError, match=message):
        LinearParams(weights, bias)


def test_the_scaling_comparison_says_what_happened() -> None:
    params = LinearParams.binary((3.0, 4.0), 10.0)
    both = scaling_comparison(params, params.scaled(2.0, bias_too=True), 2.0, True)
    assert both == "w and b × 2: |b| / ‖w‖ 2 → 2; the hyperplane stays where it is (dashed: before)"
    alone = scaling_comparison(params, params.scaled(0.5, bias_too=False), 0.5, False)
    assert alone == "w only ÷ 2: |b| / ‖w‖ 2 → 4; the hyperplane moved (dashed: before)"
    zero = LinearParams.binary((0.0, 0.0), 1.0)
    assert "no hyperplane" in scaling_comparison(zero, zero.scaled(2.0, bias_too=True), 2.0, True)
