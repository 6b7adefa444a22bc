"""One undo history for every tab: W, the Network tab's net and the Classifier's w, b and data
are taken back in the order the user changed them, one step per gesture, each on its own tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from linviz_gui.model.network.layers import tanh_preset
from tests.ui.views.explorer.test_explorer import drag


def _tab(window, title: str):  # type: ignore[no-untyped-def]
    return next(v for v in window.views if getattr(v, "title", "") == title)


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _open(qtbot, window, title: str):  # type: ignore[no-untyped-def]
    view = _tab(window, title)
    window.tabs.setCurrentWidget(view)
    if title == "Network":
        qtbot.waitUntil(lambda: view._result is not None and view._result.spec == view.network)
    else:
        qtbot.waitUntil(lambda: view.data is not None and view.loss is not None, timeout=30_000)
    return view


def _add_tanh_layer(qtbot, network) -> None:  # type: ignore[no-untyped-def]
    editor = network.editor
    editor.add_box.setCurrentIndex(editor.add_box.findData("tanh"))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)


def test_the_edit_menu_names_network_and_classifier_steps(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    network = _open(qtbot, window, "Network")
    _add_tanh_layer(qtbot, network)
    assert window.undo_action.text() == "&Undo add layer"
    network.editor.rows[0].bias_check.click()
    assert window.undo_action.text() == "&Undo set bias"
    _type(qtbot, network.presets.seed_field, "7")
    assert window.undo_action.text() == "&Undo set seed"
    classifier = _open(qtbot, window, "Classifier")
    _type(qtbot, classifier.params_panel.fields[0], "2.5")
    assert window.undo_action.text() == "&Undo set w[0]"
    _type(qtbot, classifier.params_panel.fields[2], "-1")
    assert window.undo_action.text() == "&Undo set b"
    _type(qtbot, classifier.data_panel.count_field, "150")
    assert window.undo_action.text() == "&Undo set N"
    window.undo_action.trigger()  # the data comes back from the worker
    qtbot.waitUntil(lambda: classifier.data is not None and classifier.data.size == 200)
    assert classifier.data_panel.count_field.text() == "200"
    assert classifier.params.b == -1.0  # only the N was taken back
    assert window.undo_action.text() == "&Undo set b"
    assert window.redo_action.text() == "&Redo set N"


def test_a_handle_drag_is_one_step_named_after_its_layer(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    network = _open(qtbot, window, "Network")
    before = network.network
    network.go_to_weight(0)
    drag(network.stage_canvas, (5.0, 0.0), (3.0, 1.0), steps=12)  # twelve moves, one gesture
    dragged = network.network
    assert dragged != before and window.undo_action.text() == "&Undo drag of W₁"
    window.undo_action.trigger()
    assert network.network == before == tanh_preset(5.0)
    assert not window.scene.can_undo()  # the twelve moves were one step
    assert window.redo_action.text() == "&Redo drag of W₁"
    window.redo_action.trigger()
    assert network.network == dragged
    classifier = _open(qtbot, window, "Classifier")
    start = classifier.params
    drag(classifier.canvas, start.w, (2.0, 1.0), steps=10)
    assert window.undo_action.text() == "&Undo drag of w"
    window.undo_action.trigger()
    assert classifier.params == start
    assert window.undo_action.text() == "&Undo drag of W₁"


def test_steps_of_three_tabs_undo_in_reverse_order_each_on_its_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    scene, tabs = window.scene, window.tabs
    w0 = scene.matrix
    drag(window.explorer.output_canvas, (1.0, 0.0), (2.0, 1.0))  # drag of W
    w1 = scene.matrix
    assert w1 != w0
    network = _open(qtbot, window, "Network")
    layers0 = network.network.layers
    _add_tanh_layer(qtbot, network)
    layers1 = network.network.layers
    assert len(layers1) == len(layers0) + 1
    classifier = _open(qtbot, window, "Classifier")
    params0 = classifier.params
    _type(qtbot, classifier.params_panel.fields[0], "3")
    params1 = classifier.params
    assert params1.w[0] == 3.0

    window.undo_action.trigger()  # the classifier's w, on its tab
    assert classifier.params == params0 and tabs.currentWidget() is classifier
    assert classifier.params_panel.fields[0].text() == f"{params0.w[0]:.6g}"
    window.undo_action.trigger()  # the added layer: the Network tab opens without it
    assert tabs.currentWidget() is network
    assert network.network.layers == layers0 and len(network.editor.rows) == len(layers0)
    assert window.undo_action.text() == "&Undo drag of W"
    window.undo_action.trigger()
    assert scene.matrix == w0 and window.explorer.handles[0].pos().x() == pytest.approx(w0.a)
    assert not window.undo_action.isEnabled()

    window.redo_action.trigger()
    assert scene.matrix == w1 and window.redo_action.text() == "&Redo add layer"
    tabs.setCurrentWidget(window.explorer)
    window.redo_action.trigger()
    assert tabs.currentWidget() is network and network.network.layers == layers1
    window.redo_action.trigger()
    assert tabs.currentWidget() is classifier and classifier.params == params1
    assert not window.redo_action.isEnabled()


def test_undoing_w_opens_a_tab_that_shows_w(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    scene, tabs = window.scene, window.tabs
    w0 = scene.matrix
    drag(window.explorer.output_canvas, (1.0, 0.0), (2.0, 1.0))
    w1 = scene.matrix
    tabs.setCurrentWidget(_tab(window, "Classifier"))  # shows no W
    window.undo_action.trigger()
    assert scene.matrix == w0 and tabs.currentWidget() is window.explorer
    svd = _tab(window, "SVD")  # W's editor is beside the SVD tab too: it stays open
    tabs.setCurrentWidget(svd)
    window.redo_action.trigger()
    assert scene.matrix == w1 and tabs.currentWidget() is svd
