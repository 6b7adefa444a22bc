"""``linviz export --preset NAME``: the Training tab's trained net, drawn with no display."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from linviz_gui.cli import main
from linviz_gui.ui.widgets.class_colors import CLASS_COLORS


def _rgb_pixels(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).astype(int)


def _pixels_of(rgb: np.ndarray, color: str) -> int:
    wanted = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - wanted).max(axis=2) <= 12).sum())


def test_a_trained_spiral_is_drawn_in_its_five_class_colours(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "spiral.png"
    args = ["export", str(out), "--preset", "spiral-mlp", "--steps", "60"]
    assert main([*args, "--width", "800", "--height", "600"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"wrote {out} (800x600)"
    trained = lines[1].split()  # spiral-mlp: 60 steps, loss L, accuracy A
    assert trained[:3] == ["spiral-mlp:", "60", "steps,"], lines
    # The same numbers as ``linviz train`` (the same job code, seed and steps).
    from linviz_gui.commands.train import train_preset
    from linviz_gui.model.training.config import TrainingConfig

    headless = train_preset("spiral-mlp", TrainingConfig(steps=60), "cpu")
    assert float(trained[4].rstrip(",")) == pytest.approx(headless["loss"], abs=1e-4)
    assert float(trained[6]) == pytest.approx(headless["accuracy"], abs=1e-3)
    rgb = _rgb_pixels(out)
    assert rgb.shape == (600, 800, 3)
    # The notebook's five spiral arms, each in its Okabe-Ito colour; no sixth class.
    counts = [_pixels_of(rgb, color) for color in CLASS_COLORS[:6]]
    assert all(count > 500 for count in counts[:5]), counts
    assert counts[5] == 0, counts


def test_training_flags_change_the_run_as_they_do_for_linviz_train(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sgd.png"
    flags = ["--steps", "30", "--seed", "7", "--optimizer", "sgd", "--lr", "0.05"]
    flags += ["--momentum", "0.5", "--batch-size", "100", "--hidden", "16"]
    argv = ["export", str(out), "--preset", "spiral-mlp", *flags]
    assert main([*argv, "--width", "400", "--height", "300"]) == 0
    printed = capsys.readouterr().out.splitlines()[1].split()  # spiral-mlp: 30 steps, loss L, ...
    assert main(["train", "--preset", "spiral-mlp", *flags, "--json"]) == 0
    headless = json.loads(capsys.readouterr().out)
    assert printed[:3] == ["spiral-mlp:", "30", "steps,"], printed
    assert float(printed[4].rstrip(",")) == pytest.approx(headless["loss"], abs=1e-4)
    assert float(printed[6]) == pytest.approx(headless["accuracy"], abs=1e-3)
    # Not the preset's own run: the flags reached the Training tab.
    from linviz_gui.commands.train import train_preset
    from linviz_gui.model.training.config import TrainingConfig

    own = train_preset("spiral-mlp", TrainingConfig(steps=30), "cpu")
    assert abs(own["loss"] - headless["loss"]) > 1e-3
    assert out.exists()


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:  # argparse refuses a malformed flag this way
        return int(stop.code or 0)


@pytest.mark.parametrize(
    ("flags", "code", "message"),
    [
        (["--preset", "spiral-deep"], 1, "unknown preset 'spiral-deep'; choose one of: spiral-"),
        (["--preset", "spiral-mlp", "--steps", "0"], 2, "--steps must be between 1 and"),
        (["--preset", "spiral-mlp", "--steps", "lots"], 2, "'lots'"),
        (["--steps", "10"], 1, "--steps trains a preset: give --preset NAME too"),
        (["--lr", "0.1"], 1, "--lr trains a preset: give --preset NAME too"),
        (["--preset", "spiral-mlp", "--lr", "nan"], 2, "--lr must be a number"),
        (["--preset", "spiral-mlp", "--optimizer", "lbfgs"], 2, "unknown optimiser 'lbfgs'"),
        (["--preset", "spiral-mlp", "--hidden", "129"], 2, "--hidden must be between 1 and 128"),
        (["--preset", "spiral-mlp", "--test-fraction", "1"], 2, "test fraction must be"),
    ],
)
def test_a_bad_preset_or_step_count_exits_with_one_clear_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], code: int, message: str
) -> None:
    out = tmp_path / "x.png"
    assert _exit_code(["export", str(out), *flags]) == code
    lines = capsys.readouterr().err.strip().splitlines()
    # Refused inputs print one line; argparse's usage line may come before its error line.
    assert message in lines[-1] and lines[-1].startswith("linviz export: error:"), lines
    if code == 1 or "--steps" not in flags:  # only argparse's own refusals add a usage line
        assert len(lines) == 1, lines
    assert not out.exists()
