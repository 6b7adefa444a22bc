"""The Classifier tab through real widgets, real mouse events and the real worker."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from linviz_gui.model.classifier.hyperplane import LinearParams, classify, hyperplane
from linviz_gui.model.data.labelled import LabelledSpec
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.render.view_fit import Box
from linviz_gui.ui.widgets.class_colors import class_argb
from tests.ui.views.explorer.test_explorer import drag

SEPARABLE = LabelledSpec("blobs", 200, seed=0, separation=5.0)


def _ready(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: tab.data is not None and tab.loss is not None, timeout=30_000)


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    """The Classifier view alone with its own worker, shown, data loaded, first loss computed."""
    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.views.classifier.view import ClassifierView

    worker = ComputeWorker()
    tab = ClassifierView(Scene(), worker)
    qtbot.addWidget(tab)
    worker.start()
    tab.resize(1100, 750)
    tab.show()
    _ready(qtbot, tab)
    yield tab
    worker.stop()


@pytest.fixture
def window_tab(qtbot, window):  # type: ignore[no-untyped-def]
    """The Classifier tab inside the real main window, made current."""
    tab = next(v for v in window.views if getattr(v, "title", "") == "Classifier")
    window.tabs.setCurrentWidget(tab)
    _ready(qtbot, tab)
    return tab


def _load(qtbot, view, spec: LabelledSpec) -> None:
    view.request_data(spec)
    qtbot.waitUntil(lambda: view.data is not None and view.data.key == spec, timeout=10_000)
    qtbot.waitUntil(lambda: view.loss is not None, timeout=10_000)


def test_points_are_coloured_by_sign_and_the_distance_is_shown(view) -> None:
    w, b = view.params.w, view.params.b
    assert view.canvas.dots.count == 200
    signs = classify(view.data.points, w, b)
    np.testing.assert_array_equal(view.canvas.dots.colors(), class_argb((signs + 1) // 2))
    distance = abs(b) / math.hypot(*w)
    assert f"|b| / ‖w‖ = {distance:.4g}" in view.params_panel.readout.text()
    assert "accuracy" in view.training_panel.status.text()


def test_a_real_mouse_drag_of_the_w_handle_changes_w(qtbot, view) -> None:
    start = view.params.w
    b = view.params.b
    drag(view.canvas, start, (2.0, 1.0))
    w = view.params.w
    assert w == pytest.approx((2.0, 1.0), abs=0.05)
    assert view.params.b == b
    assert view.params_panel.fields[0].text() == f"{w[0]:.6g}"
    line = view.canvas.lines[0]
    angle = math.radians(line.angle)
    assert w[0] * math.cos(angle) + w[1] * math.sin(angle) == pytest.approx(0.0, abs=1e-6)
    qtbot.waitUntil(lambda: view.loss is not None)


def test_data_arriving_during_a_drag_moves_the_view_only_after_it(qtbot, view) -> None:
    """A view that moved under a held line made the mouse's place mean another b."""
    box = view.canvas.getPlotItem().getViewBox()
    view.canvas.sigLineDragStarted.emit(0)  # as the canvas does when a line is pressed
    held = box.viewRange()
    _load(qtbot, view, LabelledSpec("spirals", 300, seed=1, classes=3))  # other data, other box
    assert box.viewRange() == held
    view.canvas.sigLineDragFinished.emit(0)
    assert box.viewRange() != held  # now it shows the new points


def test_a_right_click_during_the_drag_puts_w_back(view) -> None:
    start = view.params
    drag(view.canvas, start.w, (-2.0, 2.0), cancel=True)
    assert view.params == start


def test_dragging_the_line_sideways_changes_b_only(view) -> None:
    before = view.params
    plane = hyperplane(before.w, before.b)
    # press on the line away from w's arrow, move 0.5 along the unit normal
    on_line = (plane.foot[0] + 1.5 * plane.direction[0], plane.foot[1] + 1.5 * plane.direction[1])
    normal = (before.w[0] / plane.w_norm, before.w[1] / plane.w_norm)
    target = (on_line[0] + 0.5 * normal[0], on_line[1] + 0.5 * normal[1])
    drag(view.canvas, on_line, target)
    after = view.params
    assert after.w == before.w
    # moving the line by +0.5 along w/‖w‖ lowers b by 0.5 ‖w‖
    assert after.b == pytest.approx(before.b - 0.5 * plane.w_norm, abs=0.05)


