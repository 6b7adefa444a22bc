"""Animation export of the SVD stages and the network layers, as the export dialog does it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from linviz_gui.model.linear import matrix as mx
from linviz_gui.ui.export.animation import AnimationSource, animation_sources
from linviz_gui.ui.export.image_render import render_canvas


def _view(window, title: str):  # type: ignore[no-untyped-def]
    return next(v for v in window.views if getattr(v, "title", "") == title)


def _export_with_dialog(window, title: str, path: Path, steps: int) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """Export through the animation dialog (linear easing, 160 x 120); the frames as arrays."""
    import imageio.v3 as iio

    dialog = window.file_actions.open_animation_dialog()
    titles = [dialog.source_box.itemText(i) for i in range(dialog.source_box.count())]
    dialog.source_box.setCurrentIndex(titles.index(title))
    dialog.format_box.setCurrentIndex(0 if path.suffix == ".gif" else 1)
    dialog.easing_box.setCurrentText("linear")
    dialog.steps_box.setValue(steps)
    dialog.width_box.setValue(160)
    dialog.height_box.setValue(120)
    dialog.path_edit.setText(str(path))
    assert dialog.export(), dialog.message.text()
    dialog.close()
    if path.suffix == ".gif":
        return list(iio.imread(path, index=None))
    files = sorted(path.parent.glob(f"{path.stem}_*.png"))
    return [iio.imread(f) for f in files]


def _source(window, title: str, steps: int) -> AnimationSource:  # type: ignore[no-untyped-def]
    sources = animation_sources(window.views, steps, easing="linear")
    return next(s for s in sources if s.title == title)


def _film(source: AnimationSource) -> list[QImage]:
    return [source.render_frame(i, 200, 150) for i in range(source.frame_count())]


SVD_STAGES = "SVD: stages X → VᵀX → S VᵀX → U S VᵀX"
SVD_STRAIGHT = "SVD: straight path (1 − a) I + a W"
NETWORK = "Network: layer by layer, X → f(X)"


def test_svd_stages_export_as_png_frames_and_gif(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = _view(window, "SVD")
    window.tabs.setCurrentWidget(view)
    window.scene.set_matrix(mx.seed_example())
    qtbot.waitUntil(lambda: view.is_current(), timeout=20_000)
    view.set_position(0.5)
    before = (view.view_state(), view.canvas.view_box())

    pngs = _export_with_dialog(window, SVD_STAGES, tmp_path / "svd.png", 4)
    assert len(pngs) == 4 and all(f.shape[:2] == (120, 160) for f in pngs)
    assert not np.array_equal(pngs[0], pngs[-1]) and not np.array_equal(pngs[1], pngs[2])
    gif = _export_with_dialog(window, SVD_STRAIGHT, tmp_path / "svd.gif", 3)
    assert len(gif) == 3 and gif[0].shape[:2] == (120, 160)
    assert not np.array_equal(gif[0], gif[-1])
    assert (view.view_state(), view.canvas.view_box()) == before  # finish() put it back

    film = _source(window, SVD_STAGES, 4)
    frames = _film(film)
    assert view.stage_label.text() == "stage 3: U S VᵀX = W X"
    np.testing.assert_array_equal(view.canvas.points.points(), view._frame.output)
    film.finish()
    assert view.position() == 0.5 and view.stage_label.text() == "stage 1.50: from VᵀX to S VᵀX"
    view.set_position(1.0)  # the last stage on screen looks exactly like the last frame
    assert render_canvas(view.canvas, 200, 150) == frames[-1]
    assert frames[0] != frames[-1]


def test_network_layers_export_as_png_frames_and_gif(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = _view(window, "Network")
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.computed_stage_count() is not None, timeout=30_000)
    assert view.computed_stage_count() == 3  # the tanh preset: X, × W, Tanh
    view.scrubber.set_position(1.0)
    before = (view.scrubber.position(), view.stage_canvas.title_text)

    pngs = _export_with_dialog(window, NETWORK, tmp_path / "net.png", 5)
    assert len(pngs) == 5 and all(f.shape[:2] == (120, 160) for f in pngs)
    assert not np.array_equal(pngs[0], pngs[-1]) and not np.array_equal(pngs[1], pngs[2])
    gif = _export_with_dialog(window, NETWORK, tmp_path / "net.gif", 3)
    assert len(gif) == 3 and not np.array_equal(gif[0], gif[-1])
    assert (view.scrubber.position(), view.stage_canvas.title_text) == before  # put back
    # (The dialog itself resizes the tab's canvases a little, so the view is compared here.)
    qtbot.wait(50)
    box_before = view.stage_canvas.view_box()
    film = _source(window, NETWORK, 3)
    frames = _film(film)
    film_box = view.stage_canvas.view_box()
    output = view.output_canvas.points.points()
    np.testing.assert_array_equal(view.stage_canvas.points.points(), output)  # f(X)
    film.finish()
    assert view.stage_canvas.title_text == before[1]
    assert view.stage_canvas.view_box() == box_before
    view.scrubber.go_last()  # the final stage on screen, in the film's view, is the last frame
    view.stage_canvas.set_view(film_box)
    assert render_canvas(view.stage_canvas, 200, 150) == frames[-1]


def test_a_network_not_computed_yet_gives_a_message(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.model.linear.matrix import InputError
    from linviz_gui.ui.export.animation_export import export_animation

    view = _view(window, "Network")
    assert view.computed_stage_count() is None  # never shown: nothing computed
    with pytest.raises(InputError, match="show the Network tab"):
        export_animation(_source(window, NETWORK, 3), tmp_path / "n.gif", 160, 120)
    assert list(tmp_path.iterdir()) == []
