"""The analysis of W against the seed's printed numbers and against numpy."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.model.linear import matrix as mx
from linviz_gui.model.linear.analysis import analyze, fmt, orthogonal_label
from linviz_gui.model.linear.matrix import Matrix2

DEGENERATE = [
    Matrix2(0, 0, 0, 0),  # zero matrix
    Matrix2(1, 0, 0, 1),  # identity: s1 = s2
    Matrix2(2, 0, 0, 2),  # scalar: s1 = s2, every direction an eigenvector
    mx.rotation(30),  # s1 = s2, complex eigenvalues
    mx.reflection(20),  # s1 = s2, det -1
    mx.projection(0),  # s2 = 0
    mx.projection(30),  # s2 = 0 up to rounding
    Matrix2(1, 2, 2, 4),  # rank 1
    Matrix2(0, 1, 0, 0),  # nilpotent: rank 1, eigenvalue 0 twice, defective
    mx.shear(1),  # defective
    Matrix2(2, 0, 0, -1),  # negative det, real eigenvalues of both signs
    Matrix2(0, 1, 1, 0),  # swap: reflection
    Matrix2(-1, 0, 0, -1),  # rotation by 180
    Matrix2(1e-9, 0, 0, 1),  # nearly singular
    Matrix2(1000, -1000, 1000, 1000),
]


def _random_matrices(count: int = 150) -> list[Matrix2]:
    rng = np.random.default_rng(7)
    return [
        Matrix2(*map(float, rng.normal(size=4) * rng.choice([0.1, 1, 10]))) for _ in range(count)
    ]


def _texts(a) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.u_label.text, a.v_label.text, a.svd_note, a.eigen_text, *a.notes]


def test_the_seed_example_gives_the_seeds_numbers_and_two_reflections() -> None:
    a = analyze(mx.seed_example())
    np.testing.assert_allclose(a.S, [1.0115, 0.3292], atol=5e-5)
    np.testing.assert_allclose(a.U, [[0.9990, 0.0449], [0.0449, -0.9990]], atol=5e-5)
    np.testing.assert_allclose(a.V, [[0.3265, 0.9452], [0.9452, -0.3265]], atol=5e-5)
    assert fmt(a.det) == "0.3330"
    assert a.u_label.kind == "reflection" and a.v_label.kind == "reflection"
    assert a.u_label.text == "reflection across the line at 1.3°, det −1"
    assert a.v_label.text == "reflection across the line at 35.5°, det −1"
    assert a.reconstruction_error < 1e-12
    assert a.rank == 2 and a.invertible and a.condition == pytest.approx(3.0728, abs=1e-4)
    # complex pair: a rotation by arg(λ) and a scaling by |λ| = sqrt(det)
    assert not a.eigenpairs[0].is_real
    assert "rotates by 64.6°" in a.eigen_text and "scales by 0.5770" in a.eigen_text


def _check_against_numpy(w: Matrix2) -> None:
    a = analyze(w)
    m = np.array(w.rows)
    scale = max(1.0, float(np.abs(m).max()))
    np.testing.assert_allclose(a.S, np.linalg.svd(m, compute_uv=False), atol=1e-12 * scale)
    assert a.det == pytest.approx(np.linalg.det(m), abs=1e-12 * scale**2)
    assert a.trace == pytest.approx(np.trace(m))
    assert a.rank == np.linalg.matrix_rank(m)
    if a.rank == 2:
        assert a.condition == pytest.approx(np.linalg.cond(m), rel=1e-6)
    else:
        assert math.isinf(a.condition) and not a.invertible
    u, s, vh = np.array(a.U), np.array(a.S), np.array(a.Vh)
    np.testing.assert_allclose(u @ np.diag(s) @ vh, m, atol=1e-9 * scale)
    assert a.reconstruction_error <= 1e-9 * scale
    for q, label in ((u, a.u_label), (vh.T, a.v_label)):
        np.testing.assert_allclose(q @ q.T, np.eye(2), atol=1e-9)
        assert label.det == pytest.approx(np.linalg.det(q))
        assert (label.kind == "rotation") == (np.linalg.det(q) > 0)
        rebuilt = (
            mx.rotation(label.angle) if label.kind == "rotation" else mx.reflection(label.angle)
        )
        np.testing.assert_allclose(np.array(rebuilt.rows), q, atol=1e-9)
    ours = [complex(p.real, p.imag) for p in a.eigenpairs]
    theirs = list(np.linalg.eigvals(m))
    np.testing.assert_allclose(
        sorted(z.real for z in ours), sorted(z.real for z in theirs), atol=1e-6 * scale
    )
    np.testing.assert_allclose(
        sorted(abs(z.imag) for z in ours), sorted(abs(z.imag) for z in theirs), atol=1e-6 * scale
    )
    for pair in a.eigenpairs:
        vec = np.array([complex(*pair.vector[0]), complex(*pair.vector[1])])
        lam = complex(pair.real, pair.imag)
        np.testing.assert_allclose(m @ vec, lam * vec, atol=1e-6 * scale)
    for value, v in a.real_eigenvectors:
        np.testing.assert_allclose(m @ np.array(v), value * np.array(v), atol=1e-6 * scale)
    for text in _texts(a):
        assert "nan" not in text.lower() and "-0.0000" not in text
    json.dumps(a.to_dict(), allow_nan=False)


@pytest.mark.parametrize("w", DEGENERATE, ids=lambda w: w.to_text())
def test_degenerate_matrices_agree_with_numpy_and_read_clearly(w: Matrix2) -> None:
    _check_against_numpy(w)


def test_random_matrices_agree_with_numpy() -> None:
    for w in _random_matrices():
        _check_against_numpy(w)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=4, max_size=4))
def test_small_integer_matrices_agree_with_numpy(entries: list[int]) -> None:
    _check_against_numpy(Matrix2(*map(float, entries)))


def test_degenerate_wording() -> None:
    zero = analyze(Matrix2(0, 0, 0, 0))
    assert zero.rank == 0 and zero.S == (0.0, 0.0)
    assert "zero matrix" in zero.svd_note and "zero matrix" in zero.eigen_text
    assert zero.to_dict()["condition"] is None
    rot = analyze(mx.rotation(30))
    assert "not unique" in rot.svd_note
    assert rot.v_label.text.startswith("rotation by 0°") and rot.u_label.text.startswith(
        "rotation by 30.0°"
    )
    proj = analyze(mx.projection(30))
    assert proj.rank == 1 and "s₂ = 0" in proj.svd_note and "squashed" in proj.eigen_text
    assert "defective" in analyze(mx.shear(1)).eigen_text
    flip = analyze(Matrix2(2, 0, 0, -1))
    assert flip.det == -2.0 and "flipped" in flip.eigen_text
    assert "every direction" in analyze(Matrix2(2, 0, 0, 2)).eigen_text


@pytest.mark.parametrize("angle", [-179.0, -90.0, -30.0, 0.0, 45.0, 90.0, 180.0])
def test_rotation_and_reflection_angles_read_back(angle: float) -> None:
    rotation = orthogonal_label(mx.rotation(angle).rows)
    assert rotation.kind == "rotation"
    assert math.isclose(math.cos(math.radians(rotation.angle - angle)), 1.0)
    reflection = orthogonal_label(mx.reflection(angle / 2).rows)
    assert reflection.kind == "reflection" and -90 < reflection.angle <= 90
    assert math.isclose(math.cos(math.radians(2 * (reflection.angle - angle / 2))), 1.0)


def test_fmt_never_prints_minus_zero_or_nan() -> None:
    assert fmt(-0.00001) == "0.0000"
    assert fmt(float("nan")) == "undefined"
    assert fmt(float("inf")) == "∞"
