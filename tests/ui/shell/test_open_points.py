"""File → Open points…: a user's file becomes the Explorer's points (all of them, as they are,
through W), a labelled file on the Classifier tab is its data, a refused file changes nothing,
and a saved session brings the file's points back."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from linviz_gui.model.linear.matrix import Matrix2

RNG = np.random.default_rng(3)
MINE = RNG.normal(size=(1234, 2)) * [3.0, 0.5] + [1.0, -2.0]


def test_open_points_on_the_explorer_shows_every_point_of_the_file(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    np.save(tmp_path / "mine.npy", MINE)
    window.scene.set_matrix(Matrix2(2.0, 0.0, 0.0, 1.0))
    window.tabs.setCurrentIndex(1)  # the SVD tab: the file still goes to the Explorer
    opener = window.points_opener
    assert opener.action.text() == "Open &points…" and opener.action.statusTip()
    opener.open_path(tmp_path / "mine.npy")
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.output_canvas.points.count == 1234, timeout=30_000)
    assert window.tabs.currentWidget() is explorer and opener.last_error == ""
    assert np.allclose(explorer.input_canvas.points.points(), MINE, atol=1e-6)
    # The points move through W as the generated ones do: x doubled.
    qtbot.waitUntil(
        lambda: np.allclose(explorer.output_canvas.points.points(), MINE * [2.0, 1.0], atol=1e-5),
        timeout=30_000,
    )
    assert window.dataset_panel.kind_box.currentText() == "File: mine.npy"
    assert not window.dataset_panel.count_field.isEnabled()


def test_a_refused_file_is_a_message_box_and_the_old_points_stay(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.csv").write_text("x,y\n1,2\n3,inf\n")
    before = window.scene.dataset
    opener = window.points_opener
    opener.open_path(tmp_path / "bad.csv")
    qtbot.waitUntil(lambda: opener.last_error != "", timeout=30_000)
    assert opener.last_error == "bad.csv: row 3: y must be a finite number; got 'inf'"
    assert opener.box is not None and opener.box.isVisible()
    assert window.scene.dataset == before
    assert window.explorer.input_canvas.points.count == before.size


def test_open_points_on_the_classifier_tab_loads_its_labelled_data(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    labels = (MINE[:300, 0] > 1.0).astype(int)
    np.save(tmp_path / "labelled.npy", np.column_stack([MINE[:300], labels]))
    titles = [v.title for v in window.views]
    classifier = window.views[titles.index("Classifier")]
    window.tabs.setCurrentWidget(classifier)
    before = window.scene.dataset
    window.points_opener.open_path(tmp_path / "labelled.npy")
    qtbot.waitUntil(
        lambda: classifier._data is not None and classifier._data.size == 300, timeout=30_000
    )
    assert list(classifier._data.labels) == list(labels)
    assert window.tabs.currentWidget() is classifier and window.scene.dataset == before
    # Unlabelled points cannot be a classifier's data: refused, the data kept.
    np.save(tmp_path / "plain.npy", MINE)
    window.points_opener.open_path(tmp_path / "plain.npy")
    qtbot.waitUntil(lambda: window.points_opener.last_error != "", timeout=30_000)
    assert "points without labels" in window.points_opener.last_error
    assert classifier._data.size == 300


def test_a_saved_session_reopens_on_the_files_points(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    np.save(tmp_path / "mine.npy", MINE)
    window.points_opener.open_path(tmp_path / "mine.npy")
    explorer = window.explorer
    qtbot.waitUntil(lambda: explorer.input_canvas.points.count == 1234, timeout=30_000)
    spec = window.scene.dataset
    actions = window.file_actions
    assert actions.save_to(tmp_path / "s.linviz.json")
    window.dataset_panel.kind_box.setCurrentIndex(0)  # back to a Gaussian cloud of N = 1234
    assert window.scene.dataset.kind == "gaussian" and window.scene.dataset.n == 1234
    qtbot.waitUntil(
        lambda: not np.allclose(explorer.input_canvas.points.points(), MINE, atol=1e-6),
        timeout=30_000,
    )
    assert actions.open_path(tmp_path / "s.linviz.json")
    assert window.scene.dataset == spec
    qtbot.waitUntil(
        lambda: np.allclose(explorer.input_canvas.points.points(), MINE, atol=1e-6),
        timeout=30_000,
    )


def test_open_points_on_the_training_tab_is_its_data(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    labels = (MINE[:400, 1] > -2.0).astype(int)
    np.save(tmp_path / "train.npy", np.column_stack([MINE[:400], labels]))
    training = window.views[[v.title for v in window.views].index("Training")]
    window.tabs.setCurrentWidget(training)
    window.points_opener.open_path(tmp_path / "train.npy")
    qtbot.waitUntil(
        lambda: training.data is not None and training.data.name == "train.npy", timeout=30_000
    )
    assert list(training.data.labels) == list(labels)
    assert window.tabs.currentWidget() is training and not window.scene.dataset.from_file
