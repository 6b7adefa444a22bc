"""The Network tab through real widgets against the real worker."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.files.model_file import opening_state
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.network.layers import (
    NetworkSpec,
    build_sequential,
    deep_relu_net,
    layer_stages,
    linear,
    single_linear,
    tanh_net,
    tanh_preset,
)
from tests.ui.views.explorer.test_explorer import drag


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    """The view on its own with a real worker (cheaper than the whole window)."""
    from linviz_gui.compute.worker import ComputeWorker
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.views.network.view import NetworkView

    worker = ComputeWorker()
    network = NetworkView(Scene(), worker)  # connects to the worker's signals before start()
    qtbot.addWidget(network)
    worker.start()
    network.resize(1100, 750)
    network.show()
    qtbot.waitUntil(lambda: _shown(network), timeout=30_000)
    yield network
    worker.stop()


def test_the_main_window_has_the_network_tab(qtbot, window) -> None:
    network = next(v for v in window.views if getattr(v, "title", "") == "Network")
    assert window.tabs.tabText(window.tabs.indexOf(network)) == "Network"
    assert network._result is None  # nothing is computed before the tab is shown
    window.tabs.setCurrentWidget(network)
    qtbot.waitUntil(lambda: _shown(network), timeout=30_000)
    assert network.output_canvas.points.count == window.scene.dataset.size


def _shown(view) -> bool:
    result = view._result
    return result is not None and result.spec == view.network


def _x(view) -> torch.Tensor:
    return make_points(view._scene.dataset)[0]


def _stage_points(view) -> np.ndarray:
    return view.stage_canvas.points.points()


def _wait_for(qtbot, view) -> None:
    qtbot.waitUntil(lambda: _shown(view), timeout=20_000)


def _choose_preset(view, key: str) -> None:
    box = view.presets.preset_box
    box.setCurrentIndex(box.findData(key))
    box.activated.emit(box.currentIndex())


def _type(qtbot, field, text: str) -> None:
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_tab_opens_on_tanh_of_5x_squeezed_into_the_square(view) -> None:
    assert view.network == tanh_preset(5.0)
    output = view.output_canvas.points.points()
    assert output.shape == (1000, 2)
    assert np.abs(output).max() <= 1.0
    with torch.no_grad():
        expected = build_sequential(view.network)(_x(view)).numpy()
    np.testing.assert_array_equal(output, expected)
    np.testing.assert_array_equal(_stage_points(view), expected)  # the scrubber starts at f(X)
    assert "Tanh" in view.scrubber.label.text()


def test_every_stage_on_screen_is_the_real_intermediate_output(qtbot, view) -> None:
    _choose_preset(view, "tanh_net")
    _wait_for(qtbot, view)
    model = build_sequential(tanh_net(0))
    stages = layer_stages(model, _x(view))
    assert view.scrubber.stage_count == len(stages) == 6
    for k, stage in enumerate(stages):
        view.scrubber.set_position(k)
        shown = _stage_points(view)
        width = stage.values.shape[1]
        expected = stage.values[:, :2] if width > 2 else stage.values
        np.testing.assert_allclose(shown, expected.numpy(), rtol=1e-6, atol=1e-6)
        assert stage.info.label in view.stage_canvas.title_text
        if width > 2:
            assert "width 5, shown as units 1 and 2" in view.stage_canvas.title_text
    # Continuous between stages: half-way is the blend of its two neighbours.
    view.scrubber.set_position(2.5)
    blend = 0.5 * (stages[2].values[:, :2] + stages[3].values[:, :2])
    np.testing.assert_allclose(_stage_points(view), blend.numpy(), atol=1e-6)
    assert "50% of the way to layer 2 Tanh" in view.scrubber.label.text()
    view.scrubber.buttons["next"].click()
    assert view.scrubber.position() == 3.0
    view.scrubber.buttons["previous"].click()
    assert view.scrubber.position() == 2.0


def test_wide_stages_can_be_shown_by_pca(qtbot, view) -> None:
    _choose_preset(view, "deep_relu")
    _wait_for(qtbot, view)
    view.projection_form.mode_box.setCurrentIndex(view.projection_form.mode_box.findData("pca"))
    qtbot.waitUntil(lambda: view._result.projection.mode == "pca", timeout=20_000)
    view.scrubber.set_position(3)
    assert "shown by PCA (" in view.stage_canvas.title_text
    with torch.no_grad():
        expected = build_sequential(deep_relu_net(0))(_x(view)).numpy()
    np.testing.assert_array_equal(view.output_canvas.points.points(), expected)


def test_pca_chosen_after_a_refused_pair_of_units_is_what_is_shown(qtbot, view) -> None:
    """The box used to say PCA while the stage was still drawn through units (issue 17)."""
    _choose_preset(view, "deep_relu")
    _wait_for(qtbot, view)
    form = view.projection_form
    messages: list[str] = []
    view.sigMessage.connect(messages.append)
    form.unit_fields[0].setText("2")  # unit 2 is already on the y axis
    form.unit_fields[0].commit()
    assert messages[-1] == "choose two different units to show; got unit 2 twice"
    form.mode_box.setCurrentIndex(form.mode_box.findData("pca"))
    qtbot.waitUntil(lambda: view._result.projection.mode == "pca", timeout=20_000)
    assert form.mode_box.currentData() == "pca"
    assert [f.text() for f in form.unit_fields] == ["1", "2"]  # the pair in use, not 2 and 2
    form.mode_box.setCurrentIndex(form.mode_box.findData("units"))
    qtbot.waitUntil(lambda: view._result.projection.mode == "units", timeout=20_000)
    assert view._result.projection.units == (0, 1)
    view.scrubber.set_position(3)
    assert "shown by PCA" not in view.stage_canvas.title_text


def test_changing_a_layers_kind_by_keyboard_keeps_the_focus_in_its_row(qtbot, view) -> None:
    """The rows are rebuilt on a change of kind; the focus used to jump out of the row."""
    from PySide6.QtWidgets import QApplication

    _choose_preset(view, "tanh_net")
    _wait_for(qtbot, view)
    view.activateWindow()
    box = view.editor.rows[1].kind_box
    assert box.currentData() == "tanh"
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # the next key, where it lands
    box = view.editor.rows[1].kind_box
    assert box.currentData() == "sigmoid"  # two steps down from Tanh: both keys reached it
    assert QApplication.focusWidget() is box
    qtbot.waitUntil(lambda: _shown(view) and view.network.layers[1].kind == "sigmoid")


def _remove_first_layer(editor) -> None:
    editor.rows[0].findChildren(type(editor.rows[0].weight_button))[-1].click()


def test_bad_edits_get_a_message_and_keep_the_last_good_net(qtbot, view) -> None:
    _choose_preset(view, "tanh_net")
    _wait_for(qtbot, view)
    good, before = view.network, view.output_canvas.points.points().copy()
    editor = view.editor
    edits = [
        (
            lambda: _type(qtbot, editor.rows[0].out_field, "0"),
            "layer 1 Linear(2, 0): width must be between 1 and 128; got 0",
        ),
        (
            lambda: _type(qtbot, editor.rows[0].out_field, "1000"),
            "layer 1 Linear(2, 1000): width must be between 1 and 128; got 1000",
        ),
        (
            lambda: [_remove_first_layer(editor) for _ in range(2)],
            "layer 1 Linear(5, 2) expects 5 inputs but the input points are 2-D",
        ),
        (lambda: [_remove_first_layer(editor) for _ in range(3)], "the network is empty"),
    ]
    for make_edit, message in edits:
        _choose_preset(view, "tanh_net")
        make_edit()
        assert message in editor.message.text()
        assert "The last good network stays on screen" in editor.message.text()
        assert view.network == good
        np.testing.assert_array_equal(view.output_canvas.points.points(), before)
    # The scrubber and the gallery keep working meanwhile.
    view.scrubber.go_first()
    np.testing.assert_array_equal(_stage_points(view), _x(view).numpy())
    qtbot.waitUntil(lambda: bool(view.gallery.buttons.get("Five ReLU nets")), timeout=20_000)
    view.gallery.buttons["Five ReLU nets"][2].click()
    assert view.network == deep_relu_net(2)
    assert not editor.message.isVisible()
    _wait_for(qtbot, view)


def test_editing_widths_feeds_the_next_layer_and_recomputes(qtbot, view) -> None:
    _choose_preset(view, "tanh_net")
    _wait_for(qtbot, view)
    _type(qtbot, view.editor.rows[0].out_field, "8")
    assert [layer.describe() for layer in view.network.layers] == [
        "Linear(2, 8)",
        "Tanh()",
        "Linear(8, 2)",
    ]
    _wait_for(qtbot, view)
    view.editor.rows[2].bias_check.setChecked(False)
    assert view.network.layers[2].bias is False
    view.editor.add_layer("sigmoid")
    assert view.network.layers[-1].kind == "sigmoid"
    _wait_for(qtbot, view)
    assert np.all(view.output_canvas.points.points() > 0)
    assert "nn.Sigmoid()" in view.code.toPlainText()


def test_dragging_a_weight_column_moves_every_later_stage(qtbot, view) -> None:
    view.go_to_weight(0)
    assert view.scrubber.position() == 1.0
    assert all(handle.isVisible() for handle in view.handles)
    assert view.handles[0].pos().x() == 5.0
    drag(view.stage_canvas, (5.0, 0.0), (3.0, 1.0))
    w = view.network.layers[0].weight
    assert w is not None
    assert (w.a, w.c) == pytest.approx((3.0, 1.0), abs=0.1)
    assert (w.b, w.d) == (0.0, 5.0)
    _wait_for(qtbot, view)
    x = _x(view)
    expected = torch.tanh(x @ torch.tensor(w.rows, dtype=torch.float32).T).numpy()
    np.testing.assert_allclose(view.output_canvas.points.points(), expected, atol=1e-6)
    assert f"model[0].weight.copy_(torch.tensor([[{w.a:.4f}, 0.0000]," in view.code.toPlainText()
    # A dragged weight makes the net the user's own: moving s would throw the drag away.
    assert view.presets.is_custom and not view.presets.s_slider.isEnabled()


def test_the_s_slider_and_the_seed_remake_the_net(qtbot, view) -> None:
    view.presets.s_slider.setValue(20)
    assert view.network == tanh_preset(2.0)
    _choose_preset(view, "deep_relu")
    _type(qtbot, view.presets.seed_field, "3")
    assert view.network == deep_relu_net(3)
    _wait_for(qtbot, view)
    with torch.no_grad():
        expected = build_sequential(deep_relu_net(3))(_x(view)).numpy()
    np.testing.assert_array_equal(view.output_canvas.points.points(), expected)


def test_the_preset_box_names_a_preset_only_while_that_net_is_shown(qtbot, view) -> None:
    box = view.presets.preset_box
    _choose_preset(view, "tanh_net")
    assert box.currentData() == "tanh_net"
    view.editor.add_layer("sigmoid")  # edited: no longer the course's tanh net
    assert box.currentIndex() == -1 and box.placeholderText() == "(your own network)"
    _choose_preset(view, "tanh")
    assert box.currentData() == "tanh" and view.presets.s_slider.isEnabled()
    # A loaded model reaches the tab as a session's view state, naming no preset.
    loaded = NetworkSpec((linear(2, 3), *tanh_net(0).layers[1:2], linear(3, 2)), seed=0)
    view.apply_view_state(opening_state(loaded))
    assert box.currentIndex() == -1
    assert not view.presets.s_slider.isEnabled()  # s would replace the user's net by tanh's


def test_gallery_opens_a_random_w_here_and_in_the_explorer(qtbot, view) -> None:
    qtbot.waitUntil(lambda: len(view.gallery.buttons.get("Ten random W", [])) == 10, timeout=20_000)
    generator = torch.Generator().manual_seed(0)
    torch.randn(1000, 2, generator=generator)
    first = torch.randn(2, 2, generator=generator)
    before_w, before_net = view._scene.matrix, view.network
    view.gallery.buttons["Ten random W"][0].click()
    assert view._scene.matrix.rows == tuple(map(tuple, first.tolist()))
    assert view.network == single_linear(view._scene.matrix)
    # The net and the Explorer's W it brings are one click: one undo step takes back both.
    scene = view._scene
    scene.undo_log.register(view.title, view.put_undo_state)  # as the window does
    assert scene.undo_log.undo_label().startswith("open W #1")
    scene.undo()
    assert scene.matrix == before_w and view.network == before_net
    assert not scene.can_undo()
    scene.redo()
    assert view.network == single_linear(scene.matrix) and scene.matrix.rows[0] == tuple(
        first.tolist()[0]
    )
    view.gallery.sort_box.setCurrentText("det(W), lowest first")
    dets = [item.det for item in view.gallery.items("Ten random W")]
    assert dets == sorted(dets)
    assert (
        view.gallery.buttons["Ten random W"][0]
        .text()
        .startswith(view.gallery.items("Ten random W")[0].title)
    )


def test_animation_goes_from_x_to_f_of_x(qtbot, view) -> None:
    _type(qtbot, view.animation_form.steps_field, "6")
    view.scrubber.go_first()
    view.animation_form.play_button.click()
    assert view.animating
    assert "frame 1/6, a = 0.000" in view.stage_canvas.title_text
    qtbot.waitUntil(lambda: not view.animating, timeout=10_000)
    np.testing.assert_array_equal(_stage_points(view), view.output_canvas.points.points())
    assert view.scrubber.position() == view.scrubber.stage_count - 1
    _type(qtbot, view.animation_form.p_field, "-2")
    assert "p must be above -1" in view.animation_form.p_field.error


def test_a_new_n_is_recomputed_through_the_network(qtbot, view) -> None:
    view._scene.set_dataset(DatasetSpec("gaussian", 20_000, 1))
    qtbot.waitUntil(lambda: view.output_canvas.points.count == 20_000, timeout=20_000)
    assert np.abs(view.output_canvas.points.points()).max() <= 1.0


def test_view_state_round_trips_and_refuses_nonsense(qtbot, view) -> None:
    _choose_preset(view, "deep_relu")
    _wait_for(qtbot, view)
    view.scrubber.set_position(4.5)
    state = view.view_state()
    assert state["position"] == 4.5 and state["preset"] == "deep_relu"
    view.apply_view_state({**state, "position": 0, "network": tanh_net(2).to_dict()})
    assert view.network == tanh_net(2)
    view.apply_view_state(state)
    assert view.network == deep_relu_net(0) and view.scrubber.position() == 4.5
    for bad, message in [
        ({"position": 99}, "position must be between 0 and 14"),
        ({"position": float("nan")}, "position must be a number"),
        ({"projection": {"mode": "units", "units": [0, 2]}}, "from 1 to 128; got 0"),
        ({"projection": {"mode": "tsne", "units": [1, 2]}}, "projection must be 'units' or 'pca'"),
        ({"preset": "resnet"}, "unknown preset 'resnet'"),
        ({"grid": "yes"}, "grid must be true or false"),
        ({"s": 9}, "s must be a number between 1 and 5"),
        ({"network": {"layers": []}}, "the network is empty"),
        ({"projection": {"mode": "units", "units": [3, 3]}}, "two different units"),
        ({"animation": {"steps": 1, "p": 0}}, "steps must be"),
        ({"colour": "red"}, "unknown Network view settings"),
        ("everything", "must be a dict"),
    ]:
        with pytest.raises(InputError, match=message):
            view.apply_view_state({**state, **bad} if isinstance(bad, dict) else bad)
        assert view.network == deep_relu_net(0) and view.scrubber.position() == 4.5


def test_a_right_click_during_a_weight_drag_puts_it_back(qtbot, view) -> None:
    view.go_to_weight(0)
    before = view.network
    drag(view.stage_canvas, (5.0, 0.0), (2.0, 2.0), cancel=True)
    assert view.network == before
    assert not view.presets.is_custom and view.presets.s_slider.isEnabled()  # tanh's own again
    assert view.handles[0].pos().x() == 5.0


def test_a_failing_computation_is_a_message_and_the_picture_stays(qtbot, view) -> None:
    from linviz_gui.compute.worker import Job

    before = view.output_canvas.points.points().copy()

    def broken(context, *args):
        raise RuntimeError("boom")

    with qtbot.waitSignal(view.sigMessage, timeout=10_000) as message:
        view._worker.submit(Job(view.CHANNEL_STAGES, broken))
    assert "Could not compute the network" in message.args[0] and "boom" in message.args[0]
    np.testing.assert_array_equal(view.output_canvas.points.points(), before)


def test_the_w_button_shows_that_layers_handles_when_the_next_layer_is_also_2x2(
    qtbot, view
) -> None:
    # Layer 1 has no bias, so its × W stage is where layer 2's × W step begins: the handles
    # must be layer 1's (the one the W button was pressed for), not layer 2's.
    first, second = Matrix2(1.0, 2.0, 3.0, 4.0), Matrix2(5.0, 6.0, 7.0, 8.0)
    view.set_network(
        NetworkSpec((linear(2, 2, bias=False, weight=first), linear(2, 2, weight=second)))
    )
    _wait_for(qtbot, view)
    view.editor.rows[0].weight_button.click()
    assert view.scrubber.position() == 1.0
    assert [(h.pos().x(), h.pos().y()) for h in view.handles] == [(1.0, 3.0), (2.0, 4.0)]
    view.editor.rows[1].weight_button.click()
    assert [(h.pos().x(), h.pos().y()) for h in view.handles] == [(5.0, 7.0), (6.0, 8.0)]
    view.scrubber.set_position(1.5)  # on the way into layer 2's × W: its handles
    assert [(h.pos().x(), h.pos().y()) for h in view.handles] == [(5.0, 7.0), (6.0, 8.0)]


def test_titles_and_arrow_labels_stay_inside_their_canvas(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    """ "width 5, shown as units 1 and" was cut off, and f(e₁) at the right edge of a tanh."""
    view.resize(900, 700)  # two canvases of about 300 px
    _choose_preset(view, "tanh_net")
    _wait_for(qtbot, view)
    for position in range(view.scrubber.stage_count):
        view.scrubber.set_position(position)
        qtbot.wait(10)
        for canvas in (view.stage_canvas, view.output_canvas):
            title = canvas.getPlotItem().titleLabel
            assert title.item.boundingRect().width() <= canvas.width(), canvas.title_text
            inside = canvas.getPlotItem().getViewBox().sceneBoundingRect()
            for arrow in canvas.arrows:
                if arrow.isVisible() and arrow._label.toPlainText():
                    rect = arrow._label.sceneBoundingRect()
                    assert inside.contains(rect), (position, arrow._label.toPlainText())
