"""``linviz export --model FILE``: a figure of the user's trained net, from its state_dict."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from linviz_gui.cli import main
from tests.model.files.test_model_file import MakesMarker


def test_export_draws_the_network_tab_of_a_state_dict(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    torch.manual_seed(0)
    torch.save(
        nn.Sequential(nn.Linear(2, 5), nn.Tanh(), nn.Linear(5, 2)).state_dict(), tmp_path / "n.pt"
    )
    out = tmp_path / "net.png"
    args = ["export", str(out), "--model", str(tmp_path / "n.pt"), "--activation", "tanh"]
    assert main([*args, "--width", "640", "--height", "360", "--points", "300"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out} (640x360)")
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (640, 360)


def test_export_draws_a_torchscript_file_without_asking_for_its_activation(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from tests.model.files.test_torchscript_file import save_jit

    torch.manual_seed(0)
    scripted = save_jit(
        nn.Sequential(nn.Linear(2, 5), nn.LeakyReLU(0.2), nn.Linear(5, 2)), tmp_path / "s.pt"
    )
    out = tmp_path / "scripted.png"
    args = ["export", str(out), "--model", str(scripted), "--width", "320", "--height", "240"]
    assert main([*args, "--points", "200"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out} (320x240)")
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (320, 240)


def test_export_refuses_a_model_file_that_would_run_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "MARKER"
    torch.save({"0.weight": MakesMarker(marker)}, tmp_path / "evil.pt")
    assert main(["export", str(tmp_path / "x.png"), "--model", str(tmp_path / "evil.pt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("linviz export: error: evil.pt: refused:") and err.count("\n") == 1
    assert not marker.exists() and not (tmp_path / "x.png").exists()
