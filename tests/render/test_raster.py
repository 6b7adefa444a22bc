import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.render.raster import (
    Rasterizer,
    _cheaper_method,
    disc_offsets,
    disc_rows,
    priority_keys,
    rasterize,
)
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
    from linviz_gui.model.linear.matrix import seed_example
    from linviz_gui.render.ellipse import semi_axes, unit_circle_image

    w = seed_example()
    radii = np.linalg.norm(unit_circle_image(w, 3601), axis=1)
    assert radii.max() == pytest.approx(1.0115, abs=1e-3)
    assert radii.min() == pytest.approx(0.3292, abs=1e-3)
    axes = semi_axes(w)
    assert np.linalg.norm(axes[1]) == pytest.approx(1.0115, abs=1e-4)
    assert np.linalg.norm(axes[3]) == pytest.approx(0.3292, abs=1e-4)


# The two drawing paths and the buffers a canvas reuses ------------------------------------


def _painted_in_order(px, py, argb, width, height, radius) -> np.ndarray:
    """The reference picture: each dot painted in turn over the earlier ones, pixel by pixel."""
    image = np.zeros((height, width), np.uint32)
    for x, y, colour in zip(px, py, argb, strict=True):
        if not (np.isfinite(x) and np.isfinite(y)) or abs(x) > 1e6 or abs(y) > 1e6:
            continue
        cx, cy = round(float(x)), round(float(y))
        for dy, dx in disc_offsets(radius):
            r, c = cy + dy, cx + dx
            if 0 <= r < height and 0 <= c < width:
                image[r, c] = colour
    return image


# Quarter pixels plus an eighth: never a tie between two pixels, so rounding is unambiguous.
coordinate = st.one_of(
    st.integers(-48, 160).map(lambda k: k / 4 + 0.125),
    st.sampled_from([np.nan, np.inf, -np.inf, 1e9, -1e9]),
)


@settings(max_examples=150, deadline=None)
@given(
    points=st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=40),
    width=st.integers(1, 30),
    height=st.integers(1, 30),
    radius=st.sampled_from([0.0, 0.7, 1.0, 1.5, 2.5, 3.2, 4.0]),
    seed=st.integers(0, 2**16),
)
def test_splat_and_dilate_paint_what_a_painter_would(points, width, height, radius, seed) -> None:
    xy = np.array(points, np.float32)
    argb = np.random.default_rng(seed).integers(1, 2**32, len(xy), dtype=np.uint32)
    expected = _painted_in_order(xy[:, 0], xy[:, 1], argb, width, height, radius)
    for method in ("splat", "dilate", "auto"):
        image = rasterize(xy[:, 0], xy[:, 1], argb, width, height, radius, method)
        np.testing.assert_array_equal(image, expected, err_msg=method)


def test_both_paths_agree_on_a_dense_cloud() -> None:
    rng = np.random.default_rng(1)
    xy = rng.normal(40, 25, size=(20_000, 2)).astype(np.float32)
    argb = rng.integers(1, 2**32, len(xy), dtype=np.uint32)
    splat = rasterize(xy[:, 0], xy[:, 1], argb, 90, 70, 2.5, "splat")
    dilate = rasterize(xy[:, 0], xy[:, 1], argb, 90, 70, 2.5, "dilate")
    np.testing.assert_array_equal(splat, dilate)
    assert (splat != 0).mean() > 0.5


def test_a_reused_rasterizer_draws_each_frame_afresh() -> None:
    rasterizer = Rasterizer()
    out = np.zeros((20, 30), np.uint32)
    colours = np.array([RED, GREEN], np.uint32)
    for method in ("splat", "dilate"):
        first = rasterizer.rasterize(
            np.array([3.0, 25.0]), np.array([3.0, 15.0]), colours, 30, 20, 2.0, method, out=out
        )
        assert first[3, 3] == RED and first[15, 25] == GREEN
        second = rasterizer.rasterize(
            np.array([10.0]), np.array([10.0]), colours[:1], 30, 20, 2.0, method, out=out
        )
        assert second is out and second[3, 3] == 0 and second[10, 10] == RED
        np.testing.assert_array_equal(
            second, rasterize(np.array([10.0]), np.array([10.0]), colours[:1], 30, 20, 2.0)
        )


def test_the_cheaper_path_is_chosen_by_how_many_points_there_are() -> None:
    assert _cheaper_method(1_000, 800 * 800, 2.5) == "splat"
    assert _cheaper_method(1_000_000, 800 * 800, 2.5) == "dilate"


def test_disc_rows_cover_the_disc_exactly() -> None:
    for radius in (0.0, 1.0, 2.5, 6.0):
        covered = {(dy, dx) for dy, half in disc_rows(radius) for dx in range(-half, half + 1)}
        assert covered == set(disc_offsets(radius))


def test_an_unknown_method_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="'fast'"):
        rasterize(np.array([1.0]), np.array([1.0]), np.array([RED], np.uint32), 4, 4, 1, "fast")


def test_pixel_indices_past_float32_precision_take_the_integer_route(monkeypatch) -> None:
    import linviz_gui.render.raster as raster

    rng = np.random.default_rng(2)
    xy = rng.uniform(-5, 45, size=(3_000, 2)).astype(np.float32)
    argb = rng.integers(1, 2**32, len(xy), dtype=np.uint32)
    expected = {m: rasterize(xy[:, 0], xy[:, 1], argb, 40, 30, 2.5, m) for m in ("splat", "dilate")}
    monkeypatch.setattr(raster, "_FLOAT32_EXACT", 0)
    for method, image in expected.items():
        np.testing.assert_array_equal(
            rasterize(xy[:, 0], xy[:, 1], argb, 40, 30, 2.5, method), image
        )
    np.testing.assert_array_equal(expected["splat"], expected["dilate"])


def test_colour_map_colours_get_small_keys_and_any_colours_still_work() -> None:
    rng = np.random.default_rng(3)
    table = rng.integers(1, 2**32, 256, dtype=np.uint32)
    few = table[rng.integers(0, 256, 100_000)]
    many = rng.integers(1, 2**32, 100_000, dtype=np.uint32)
    assert priority_keys(few).keys.dtype == np.uint32
    assert priority_keys(many).keys.dtype == np.uint64
    xy = rng.normal(30, 12, size=(100_000, 2)).astype(np.float32)
    for colours in (few, many):
        splat = rasterize(xy[:, 0], xy[:, 1], colours, 60, 60, 1.5, "splat")
        np.testing.assert_array_equal(
            rasterize(xy[:, 0], xy[:, 1], colours, 60, 60, 1.5, "dilate"), splat
        )
