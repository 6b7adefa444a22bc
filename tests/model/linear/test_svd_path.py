"""The SVD stages, the straight path, the easing, and the Gaussian's circles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from linviz_gui.model.easing import ease, ease_inverse
from linviz_gui.model.linear import matrix as mx
from linviz_gui.model.linear.analysis import analyze
from linviz_gui.model.linear.gaussian_circles import (
    circle_fractions,
    ellipse_points,
    expected_per_axis,
    expected_radial,
    sample_covariance,
)
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.linear.svd_path import (
    check_p,
    path_matrix,
    singular_crossings,
    stage_boundaries,
    stage_name,
    straight_matrix,
    svd_stage_matrix,
    transform_columns,
    transform_rows,
)

MATRICES = [
    mx.seed_example(),
    Matrix2(0, 0, 0, 0),
    mx.rotation(120),
    mx.reflection(20),
    mx.projection(30),
    mx.shear(1.5),
    Matrix2(2, 0, 0, -1),
    Matrix2(-3, 1, 0.5, 2),
]


@pytest.mark.parametrize("w", MATRICES, ids=lambda w: w.to_text())
def test_stages_are_identity_vt_svt_and_exactly_w(w: Matrix2) -> None:
    a = analyze(w)
    vh, s = np.array(a.Vh), np.array(a.S)
    np.testing.assert_allclose(svd_stage_matrix(a, 0), np.eye(2), atol=1e-15)
    np.testing.assert_allclose(svd_stage_matrix(a, 1), vh, atol=1e-15)
    np.testing.assert_allclose(svd_stage_matrix(a, 2), np.diag(s) @ vh, atol=1e-15)
    assert (svd_stage_matrix(a, 3) == np.array(w.rows)).all()
    assert (path_matrix(a, "svd", 1.0) == np.array(w.rows)).all()
    assert (path_matrix(a, "straight", 1.0) == np.array(w.rows)).all()


@pytest.mark.parametrize("w", MATRICES, ids=lambda w: w.to_text())
def test_stages_move_continuously(w: Matrix2) -> None:
    a = analyze(w)
    ts = np.linspace(0, 3, 3001)
    frames = np.array([svd_stage_matrix(a, t) for t in ts])
    jumps = np.abs(np.diff(frames, axis=0)).max()
    assert jumps < 0.01 * max(1.0, a.S[0])


def test_a_reflection_stage_is_a_flip_that_goes_flat_half_way() -> None:
    a = analyze(mx.seed_example())  # V and U are both reflections
    dets = [np.linalg.det(svd_stage_matrix(a, t)) for t in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert dets[0] == pytest.approx(1) and dets[2] == pytest.approx(0, abs=1e-12)
    assert dets[4] == pytest.approx(-1)
    rotation = analyze(mx.rotation(120))
    for t in np.linspace(0, 1, 11):
        assert np.linalg.det(svd_stage_matrix(rotation, t)) == pytest.approx(1)


def test_stage_names() -> None:
    assert stage_name(0) == "stage 0: X"
    assert stage_name(2) == "stage 2: S VᵀX"
    assert stage_name(3) == "stage 3: U S VᵀX = W X"
    assert stage_name(1.5) == "stage 1.50: from VᵀX to S VᵀX"


def test_notebook_easing_is_the_notebooks_formula() -> None:
    steps, p = 150, 0.5
    for t in range(steps):
        expected = ((p + 1) ** (t / (steps - 1)) - 1) / p
        assert ease(t / (steps - 1), "notebook", p) == pytest.approx(expected)
    assert ease(0, "notebook", p) == 0 and ease(1, "notebook", p) == 1
    assert ease(0.5, "notebook", 100) < 0.5 < ease(0.5, "notebook", 100) + 0.5
    assert ease(0.3, "linear") == 0.3
    for a in (0.0, 0.2, 0.7, 1.0):
        assert ease(ease_inverse(a, "notebook", 3.0), "notebook", 3.0) == pytest.approx(a)


@pytest.mark.parametrize("bad", [0, -1, 1001, float("nan"), "2", True])
def test_easing_p_is_checked(bad: object) -> None:
    with pytest.raises(InputError, match="easing p"):
        check_p(bad)


def test_straight_path_singular_points() -> None:
    assert singular_crossings(Matrix2(2, 0, 0, -1)) == [pytest.approx(0.5)]
    assert singular_crossings(mx.seed_example()) == []
    assert singular_crossings(Matrix2(-1, 0, 0, -1)) == [pytest.approx(0.5)]  # touches 0
    assert singular_crossings(Matrix2(0, 0, 0, 0)) == [1.0]
    assert singular_crossings(mx.rotation(90)) == []
    assert stage_boundaries("straight", Matrix2(2, 0, 0, -1)) == [0.0, pytest.approx(0.5), 1.0]


def test_straight_path_crossings_match_a_sign_scan() -> None:
    rng = np.random.default_rng(3)
    a_values = np.linspace(0, 1, 20001)
    for _ in range(200):
        w = Matrix2(*map(float, rng.normal(size=4) * 2))
        (p, q), (r, s) = w.rows
        dets = ((1 - a_values) + a_values * p) * ((1 - a_values) + a_values * s) - (
            a_values**2 * q * r
        )
        sign_changes = np.flatnonzero(np.diff(np.sign(dets)) != 0)
        found = singular_crossings(w)
        for index in sign_changes:
            assert any(abs(r - a_values[index]) < 1e-3 for r in found), (w, found)
        for r in found:
            assert abs(np.linalg.det(straight_matrix(w, r))) < 1e-9


def test_transform_rows_is_points_times_m_transposed() -> None:
    x = np.array([[0.0, 4.0], [0.5, 5.0]], np.float32)
    m = np.array(mx.seed_example().rows)
    np.testing.assert_allclose(transform_rows(x, m), x @ m.T, rtol=1e-6)


def test_transform_columns_matches_float32_products_then_sum_in_contiguous_columns() -> None:
    # The scrubber's frames must be the explorer's arithmetic bit for bit (product, product,
    # sum, each in float32), hostile values included; columns come contiguous so that the
    # point cloud takes them without a copy.
    rng = np.random.default_rng(3)
    x = rng.normal(size=1001).astype(np.float32) * np.float32(1e3)
    y = rng.normal(size=1001).astype(np.float32)
    x[:4] = [np.nan, np.inf, -np.inf, 3e38]
    m = np.array([[0.37, -1.25], [2.5e-3, 7.0]])
    m32 = m.astype(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):
        out = transform_columns(x, y, m)
        for i in (0, 1):
            expected = (x * m32[i, 0]) + (y * m32[i, 1])
            np.testing.assert_array_equal(out[:, i], expected)
    assert out.shape == (1001, 2) and out.dtype == np.float32
    assert out[:, 0].flags.c_contiguous and out[:, 1].flags.c_contiguous
    assert transform_columns(x[:0], y[:0], m).shape == (0, 2)


def test_gaussian_circle_fractions() -> None:
    assert [round(100 * expected_radial(r), 1) for r in (1, 2, 3)] == [39.3, 86.5, 98.9]
    assert [round(100 * expected_per_axis(r), 1) for r in (1, 2, 3)] == [68.3, 95.4, 99.7]
    x = np.random.default_rng(0).normal(size=(200_000, 2))
    fractions = circle_fractions(x)
    np.testing.assert_allclose(fractions.observed_radial, fractions.expected_radial, atol=0.005)
    np.testing.assert_allclose(fractions.observed_per_axis, fractions.expected_per_axis, atol=0.005)
    assert circle_fractions(np.zeros((0, 2))).observed_radial == (0.0, 0.0, 0.0)


def test_covariance_of_y_approaches_w_w_transposed() -> None:
    w = np.array(mx.seed_example().rows)
    x = np.random.default_rng(1).normal(size=(200_000, 2))
    np.testing.assert_allclose(sample_covariance(x @ w.T), w @ w.T, atol=0.01)
    assert sample_covariance(np.zeros((1, 2))) == ((0.0, 0.0), (0.0, 0.0))


def test_ellipse_semi_axes_are_the_singular_values() -> None:
    a = analyze(mx.seed_example())
    radii = np.hypot(*ellipse_points(np.array(a.matrix.rows), samples=20001).T)
    assert radii.max() == pytest.approx(a.S[0], abs=1e-6)
    assert radii.min() == pytest.approx(a.S[1], abs=1e-6)
    assert math.isclose(np.hypot(*ellipse_points(np.eye(2), 2.0)[0]), 2.0)
