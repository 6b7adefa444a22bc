"""The core journey through real widgets and real mouse events, against the real worker."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from linviz_gui.model.linear.matrix import Matrix2, random_matrix, rotation


def _mouse(widget, kind, pos: QPointF, button, buttons, modifiers=Qt.KeyboardModifier.NoModifier):
    event = QMouseEvent(kind, pos, widget.mapToGlobal(pos.toPoint()), button, buttons, modifiers)
    QApplication.sendEvent(widget.viewport(), event)


def drag(canvas, start_xy, end_xy, steps=8, modifiers=Qt.KeyboardModifier.NoModifier, cancel=False):
    """Press on ``start_xy`` (data coordinates), move in steps to ``end_xy``, release."""
    pg.setConfigOption("mouseRateLimit", -1)
    canvas.scene().minDragTime = 0
    vb = canvas.getPlotItem().getViewBox()

    def to_widget(xy):
        return QPointF(canvas.mapFromScene(vb.mapViewToScene(QPointF(*xy))))

    left = Qt.MouseButton.LeftButton
    start = to_widget(start_xy)
    _mouse(canvas, QEvent.Type.MouseButtonPress, start, left, left, modifiers)
    for k in range(1, steps + 1):
        t = k / steps
        xy = (
            start_xy[0] + t * (end_xy[0] - start_xy[0]),
            start_xy[1] + t * (end_xy[1] - start_xy[1]),
        )
        _mouse(
            canvas, QEvent.Type.MouseMove, to_widget(xy), Qt.MouseButton.NoButton, left, modifiers
        )
    end = to_widget(end_xy)
    if cancel:
        right = Qt.MouseButton.RightButton
        _mouse(canvas, QEvent.Type.MouseButtonPress, end, right, left | right, modifiers)
        _mouse(canvas, QEvent.Type.MouseButtonRelease, end, right, left, modifiers)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton, modifiers)


def _output_points(window) -> np.ndarray:
    return window.explorer.output_canvas.points.points()


def test_launch_shows_the_cloud_and_both_bases(window) -> None:
    explorer = window.explorer
    assert explorer.input_canvas.points.count == 1000
    np.testing.assert_allclose(_output_points(window), explorer.input_canvas.points.points())
    assert explorer.output_canvas.arrows[0].tip() == (1.0, 0.0)
    assert "det(W) = 1.0000" in window.matrix_editor.det_label.text()


def test_dragging_the_e1_handle_rewrites_column_one_and_the_output(qtbot, window) -> None:
    canvas = window.explorer.output_canvas
    x_in = window.explorer.input_canvas.points.points()
    drag(canvas, (1.0, 0.0), (2.0, 1.0))
    w = window.scene.matrix
    assert w.a == pytest.approx(2.0, abs=0.05) and w.c == pytest.approx(1.0, abs=0.05)
    assert (w.b, w.d) == (0.0, 1.0)
    assert window.matrix_editor.fields[0].text() == f"{w.a:.6g}"
    qtbot.waitUntil(
        lambda: np.allclose(
            _output_points(window), x_in @ np.array(w.rows, np.float32).T, atol=1e-5
        )
    )
    assert canvas.arrows[0].tip() == (w.a, w.c)
    window.undo_action.trigger()
    assert window.scene.matrix == Matrix2.identity()


def test_shift_snaps_and_right_click_cancels(qtbot, window) -> None:
    canvas = window.explorer.output_canvas
    drag(canvas, (0.0, 1.0), (0.537, 1.46), modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert (window.scene.matrix.b, window.scene.matrix.d) == (0.5, 1.5)
    drag(canvas, (0.5, 1.5), (-1.0, -1.0), cancel=True)
    assert (window.scene.matrix.b, window.scene.matrix.d) == (0.5, 1.5)


def test_dragging_onto_the_origin_gives_a_singular_w_that_still_draws(qtbot, window) -> None:
    drag(
        window.explorer.output_canvas,
        (1.0, 0.0),
        (0.0, 0.0),
        modifiers=Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.scene.matrix.det == 0.0
    qtbot.waitUntil(lambda: abs(float(_output_points(window)[:, 0].std())) < 0.1)
    assert "singular" in window.matrix_editor.det_label.text()


def test_typing_into_the_editor_updates_the_canvas(qtbot, window) -> None:
    field = window.matrix_editor.fields[3]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "3")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.scene.matrix.d == 3.0
    qtbot.waitUntil(
        lambda: np.allclose(
            _output_points(window)[:, 1], window.explorer.input_canvas.points.points()[:, 1] * 3
        )
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "must be a number"),
        ("", "is empty"),
        ("nan", "must be a number"),
        ("1e300", "between -1000 and 1000"),
        ("inf", "must be a number"),
    ],
)
def test_junk_in_w_gets_a_message_and_w_keeps_its_value(qtbot, window, typed, message) -> None:
    field = window.matrix_editor.fields[0]
    field.setText(typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert message in window.matrix_editor.message.text()
    assert window.scene.matrix == Matrix2.identity()


@pytest.mark.parametrize(
    ("field_name", "typed", "message"),
    [
        ("count_field", "0", "between 1 and"),
        ("count_field", "-3", "between 1 and"),
        ("count_field", "1e12", "between 1 and"),
        ("seed_field", "0.5", "whole number"),
    ],
)
def test_bad_dataset_input_is_refused(qtbot, window, field_name, typed, message) -> None:
    field = getattr(window.dataset_panel, field_name)
    before = window.scene.dataset
    field.setText(typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert message in window.dataset_panel.message.text()
    assert window.scene.dataset == before


def test_presets_and_random_seed(qtbot, window) -> None:
    editor = window.matrix_editor
    editor.preset_box.setCurrentText("the course's example W")
    editor.apply_preset()
    assert window.scene.matrix.rows == ((0.3439, 0.9503), (-0.2960, 0.1503))
    assert "0.3330" in editor.det_label.text()
    editor.preset_box.setCurrentText("random  torch.randn(2, 2)")
    editor.preset_param.setText("0")
    editor.apply_preset()
    import torch

    torch.manual_seed(0)
    expected = torch.randn(2, 2)
    qtbot.waitUntil(lambda: window.scene.matrix.rows == tuple(map(tuple, expected.tolist())))


def test_a_preset_applies_when_chosen_and_the_box_says_custom_after_an_edit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    editor = window.matrix_editor
    box = editor.preset_box
    assert box.currentText() == "identity"
    box.setCurrentIndex(box.findText("rotation"))  # what a click in the open list does
    box.activated.emit(box.currentIndex())
    assert window.scene.matrix == rotation(30)  # no Apply needed
    field = editor.fields[1]
    field.setText("0.25")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.scene.matrix.b == 0.25
    assert box.currentText() == "custom" and not editor.preset_param.isVisible()
    window.scene.undo()  # back to the rotation, still called custom: W was edited since
    box.setCurrentIndex(box.findText("random  torch.randn(2, 2)"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: window.scene.matrix == random_matrix(0), timeout=10_000)
    assert box.currentText() == "random  torch.randn(2, 2)"  # a preset's W, not custom


def test_a_newcomer_is_told_to_drag_the_tips_until_w_changes(window) -> None:  # type: ignore[no-untyped-def]
    hint = window.explorer.hint
    assert hint.isVisible() and "drag" in hint.toPlainText()
    # Beside the first handle, inside the output canvas.
    inside = window.explorer.output_canvas.getPlotItem().getViewBox().sceneBoundingRect()
    assert inside.intersects(hint.sceneBoundingRect())
    window.scene.set_matrix(Matrix2(2.0, 0.0, 0.0, 1.0))
    assert not hint.isVisible()
    window.scene.undo()  # found out once: not shown again
    assert not hint.isVisible()


def test_changing_n_rebuilds_the_cloud(qtbot, window) -> None:
    field = window.dataset_panel.count_field
    field.setText("5000")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.explorer.output_canvas.points.count == 5000, timeout=20_000)
    assert window.explorer.input_canvas.points.count == 5000


def test_a_failing_request_leaves_the_last_picture_and_a_message(qtbot, window) -> None:
    from linviz_gui.compute.worker import Job

    before = _output_points(window).copy()

    def broken(context, *args):
        raise RuntimeError("boom")

    window.worker.submit(Job("explorer.transform", broken))
    qtbot.waitUntil(lambda: "boom" in window.statusBar().currentMessage())
    np.testing.assert_array_equal(_output_points(window), before)
    window.scene.set_matrix(Matrix2(2, 0, 0, 2))
    qtbot.waitUntil(lambda: np.allclose(_output_points(window), before * 2))


def test_close_while_busy_ends_the_thread(qtbot, window) -> None:
    field = window.dataset_panel.count_field
    field.setText("1000000")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    window.close()
    assert not window.worker.is_running()


def test_window_state_is_remembered(qtbot, settings) -> None:
    from linviz_gui.ui.shell.main_window import make_main_window

    first = make_main_window(settings=settings)
    qtbot.addWidget(first)
    first.display_options.colormap_box.setCurrentText("cividis (colour-blind safe)")
    first.display_options.grid_check.setChecked(False)
    first.close()
    second = make_main_window(settings=settings)
    qtbot.addWidget(second)
    assert second.display_options.colormap.startswith("cividis")
    assert not second.display_options.grid_check.isChecked()
    second.close()


def test_fit_brings_back_a_view_the_user_zoomed_away(qtbot, window) -> None:
    from linviz_gui.render.view_fit import Box

    canvas = window.explorer.output_canvas
    canvas.set_view(Box(100, 110, 100, 110))
    window.fit_action.trigger()
    view, content = canvas.view_box(), canvas.content_box()
    assert view.contains(content)
    assert view.width < 3 * content.width


def test_side_panel_is_never_cut_and_steps_aside_for_views_with_their_own_inputs(
    qtbot, window
) -> None:
    panel = window.side_panel
    assert panel.width() >= panel.widget().sizeHint().width()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Autograd"))
    assert not panel.isVisible()
    window.tabs.setCurrentIndex(titles.index("Explorer"))
    assert panel.isVisible()


def test_singular_value_ellipse_overlay_follows_w(qtbot, window) -> None:
    canvas = window.explorer.output_canvas
    assert not canvas.ellipse.isVisible()
    window.display_options.ellipse_check.setChecked(True)
    assert canvas.ellipse.isVisible()
    window.scene.set_matrix(Matrix2(2.0, 0.0, 0.0, 0.5))
    xs, ys = canvas.ellipse.getData()
    assert max(xs) == pytest.approx(2.0) and max(ys) == pytest.approx(0.5, abs=1e-3)


def test_pytorch_code_shows_w_after_a_drag(qtbot, window) -> None:
    drag(
        window.explorer.output_canvas,
        (1.0, 0.0),
        (2.0, 0.5),
        modifiers=Qt.KeyboardModifier.ShiftModifier,
    )
    assert "[[2.0000, 0.0000]," in window.code_view.text.toPlainText()
    assert "[0.5000, 1.0000]]" in window.code_view.text.toPlainText()


def test_few_points_follow_w_at_once_with_the_workers_numbers(qtbot, window) -> None:
    """At 1,000 points W X is computed in the GUI thread: the output canvas holds the new points
    as soon as W changes, before any event (no worker round trip), and they are the worker's."""
    from linviz_gui.compute.direct import DirectContext
    from linviz_gui.compute.explorer_jobs import GUI_THREAD_MAX_POINTS, transform

    explorer = window.explorer
    spec = window.scene.dataset
    assert spec.size <= GUI_THREAD_MAX_POINTS
    qtbot.waitUntil(lambda: explorer.shown_matrix == window.scene.matrix, timeout=20_000)
    w = Matrix2(0.5, -1.2, 0.8, 1.5)
    window.scene.set_matrix(w)
    assert explorer.shown_matrix == w  # no event processed since set_matrix
    expected = transform(DirectContext(), spec, w).points
    np.testing.assert_array_equal(_output_points(window), expected)
