"""The Training tab through real widgets, real mouse events and the real worker."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage

from linviz_gui.model.data.labelled import LabelledSpec
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.training.recipe import notebook_spiral
from linviz_gui.ui.widgets.class_colors import class_argb
from tests.ui.views.explorer.test_explorer import _mouse, drag

LEFT = Qt.MouseButton.LeftButton
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _wait_run(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: tab.run is not None, timeout=30_000)


def _wait_pictures(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    """Until the regions, the energy and the stages of the weights shown are on screen."""
    qtbot.waitUntil(
        lambda: tab.pictures_current() and tab.regions_result is not None, timeout=30_000
    )


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    """The Training view alone with its own worker, shown, the notebook's spiral-mlp ready."""
    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.views.training.view import TrainingView

    worker = ComputeWorker()
    tab = TrainingView(Scene(), worker)
    qtbot.addWidget(tab)
    worker.start()
    tab.resize(1300, 900)
    tab.show()
    _wait_run(qtbot, tab)
    yield tab
    tab.set_playing(False)
    worker.stop()


def click(canvas, xy, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A real left click (press and release in one place) at data coordinates ``xy``."""
    pg.setConfigOption("mouseRateLimit", -1)
    vb = canvas.getPlotItem().getViewBox()
    at = QPointF(canvas.mapFromScene(vb.mapViewToScene(QPointF(*xy))))
    _mouse(canvas, QEvent.Type.MouseButtonPress, at, LEFT, LEFT, modifiers)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, at, LEFT, Qt.MouseButton.NoButton, modifiers)


def _step(qtbot, view, steps: int) -> None:  # type: ignore[no-untyped-def]
    view.run_panel.show_steps_per_frame(steps)
    before = view.run.step
    qtbot.mouseClick(view.run_panel.step_button, LEFT)
    qtbot.waitUntil(lambda: view.run.step == before + steps, timeout=30_000)


def test_the_preset_steps_exactly_as_the_notebooks_loop(qtbot, view) -> None:
    """Step with the notebook's preset gives the losses of its own cell, run here in torch."""
    assert view.data.size == 5000 and view.data.class_count == 5
    assert [row.kind_box.currentData() for row in view.net_panel.editor.rows] == [
        "linear",
        "relu",
        "linear",
    ]
    _step(qtbot, view, 5)
    torch.manual_seed(12345)
    x, y = notebook_spiral(1000, 5)
    model = torch.nn.Sequential(torch.nn.Linear(2, 100), torch.nn.ReLU(), torch.nn.Linear(100, 5))
    criterion = torch.nn.CrossEntropyLoss(reduction="none")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    losses = []
    for _ in range(5):
        s = model(x)
        loss = criterion(s, y).mean()
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    np.testing.assert_allclose(view.curves.losses, losses, rtol=1e-5)
    assert f"step 5  ·  loss {losses[-1]:.4g}" in view.run_panel.status.text()
    assert "steps/s" in view.run_panel.status.text()


def test_play_learns_the_spiral_and_the_regions_agree_with_the_classes(qtbot, view) -> None:
    view.run_panel.show_steps_per_frame(200)
    qtbot.mouseClick(view.run_panel.play_button, LEFT)
    qtbot.waitUntil(lambda: view.run.step >= 600, timeout=60_000)
    qtbot.mouseClick(view.run_panel.play_button, LEFT)  # Pause
    assert not view.playing and view.run_panel.play_button.text() == "Play"
    step = view.run.step
    qtbot.wait(300)
    assert view.run.step == step  # paused means no more steps
    view.fit()
    _wait_pictures(qtbot, view)
    regions = view.regions_result
    data = view.data
    # The predicted class in the cell under each point, as the heatmap colours it.
    col = np.clip(np.searchsorted(regions.xs, data.points[:, 0]), 0, len(regions.xs) - 1)
    row = np.clip(np.searchsorted(regions.ys, data.points[:, 1]), 0, len(regions.ys) - 1)
    agree = float(np.mean(regions.classes[row, col] == data.labels))
    assert agree > 0.85
    # The image on screen is the class colours: a cell deep inside a region is its class's hue.
    image = view.regions_canvas.image.image
    r, c = row[data.labels == 2][-1], col[data.labels == 2][-1]  # the end of arm 2, far out
    if regions.classes[r, c] == 2:
        green = image[r, c, :3].astype(int)
        assert green[1] > green[0] and green[1] > green[2]  # Okabe-Ito bluish green


def test_a_class_energy_is_lowest_on_its_own_points(qtbot, view) -> None:
    _step(qtbot, view, 200)
    view.energy_panel.class_box.setCurrentIndex(3)
    qtbot.waitUntil(lambda: view.energy_result is not None and view.energy_result.k == 3)
    energy = view.energy_result
    assert "class 4" in view.energy_canvas.getPlotItem().titleLabel.text
    data = view.data
    col = np.clip(np.searchsorted(energy.xs, data.points[:, 0]), 0, len(energy.xs) - 1)
    row = np.clip(np.searchsorted(energy.ys, data.points[:, 1]), 0, len(energy.ys) - 1)
    on_points = energy.values[row, col]
    assert on_points[data.labels == 3].mean() < on_points[data.labels != 3].mean()
    low, high = view.energy_canvas.color_bar.levels()
    assert low == pytest.approx(float(energy.values.min()), rel=1e-5)
    # The bands cover the plane up to the energy's 75th percentile: near the data, not its far
    # corners (tens of times higher), which all fall in the top band.
    assert high == pytest.approx(float(np.quantile(energy.values, 0.75)), rel=1e-5)
    assert high < float(energy.values.max())
    view.energy_panel.kind_box.setCurrentIndex(
        view.energy_panel.kind_box.findData("negative_score")
    )
    qtbot.waitUntil(lambda: view.energy_result.kind == "negative_score")
    assert "negative" in view.energy_canvas.getPlotItem().titleLabel.text


def test_dragging_the_surface_turns_it_and_the_slider_follows(qtbot, view) -> None:
    _wait_pictures(qtbot, view)
    surface = view.surface_canvas.surface
    assert surface.quad_count == 0 or surface.quad_count > 100
    before = surface.turn
    drag(view.surface_canvas, (0.0, 0.2), (0.6, 0.2), steps=6)
    assert surface.turn != before
    assert view.energy_panel.turn_slider.value() == round(surface.turn) % 360
    view.energy_panel.turn_slider.setValue(200)
    assert surface.turn == 200.0
    view.surface_canvas.grab()  # paints the quads, far ones first
    assert surface.quad_count >= 40 * 40


def test_clicks_add_points_of_the_chosen_class_and_shift_click_removes(qtbot, view) -> None:
    canvas = view.regions_canvas
    view.data_panel.clear_button.click()
    assert canvas.dots.count == 0 and view.run is None
    assert "at least 2 points" in view.run_panel.message.text()
    canvas.setFocus()
    click(canvas, (-0.5, 0.5))
    assert canvas.dots.count == 1 and view.run is None  # one point: nothing to train yet
    qtbot.keyClick(canvas, Qt.Key.Key_2)
    assert view.data_panel.click_class == 1
    click(canvas, (0.5, -0.5))
    click(canvas, (0.6, -0.4))
    data = view.data
    assert data.labels.tolist() == [0, 1, 1]
    assert data.class_count == 5  # cleared from the spiral: its five classes stay, the net fits
    np.testing.assert_allclose(data.points[0], (-0.5, 0.5), atol=0.02)
    np.testing.assert_allclose(data.points[2], (0.6, -0.4), atol=0.02)
    np.testing.assert_array_equal(canvas.dots.colors(), class_argb(np.array([0, 1, 1])))
    _wait_run(qtbot, view)
    click(canvas, (0.58, -0.42), modifiers=SHIFT)  # nearest is the third point
    assert view.data.size == 2
    np.testing.assert_allclose(view.data.points[1], (0.5, -0.5), atol=0.02)
    _step(qtbot, view, 5)  # the clicked points train like any others
    assert view.data_panel.kind() == "clicked"


def test_a_click_on_the_spiral_goes_on_training_from_where_it_was(qtbot, view) -> None:
    _step(qtbot, view, 5)
    click(view.regions_canvas, (0.1, 0.1))
    assert view.data.size == 5001 and view.data.labels[-1] == 0
    qtbot.waitUntil(lambda: view.run is not None and view.run.setup.data is view.data)
    assert view.run.step == 5  # the run went on; it did not start again
    assert len(view.curves.losses) == 5


def test_a_diverging_run_pauses_and_says_so(qtbot, view) -> None:
    panel = view.optimiser_panel
    panel.loss_box.setCurrentIndex(panel.loss_box.findData("mse"))
    panel.optimizer_box.setCurrentIndex(panel.optimizer_box.findData("sgd"))
    panel.rate_field.setText("10")
    panel.rate_field.commit()
    qtbot.waitUntil(lambda: view.run.setup.config.learning_rate == 10.0, timeout=10_000)
    view.run_panel.show_steps_per_frame(50)
    qtbot.mouseClick(view.run_panel.play_button, LEFT)
    qtbot.waitUntil(lambda: not view.playing, timeout=60_000)
    text = view.run_panel.message.text()
    assert "diverged" in text and "Lower the learning rate" in text
    assert all(math.isfinite(v) for v in view.curves.losses)


def test_junk_settings_are_refused_naming_the_value(qtbot, view) -> None:
    panel = view.optimiser_panel
    for field, typed, named in (
        (panel.rate_field, "-1", "learning rate"),
        (panel.decay_field, "abc", "weight decay"),
        (panel.batch_field, "2.5", "batch size"),
        (panel.test_field, "0.95", "test fraction"),
    ):
        field.setText(typed)
        assert not field.commit()
        assert named in field.error and named in panel.message.text()
    assert view.config.learning_rate == 1e-3  # the last good settings stay


def test_a_net_that_does_not_fit_the_classes_is_refused_with_the_fix(qtbot, view) -> None:
    view.data_panel.kind_box.setCurrentIndex(view.data_panel.kind_box.findData("blobs"))
    qtbot.waitUntil(lambda: view.data.class_count == 2, timeout=10_000)
    qtbot.waitUntil(lambda: view.run is None, timeout=10_000)
    text = view.run_panel.message.text()
    assert "gives 5 outputs but the data has 2 classes" in text
    assert "layer 3" in text and "to 2" in text
    assert not view.run_panel.play_button.isEnabled()
    view.net_panel.editor.set_width(2, "out", 2)
    _wait_run(qtbot, view)
    assert view.run_panel.message.text() == "" and view.run_panel.play_button.isEnabled()


def test_reset_goes_back_to_the_same_initial_weights(qtbot, view) -> None:
    start = view.run.weights
    _step(qtbot, view, 5)
    assert not view.run.weights.equals(start)
    qtbot.mouseClick(view.run_panel.reset_button, LEFT)
    assert view.run.step == 0 and view.run.weights.equals(start)
    assert len(view.curves.losses) == 0


def test_the_timeline_shows_an_earlier_snapshot_and_the_scrubber_a_stage(qtbot, view) -> None:
    _step(qtbot, view, 50)
    assert view.timeline.steps()[0] == 0 and view.timeline.live
    view.timeline.set_index(0)
    assert view.shown_step() == 0 and view.shown_weights() is view.run.timeline.snapshots[0].weights
    qtbot.waitUntil(lambda: "step 0" in view.stage_canvas.title_text, timeout=10_000)
    assert "step 0" in view.energy_canvas.getPlotItem().titleLabel.text
    view.scrubber.go_first()  # the input X: the points as they are
    np.testing.assert_allclose(view.stage_canvas.dots.points(), view.data.points, atol=1e-6)
    assert view.scrubber.stage_count == 6


def test_play_after_scrubbing_back_trains_on_from_that_snapshot(qtbot, view) -> None:
    _step(qtbot, view, 20)
    view.timeline.set_index(view.timeline.steps().index(10))
    losses = view.curves.losses[:10].copy()
    weights = view.shown_weights()
    assert view.shown_step() == 10
    view.run_panel.show_steps_per_frame(5)
    qtbot.mouseClick(view.run_panel.step_button, LEFT)
    assert view.run.step == 10 and view.run.weights is weights  # taken back, then on
    qtbot.waitUntil(lambda: view.run.step == 15, timeout=30_000)
    assert len(view.curves.losses) == 15
    np.testing.assert_array_equal(view.curves.losses[:10], losses)
    assert view.timeline.live and max(view.timeline.steps()) == 15


def test_view_state_round_trips_clicked_points_and_refuses_nonsense(qtbot, view) -> None:
    view.data_panel.clear_button.click()
    click(view.regions_canvas, (0.25, 0.75))
    click(view.regions_canvas, (-0.5, 0.25))
    state = view.view_state()
    assert state["data"]["source"] == "clicked" and len(state["data"]["points"]) == 2
    for bad, named in (
        ({"config": {**state["config"], "learning_rate": -1}}, "learning rate"),
        ({"data": {"source": "clicked", "points": [[0, "x"]], "labels": [0]}}, "clicked points"),
        ({"data": {"source": "clicked", "points": [[0, 0]], "labels": [5]}}, "has class 5"),
        ({"data": {"source": "generated", "kind": "xor", "n": 1}}, "N must be"),
        ({"steps_per_frame": 7}, "steps_per_frame"),
        ({"preset": "spiral-deep"}, "spiral-deep"),
        ({"energy": {"k": 9}}, "energy class k"),
    ):
        with pytest.raises(InputError, match=named):
            view.check_view_state(bad)
    assert view.view_state() == state  # a refused state changed nothing
    view.apply_view_state({"data": {"source": "generated", **vars(LabelledSpec("xor", 100))}})
    qtbot.waitUntil(lambda: view.data is not None and view.data.size == 100, timeout=10_000)
    assert view.view_state()["data"]["kind"] == "xor"
    view.apply_view_state(state)
    np.testing.assert_allclose(view.data.points, [[0.25, 0.75], [-0.5, 0.25]], atol=0.02)
    assert view.view_state() == state


def test_a_session_continues_the_run_where_it_stood(qtbot, view) -> None:
    _step(qtbot, view, 20)
    state = view.view_state()
    assert state["run"]["step"] == 20
    weights = view.run.weights
    qtbot.mouseClick(view.run_panel.reset_button, LEFT)
    assert view.run.step == 0
    view.apply_view_state(state)
    qtbot.waitUntil(lambda: view.run is not None and view.run.step == 20, timeout=30_000)
    assert view.run.weights.equals(weights)
    assert view.view_state() == state
    _step(qtbot, view, 5)  # Adam goes on with its saved moments: the run as if never closed
    reference = view.run.weights
    view.apply_view_state(state)
    qtbot.waitUntil(lambda: view.run is not None and view.run.step == 20, timeout=30_000)
    _step(qtbot, view, 5)
    assert view.run.weights.equals(reference)
    qtbot.mouseClick(view.run_panel.reset_button, LEFT)  # step 0: no optimiser memory yet
    fresh = view.view_state()
    assert fresh["run"]["memory"] == []
    view.check_view_state(fresh)  # a run saved before its first step reopens too
    bad = {**state, "run": {**state["run"], "step": -3}}
    with pytest.raises(InputError, match="-3"):
        view.check_view_state(bad)


def test_saving_while_a_sessions_run_is_on_its_way_saves_the_session(qtbot, view) -> None:
    """Ctrl+S right after File → Open, before the worker has rebuilt the run, saves the run
    that was opened, not the one on screen before."""
    _step(qtbot, view, 5)
    opened = view.view_state()
    qtbot.mouseClick(view.run_panel.reset_button, LEFT)
    view.start_preset("spiral-mlp", hidden=8)
    qtbot.waitUntil(lambda: view.run is not None and view.network.layers[0].out_features == 8)
    view.apply_view_state(opened)
    assert view.view_state() == opened  # at once: the run is still being rebuilt
    qtbot.waitUntil(lambda: view.run is not None and view.run.step == 5, timeout=30_000)
    assert view.view_state() == opened
    view.start_preset("spiral-mlp")  # a preset picked now starts afresh, at step 0
    qtbot.waitUntil(lambda: view.run is not None and view.run.step == 0, timeout=30_000)
    assert view.view_state()["run"]["step"] == 0


def test_a_session_of_a_preset_run_with_its_own_hidden_width_reopens_at_that_width(
    qtbot, view
) -> None:
    """A run started as ``linviz train --preset spiral-mlp --hidden 8``, saved, reopens with
    d = 8 and its own weights, not the notebook's d = 100."""
    view.start_preset("spiral-mlp", hidden=8)
    qtbot.waitUntil(lambda: view.run is not None and view.network.layers[0].out_features == 8)
    _step(qtbot, view, 5)
    state = view.view_state()
    weights = view.run.weights
    view.start_preset("spiral-mlp")
    qtbot.waitUntil(lambda: view.run is not None and view.network.layers[0].out_features == 100)
    view.apply_view_state(state)
    qtbot.waitUntil(lambda: view.run is not None and view.run.step == 5, timeout=30_000)
    assert view.net_panel.editor.layers()[0].out_features == 8  # what the editor shows
    assert view.run.weights.equals(weights)


def test_the_timeline_film_renders_a_frame_per_snapshot(qtbot, view) -> None:
    _step(qtbot, view, 20)
    films = view.animation_sources()
    assert films[0].title == "Training: decision regions over time"
    film = films[0]
    count = film.frame_count()
    assert count == len(view.run.timeline.snapshots) >= 2
    first = film.render_frame(0, 160, 120)
    assert isinstance(first, QImage) and (first.width(), first.height()) == (160, 120)
    assert view.shown_step() == 0
    film.render_frame(count - 1, 160, 120)
    film.finish()
    assert view.timeline.live


def test_the_trained_net_is_saved_as_a_state_dict_with_its_code(qtbot, view, tmp_path) -> None:
    _step(qtbot, view, 5)
    messages: list[str] = []
    view.sigMessage.connect(messages.append)
    view.save_net(str(tmp_path / "spiral.pt"))
    qtbot.waitUntil(lambda: any(m.startswith("Saved") for m in messages), timeout=10_000)
    state = torch.load(tmp_path / "spiral.pt", weights_only=True)
    for name, array in zip(view.run.weights.names, view.run.weights.arrays, strict=True):
        np.testing.assert_array_equal(state[name].numpy(), array)
    code = (tmp_path / "spiral.py").read_text()
    assert "nn.Linear(2, 100)," in code and "nn.ReLU()," in code and "spiral.pt" in code
    view.save_net(str(tmp_path / "no-folder" / "x.pt"))
    qtbot.waitUntil(lambda: any(m.startswith("Not saved") for m in messages), timeout=10_000)


def test_load_points_trains_on_an_npy_file(qtbot, view, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A real click on "Load points…" (the dialog answers with the path): five classes from a
    .npy file fit the preset's five outputs, so a run starts on them; a 3-D array is refused."""
    from PySide6.QtWidgets import QFileDialog

    chosen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[-1], ""))
    button = view.data_panel.load_button
    assert button.text() == "Load points…" and ".npy" in button.toolTip()
    before = view.data
    cube = tmp_path / "cube.npy"
    np.save(cube, np.zeros((2, 3, 3)))
    chosen.append(str(cube))
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: "cube.npy" in view.data_panel.message.text(), timeout=10_000)
    assert "must be 2-D" in view.data_panel.message.text() and view.data is before
    rng = np.random.default_rng(0)
    rows = np.c_[rng.normal(size=(50, 2)), np.arange(50) % 5]
    mine = tmp_path / "five.npy"
    np.save(mine, rows)
    chosen.append(str(mine))
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: view.data is not before, timeout=10_000)
    assert view.data.size == 50 and view.data.class_count == 5
    np.testing.assert_allclose(view.data.points, rows[:, :2], rtol=1e-6)
    assert view.data_panel.kind_box.currentText() == "NumPy: five.npy"
    assert view.view_state()["data"] == {"source": "csv", "path": str(mine)}
    loaded = view.data
    qtbot.waitUntil(lambda: view.run is not None and view.run.setup.data is loaded, timeout=30_000)
    _step(qtbot, view, 5)  # it trains on the file's points


