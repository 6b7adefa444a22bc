"""The compiled rasteriser draws exactly numpy's pictures, and numpy draws until it is ready."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.render import compiled
from linviz_gui.render.raster import Rasterizer


@pytest.fixture(scope="session")
def kernels() -> compiled.Kernels:
    """Compiled once per session (numba's cache makes later sessions fast)."""
    assert compiled.wait_until_ready(180), compiled.failure()
    ready = compiled.kernels()
    assert ready is not None
    return ready


def both(x, y, scale, offset, argb, width, height, radius) -> tuple[np.ndarray, np.ndarray]:
    args = (np.asarray(x, np.float32), np.asarray(y, np.float32), scale, offset, argb)
    numpy_image = Rasterizer().rasterize_mapped(*args, width, height, radius, path="numpy")
    compiled_image = Rasterizer().rasterize_mapped(*args, width, height, radius, path="compiled")
    return numpy_image, compiled_image


# Half and quarter pixels (exact ties once scaled), the image's edges, and the hostile values.
coordinate = st.one_of(
    st.integers(-40, 140).map(lambda k: k / 4),
    st.floats(-50, 150, width=32),
    st.sampled_from([np.nan, np.inf, -np.inf, 1e9, -1e9, 0.0, -0.5, 0.5]),
)


@settings(max_examples=200, deadline=None)
@given(
    points=st.lists(st.tuples(coordinate, coordinate), min_size=0, max_size=60),
    width=st.integers(1, 40),
    height=st.integers(1, 40),
    radius=st.sampled_from([0.0, 1.0, 2.5]),
    scale=st.tuples(st.sampled_from([1.0, 0.5, -1.0, 0.37, 3.0]), st.floats(-4, 4, width=32)),
    offset=st.tuples(st.floats(-20, 40, width=32), st.sampled_from([0.0, 0.5, 10.25, -3.0])),
    many_colours=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_compiled_and_numpy_draw_the_same_pixels(
    kernels, points, width, height, radius, scale, offset, many_colours, seed
) -> None:
    xy = np.array(points, np.float32).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    if many_colours:  # 64-bit keys
        argb = rng.integers(1, 2**32, len(xy), dtype=np.uint32)
    else:  # a colour map: 32-bit keys with a palette
        argb = rng.integers(1, 6, len(xy)).astype(np.uint32) * np.uint32(0x01030507)
    numpy_image, compiled_image = both(
        xy[:, 0], xy[:, 1], scale, offset, argb, width, height, radius
    )
    np.testing.assert_array_equal(compiled_image, numpy_image)


def test_points_whose_pixel_hangs_on_float32_rounding_land_where_numpy_puts_them(kernels) -> None:
    """x * sx + ox rounded twice in float32 (numpy's order) versus once in float64 or by a fused
    multiply-add: these points fall on different pixels, so any other arithmetic shows."""
    rng = np.random.default_rng(7)
    sx, ox = np.float32(0.7313), np.float32(0.3177)
    x = rng.uniform(0, 1300, 3_000_000).astype(np.float32)
    twice = (x * sx + ox) + np.float32(1.5)  # the shift of radius 0
    exact = (x.astype(np.float64) * float(sx) + float(ox)) + 1.5
    sensitive = x[np.floor(twice) != np.floor(exact)][:500]
    assert len(sensitive) >= 10
    argb = np.arange(1, len(sensitive) + 1, dtype=np.uint32)
    zeros = np.zeros_like(sensitive)
    numpy_image, compiled_image = both(sensitive, zeros, (sx, 1), (ox, 0), argb, 1000, 1, 0.0)
    np.testing.assert_array_equal(compiled_image, numpy_image)


def test_a_single_point_and_no_points(kernels) -> None:
    red = np.array([0xFFFF0000], np.uint32)
    numpy_image, compiled_image = both([2.0], [3.0], (1, 1), (0, 0), red, 6, 6, 1.0)
    np.testing.assert_array_equal(compiled_image, numpy_image)
    assert compiled_image[3, 2] == red[0] and (compiled_image == red[0]).sum() == 5
    empty = np.zeros(0, np.float32)
    for image in both(empty, empty, (1, 1), (0, 0), red[:0], 6, 6, 2.5):
        assert image.shape == (6, 6) and not image.any()


def test_a_dense_cloud_of_a_million_points_is_the_same_picture(kernels) -> None:
    rng = np.random.default_rng(4)
    xy = rng.normal(0, 1, size=(1_000_000, 2)).astype(np.float32)
    argb = (rng.integers(0, 256, len(xy)).astype(np.uint32) << 8) | np.uint32(0xFF000000)
    numpy_image, compiled_image = both(
        xy[:, 0], xy[:, 1], (61.3, -58.1), (200.2, 190.7), argb, 400, 380, 2.5
    )
    np.testing.assert_array_equal(compiled_image, numpy_image)
    assert (compiled_image != 0).mean() > 0.3  # a real picture, not two blank ones


def test_auto_takes_the_compiled_pass_for_many_points_once_ready(kernels) -> None:
    rng = np.random.default_rng(5)
    x, y = rng.normal(0, 1, size=(2, compiled.MIN_POINTS)).astype(np.float32)
    argb = np.full(len(x), 0xFF1F77B4, np.uint32)
    rasterizer = Rasterizer()
    image = rasterizer.rasterize_mapped(x, y, (50, 50), (100, 100), argb, 200, 200, 2.5)
    assert rasterizer.last_path == "compiled"
    few = rasterizer.rasterize_mapped(
        x[:50], y[:50], (50, 50), (100, 100), argb[:50], 200, 200, 2.5
    )
    assert rasterizer.last_path == "numpy" and few.any()  # a few dots: numpy's splat is cheaper
    np.testing.assert_array_equal(image, both(x, y, (50, 50), (100, 100), argb, 200, 200, 2.5)[0])


def test_numpy_draws_while_the_kernels_compile(kernels, monkeypatch) -> None:
    """The first large frame must not wait for numba: it is drawn by numpy, the next by numba."""
    release = threading.Event()
    real_compile = compiled._compile

    def slow_compile(cache: bool) -> compiled.Kernels:
        assert release.wait(30)
        return real_compile(cache)

    monkeypatch.setattr(compiled, "_compile", slow_compile)
    monkeypatch.setattr(compiled, "_state", "idle")
    monkeypatch.setattr(compiled, "_kernels", None)
    monkeypatch.setattr(compiled, "_ready", threading.Event())
    rng = np.random.default_rng(6)
    x, y = rng.normal(0, 1, size=(2, compiled.MIN_POINTS)).astype(np.float32)
    argb = np.full(len(x), 0xFF1F77B4, np.uint32)
    rasterizer = Rasterizer()
    try:
        first = rasterizer.rasterize_mapped(x, y, (40, 40), (90, 90), argb, 180, 180, 2.5)
        assert rasterizer.last_path == "numpy" and compiled.state() == "compiling"
        with pytest.raises(RuntimeError, match="compiling"):
            rasterizer.rasterize_mapped(
                x, y, (40, 40), (90, 90), argb, 180, 180, 2.5, path="compiled"
            )
    finally:
        release.set()
    assert compiled.wait_until_ready(60)
    second = rasterizer.rasterize_mapped(x, y, (40, 40), (90, 90), argb, 180, 180, 2.5)
    assert rasterizer.last_path == "compiled"
    np.testing.assert_array_equal(second, first)


def test_turned_off_or_failing_numba_leaves_numpy_drawing(kernels, monkeypatch) -> None:
    monkeypatch.setattr(compiled, "_state", "idle")
    monkeypatch.setattr(compiled, "_kernels", None)
    monkeypatch.setattr(compiled, "_ready", threading.Event())
    monkeypatch.setenv("LINVIZ_NUMBA", "0")
    assert not compiled.wait_until_ready(30)
    assert compiled.state() == "unavailable" and "LINVIZ_NUMBA=0" in compiled.failure()
    x = np.linspace(0, 50, compiled.MIN_POINTS, dtype=np.float32)
    rasterizer = Rasterizer()
    image = rasterizer.rasterize_mapped(
        x, x, (1, 1), (0, 0), np.full(len(x), 7, np.uint32), 60, 60, 1
    )
    assert rasterizer.last_path == "numpy" and image[25, 25] == 7


def test_a_read_only_install_compiles_without_a_cache(tmp_path: Path) -> None:
    """A wheel installed system-wide: no folder numba could cache in, and still no crash."""
    package = tmp_path / "site"
    package.mkdir()
    shutil.copy(Path(compiled.__file__), package / "linviz_compiled_copy.py")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    (package / "__pycache__").write_text("")  # in-tree cache impossible, even for root
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(HOME=str(blocker / "home"), XDG_CACHE_HOME=str(blocker / "cache"))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    script = textwrap.dedent(
        """
        import numpy as np
        import linviz_compiled_copy as c
        assert c.wait_until_ready(180), c.failure()
        assert c.kernels().cached is False
        keys = np.array([5, 9], np.uint32)
        buffer = np.zeros(16, np.uint32)
        x = np.array([1.0, 2.0], np.float32)
        one, zero = np.float32(1), np.float32(0)
        c.kernels().mark_keys(x, x, one, zero, one, zero, np.float32(0.5), 3, 3, keys, buffer, 4, 0, 0)
        assert buffer[1 * 4 + 1] == 5 and buffer[2 * 4 + 2] == 9 and buffer.sum() == 14
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=package, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
