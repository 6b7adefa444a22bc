"""A notebook's own points through the API: X (N, 2) becomes the Explorer's points, X with
labels y the Classifier's data, and nonsense is refused in one line before anything is written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch

import linviz_gui as lv
from linviz_gui.api.session_of import session_of
from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.files.points_dataset import file_points
from linviz_gui.model.files.points_file import load_points_file
from linviz_gui.model.linear.matrix import InputError, Matrix2
from tests.api.test_package_api import _pixels

W = Matrix2(2.0, 0.5, 0.0, 1.0)
X = np.random.default_rng(7).normal(size=(200, 2))
Y = (X[:, 0] + X[:, 1] > 0).astype(int)


def test_an_array_x_is_the_explorers_points_and_a_saved_session_keeps_them(
    tmp_path: Path,
) -> None:
    session = session_of(W, torch.tensor(X), points_folder=tmp_path)
    spec = session.dataset
    assert spec.from_file and spec.n == 200 and Path(spec.path).parent == tmp_path
    assert session.view == "Explorer"
    assert np.array_equal(file_points(spec).points, X.astype(np.float32))
    saved = lv.save_session(tmp_path / "s.linviz.json", session)
    assert lv.load_session(saved).dataset == spec


def test_x_with_labels_opens_the_classifier_on_that_data(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.ui.shell.session_state import apply_session

    session = session_of(W, X, Y * 2 - 1, points_folder=tmp_path)  # labels -1 and 1
    assert session.view == "Classifier"
    path = session.views["Classifier"]["dataset"]["path"]
    assert path == session.dataset.path
    assert list(load_points_file(path).labels) == list(Y)  # -1 is class 0, 1 is class 1
    apply_session(window, session)
    classifier = window.tabs.currentWidget()
    assert classifier.title == "Classifier"
    name = Path(path).name
    qtbot.waitUntil(lambda: classifier._data is not None and classifier._data.name == name)
    assert list(classifier._data.labels) == list(Y)
    assert np.allclose(classifier._data.points, X, atol=1e-6)


@pytest.mark.parametrize(
    ("X_in", "y_in", "message"),
    [
        (np.zeros((4, 2, 2)), None, "X has shape (4, 2, 2); it must be 2-D"),
        (np.zeros((4, 3)), None, "X has shape (4, 3); the Explorer's points are (N, 2)"),
        (X, Y[:-1], "y must have shape (200,), one label per row of X; got (199,)"),
        (np.array([[0.0, 1.0], [np.nan, 2.0]]), None, "X row 2: x must be a finite number"),
        (X, np.zeros(200), "y: labels must name between 2 and 8 classes"),
        (X, Y + 0.5, "y: row 1: label must be a whole number"),
        ([["a", "b"]], None, "X must hold real numbers"),
    ],
    ids=["3-D", "(N, 3) without y", "len(y)", "NaN", "one class", "fractional y", "text"],
)
def test_bad_points_are_refused_in_one_line_and_nothing_is_written(
    tmp_path: Path, X_in: object, y_in: object, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        session_of(W, X_in, y_in, points_folder=tmp_path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_n_and_seed_belong_to_generated_points_and_y_needs_x(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="your X has its own"):
        session_of(W, X, n=10, points_folder=tmp_path)
    with pytest.raises(InputError, match="needs its points"):
        session_of(W, "grid", Y, points_folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_figure_draws_your_points_exactly_as_the_same_generated_ones(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    grid, _ = make_points(DatasetSpec("grid", 400))
    size = {"width": 320, "height": 240}
    own = _pixels(lv.figure(W, tmp_path / "own.png", X=grid.numpy(), **size))
    generated = _pixels(lv.figure(W, tmp_path / "grid.png", X="grid", n=400, **size))
    cloud = _pixels(lv.figure(W, tmp_path / "cloud.png", **size))
    assert np.array_equal(own, generated)  # the same points, the same colours by x
    assert not np.array_equal(own, cloud)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cloud.png", "grid.png", "own.png"]


def test_show_writes_the_points_beside_the_session_it_hands_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []

    class NoApp:
        def __init__(self, args: list[str]) -> None:
            started.append(args)

    monkeypatch.setattr(subprocess, "Popen", NoApp)
    lv.show(W, X, session_file=tmp_path / "s.linviz.json")
    assert started and started[0][-1] == str(tmp_path / "s.linviz.json")
    opened = lv.load_session(tmp_path / "s.linviz.json")
    assert Path(opened.dataset.path).parent == tmp_path and opened.dataset.n == 200
    with pytest.raises(InputError, match="X has shape"):
        lv.show(W, np.zeros((5, 3)), session_file=tmp_path / "t.linviz.json")
    assert len(started) == 1 and not (tmp_path / "t.linviz.json").exists()


def test_a_net_with_labelled_points_opens_on_the_network_tab(tmp_path: Path) -> None:
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh())
    session = session_of(net, torch.tensor(X), torch.tensor(Y), points_folder=tmp_path)
    assert session.view == "Network"  # the net is what was asked to be seen
    assert session.dataset.from_file and session.dataset.n == len(X)  # its input: your points
    assert session.views["Classifier"] == {"dataset": {"kind": "csv", "path": session.dataset.path}}
    plain = session_of(W, torch.tensor(X), torch.tensor(Y), points_folder=tmp_path)
    assert plain.view == "Classifier"  # a W with labels: the labelled data's own tab