def test_a_test_split_draws_test_curves_beside_the_train_curves(qtbot, view) -> None:
    """With points held out, the loss and accuracy plots get a dashed test curve and a legend,
    its values those ``linviz train`` reports for the same split."""
    from linviz_gui.commands.train import train_preset
    from linviz_gui.model.training.config import TrainingConfig

    curves = view.curves
    _step(qtbot, view, 5)
    assert not curves.has_test and not any(legend.isVisible() for legend in curves.legends)
    drawn, _ = curves.test_loss_curve.getData()
    assert drawn is None or len(drawn) == 0

    config = TrainingConfig(test_fraction=0.2)
    view.start_preset("spiral-mlp", config)
    qtbot.waitUntil(lambda: view.run is not None and view.run.setup.has_test, timeout=30_000)
    _step(qtbot, view, 5)
    steps, test_losses = curves.test_loss_curve.getData()
    np.testing.assert_array_equal(steps, np.arange(5))
    np.testing.assert_array_equal(test_losses, curves.test_losses)
    _, test_accuracies = curves.test_accuracy_curve.getData()
    np.testing.assert_array_equal(test_accuracies, curves.test_accuracies)
    assert all(legend.isVisible() for legend in curves.legends)
    # Measured on the held-out points, not the train ones: other numbers, the CLI's numbers.
    assert not np.allclose(curves.test_losses, curves.losses)
    reference = train_preset("spiral-mlp", TrainingConfig(steps=5, test_fraction=0.2), "cpu")
    assert curves.test_losses[-1] == pytest.approx(reference["test_loss"], rel=1e-5)
    assert curves.test_accuracies[-1] == pytest.approx(reference["test_accuracy"], abs=1e-6)
    assert f"test accuracy {100 * reference['test_accuracy']:.1f}%" in view.run_panel.status.text()


