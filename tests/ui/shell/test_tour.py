"""The Tour panel in the real window: every course step sets up the state it describes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import InputError, Matrix2, random_matrix, seed_example
from linviz_gui.ui.shell.tour_offer import TourOffer

GAUSSIAN = DatasetSpec("gaussian", 1000, 0)

#: What each course step must leave on screen: (tab asked for, W, dataset); ``None`` = unchanged.
COURSE = [
    ("Explorer", Matrix2.identity(), DatasetSpec("grid", 441, 0)),
    ("Explorer", Matrix2.identity(), DatasetSpec("two_points", 1000, 0)),
    ("Explorer", Matrix2.identity(), GAUSSIAN),
    ("Explorer", "random 0", GAUSSIAN),
    ("SVD", seed_example(), GAUSSIAN),
    ("Explorer", seed_example(), GAUSSIAN),
    ("Classifier", None, GAUSSIAN),
    ("Autograd", None, None),
    ("Network", Matrix2(2.0, 0.0, 0.0, 2.0), GAUSSIAN),
    ("Network", None, GAUSSIAN),
]


def _check_view_state(qtbot, view, number: int) -> None:  # type: ignore[no-untyped-def]
    """The course steps that set a view up leave it showing what their text describes."""
    from linviz_gui.model.network.layers import tanh_net, tanh_preset

    state = view.view_state() if hasattr(view, "view_state") else None
    if number == 5:  # SVD: the seed example at its last stage, circle and square drawn
        assert state is not None and state["path"] == "svd" and state["position"] == 1.0
        assert state["overlays"] == {"circle": True, "square": True, "eigen": False, "sigma": False}
        assert (
            view.overlay_checks["circle"].isChecked() and view.overlay_checks["square"].isChecked()
        )
        assert view.stage_label.text() == "stage 3: U S VᵀX = W X"
        qtbot.waitUntil(view.is_current, timeout=10_000)
        np.testing.assert_array_equal(view.canvas.points.points(), view._frame.output)
    elif number == 7:  # Classifier: separable blobs, w = (1, 2), b = -1, sides coloured
        assert state is not None and state["dataset"]["kind"] == "blobs"
        assert state["weights"] == [[1.0, 2.0]] and state["bias"] == [-1.0]
        assert state["loss"] == "perceptron" and state["show_regions"]
        assert not state["show_gradient"]
        assert "|b| / ‖w‖ = 0.4472" in view.params_panel.readout.text()
        assert view.training_panel.regions_check.isChecked()
        qtbot.waitUntil(lambda: view._data is not None and len(view._data.labels) == 200)
    elif number == 8:  # Autograd: the notebook's x and program
        assert state == {
            "x": "[[1, 2], [3, 4]]",
            "program": "y = x - 2\nz = y * y * 3\na = z.mean()",
            "no_grad": False,
            "retain_graph": False,
        }
    elif number == 9:  # Network: tanh(s x) for s = 2, at its output
        assert state is not None and state["preset"] == "tanh" and state["s"] == 2.0
        assert view.network == tanh_preset(2.0) and view.scrubber.position() == 2
        assert view.presets.s_label.text() == "s = 2.0"
        qtbot.waitUntil(lambda: view.computed_stage_count() == 3, timeout=20_000)
        shown = view.stage_canvas.points.points()
        assert np.abs(shown).max() < 1  # tanh's output, inside the square
        np.testing.assert_array_equal(shown, view.output_canvas.points.points())
    elif number == 10:  # random networks: the tanh net of seed 0, at its output
        assert state is not None and state["preset"] == "tanh_net"
        assert view.network == tanh_net(0) and view.scrubber.position() == 5
        qtbot.waitUntil(lambda: view.computed_stage_count() == 6, timeout=20_000)


def _tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def _write(tmp_path: Path, steps: list[dict], name: str = "lesson.json") -> Path:
    path = tmp_path / name
    document = {"format": "linviz-tour", "version": 1, "title": "Week 3", "steps": steps}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_help_tour_opens_the_course_at_its_first_step(window) -> None:
    panel = window.tour
    assert panel.action.shortcut().toString() == "F1"
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert panel.action in help_menu.actions()
    assert not panel.isVisible()
    panel.action.trigger()
    assert panel.isVisible()
    assert panel.position.text() == "1 of 10"
    assert panel.step_box.count() == 10
    assert "plot_bases" in panel.body.toPlainText()
    assert not panel.back_button.isEnabled() and panel.next_button.isEnabled()
    assert panel.offer is not None and not panel.offer.isVisible()


def test_every_course_step_sets_up_its_state(qtbot, window) -> None:
    panel = window.tour
    panel.start()
    titles = _tab_titles(window)
    last_w = window.scene.matrix
    last_dataset = window.scene.dataset
    for number, (view, w, dataset) in enumerate(COURSE, start=1):
        assert panel.position.text() == f"{number} of {len(COURSE)}"
        qtbot.mouseClick(panel.setup_button, Qt.MouseButton.LeftButton)
        expected_tab = view if view in titles else "Explorer"
        assert window.tabs.tabText(window.tabs.currentIndex()) == expected_tab
        if w == "random 0":
            w = random_matrix(0)  # the worker draws it, as the explorer's preset does
            qtbot.waitUntil(lambda w=w: window.scene.matrix == w, timeout=10_000)
        last_w = w or last_w
        last_dataset = dataset or last_dataset
        assert window.scene.matrix == last_w
        assert window.scene.dataset == last_dataset
        if view != expected_tab:
            assert panel.note.isVisible() and view in panel.note.text()
        else:
            assert not panel.note.isVisible()
        expected = np.array(last_w.rows, np.float32)
        qtbot.waitUntil(
            lambda e=expected, size=last_dataset.size: (
                window.explorer.output_canvas.points.count == size
                and np.allclose(
                    window.explorer.output_canvas.points.points(),
                    window.explorer.input_canvas.points.points() @ e.T,
                    atol=1e-4,
                )
            ),
            timeout=10_000,
        )
        _check_view_state(qtbot, window.tabs.currentWidget(), number)
        if number < len(COURSE):
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert not panel.next_button.isEnabled()


def test_moving_between_steps_leaves_the_users_changes_alone(qtbot, window) -> None:
    panel = window.tour
    panel.start()
    panel.step_box.setCurrentIndex(4)  # the SVD step, picked from the list
    assert panel.position.text() == "5 of 10"
    panel.set_up_current()
    assert window.scene.matrix == seed_example()
    mine = Matrix2(1.0, 1.0, 0.0, 1.0)
    window.scene.set_matrix(mine)
    panel.next()
    panel.back()
    panel.show_step(0)
    assert window.scene.matrix == mine
    assert window.scene.dataset == GAUSSIAN
    window.undo_action.trigger()
    assert window.scene.matrix == seed_example()
    window.undo_action.trigger()  # the step's set-up was one undo step too
    assert window.scene.matrix == Matrix2.identity()


def test_copy_code_puts_the_steps_code_on_the_clipboard(qtbot, window) -> None:
    panel = window.tour
    panel.start()
    panel.show_step(7)
    qtbot.mouseClick(panel.code_view.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == panel.tour.steps[7].code
    assert "a.backward()" in copied


def test_a_teachers_tour_loads_and_sets_display_options(qtbot, window, tmp_path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "title": "Shear",
                "text": "A shear keeps areas.",
                "formula": "det W = 1",
                "state": {
                    "matrix": "1,0.5;0,1",
                    "dataset": {"kind": "circle", "n": 200},
                    "display": {"colormap": "cividis", "basis": "colour-blind safe", "grid": False},
                },
            },
            {"title": "Your turn", "text": "No state here."},
        ],
    )
    panel = window.tour
    assert panel.open_tour_file(path)
    assert panel.tour_title.text() == "Week 3" and panel.step_box.count() == 2
    assert not panel.code_view.isVisible()
    panel.set_up_current()
    assert window.scene.matrix == Matrix2(1.0, 0.5, 0.0, 1.0)
    assert window.scene.dataset == DatasetSpec("circle", 200, 0)
    options = window.display_options
    assert options.colormap.startswith("cividis")
    assert options.basis_box.currentText().startswith("colour-blind safe")
    assert not options.grid_check.isChecked()
    panel.next()
    assert not panel.setup_button.isEnabled()


def test_a_broken_tour_file_gets_a_message_and_the_current_tour_stays(window, tmp_path) -> None:
    panel = window.tour
    panel.start()
    panel.show_step(2)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "linviz-tour", "version": 1, "steps": [{"title": 1}]}')
    assert not panel.open_tour_file(broken)
    assert panel.message.isVisible()
    assert "broken.json, step 1" in panel.message.text()
    assert panel.step_box.count() == 10 and panel.position.text() == "3 of 10"
    panel.load_builtin()
    assert not panel.message.isVisible()


class _FakeView(QWidget):
    title = "Lens"

    def __init__(self) -> None:
        super().__init__()
        self.state: dict = {"zoom": 1}

    def view_state(self) -> dict:
        return dict(self.state)

    def apply_view_state(self, state: dict) -> None:
        if not isinstance(state.get("zoom"), int):
            raise InputError(f"zoom must be a whole number; got {state.get('zoom')!r}")
        self.state = dict(state)


def test_a_steps_view_options_reach_the_view_or_explain_why_not(window, tmp_path) -> None:
    lens = _FakeView()
    window.tabs.addTab(lens, lens.title)
    path = _write(
        tmp_path,
        [
            {"title": "Zoom", "text": "t", "state": {"view": "lens", "view_state": {"zoom": 3}}},
            {
                "title": "Bad zoom",
                "text": "t",
                "state": {"view": "Lens", "matrix": "2,0;0,2", "view_state": {"zoom": "x"}},
            },
            {"title": "Missing", "text": "t", "state": {"view": "Orbit", "matrix": "3,0;0,3"}},
        ],
    )
    panel = window.tour
    panel.open_tour_file(path)
    panel.set_up_current()
    assert window.tabs.currentWidget() is lens and lens.state == {"zoom": 3}
    assert not panel.note.isVisible()
    panel.next()
    panel.set_up_current()
    assert lens.state == {"zoom": 3}
    assert "zoom must be a whole number" in panel.note.text()
    assert window.scene.matrix == Matrix2(2.0, 0.0, 0.0, 2.0)
    panel.next()
    assert "“Orbit” view is not part of this build" in panel.note.text()
    panel.set_up_current()
    assert window.tabs.currentWidget() is window.explorer
    assert window.scene.matrix == Matrix2(3.0, 0.0, 0.0, 3.0)


def test_the_first_launch_offer_is_quiet_and_remembered(qtbot, window, settings) -> None:
    offer = window.tour.offer
    assert offer is not None and offer.isVisible()
    assert window.tour.offer.parent() is not None  # in the status bar, not a dialog
    qtbot.mouseClick(offer.dismiss_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible() and not window.tour.isVisible()
    assert not TourOffer.wanted(settings)


def test_start_the_tour_from_the_offer(qtbot, window) -> None:
    qtbot.mouseClick(window.tour.offer.start_button, Qt.MouseButton.LeftButton)
    assert window.tour.isVisible() and window.tour.position.text() == "1 of 10"
    assert not window.tour.offer.isVisible()


def test_the_course_carries_on_where_the_user_left_it(qtbot, window, settings) -> None:
    from linviz_gui.ui.shell.main_window import make_main_window

    window.tour.start()
    window.tour.show_step(6)
    window.close()
    second = make_main_window(settings=settings)
    qtbot.addWidget(second)
    assert second.tour.offer is None  # opening the tour answered the offer
    second.tour.start()
    assert second.tour.position.text() == "7 of 10"
    second.close()


def _tour_matrix_drawn(channel: str, _job_id: int, _result: object) -> bool:
    return channel == "tour.matrix"


def test_a_late_random_w_never_overrides_a_later_step_or_the_user(qtbot, window) -> None:
    panel = window.tour
    panel.start()
    panel.show_step(3)  # W = torch.randn(2, 2), drawn in the worker
    with qtbot.waitSignal(window.worker.sigResult, check_params_cb=_tour_matrix_drawn):
        panel.set_up_current()
        panel.next()
        panel.set_up_current()  # the SVD step's W, set before the random one arrives
    assert window.scene.matrix == seed_example()
    panel.back()
    mine = Matrix2(0.5, 0.0, 0.0, 0.5)
    with qtbot.waitSignal(window.worker.sigResult, check_params_cb=_tour_matrix_drawn):
        panel.set_up_current()
        window.scene.set_matrix(mine)  # the user typed a W meanwhile: theirs stays
    assert window.scene.matrix == mine
