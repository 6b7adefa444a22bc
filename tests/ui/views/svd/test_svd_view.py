"""The SVD tab in the real window, against the real worker."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QStyle

from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.linear import matrix as mx
from linviz_gui.model.linear.matrix import InputError, Matrix2


def _svd_view(qtbot, window, w: Matrix2 | None = None):  # type: ignore[no-untyped-def]
    view = next(v for v in window.views if getattr(v, "title", "") == "SVD")
    window.tabs.setCurrentWidget(view)
    if w is not None:
        window.scene.set_matrix(w)
    target = window.scene.matrix
    qtbot.waitUntil(
        lambda: view._frame is not None and view._frame.matrix == target, timeout=20_000
    )
    return view


def _icon(widget, pixmap: QStyle.StandardPixmap | None = None):  # type: ignore[no-untyped-def]
    """The button's icon (or the style's ``pixmap``) as a 16-pixel image: Qt's media icons draw
    in every font, where the ⏸ glyph was an empty box."""
    icon = widget.icon() if pixmap is None else widget.style().standardIcon(pixmap)
    return icon.pixmap(16).toImage()


def _shown(view) -> np.ndarray:  # type: ignore[no-untyped-def]
    return view.canvas.points.points()


def test_the_last_stage_is_the_explorers_output_exactly(qtbot, window) -> None:
    w = mx.seed_example()
    view = _svd_view(qtbot, window, w)
    qtbot.waitUntil(lambda: window.explorer.output_canvas.points.count == 1000)
    explorer_matches = lambda: np.array_equal(  # noqa: E731
        window.explorer.output_canvas.points.points(), _shown(view)
    )
    view.set_position(1.0)
    qtbot.waitUntil(explorer_matches)
    import torch

    x, _ = make_points(window.scene.dataset)
    np.testing.assert_array_equal(_shown(view), (x @ torch.tensor(w.rows).T).numpy())
    assert view.stage_label.text() == "stage 3: U S VᵀX = W X"
    assert "reflection across the line at 1.3°" in view.readout.factors.text()
    assert "reflection across the line at 35.5°" in view.readout.factors.text()
    assert "[1.0115, 0.3292]" in view.readout.factors.text()
    assert "rank 2" in view.readout.properties.text()


def test_stepping_through_the_stages(qtbot, window) -> None:
    view = _svd_view(qtbot, window, mx.seed_example())
    a = view._frame.analysis
    x = view._frame.points
    view.set_position(0.0)
    np.testing.assert_array_equal(_shown(view), x)
    view.next_button.click()
    assert view.stage_label.text() == "stage 1: VᵀX"
    np.testing.assert_allclose(view.frame_matrix(), np.array(a.Vh), atol=1e-15)
    np.testing.assert_allclose(_shown(view), x @ np.array(a.V), atol=1e-5)
    view.next_button.click()
    assert view.stage_label.text() == "stage 2: S VᵀX"
    np.testing.assert_allclose(_shown(view), x @ (np.diag(a.S) @ np.array(a.Vh)).T, atol=1e-5)
    # the unit circle is now the ellipse with semi-axes s1, s2 along the axes
    tips = [arrow.tip() for arrow in view.overlays.axes]
    np.testing.assert_allclose(np.abs(tips), [[a.S[0], 0], [0, a.S[1]]], atol=1e-9)
    view.back_button.click()
    assert view.position() == pytest.approx(1 / 3)
    view.slider.setValue(300)  # the user drags the slider half-way
    assert view.stage_label.text() == "stage 1.50: from VᵀX to S VᵀX"


@pytest.mark.parametrize(("path", "easing"), [("svd", "linear"), ("straight", "notebook")])
def test_the_animation_ends_on_w(qtbot, window, monkeypatch, path: str, easing: str) -> None:
    from linviz_gui.ui.views.svd import view as svd_view

    monkeypatch.setattr(svd_view, "ANIMATION_STEPS", 40)  # 1.2 s instead of the notebook's 4.5
    w = Matrix2(2, 0.5, 0, -1)
    view = _svd_view(qtbot, window, w)
    view.apply_view_state({"path": path, "easing": easing, "p": 5.0, "position": 0.0})
    positions: list[float] = []
    view.timer.timeout.connect(lambda: positions.append(view.position()))
    view.play_button.click()
    assert view.is_playing() and view.play_button.text() == "Pause"
    assert _icon(view.play_button) == _icon(view, QStyle.StandardPixmap.SP_MediaPause)
    qtbot.waitUntil(lambda: not view.is_playing(), timeout=20_000)
    assert _icon(view.play_button) == _icon(view, QStyle.StandardPixmap.SP_MediaPlay)
    assert positions == sorted(positions) and len(positions) >= 3 and positions[-1] == 1.0
    assert (view.frame_matrix() == np.array(w.rows)).all()
    np.testing.assert_array_equal(_shown(view), view._frame.output)
    assert view.canvas.arrows[0].tip() == (2.0, 0.0)
    assert view.play_button.text() == "Play"


def test_a_w_singular_up_to_rounding_is_not_a_crossing_on_the_way(qtbot, window) -> None:
    view = _svd_view(qtbot, window, Matrix2(1, 0, 0, -1e-10))  # det M = 0 at a = 1 - 1e-10
    view.apply_view_state({"path": "straight"})
    qtbot.waitUntil(lambda: "W itself is singular" in view.flag_label.text())
    assert "passes through a singular matrix" not in view.flag_label.text()


def test_the_straight_path_flags_where_det_crosses_zero(qtbot, window) -> None:
    view = _svd_view(qtbot, window, Matrix2(2, 0, 0, -1))
    view.apply_view_state({"path": "straight"})
    assert "singular matrix at a = 0.500" in view.flag_label.text()
    view.set_position(0.0)
    view.next_button.click()  # stops at the singular point
    assert view.position() == pytest.approx(0.5)
    assert "det M = 0.0000" in view.det_label.text()
    view.apply_view_state({"path": "svd"})
    assert "reflection" in view.flag_label.text()


def test_degenerate_matrices_draw_every_overlay_without_nan(qtbot, window) -> None:
    view = _svd_view(qtbot, window)
    for check in view.overlay_checks.values():
        check.setChecked(True)
    for w in (Matrix2(0, 0, 0, 0), mx.projection(30), mx.rotation(30), mx.shear(1)):
        view = _svd_view(qtbot, window, w)
        for path in ("svd", "straight"):
            view.apply_view_state({"path": path})
            for position in np.linspace(0, 1, 7):
                view.set_position(float(position))
                assert np.isfinite(_shown(view)).all()
        view.grab()
        labels = (view.readout.factors, view.readout.properties, view.flag_label)
        text = " ".join(label.text() for label in labels)
        assert "nan" not in text.lower(), w
    assert "rank 2" in text and "defective" in text  # the last one, a shear
    window.scene.set_matrix(Matrix2(0, 0, 0, 0))
    qtbot.waitUntil(lambda: view._frame.matrix == Matrix2(0, 0, 0, 0), timeout=20_000)
    text = view.readout.factors.text() + view.readout.properties.text()
    assert "rank 0" in text and "zero matrix" in text and "singular" in text


def test_the_gaussian_readout_and_following_the_dataset(qtbot, window) -> None:
    view = _svd_view(qtbot, window)
    gaussian = view.readout.gaussian.text()
    for expected in ("39.3%", "86.5%", "98.9%", "68.3%", "95.4%", "99.7%", "W Wᵀ"):
        assert expected in gaussian
    view.set_colormap("cividis (colour-blind safe)")
    from linviz_gui.ui.widgets.colors import point_colors

    expected = point_colors(view._frame.color_values, "cividis (colour-blind safe)")
    np.testing.assert_array_equal(view.canvas.points.colors(), expected)
    window.scene.set_dataset(DatasetSpec(n=2000, seed=1))
    qtbot.waitUntil(lambda: view._frame.spec.n == 2000, timeout=20_000)
    assert view.canvas.points.count == 2000
    assert "N = 2,000" in view.readout.gaussian.text()


def test_view_state_round_trip_and_refusals(qtbot, window) -> None:
    view = _svd_view(qtbot, window)
    state = {
        "path": "straight",
        "position": 0.25,
        "easing": "notebook",
        "p": 2.0,
        "overlays": {"circle": False, "square": True, "eigen": True, "sigma": True},
    }
    view.apply_view_state(state)
    assert view.view_state() == state
    for bad in ({"path": "zigzag"}, {"position": 2}, {"p": 0}, {"colour": 1}, {"overlays": []}):
        with pytest.raises(InputError):
            view.apply_view_state(bad)
        assert view.view_state() == state


def test_a_hidden_tab_waits_and_catches_up_when_shown(qtbot, window) -> None:
    view = _svd_view(qtbot, window)
    window.tabs.setCurrentWidget(window.explorer)
    applied = view._applied_id
    window.scene.set_matrix(Matrix2(3, 0, 0, 0.5))
    qtbot.waitUntil(lambda: window.explorer.output_canvas.points.points()[:, 0].std() > 2)
    assert view._applied_id == applied  # nothing computed for the hidden tab
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view._frame.matrix == Matrix2(3, 0, 0, 0.5), timeout=20_000)
    assert "[3.0000, 0.5000]" in view.readout.factors.text()


def test_p_is_editable_only_for_the_notebook_easing(qtbot, window) -> None:
    view = _svd_view(qtbot, window)
    assert view.easing_box.currentText() == "linear"
    assert not view.p_field.isEnabled()  # from the start, not only after a switch
    view.easing_box.setCurrentIndex(1)
    assert view.p_field.isEnabled()
    view.easing_box.setCurrentIndex(0)
    assert not view.p_field.isEnabled()


@pytest.mark.parametrize("w", [mx.seed_example(), Matrix2.identity(), Matrix2(1.0, 0.05, 0.0, 1.0)])
def test_arrow_labels_are_never_drawn_over_each_other(qtbot, window, w: Matrix2) -> None:
    """Me₁ used to sit on s₁u₁ (and Me₂ on s₁u₁ for the course's W): tips a few pixels apart."""
    view = _svd_view(qtbot, window, w)
    view.overlay_checks["eigen"].setChecked(True)
    for position in (0.0, 0.5, 1.0):
        view.set_position(position)
        qtbot.waitUntil(view.is_current, timeout=10_000)
        arrows = [*view.canvas.arrows, *view.overlays.axes, *view.overlays.eigen_arrows]
        labels = [a._label for a in arrows if a.isVisible() and a._label.toPlainText()]
        texts = [label.toPlainText() for label in labels]
        if position == 1.0:
            assert {"Me₁", "Me₂", "s₁u₁", "s₂u₂"} <= set(texts)
        rects = [label.sceneBoundingRect() for label in labels]
        for i, rect in enumerate(rects):
            for j in range(i):
                overlap = rect.intersected(rects[j])
                assert overlap.isEmpty(), (position, texts[i], texts[j])


def test_end_pressed_while_playing_the_last_tick_stops_at_the_end(qtbot, window) -> None:
    """The slider already shows its last tick, so End changes no value: it must still stop the
    animation and show W (soak seed 7 found it playing on)."""
    from PySide6.QtCore import Qt

    from linviz_gui.ui.views.svd.view import SLIDER_TICKS

    w = Matrix2(2, 0.5, 0, -1)
    view = _svd_view(qtbot, window, w)
    view.set_position(1.0 - 0.4 / SLIDER_TICKS)
    view.play_button.click()
    assert view.is_playing() and view.slider.value() == SLIDER_TICKS
    qtbot.keyClick(view.slider, Qt.Key.Key_End)
    assert not view.is_playing() and view.play_button.text() == "Play"
    assert view.position() == 1.0
    assert (view.frame_matrix() == np.array(w.rows)).all()