def test_while_playing_every_frame_draws_the_newest_weights(qtbot, view) -> None:
    """Each chunk that lands is followed by the regions and the scrubbed stage of its weights
    before the next chunk (asked first, they run first), and class k's energy once in
    ENERGY_EVERY_FRAMES chunks: no picture is left behind while the run plays."""
    from linviz_gui.ui.views.training.pictures import ENERGY_EVERY_FRAMES

    events: list[str] = []
    view.sigChunk.connect(lambda: events.append("chunk"))
    view.sigPictured.connect(events.append)
    view.set_playing(True)
    qtbot.waitUntil(
        lambda: events.count("stages") >= 8 and events.count("energy") >= 3, timeout=30_000
    )
    view.set_playing(False)
    # Up to the last chunk while playing: after Pause every picture is asked for once more.
    events = events[: len(events) - events[::-1].index("chunk")]
    for picture, most in (("stages", 1), ("regions", 1), ("energy", ENERGY_EVERY_FRAMES)):
        marks = [i for i, name in enumerate(events) if name == picture]
        between = [events[a:b].count("chunk") for a, b in itertools.pairwise(marks)]
        assert between and max(between) <= most, (picture, between)


def test_an_energy_off_screen_is_not_computed_while_playing(qtbot, view) -> None:
    _wait_pictures(qtbot, view)  # the first pictures, asked for before Play, are all drawn
    view.energy_canvas.hide()
    view.surface_canvas.hide()
    events: list[str] = []
    view.sigPictured.connect(events.append)
    view.set_playing(True)
    qtbot.waitUntil(lambda: events.count("stages") >= 10, timeout=30_000)
    view.set_playing(False)
    assert "energy" not in events
    view.energy_canvas.show()
    view.set_playing(True)
    qtbot.waitUntil(lambda: "energy" in events, timeout=30_000)
    view.set_playing(False)


