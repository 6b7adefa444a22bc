"""``linviz train`` through the CLI's main: its JSON, its lines, and its refusals."""

from __future__ import annotations

import json

import pytest

from linviz_gui.cli import main
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.trainer import Trainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def test_json_gives_the_last_steps_loss_and_accuracy(capsys) -> None:
    assert main(["train", "--preset", "spiral-mlp", "--steps", "40", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    expected = Trainer(preset_setup("spiral-mlp")).run(40)
    assert result["loss"] == pytest.approx(expected.loss, rel=1e-7)
    assert result["accuracy"] == pytest.approx(expected.accuracy, rel=1e-7)
    assert (result["steps"], result["device"], result["seed"]) == (40, "cpu", 12345)
    assert result["optimizer"].startswith("torch.optim.Adam(") and result["message"] == ""


def test_flags_change_the_run(capsys) -> None:
    argv = ["train", "--preset", "spiral-linear", "--steps", "30", "--seed", "7", "--lr", "0.05"]
    argv += ["--optimizer", "sgd", "--momentum", "0.5", "--batch-size", "100", "--json"]
    argv += ["--test-fraction", "0.2", "--device", "cpu", "--hidden", "16"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    config = TrainingConfig(
        optimizer="sgd", learning_rate=0.05, momentum=0.5, batch_size=100,
        test_fraction=0.2, steps=30, seed=7,
    )  # fmt: skip
    expected = Trainer(preset_setup("spiral-linear", config, hidden=16)).run(30)
    assert result["loss"] == pytest.approx(expected.loss, rel=1e-7)
    assert result["test_accuracy"] == pytest.approx(expected.test_accuracies[-1], rel=1e-7)
    assert result["seed"] == 7 and "momentum=0.5" in result["optimizer"]
    assert result["hidden"] == 16


def test_text_prints_the_notebooks_lines(capsys) -> None:
    assert main(["train", "--preset", "spiral-linear", "--steps", "20"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("[STEP]: 0, [LOSS]: 1.")
    assert out[-3].startswith("[STEP]: 19, ")
    assert out[-2].startswith("spiral-linear: 20 steps on cpu") and "final loss" in out[-1]


def test_a_diverging_run_says_so_and_exits_1(capsys) -> None:
    argv = ["train", "--preset", "spiral-mlp", "--steps", "400", "--optimizer", "sgd"]
    argv += ["--lr", "10", "--momentum", "0.99", "--loss", "mse", "--json"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["steps"] < 400 and result["loss"] is not None
    assert "training diverged" in result["message"] and "training diverged" in captured.err


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--preset", "spiral-deep"], "unknown preset 'spiral-deep'; choose one of"),
        (["--preset", "spiral-mlp", "--steps", "ten"], "--steps must be a whole number"),
        (["--preset", "spiral-mlp", "--steps", "0"], "steps must be between 1 and"),
        (["--preset", "spiral-mlp", "--lr", "-1"], "learning rate must be above 0"),
        (["--preset", "spiral-mlp", "--lr", "nan"], "--lr must be a number"),
        (["--preset", "spiral-mlp", "--optimizer", "lbfgs"], "unknown optimiser 'lbfgs'"),
        (["--preset", "spiral-mlp", "--device", "cuda:7"], "device 'cuda:7' is not usable"),
        (["--preset", "spiral-mlp", "--seed", "-3"], "seed"),
        (["--preset", "spiral-mlp", "--test-fraction", "1"], "test fraction must be"),
        (["--preset", "spiral-mlp", "--hidden", "129"], "--hidden must be between 1 and 128"),
    ],
)
def test_bad_flags_exit_2_with_one_line(flags: list[str], message: str, capsys) -> None:
    assert main(["train", *flags]) == 2
    err = capsys.readouterr().err
    assert err.startswith("linviz train: error: ") and message in err
    assert err.count("\n") == 1


def test_a_missing_preset_is_argparses_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["train", "--steps", "5"])
    assert exit_.value.code == 2
    assert "the following arguments are required: --preset" in capsys.readouterr().err


def test_save_writes_the_net_and_its_code(tmp_path, capsys) -> None:
    target = tmp_path / "mlp.pt"
    argv = ["train", "--preset", "spiral-mlp", "--steps", "5", "--save", str(target), "--json"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["saved"] == [str(target), str(tmp_path / "mlp.py")]
    assert "model.load_state_dict" in (tmp_path / "mlp.py").read_text()
    assert main(["train", "--preset", "spiral-mlp", "--save", str(tmp_path / "no" / "x.pt")]) == 2
    assert "does not exist" in capsys.readouterr().err
