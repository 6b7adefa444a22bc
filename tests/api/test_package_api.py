"""``import linviz_gui as lv``: figures headless, the app opened on an object, sessions."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import linviz_gui as lv
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.linear.matrix import Matrix2
from tests.fresh_python import fresh_python

ROOT = Path(__file__).resolve().parents[2]
ROWS = [[2.0, 0.0], [0.0, 0.5]]


def _pixels(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    bits = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return bits[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def test_import_loads_neither_torch_nor_qt() -> None:
    code = (
        "import sys, linviz_gui as lv; heavy = {'torch', 'PySide6', 'pyqtgraph', 'numpy'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = fresh_python(code)
    assert done.stdout.strip() == "[]"


def test_every_public_name_is_there_though_loaded_on_first_use() -> None:
    code = (
        "import sys, linviz_gui as lv; print('linviz_gui.api.show' in sys.modules); "
        "print([n for n in lv.__all__ if not callable(getattr(lv, n)) and n != '__version__']); "
        "print(set(lv.__all__) <= set(dir(lv))); from linviz_gui import show; print(show is lv.show)"
    )
    done = fresh_python(code)
    assert done.stdout.split() == ["False", "[]", "True", "True"]
    with pytest.raises(AttributeError, match="no attribute 'shwo'"):
        lv.shwo  # noqa: B018  a typo says what is missing


def test_figure_of_an_nn_linear_is_the_picture_linviz_export_draws(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.cli import main

    layer = torch.nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(ROWS))
    got = lv.figure(layer, tmp_path / "api.png", width=320, height=240, n=500, seed=2)
    assert got == tmp_path / "api.png"
    assert main(["export", str(tmp_path / "cli.png"), "--matrix", "2,0;0,0.5", "--points", "500",
                 "--seed", "2", "--width", "320", "--height", "240"]) == 0  # fmt: skip
    api, cli = _pixels(got), _pixels(tmp_path / "cli.png")
    assert api.shape == (240, 320, 3)
    assert np.array_equal(api, cli)
    lv.figure(np.eye(2), tmp_path / "identity.png", width=320, height=240, n=500, seed=2)
    assert not np.array_equal(_pixels(tmp_path / "identity.png"), api)  # W shows


def test_figure_writes_svg_of_a_tab_and_refuses_before_writing(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svg = lv.figure(ROWS, tmp_path / "tab.svg", view="explorer", X="grid", n=100)
    assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    for kwargs, message in (
        ({"view": "nope"}, "unknown view 'nope'"),
        ({"width": 0}, "width"),
        ({"y": [0, 1]}, "labelled data"),
    ):
        with pytest.raises(lv.InputError, match=message):
            lv.figure(ROWS, tmp_path / "bad.png", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(lv.InputError, match="has the bias"):
        lv.figure(torch.nn.Linear(2, 2), tmp_path / "bad.png")
    with pytest.raises(lv.InputError, match="unknown file type"):
        lv.figure(ROWS, tmp_path / "bad.jpg")
    assert not (tmp_path / "bad.png").exists() and not (tmp_path / "bad.jpg").exists()


def test_figure_of_an_nn_sequential_is_the_network_tab(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2))
    tab = lv.figure(model, tmp_path / "net.png", width=640, height=360, n=300)
    assert _pixels(tab).shape == (360, 640, 3)
    explorer = lv.figure(np.eye(2), tmp_path / "x.png", view="explorer", width=640, height=360)
    assert not np.array_equal(_pixels(tab), _pixels(explorer))
    with pytest.raises(lv.InputError, match="view 'output' is the Explorer's"):
        lv.figure(model, tmp_path / "f.png", view="output")  # it would show W, not the net


def test_sessions_round_trip_through_the_api(tmp_path: Path) -> None:
    session = lv.session_of(ROWS, "circle", n=64, seed=5)
    path = lv.save_session(tmp_path / "lecture.linviz.json", session)
    loaded = lv.load_session(path)
    assert loaded == session
    assert loaded.matrix == Matrix2(2.0, 0.0, 0.0, 0.5)
    assert loaded.dataset == DatasetSpec("circle", 64, 5)
    path.write_text('{"format": "linviz-session", "version": 99}', encoding="utf-8")
    with pytest.raises(lv.InputError, match=r"lecture\.linviz\.json"):
        lv.load_session(path)


def test_show_starts_the_app_on_a_session_file_in_its_own_process_and_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the child's QSettings
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    process = lv.show(torch.tensor(ROWS), "grid", n=100, session_file=tmp_path / "s.linviz.json")
    try:
        assert process.poll() is None  # still starting: show did not wait for the app
        assert process.args == [
            sys.executable, "-m", "linviz_gui", "--session", str(tmp_path / "s.linviz.json")
        ]  # fmt: skip
        opened = lv.load_session(tmp_path / "s.linviz.json")
        assert opened.matrix == Matrix2(2.0, 0.0, 0.0, 0.5)
        assert opened.dataset == DatasetSpec("grid", 100, 0)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_show_refuses_nonsense_before_starting_anything(tmp_path: Path) -> None:
    with pytest.raises(lv.InputError, match="W must be 2x2"):
        lv.show(torch.zeros(3, 3), session_file=tmp_path / "s.linviz.json")
    assert not (tmp_path / "s.linviz.json").exists()


def test_linviz_session_flag_refuses_a_broken_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from linviz_gui.cli import main

    broken = tmp_path / "broken.linviz.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["--session", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("linviz: error: broken.linviz.json: ") and err.count("\n") == 1
    assert main(["--session", str(broken), "--matrix", "1,0;0,1"]) == 2
    assert "drop --matrix" in capsys.readouterr().err


def test_read_model_gives_a_net_that_figure_draws_in_the_network_tab(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(2)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    torch.save(model.state_dict(), tmp_path / "net.pt")
    net = lv.read_model(tmp_path / "net.pt", "relu")
    session = lv.session_of(net)
    assert session.view == "Network" and session == lv.session_of(model)  # the same weights
    assert _pixels(lv.figure(net, tmp_path / "net.png", width=480, height=270)).shape[:2] == (
        270,
        480,
    )
    with pytest.raises(lv.InputError, match="which activation"):
        lv.read_model(tmp_path / "net.pt")