def test_playing_draws_quicker_pictures_and_pause_the_whole_ones(qtbot, view) -> None:
    """While playing, the regions have a quarter of the cells and the energy every other point
    of the notebook's mesh; Pause brings both back whole (the notebook's 300 × 300 mesh)."""
    from linviz_gui.ui.views.training.pictures import PLAYING_REGION_CELLS, REGION_CELLS

    view.set_playing(True)
    qtbot.waitUntil(
        lambda: view.energy_result is not None and view.energy_result.values.shape == (150, 150),
        timeout=30_000,
    )
    qtbot.waitUntil(lambda: len(view.regions_result.xs) == PLAYING_REGION_CELLS)
    view.set_playing(False)
    _wait_pictures(qtbot, view)
    assert len(view.regions_result.xs) == REGION_CELLS
    assert view.energy_result.values.shape == (300, 300)
    np.testing.assert_allclose(view.energy_result.xs[[0, -1]], [-1.5, 1.49], atol=1e-6)


def test_a_device_failing_mid_run_pauses_keeps_the_last_good_run_and_plays_on(
    qtbot, view, monkeypatch
) -> None:
    """Step 45 raises inside a chunk as a GPU out of memory does: the tab pauses with one line,
    keeps the weights and curves of the last chunk that landed, and Play goes on from there
    with exactly the steps of a run that never failed."""
    from linviz_gui.model.training import trainer as trainer_module
    from linviz_gui.model.training.recipe import preset_setup

    real_batch = trainer_module.Trainer._batch
    failed = []

    def batch(self, step):  # type: ignore[no-untyped-def]
        if step == 45 and not failed:
            failed.append(step)
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_batch(self, step)

    monkeypatch.setattr(trainer_module.Trainer, "_batch", batch)
    _step(qtbot, view, 20)
    messages: list[str] = []
    view.sigMessage.connect(messages.append)
    landed: list[object] = []
    view.sigChunk.connect(lambda: landed.append(view.run))
    qtbot.mouseClick(view.run_panel.play_button, LEFT)
    qtbot.waitUntil(lambda: bool(failed) and not view.playing, timeout=30_000)
    text = view.run_panel.message.text()
    good = landed[-1]
    assert view.run is good and 20 < good.step <= 45
    assert "CUDA out of memory" in text and f"step {good.step}" in text and "\n" not in text
    assert any("CUDA out of memory" in m for m in messages)
    assert len(view.curves.losses) == good.step
    assert view.run_panel.play_button.isEnabled()
    qtbot.mouseClick(view.run_panel.play_button, LEFT)
    qtbot.waitUntil(lambda: view.run.step >= 60, timeout=30_000)
    qtbot.mouseClick(view.run_panel.play_button, LEFT)  # Pause
    step = view.run.step
    # The worker idle first: building a picture's net draws from torch's global generator,
    # which this thread seeds for the reference run.
    _wait_pictures(qtbot, view)
    whole = trainer_module.Trainer(preset_setup("spiral-mlp")).run(step)
    np.testing.assert_allclose(view.curves.losses, whole.losses, rtol=1e-5)
    assert view.device == "cpu" and "on cpu" in view.run_panel.status.text()