def test_a_right_click_during_a_line_drag_puts_b_back_exactly(qtbot, view) -> None:
    # b = 0.3 with w = (0.1, 4.0895): b read back from the restored line was off in the last bit
    field = view.params_panel.fields
    for f, text in zip(field, ("0.1", "4.0895", "-75.01364135742188"), strict=True):
        f.setText(text)
        qtbot.keyClick(f, Qt.Key.Key_Return)
    before = view.params
    plane = hyperplane(before.w, before.b)
    on_line = (plane.foot[0] + 0.5 * plane.direction[0], plane.foot[1] + 0.5 * plane.direction[1])
    view.canvas.set_view(Box(on_line[0] - 3, on_line[0] + 3, on_line[1] - 3, on_line[1] + 3))
    drag(view.canvas, on_line, (on_line[0], on_line[1] + 1.0), cancel=True)
    assert view.params == before
    line = view.canvas.lines[0].pos()
    assert (line.x(), line.y()) == plane.foot


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "b must be a number"),
        ("1e9", "b must be between -1000 and 1000"),
        ("", "b is empty"),
    ],
)
def test_junk_in_b_gets_a_message_and_b_keeps_its_value(qtbot, view, typed, message) -> None:
    before = view.params
    field = view.params_panel.fields[2]
    field.setText(typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert message in view.params_panel.message.text()
    assert view.params == before


def test_new_data_keeps_a_rate_being_corrected_and_its_message(qtbot, view) -> None:
    panel = view.training_panel
    rate = view.config.learning_rate
    panel.rate_field.setText("0")
    qtbot.keyClick(panel.rate_field, Qt.Key.Key_Return)
    assert "learning rate" in panel.message.text()
    _load(qtbot, view, replace(view.data.key, seed=view.data.key.seed + 1))
    assert panel.rate_field.text() == "0" and "learning rate" in panel.message.text()
    assert view.config.learning_rate == rate


def test_the_message_is_about_the_field_just_refused(qtbot, view) -> None:
    w0, w1 = view.params_panel.fields[:2]
    for field, text in ((w0, "1001"), (w1, "1e-400x")):
        field.setText(text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "w[1]" in view.params_panel.message.text()


def test_committing_b_leaves_a_refusal_standing_in_w(qtbot, view) -> None:
    """Every field was re-shown from the model on a commit, wiping w[0]'s junk and message."""
    w0, b = view.params_panel.fields[0], view.params_panel.fields[2]
    w0.setText("12abc")
    qtbot.keyClick(w0, Qt.Key.Key_Return)
    refusal = view.params_panel.message.text()
    assert "w[0]" in refusal
    b.setText("-1.5")
    qtbot.keyClick(b, Qt.Key.Key_Return)
    assert view.params.b == -1.5
    assert w0.text() == "12abc" and w0.error != ""  # still the user's text, still red
    assert view.params_panel.message.text() == refusal
    w0.setText("2")  # fixing it clears the message
    qtbot.keyClick(w0, Qt.Key.Key_Return)
    assert view.params.w[0] == 2.0 and view.params_panel.message.text() == ""


def test_choosing_an_optimiser_leaves_a_refused_rate_said(qtbot, view) -> None:
    """The choice cleared the panel's message while the rate field was still red (soak seed
    15); the same junk typed again then said nothing at all."""
    panel = view.training_panel
    panel.rate_field.setText("")
    qtbot.keyClick(panel.rate_field, Qt.Key.Key_Return)
    assert "learning rate is empty" in panel.message.text()
    panel.optimizer_box.setCurrentIndex(panel.optimizer_box.findData("adam"))
    assert view.config.optimizer == "adam"
    assert "learning rate is empty" in panel.message.text()


def test_a_good_seed_leaves_a_refused_n_said(qtbot, view) -> None:
    panel = view.data_panel
    panel.count_field.setText("many")
    qtbot.keyClick(panel.count_field, Qt.Key.Key_Return)
    refusal = panel.message.text()
    assert "many" in refusal
    panel.seed_field.setText("7")
    qtbot.keyClick(panel.seed_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.data.key.seed == 7, timeout=10_000)
    assert panel.message.text() == refusal and panel.count_field.text() == "many"


def test_a_drag_shows_the_new_value_even_over_a_refusal(qtbot, view) -> None:
    w0 = view.params_panel.fields[0]
    w0.setText("12abc")
    qtbot.keyClick(w0, Qt.Key.Key_Return)
    view.scale(2.0, True)  # the model's w[0] moves: the old refusal no longer applies
    assert w0.error == "" and w0.text() == f"{view.params.w[0]:.6g}"


def test_typing_b_moves_the_line(qtbot, view) -> None:
    field = view.params_panel.fields[2]
    field.setText("-2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert view.params.b == -2.0
    foot = view.canvas.lines[0].pos()
    w = view.params.w
    assert w[0] * foot.x() + w[1] * foot.y() - 2.0 == pytest.approx(0.0, abs=1e-6)


def test_scaling_w_and_b_keeps_the_line_and_scaling_w_alone_moves_it(qtbot, view) -> None:
    buttons = view.params_panel.scale_buttons
    before = view.params
    plane = hyperplane(before.w, before.b)
    qtbot.mouseClick(buttons[(2.0, True)], Qt.MouseButton.LeftButton)
    both = view.params
    assert both.w == (2 * before.w[0], 2 * before.w[1]) and both.b == 2 * before.b
    assert hyperplane(both.w, both.b).foot == pytest.approx(plane.foot)
    pos = view.canvas.lines[0].pos()
    assert (pos.x(), pos.y()) == pytest.approx(plane.foot)
    np.testing.assert_array_equal(
        classify(view.data.points, both.w, both.b), classify(view.data.points, before.w, before.b)
    )
    assert "the hyperplane stays where it is" in view.params_panel.comparison.text()
    qtbot.mouseClick(buttons[(2.0, False)], Qt.MouseButton.LeftButton)
    alone = view.params
    moved = hyperplane(alone.w, alone.b)
    assert moved.distance == pytest.approx(plane.distance / 2)
    assert "the hyperplane moved" in view.params_panel.comparison.text()
    assert view.canvas.ghost_line.isVisible()


def test_new_data_landing_after_a_scaling_leaves_its_explanation(qtbot, view) -> None:
    """Scaling just after a session asked for other data: the data landed, restarted the run
    and wiped the before / after line and its explanation a moment later (soak seed 21)."""
    state = view.view_state()
    state["dataset"] = {"kind": "circles", "n": 300, "seed": 4, "separation": 4.0, "classes": 2}
    view.apply_view_state(state)
    qtbot.mouseClick(view.params_panel.scale_buttons[(2.0, False)], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.data.key.kind == "circles", timeout=10_000)
    assert "the hyperplane moved" in view.params_panel.comparison.text()
    assert view.canvas.ghost_line.isVisible()


def test_play_trains_to_full_accuracy_then_pause_stops_it(qtbot, view) -> None:
    _load(qtbot, view, SEPARABLE)
    assert view.accuracy() < 0.9
    qtbot.mouseClick(view.training_panel.play_button, Qt.MouseButton.LeftButton)
    assert view.playing and view.training_panel.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: view.accuracy() == 1.0 and view.step_count >= 20, timeout=60_000)
    qtbot.mouseClick(view.training_panel.play_button, Qt.MouseButton.LeftButton)
    assert not view.playing
    losses = view.curves.losses
    assert len(losses) == view.step_count
    assert losses[-1] < 0.5 * losses[0]
    assert view.curves.accuracies[-1] == 1.0
    paused = (view.params, view.step_count)
    qtbot.wait(300)  # anything still in flight must not move the parameters
    assert (view.params, view.step_count) == paused
    assert "accuracy 100.0%" in view.training_panel.status.text()
    assert view.canvas.gradient_arrows[0].isVisible()


def test_step_takes_one_step_and_reset_goes_back(qtbot, view) -> None:
    start = view.params
    qtbot.mouseClick(view.training_panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.step_count == 1, timeout=10_000)
    assert view.params != start
    assert len(view.curves.losses) == 1
    qtbot.mouseClick(view.training_panel.reset_button, Qt.MouseButton.LeftButton)
    assert view.params == start and view.step_count == 0
    assert len(view.curves.losses) == 0


def test_reset_while_playing_stops_and_goes_back(qtbot, view) -> None:
    start = view.params
    view.set_playing(True)
    qtbot.waitUntil(lambda: view.step_count >= 20, timeout=20_000)
    qtbot.mouseClick(view.training_panel.reset_button, Qt.MouseButton.LeftButton)
    assert not view.playing and view.training_panel.play_button.text() == "Play"
    assert view.params == start and view.step_count == 0
    qtbot.wait(300)  # a frame still in flight must not land
    assert view.params == start and view.step_count == 0


def test_switching_tabs_pauses_training(qtbot, window, window_tab) -> None:
    view = window_tab
    view.set_playing(True)
    qtbot.waitUntil(lambda: view.step_count > 0, timeout=20_000)
    window.tabs.setCurrentIndex(0)
    assert not view.playing


def test_closing_the_window_while_training_ends_the_thread(qtbot, window, window_tab) -> None:
    view = window_tab
    view.set_playing(True)
    with qtbot.waitSignal(view.sigTrained, timeout=20_000):
        pass
    window.close()
    assert not window.worker.is_running()
    assert not view.playing


def test_spiral_trains_softmax_with_one_line_per_class_and_coloured_regions(qtbot, view) -> None:
    _load(qtbot, view, LabelledSpec("spirals", 300, seed=0, classes=3))
    assert view.config.loss == "softmax"
    assert view.params.rows == 3
    assert len(view.canvas.lines) == 3 and all(line.isVisible() for line in view.canvas.lines)
    image = view.canvas.regions.image
    colours = {tuple(pixel) for pixel in image.reshape(-1, 4)}
    assert len(colours) == 3
    view.step()
    qtbot.waitUntil(lambda: view.step_count == 1, timeout=10_000)
    qtbot.waitUntil(lambda: all(arrow.isVisible() for arrow in view.canvas.gradient_arrows))
    assert len(view.canvas.gradient_arrows) == 3


def test_each_class_has_its_own_draggable_w(qtbot, view) -> None:
    _load(qtbot, view, LabelledSpec("spirals", 300, seed=0, classes=3))
    before = view.params
    drag(view.canvas, before.weights[1], (-0.2, 0.5))
    after = view.params
    assert after.weights[1] == pytest.approx((-0.2, 0.5), abs=0.02)
    assert after.weights[0] == before.weights[0] and after.weights[2] == before.weights[2]
    assert after.bias == before.bias


def test_a_two_class_loss_is_refused_for_three_classes(qtbot, view) -> None:
    _load(qtbot, view, LabelledSpec("spirals", 300, seed=0, classes=3))
    box = view.training_panel.loss_box
    box.setCurrentIndex(box.findData("hinge"))
    assert "the hinge loss needs 2 classes; this data has 3" in view.training_panel.message.text()
    assert view.config.loss == "softmax" and box.currentData() == "softmax"


def test_a_bad_csv_changes_nothing_and_a_good_one_loads(qtbot, view, tmp_path: Path) -> None:
    before = view.data
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n1,2,0\n3,oops,1\n", encoding="utf-8")
    view.request_csv(str(bad))
    qtbot.waitUntil(lambda: "row 3: y is not a number" in view.data_panel.message.text())
    assert view.data is before
    good = tmp_path / "good.csv"
    good.write_text("1,2,-1\n3,4,1\n-1,0,1\n", encoding="utf-8")
    view.request_csv(str(good))
    qtbot.waitUntil(lambda: view.data is not before, timeout=10_000)
    assert view.data.size == 3 and view.canvas.dots.count == 3
    assert view.data_panel.kind_box.currentText() == "CSV: good.csv"
    assert not view.data_panel.message.isVisible()


def test_a_state_applied_twice_before_its_data_arrives_keeps_its_weights(qtbot, view) -> None:
    """A session opened twice in a row: the second used the old two-class data still on screen,
    so the three-class weights were reset to the spread ones (soak seed 9)."""
    assert view.data.class_count == 2
    state = view.view_state()
    state["dataset"] = {"kind": "spirals", "n": 200, "seed": 0, "separation": 4.0, "classes": 3}
    state["loss"] = "softmax"
    state["weights"] = [[1.0, 0.0], [-0.5, 0.875], [-0.5, -0.875]]
    state["bias"] = [-1.25, 0.0, 0.0]
    view.apply_view_state(state)
    view.apply_view_state(state)  # no event in between: the spirals are still on their way
    qtbot.waitUntil(lambda: view.data.class_count == 3, timeout=10_000)
    qtbot.wait(50)
    assert view.params.bias == (-1.25, 0.0, 0.0)
    assert view.params.weights[1] == (-0.5, 0.875)
    assert view.view_state()["bias"] == [-1.25, 0.0, 0.0]


def test_step_clicked_while_a_sessions_data_loads_is_taken_on_that_data(qtbot, view) -> None:
    """Step right after opening a session with other data trained the old data and the result
    was dropped when the new data restarted the run: the click did nothing (soak seed 15, and
    a drag there found the old session's handles)."""
    qtbot.mouseClick(view.training_panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.step_count == 1, timeout=10_000)
    state = view.view_state()
    state["dataset"] = {"kind": "circles", "n": 300, "seed": 4, "separation": 4.0, "classes": 2}
    state["weights"], state["bias"] = [[0.5, 2.0]], [-0.25]
    view.apply_view_state(state)
    # the session's run starts from its weights, on screen at once: a click before its data
    # lands acts on them (the handle showed the old w, its row might not exist any more)
    assert view.step_count == 0
    assert (view.canvas.handles[0].pos().x(), view.canvas.handles[0].pos().y()) == (0.5, 2.0)
    assert [f.text() for f in view.params_panel.fields] == ["0.5", "2", "-0.25"]
    qtbot.mouseClick(view.training_panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.step_count == 1, timeout=10_000)
    assert view.data.key.kind == "circles" and view.data.size == 300
    assert view.params != LinearParams.binary((0.5, 2.0), -0.25)  # one step from there
    assert len(view.curves.losses) == 1


def test_view_state_round_trips_and_nonsense_is_refused(qtbot, view) -> None:
    state = view.view_state()
    assert state["dataset"]["kind"] == "blobs" and state["loss"] == "hinge"
    for bad, message in [
        ({"learning_rate": -1}, "learning rate must be above 0"),
        ({"dataset": {"kind": "blobs", "n": 0}}, "N must be between 2"),
        ({"weights": [[1, 2]], "bias": ["x"]}, "b must be a number"),
        ({"colour": 1}, "unknown classifier settings: colour"),
        ({"loss": "softmax"}, "the softmax loss needs one weight row per class"),
        ({"steps_per_frame": 7}, r"steps_per_frame must be one of \[1, 5, 20, 100\]; got 7"),
    ]:
        with pytest.raises(InputError, match=message):
            view.apply_view_state({**state, **bad})
    assert view.view_state() == state
    view.apply_view_state(
        {
            **state,
            "learning_rate": 0.5,
            "weights": [[0.0, 2.0]],
            "bias": [1.0],
            "steps_per_frame": 1,
        }
    )
    assert view.config.learning_rate == 0.5
    assert view.training_panel.steps_per_frame == 1
    qtbot.waitUntil(lambda: view.params == LinearParams.binary((0.0, 2.0), 1.0))


def test_f_fits_the_plane_to_the_points_and_w(qtbot, window, window_tab) -> None:
    view = window_tab
    view.canvas.set_view(Box(100, 101, 100, 101))
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_F)
    (x0, x1), (y0, y1) = view.canvas.getPlotItem().getViewBox().viewRange()
    xs = [*view.data.points[:, 0].tolist(), 0.0, view.params.w[0]]
    ys = [*view.data.points[:, 1].tolist(), 0.0, view.params.w[1]]
    assert x0 <= min(xs) and max(xs) <= x1
    assert y0 <= min(ys) and max(ys) <= y1


def test_a_line_turned_about_its_foot_is_drawn_across_the_whole_view(qtbot, view) -> None:
    # b = 0: the line turns about the origin, so only its angle changes. pyqtgraph kept the
    # extent computed for the old angle: the line was drawn, and could be grabbed, only partly.
    fields = view.params_panel.fields
    for field, text in ((fields[2], "0"), (fields[0], "1"), (fields[1], "0")):
        field.setText(text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    line = view.canvas.lines[0]
    (x0, x1), (y0, y1) = view.canvas.getPlotItem().getViewBox().viewRange()
    assert x1 - x0 > 1.1 * (y1 - y0)  # a wide view: a vertical line is shorter than a level one
    line.boundingRect()  # drawn vertical once
    for field, text in ((fields[0], "0"), (fields[1], "1")):
        field.setText(text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert line.angle % 180 == pytest.approx(0.0)
    drawn = line.mapRectToView(line.boundingRect())
    slack = 1e-9 * (x1 - x0)
    assert drawn.left() <= x0 + slack and drawn.right() >= x1 - slack


def test_load_points_takes_an_npy_and_refuses_an_unlabelled_one(
    qtbot, view, tmp_path: Path, monkeypatch
) -> None:
    """The "Load points…" button with a real click; the file dialog answers with the path."""
    from PySide6.QtWidgets import QFileDialog

    chosen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[-1], ""))
    button = view.data_panel.load_button
    assert button.text() == "Load points…"
    assert all(suffix in button.toolTip() for suffix in (".csv", ".npy", ".pt"))
    before = view.data
    unlabelled = tmp_path / "xy.npy"
    np.save(unlabelled, np.zeros((4, 2)))
    chosen.append(str(unlabelled))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "xy.npy" in view.data_panel.message.text(), timeout=10_000)
    assert "points without labels" in view.data_panel.message.text()
    assert view.data is before
    mine = tmp_path / "mine.npy"
    np.save(mine, np.array([[0.0, 0.0, 3], [1.0, 2.0, 5], [-1.0, 0.5, 3], [2.0, 2.0, 5]]))
    chosen.append(str(mine))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.data is not before, timeout=10_000)
    assert view.data.size == 4 and view.canvas.dots.count == 4
    assert view.data.class_names == ("3", "5")
    assert view.data_panel.kind_box.currentText() == "NumPy: mine.npy"
    assert not view.data_panel.message.isVisible()
    assert view.view_state()["dataset"] == {"kind": "csv", "path": str(mine)}


