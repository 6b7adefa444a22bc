"""The one implementation of the course notebook's easing."""

from __future__ import annotations

import numpy as np
import pytest

from linviz_gui.model.easing import ease, ease_inverse, ease_step, eased_fractions, mix


def test_the_notebook_formula_frame_by_frame() -> None:
    steps, p = 150, 0.001
    fractions = eased_fractions(steps, "notebook", p)
    assert len(fractions) == steps
    for t in (1, 75, 148):
        expected = ((p + 1) ** (t / (steps - 1)) - 1) / p
        assert fractions[t] == pytest.approx(expected, abs=1e-12)
        assert ease_step(t, steps, "notebook", p) == fractions[t]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0  # the last frame is the target itself
    assert np.all(np.diff(fractions) > 0)


def test_linear_and_the_p_to_zero_limit_are_the_time_fraction() -> None:
    assert list(eased_fractions(5, "linear")) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert list(eased_fractions(5, "notebook", 0.0)) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert ease(0.5, "notebook", 1e-9) == pytest.approx(0.5, abs=1e-6)


def test_large_p_starts_slowly_and_negative_p_starts_fast() -> None:
    assert ease(0.5, "notebook", 100.0) < 0.1
    assert ease(0.5, "notebook", -0.9) > 0.7


def test_time_is_clamped_and_inverse_undoes_the_easing() -> None:
    assert ease(-0.5, "notebook", 3.0) == 0.0 and ease(2.0, "notebook", 3.0) == 1.0
    for a in (0.0, 0.1, 0.5, 0.9, 1.0):
        assert ease(ease_inverse(a, "notebook", 3.0), "notebook", 3.0) == pytest.approx(a)
        assert ease_inverse(a, "linear") == a


def test_mix_goes_from_start_to_end_in_float32() -> None:
    start = np.zeros((3, 2), np.float32)
    end = np.full((3, 2), 4.0, np.float32)
    assert mix(start, end, 0.25).dtype == np.float32
    np.testing.assert_array_equal(mix(start, end, 0.25), np.ones((3, 2)))
    np.testing.assert_array_equal(mix(start, end, 0.0), start)
    np.testing.assert_array_equal(mix(start, end, 1.0), end)
