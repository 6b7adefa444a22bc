import numpy as np
import pytest

from linviz_gui.render.raster import disc_offsets, rasterize
from linviz_gui.render.view_fit import Box, fitted, needs_refit

RED, GREEN = 0xFFFF0000, 0xFF00FF00


def test_dot_is_a_disc_of_the_radius() -> None:
    image = rasterize(np.array([5.0]), np.array([5.0]), np.array([RED], np.uint32), 11, 11, 2.5)
    assert (image == RED).sum() == len(disc_offsets(2.5)) == 21
    assert image[5, 5] == RED and image[5, 7] == RED and image[7, 7] == 0


def test_later_points_are_drawn_on_top() -> None:
    colours = np.array([RED, GREEN], np.uint32)
    image = rasterize(np.array([5.0, 6.0]), np.array([5.0, 5.0]), colours, 12, 12, 2.0)
    assert image[5, 6] == GREEN and image[5, 3] == RED


def test_points_partly_outside_are_clipped_not_lost() -> None:
    colours = np.array([RED], np.uint32)
    image = rasterize(np.array([-1.0]), np.array([0.0]), colours, 6, 6, 1.5)
    assert image[0, 0] == RED and image[5, 5] == 0
    far = rasterize(np.array([1e9]), np.array([-1e9]), colours, 6, 6, 1.5)
    assert not far.any()


def test_many_points_fill_the_image_where_they_are() -> None:
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 100, size=(100_000, 2)).astype(np.float32)
    image = rasterize(xy[:, 0], xy[:, 1], np.full(len(xy), RED, np.uint32), 100, 50, 1.0)
    assert image.shape == (50, 100)
    assert (image == RED).mean() > 0.99


def test_view_refits_only_when_content_leaves_or_shrinks() -> None:
    view = Box(-4, 4, -4, 4)
    assert not needs_refit(view, Box(-3, 3, -3, 3.1))
    assert needs_refit(view, Box(-3, 5, -3, 3))
    assert needs_refit(view, Box(-0.5, 0.5, -0.5, 0.5))
    fit = fitted(Box(-1, 3, 0, 2))
    assert fit.contains(Box(-1, 3, 0, 2)) and not needs_refit(fit, Box(-1, 3, 0, 2))


def test_unit_circle_image_has_the_singular_values_as_semi_axes() -> None:
    from linviz_gui.model.matrix import seed_example
    from linviz_gui.render.ellipse import semi_axes, unit_circle_image

    w = seed_example()
    radii = np.linalg.norm(unit_circle_image(w, 3601), axis=1)
    assert radii.max() == pytest.approx(1.0115, abs=1e-3)
    assert radii.min() == pytest.approx(0.3292, abs=1e-3)
    axes = semi_axes(w)
    assert np.linalg.norm(axes[1]) == pytest.approx(1.0115, abs=1e-4)
    assert np.linalg.norm(axes[3]) == pytest.approx(0.3292, abs=1e-4)
