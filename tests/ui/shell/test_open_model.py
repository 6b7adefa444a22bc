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
from linviz_gui.ui.shell.app import open_view
from tests.model.files.test_model_file import MakesMarker


def test_the_network_tab_shows_what_the_users_net_does_to_the_points(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    torch.manual_seed(11)
    model = nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 2))
    torch.save(model.state_dict(), tmp_path / "trained.pt")
    spec = read_model(tmp_path / "trained.pt", "relu")
    open_view(
        window, "Network", {"network": spec.to_dict(), "position": len(stage_labels(spec)) - 1}
    )
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
