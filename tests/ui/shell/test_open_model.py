"""``linviz --model FILE``: the Network tab opens on the user's trained net, its weights exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from linviz_gui.cli import main
from linviz_gui.model.data.point_sets import make_points
from linviz_gui.model.files.model_file import read_model
from linviz_gui.model.network.layers import stage_labels
from linviz_gui.ui.shell.session_state import open_view
from tests.model.files.test_model_file import MakesMarker


def test_the_network_tab_shows_what_the_users_net_does_to_the_points(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(11)
    model = nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 2))
    torch.save(model.state_dict(), tmp_path / "trained.pt")
    spec = read_model(tmp_path / "trained.pt", "relu")
    state = {"network": spec.to_dict(), "position": len(stage_labels(spec)) - 1}
    assert open_view(window, "Network", state) == ""
    view = window.tabs.currentWidget()
    assert view.title == "Network" and view.network == spec
    qtbot.waitUntil(lambda: view._result is not None and view._result.spec == spec, timeout=30_000)
    points, _ = make_points(window.scene.dataset)
    with torch.no_grad():
        expected = model(points).numpy()
    assert np.allclose(view._result.points[-1], expected, atol=1e-6)


def test_a_model_file_that_would_run_code_stops_linviz_before_any_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "MARKER"
    torch.save({"0.weight": MakesMarker(marker)}, tmp_path / "evil.pt")
    assert main(["--model", str(tmp_path / "evil.pt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("linviz: error: evil.pt: refused:") and err.count("\n") == 1
    assert not marker.exists()
    torch.save(
        nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2)).state_dict(), tmp_path / "g.pt"
    )
    assert main(["--model", str(tmp_path / "g.pt")]) == 1
    assert "which activation stands between" in (err := capsys.readouterr().err)
    assert err.rstrip().endswith("(--activation KIND)")


def test_file_open_model_asks_for_the_activation_and_opens_the_net(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 2))
    torch.save(model.state_dict(), tmp_path / "net.pt")
    opener = window.model_opener
    assert opener.action.text() == "Open &model…"
    opener.open_path(tmp_path / "net.pt")  # the file cannot tell which activation: asked
    qtbot.waitUntil(lambda: opener.activation_dialog is not None, timeout=30_000)
    dialog = opener.activation_dialog
    assert dialog.isVisible() and "holds only weights" in dialog.labelText()
    dialog.setTextValue("sigmoid")
    dialog.accept()
    network = window.views[[v.title for v in window.views].index("Network")]
    qtbot.waitUntil(
        lambda: network.network == read_model(tmp_path / "net.pt", "sigmoid"), timeout=30_000
    )
    assert window.tabs.currentWidget() is network and opener.last_error == ""


def test_file_open_model_opens_a_torchscript_file_without_asking(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.api.networks import network_of
    from tests.model.files.test_torchscript_file import SetsAFlag, save_jit

    torch.manual_seed(6)
    model = nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.2), nn.Linear(3, 2))
    network = window.views[[v.title for v in window.views].index("Network")]
    opener = window.model_opener
    opener.open_path(save_jit(model, tmp_path / "scripted.pt"))
    qtbot.waitUntil(lambda: network.network == network_of(model), timeout=30_000)
    assert opener.activation_dialog is None and opener.last_error == ""
    # A user's own scripted class is refused by name; the net on screen stays.
    opener.open_path(save_jit(SetsAFlag(), tmp_path / "custom.pt"))
    qtbot.waitUntil(lambda: opener.last_error != "", timeout=30_000)
    assert "custom.pt: a TorchScript file that needs" in opener.last_error
    assert network.network == network_of(model)


def test_file_open_model_refuses_a_pickle_that_would_run_code_and_keeps_the_net(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "MARKER"
    torch.save({"0.weight": MakesMarker(marker)}, tmp_path / "evil.pt")
    network = window.views[[v.title for v in window.views].index("Network")]
    before = network.network
    opener = window.model_opener
    opener.open_path(tmp_path / "evil.pt")
    qtbot.waitUntil(lambda: opener.last_error != "", timeout=30_000)
    assert opener.last_error.startswith("evil.pt: refused: loading it would unpickle")
    assert opener.box is not None and opener.box.isVisible()
    assert network.network == before and not marker.exists()


def test_file_save_model_writes_a_state_dict_linviz_and_pytorch_read_back(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from linviz_gui.model.network.layers import build_sequential, tanh_net

    network = window.views[[v.title for v in window.views].index("Network")]
    network.set_network(tanh_net(seed=3))
    opener = window.model_opener
    assert opener.save_action.text() == "Sa&ve model…"
    opener.save_path(tmp_path / "mine.pt")
    qtbot.waitUntil(lambda: opener.last_saved != "" or opener.last_error != "", timeout=30_000)
    assert opener.last_error == "" and opener.last_saved == str(tmp_path / "mine.pt")
    x = torch.randn(100, 2)
    with torch.no_grad():
        drawn = build_sequential(tanh_net(seed=3))(x)
        again = build_sequential(read_model(tmp_path / "mine.pt", "tanh"))(x)
    assert torch.equal(again, drawn)
    # The code written beside it rebuilds the same layers: load_state_dict (strict) accepts them.
    code = tmp_path / "mine.py"
    assert "nn.Linear(2, 5)," in code.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(code)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    opener.save_path(tmp_path / "mine.txt")
    qtbot.waitUntil(lambda: opener.last_error != "", timeout=30_000)
    assert "unknown file type (.txt)" in opener.last_error
