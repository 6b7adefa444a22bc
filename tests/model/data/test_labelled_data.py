"""Labelled datasets: the course's spiral exactly, blobs that separate or overlap, validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from linviz_gui.model.data.labelled import (
    MAX_TRAINING_POINTS,
    LabelledSpec,
    check_labelled_count,
    course_spiral,
    make_labelled,
)
from linviz_gui.model.linear.matrix import InputError


def _course_spiral_by_hand(n: int, k_classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The course's loop, point by point: a = 0.8 t + 0.2, angle (2t + k) 2π/K + 0.2 noise."""
    torch.manual_seed(seed)
    points, labels = [], []
    for k in range(k_classes):
        t = torch.linspace(0, 1, n)
        noise = torch.randn(n)
        for i in range(n):
            a = 0.8 * float(t[i]) + 0.2
            angle = (2 * float(t[i]) + k) * 2 * math.pi / k_classes + 0.2 * float(noise[i])
            points.append((a * math.sin(angle), a * math.cos(angle)))
            labels.append(k)
    return np.array(points), np.array(labels)


@pytest.mark.parametrize(("n", "k"), [(100, 3), (50, 2), (30, 8)])
def test_the_spiral_is_the_course_formula(n: int, k: int) -> None:
    data = make_labelled(LabelledSpec("spirals", n * k, seed=4, classes=k))
    expected, labels = _course_spiral_by_hand(n, k, seed=4)
    np.testing.assert_allclose(data.points, expected, atol=1e-5)
    np.testing.assert_array_equal(data.labels, labels)
    assert data.class_names == tuple(str(c) for c in range(k))


def test_the_spiral_radius_runs_from_0_2_to_1() -> None:
    points, labels = course_spiral(200, 3, torch.Generator().manual_seed(0))
    radius = points.norm(dim=1).reshape(3, 200)
    np.testing.assert_allclose(radius[:, 0], 0.2, atol=1e-6)
    np.testing.assert_allclose(radius[:, -1], 1.0, atol=1e-6)
    assert labels.tolist() == [0] * 200 + [1] * 200 + [2] * 200


def test_the_same_seed_gives_the_same_points_and_another_seed_other_points() -> None:
    for kind in ("blobs", "xor", "circles", "spirals"):
        a = make_labelled(LabelledSpec(kind, 300, seed=1))
        b = make_labelled(LabelledSpec(kind, 300, seed=1))
        c = make_labelled(LabelledSpec(kind, 300, seed=2))
        np.testing.assert_array_equal(a.points, b.points)
        assert not np.array_equal(a.points, c.points)
        assert a.points.dtype == np.float32 and a.labels.dtype == np.int64


def _overlap(separation: float) -> float:
    """Fraction of points on the wrong side of the best line between the blob centres."""
    data = make_labelled(LabelledSpec("blobs", 2000, seed=0, separation=separation))
    along = (data.points - np.array([1.0, 0.5])) @ (np.array([1.0, 1.0]) / math.sqrt(2))
    return float(np.mean((along > 0) != (data.labels == 1)))


def test_blobs_separate_or_overlap_with_the_separation() -> None:
    assert _overlap(5.0) == 0.0
    assert _overlap(1.0) > 0.1


def test_xor_and_circles_are_labelled_as_their_names_say() -> None:
    xor = make_labelled(LabelledSpec("xor", 500))
    product = xor.points[:, 0] * xor.points[:, 1]
    np.testing.assert_array_equal(xor.labels, (product > 0).astype(np.int64))
    circles = make_labelled(LabelledSpec("circles", 500))
    radius = np.linalg.norm(circles.points, axis=1)
    assert radius[circles.labels == 0].max() <= 0.5 + 1e-6
    assert radius[circles.labels == 1].min() >= 0.7 - 1e-6


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"n": 1}, "N must be between 2 and 1,000,000"),
        ({"n": 10**6 + 1}, "N must be between 2 and 1,000,000"),
        ({"separation": -1.0}, "separation must be between 0 and 10"),
        ({"separation": float("nan")}, "separation must be a number"),
        ({"classes": 9}, "K (classes) must be between 2 and 8"),
        ({"seed": -1}, "seed must be between"),
        ({"kind": "moons"}, "unknown dataset 'moons'"),
    ],
)
def test_bad_specs_are_refused_by_name(changes: dict, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        LabelledSpec(**changes)


def test_the_classifier_takes_a_million_points_and_training_keeps_its_cap() -> None:
    assert check_labelled_count(10**6) == 10**6  # the Classifier's N field and its sessions
    assert LabelledSpec("blobs", 10**6).size == 10**6
    with pytest.raises(InputError, match="N must be between 2 and 20,000; got 20,001"):
        check_labelled_count(20_001, MAX_TRAINING_POINTS)  # the Training tab's N field
