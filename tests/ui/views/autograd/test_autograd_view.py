"""The Autograd tab as a student uses it: the course's graph, backward, steps, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from linviz_gui.compute.worker import ComputeWorker
from linviz_gui.model.autograd.graph import DEFAULT_PROGRAM, DEFAULT_X
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.scene import Scene
from linviz_gui.ui.views.autograd.view import AutogradView


@pytest.fixture
def view(qtbot) -> Iterator[AutogradView]:  # type: ignore[no-untyped-def]
    worker = ComputeWorker()
    autograd = AutogradView(Scene(), worker)  # connects to the worker before it starts
    qtbot.addWidget(autograd)
    autograd.resize(1100, 700)
    autograd.show()
    worker.start()
    qtbot.waitUntil(lambda: autograd.result is not None, timeout=30_000)
    yield autograd
    worker.stop()


def click_and_wait(qtbot, view: AutogradView, button) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def key_of(view: AutogradView, title: str) -> str:
    assert view.result is not None
    return next(n.key for n in view.result.nodes if n.title == title)


def test_the_course_graph_is_drawn_on_start(view: AutogradView) -> None:
    canvas = view.canvas
    assert "4.5" in canvas.box_text("t:a")
    assert "grad_fn: SubBackward0" in canvas.box_text("t:y")
    assert "grad_fn: None" in canvas.box_text("t:x")
    assert "AccumulateGrad" in canvas.box_text(key_of(view, "AccumulateGrad"))
    assert "x.grad" not in canvas.box_text("t:x")  # no backward yet
    assert "a = 4.5" in view.facts_edit.toPlainText()


def test_backward_shows_the_gradients(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    click_and_wait(qtbot, view, view.backward_button)
    assert "x.grad =\n[[-1.5, 0],\n [ 1.5, 3]]" in view.canvas.box_text("t:x")
    assert "∂a/∂z =\n[[0.25, 0.25]," in view.canvas.box_text("t:z")
    assert "x.grad = [[-1.5, 0], [1.5, 3]]" in view.facts_edit.toPlainText()


def test_step_backward_reveals_one_node_at_a_time(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    click_and_wait(qtbot, view, view.step_next_button)
    assert view.step == 0
    assert view.canvas.current == key_of(view, "MeanBackward0")
    assert "step 1 of 5: MeanBackward0 receives 1" in view.step_label.text()
    assert "x.grad" not in view.canvas.box_text("t:x")
    for _ in range(4):
        qtbot.mouseClick(view.step_next_button, Qt.MouseButton.LeftButton)
    assert view.canvas.current == key_of(view, "AccumulateGrad")
    assert "x.grad" in view.canvas.box_text("t:x")
    qtbot.mouseClick(view.step_prev_button, Qt.MouseButton.LeftButton)
    assert view.canvas.current == key_of(view, "SubBackward0")
    assert "x.grad" not in view.canvas.box_text("t:x")
    assert "∂a/∂y" in view.canvas.box_text("t:y")


def test_backward_again_shows_the_retain_graph_error(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    click_and_wait(qtbot, view, view.again_button)
    assert view.message_label.isVisible()
    assert "Trying to backward through the graph a second time" in view.message_label.text()
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        view.retain_check.setChecked(True)  # re-runs the last action with retain_graph=True
    assert "x.grad =\n[[-3, 0],\n [ 3, 6]]" in view.canvas.box_text("t:x")


def test_no_grad_toggle_removes_the_graph(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        view.no_grad_check.setChecked(True)
    assert not [k for k in view.canvas.box_keys() if not k.startswith("t:")]
    assert "grad_fn: None" in view.canvas.box_text("t:y")
    click_and_wait(qtbot, view, view.backward_button)
    assert "does not require grad" in view.message_label.text()


def test_a_bad_line_is_reported_inline_and_nothing_runs(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    shown = view.result
    view.program_edit.setPlainText("y = x - 2\nz = y.__class__")
    qtbot.mouseClick(view.forward_button, Qt.MouseButton.LeftButton)
    assert view.error_label.isVisible()
    assert view.error_label.text().startswith("line 2, column 7: dunder attributes")
    assert view.marked_line == 2
    qtbot.wait(50)
    assert view.result is shown
    # The graph and notes left on show are marked as the last good lines', not this text's.
    assert view.stale and view.stale_label.isVisible()
    assert view.canvas.foregroundBrush().color().alpha() > 100  # a white veil over the graph
    assert not view.message_label.isEnabled()
    view.program_edit.setPlainText("y = x * 2\na = y.sum()")
    click_and_wait(qtbot, view, view.forward_button)
    assert not view.stale and not view.stale_label.isVisible()
    assert view.canvas.foregroundBrush().style() == Qt.BrushStyle.NoBrush
    assert view.message_label.isEnabled()


def test_a_runaway_program_is_refused_with_its_size_and_the_graph_stays(
    qtbot, view: AutogradView
) -> None:  # type: ignore[no-untyped-def]
    from tests.model.autograd.test_graph_size import runaway_program

    shown = view.result
    view.program_edit.setPlainText(runaway_program())
    qtbot.mouseClick(view.backward_button, Qt.MouseButton.LeftButton)
    assert view.error_label.text().startswith("line 3: the graph passes 300 nodes here")
    assert "the program would make 1,974" in view.error_label.text()
    assert view.marked_line == 3
    qtbot.wait(50)
    assert view.result is shown and "4.5" in view.canvas.box_text("t:a")


def test_x_runs_as_typed_not_as_rounded_for_display(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    """The field re-showed x with 4 digits and -0 as 0, and the run re-read that text, so
    (-0) ** -0.5 gave inf where torch gives -inf (soak seed 21)."""
    view.program_edit.setPlainText("y = x ** -0.5")
    view.x_field.setText("[1.23456789, -0]")
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        qtbot.keyClick(view.x_field, Qt.Key.Key_Return)
    assert view.x_field.text() == "[1.23456789, -0]"
    assert view.result is not None
    assert view.result.values["x"][0] == pytest.approx(1.23456789, abs=1e-7)  # float32
    assert view.result.values["y"][1] == float("-inf")


def test_enter_on_a_bad_x_says_why_at_once(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    shown = view.result
    view.x_field.setFocus()
    view.x_field.setText("[[1, 2], [3]]")
    with qtbot.waitSignal(view.sigMessage, timeout=1000) as message:
        qtbot.keyClick(view.x_field, Qt.Key.Key_Return)
    assert message.args[0].startswith("x: row 2 of x has 1 entries")
    assert view.error_label.isVisible() and view.error_label.text() == message.args[0]
    assert view.result is shown  # nothing ran
    view.x_field.setText("[1, 2]")
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        qtbot.keyClick(view.x_field, Qt.Key.Key_Return)  # a good x clears it and runs
    assert not view.error_label.isVisible()
    assert "[1, 2]" in view.canvas.box_text("t:x")


def test_editing_lines_and_ctrl_enter_runs_them(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    view.program_edit.setPlainText("b = (x * x).sum()")
    view.program_edit.setFocus()
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        qtbot.keyClick(view.program_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "30" in view.canvas.box_text("t:b")
    assert "SumBackward0" in view.canvas.box_text("t:b")


def test_view_state_round_trips_and_refuses_nonsense(qtbot, view: AutogradView) -> None:  # type: ignore[no-untyped-def]
    assert view.view_state() == {
        "x": DEFAULT_X,
        "program": DEFAULT_PROGRAM,
        "no_grad": False,
        "retain_graph": False,
    }
    state = {"x": "[1, 2]", "program": "s = x.sum()", "no_grad": True, "retain_graph": False}
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        view.apply_view_state(state)
    assert view.view_state() == state
    assert "3" in view.canvas.box_text("t:s")
    for bad, message in [
        ({"x": "[[1, 2], [3]]"}, "rectangular"),
        ({"program": "s = open('f')"}, "calling 'open'"),
        ({"no_grad": "yes"}, "true or false"),
        ({"colour": "red"}, "unknown autograd view setting"),
    ]:
        with pytest.raises(InputError, match=message):
            view.apply_view_state(bad)
        assert view.view_state() == state


def test_a_session_keeps_the_lines_that_ran_not_a_bad_edit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.ui.shell.session_state import apply_session, capture_session

    view = next(v for v in window.views if getattr(v, "title", "") == "Autograd")
    qtbot.waitUntil(lambda: view.result is not None, timeout=30_000)
    view.program_edit.setPlainText("y = x.__class__")  # being typed, refused if run
    view.x_field.setText("[[1, 2], [3]]")
    session = capture_session(window)
    assert session.views["Autograd"]["program"] == DEFAULT_PROGRAM
    assert session.views["Autograd"]["x"] == DEFAULT_X
    with qtbot.waitSignal(view.sigShown, timeout=10_000):
        apply_session(window, session)  # reopens (before, it was refused)
    assert view.program_edit.toPlainText() == DEFAULT_PROGRAM
    assert "4.5" in view.canvas.box_text("t:a")


def test_the_tab_is_in_the_main_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = next(v for v in window.views if getattr(v, "title", "") == "Autograd")
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.result is not None, timeout=30_000)
    assert "4.5" in view.canvas.box_text("t:a")
    click_and_wait(qtbot, view, view.backward_button)
    assert "[[-1.5, 0]," in view.canvas.box_text("t:x")