def test_a_drag_of_many_points_recolours_them_and_states_the_loss_when_let_go(
    qtbot, view, monkeypatch
) -> None:
    """Past LIVE_EVALUATION_POINTS the dots follow every frame; the loss waits for the release."""
    import torch

    from linviz_gui.model.classifier.training import TrainState, run_steps
    from linviz_gui.ui.views.classifier import view as view_module

    monkeypatch.setattr(view_module, "LIVE_EVALUATION_POINTS", 100)  # the 200 points here
    asked = view._awaited_evaluate
    view.canvas.sigWeightDragStarted.emit(0)
    view.canvas.sigWeightDragged.emit(0, (-1.0, 0.5))  # turns w round: most points change side
    signs = classify(view.data.points, (-1.0, 0.5), view.params.b)
    np.testing.assert_array_equal(view.canvas.dots.colors(), class_argb((signs + 1) // 2))
    assert view._awaited_evaluate == asked  # no pass over the points for the loss yet
    assert view.loss is None
    assert "loss when you let go" in view.training_panel.status.text()
    acc = float(np.mean((signs + 1) // 2 == view.data.labels))
    assert f"accuracy {100 * acc:.1f}%" in view.training_panel.status.text()
    view.canvas.sigWeightDragFinished.emit(0)
    qtbot.waitUntil(lambda: view.loss is not None, timeout=10_000)
    points, labels = torch.from_numpy(view.data.points), torch.from_numpy(view.data.labels)
    outcome = run_steps(points, labels, TrainState(view.params), view.config, 0, lambda: False)
    assert view.loss == pytest.approx(outcome.loss)
    assert f"loss {view.loss:.4g}" in view.training_panel.status.text()
