"""Colours handed over as slots into a palette paint exactly what the colours themselves paint."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.render.raster import Rasterizer, slot_keys

PALETTE = np.array([0xFF000000, 0xFF1F77B4, 0xFFFF7F0E, 0xFF2CA02C], dtype=np.uint32)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 400),
    seed=st.integers(0, 2**16),
    radius=st.sampled_from([0.5, 1.5, 2.5, 4.5]),
    used=st.integers(1, len(PALETTE)),
)
def test_slots_paint_the_same_picture_as_colours(
    n: int, seed: int, radius: float, used: int
) -> None:
    rng = np.random.default_rng(seed)
    px = rng.uniform(-5, 45, n).astype(np.float32)
    py = rng.uniform(-5, 35, n).astype(np.float32)
    slots = rng.integers(0, used, n)
    colors = PALETTE[slots]
    for method in ("splat", "dilate"):
        plain = Rasterizer().rasterize(px, py, colors, 40, 30, radius, method=method)
        hinted = Rasterizer()
        keys = slot_keys(slots, PALETTE)
        assert keys is not None
        hinted.use_keys(colors, keys)
        picture = hinted.rasterize(px, py, colors, 40, 30, radius, method=method)
        np.testing.assert_array_equal(picture, plain)


def test_new_colours_are_not_painted_with_stale_keys() -> None:
    """Keys handed over for one colour array are not used for another (a later plain frame)."""
    px = np.array([5.0, 5.0], np.float32)
    py = np.array([5.0, 5.0], np.float32)
    raster = Rasterizer()
    first = PALETTE[[1, 2]]
    keys = slot_keys(np.array([1, 2]), PALETTE)
    assert keys is not None
    raster.use_keys(first, keys)
    raster.rasterize(px, py, first, 10, 10, 2.5, method="dilate")
    second = PALETTE[[2, 3]]
    picture = raster.rasterize(px, py, second, 10, 10, 2.5, method="dilate")
    assert picture[5, 5] == PALETTE[3]  # the later point is on top, in its own colour


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 400),
    seed=st.integers(0, 2**16),
    radius=st.sampled_from([0.5, 1.5, 2.5, 4.5]),
)
def test_slot_colours_handed_over_lazily_paint_the_same_picture(
    n: int, seed: int, radius: float
) -> None:
    """Colours given as slots with their keys (made only when a path needs them) paint what
    the colours themselves paint, on every path; the dilate paths never make them."""
    from linviz_gui.render import compiled
    from linviz_gui.render.raster import SlotColors

    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 45, n).astype(np.float32)
    y = rng.uniform(-5, 35, n).astype(np.float32)
    slots = rng.integers(0, len(PALETTE), n).astype(np.uint8)
    colors = PALETTE[slots]
    paths = ["numpy", "compiled"] if compiled.wait_until_ready(180) else ["numpy"]
    for path in paths:
        plain = Rasterizer().rasterize_mapped(
            x, y, (1, 1), (0, 0), colors, 40, 30, radius, path=path
        )
        lazy = SlotColors(slots, PALETTE)
        picture = Rasterizer().rasterize_mapped(
            x, y, (1, 1), (0, 0), lazy, 40, 30, radius, path=path
        )
        np.testing.assert_array_equal(picture, plain)
    for method in ("splat", "dilate"):
        lazy = SlotColors(slots, PALETTE)
        picture = Rasterizer().rasterize(x, y, lazy, 40, 30, radius, method=method)
        plain = Rasterizer().rasterize(x, y, colors, 40, 30, radius, method=method)
        np.testing.assert_array_equal(picture, plain)
        assert (lazy._colors is None) == (method == "dilate")
    np.testing.assert_array_equal(lazy.colors(), colors)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 3000),
    seed=st.integers(0, 2**16),
    radius=st.sampled_from([0.5, 1.5, 2.5, 4.5]),
    moved=st.booleans(),
)
def test_points_recoloured_in_place_paint_what_a_fresh_frame_paints(
    n: int, seed: int, radius: float, moved: bool
) -> None:
    """A drag recolours the same points every frame: the compiled frame that repaints only the
    colours is the very picture of drawing the new colours from scratch, hostile points
    included, and points moved or a new mapping are drawn again."""
    from linviz_gui.render import compiled
    from linviz_gui.render.raster import SlotColors

    if not compiled.wait_until_ready(180):
        return  # only the compiled path keeps what a frame found
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 45, n).astype(np.float32)
    y = rng.uniform(-5, 35, n).astype(np.float32)
    x[rng.integers(0, n, 2)] = np.nan
    y[rng.integers(0, n, 1)] = np.inf
    raster = Rasterizer()
    for frame in range(3):
        slots = rng.integers(0, len(PALETTE), n).astype(np.uint8)
        if moved and frame == 2:
            x = x + np.float32(0.5)
        scale = (1.0, 1.0) if not (moved and frame == 1) else (1.5, 1.0)
        args = (x, y, scale, (0.0, 0.0))
        picture = raster.rasterize_mapped(
            *args, SlotColors(slots, PALETTE), 40, 30, radius, path="compiled"
        )
        fresh = Rasterizer().rasterize_mapped(
            *args, PALETTE[slots], 40, 30, radius, path="compiled"
        )
        np.testing.assert_array_equal(picture, fresh)
