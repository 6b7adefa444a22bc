"""Training steps against a reference loop in plain PyTorch, continuation, NaN and refusals."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import torch
from torch import nn

from linviz_gui.model.data.labelled import LabelledSpec, make_labelled
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, activation, build_sequential, linear
from linviz_gui.model.training.config import TrainingConfig, config_from_dict
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.setup import make_setup
from linviz_gui.model.training.trainer import Trainer, TrainingState

pytestmark = pytest.mark.usefixtures("one_torch_thread")

NET = NetworkSpec((linear(2, 16), activation("tanh"), linear(16, 2)), seed=3)
XOR = make_labelled(LabelledSpec("xor", 300, 7))


def reference_loop(config: TrainingConfig, steps: int) -> dict[str, list[float]]:
    """The same run written out in plain PyTorch (the app's documented batch order included)."""
    model = build_sequential(NET).train()
    x_all = torch.from_numpy(XOR.points)
    y_all = torch.from_numpy(XOR.labels)
    n = len(y_all)
    held = round(n * config.test_fraction)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(config.seed))
    test = order[:held].sort().values
    train = order[held:].sort().values
    x, y, x_test, y_test = x_all[train], y_all[train], x_all[test], y_all[test]
    if config.optimizer == "sgd":
        optimizer: torch.optim.Optimizer = torch.optim.SGD(
            model.parameters(),
            lr=config.learning_rate,
            momentum=config.momentum,
            weight_decay=config.weight_decay,
        )
    else:
        optimizer = torch.optim.Adam(
            model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
        )

    def loss_of(s: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        if config.loss == "mse":
            return nn.MSELoss()(s, nn.functional.one_hot(labels, 2).float())
        return nn.CrossEntropyLoss()(s, labels)

    out: dict[str, list[float]] = {"loss": [], "accuracy": [], "test_loss": [], "test_acc": []}
    size = config.batch_size or len(y)
    per_epoch = -(-len(y) // size)
    for step in range(steps):
        epoch, part = divmod(step, per_epoch)
        perm = torch.randperm(
            len(y), generator=torch.Generator().manual_seed(config.seed * 100_003 + epoch)
        )
        index = perm[part * size : (part + 1) * size] if config.batch_size else torch.arange(len(y))
        s = model(x[index])
        loss = loss_of(s, y[index])
        out["loss"].append(loss.item())
        out["accuracy"].append((s.argmax(1) == y[index]).float().mean().item())
        with torch.no_grad():
            s_test = model(x_test)
            out["test_loss"].append(loss_of(s_test, y_test).item())
            out["test_acc"].append((s_test.argmax(1) == y_test).float().mean().item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return out


@pytest.mark.parametrize(
    "config",
    [
        TrainingConfig("cross_entropy", "sgd", 0.1, 1e-4, 0.9, 0, 0.25, 100, 5),
        TrainingConfig("mse", "sgd", 0.05, 0.0, 0.5, 32, 0.2, 100, 11),
        TrainingConfig("cross_entropy", "adam", 0.01, 1e-5, 0.9, 50, 0.3, 100, 2),
    ],
    ids=["sgd-momentum-full-batch", "mse-minibatch", "adam-minibatch"],
)
def test_steps_match_a_plain_pytorch_loop(config: TrainingConfig) -> None:
    expected = reference_loop(config, 40)
    report = Trainer(make_setup(NET, XOR, config)).run(40)
    np.testing.assert_allclose(report.losses, expected["loss"], rtol=1e-5)
    np.testing.assert_allclose(report.accuracies, expected["accuracy"], rtol=1e-6)
    np.testing.assert_allclose(report.test_losses, expected["test_loss"], rtol=1e-5)
    np.testing.assert_allclose(report.test_accuracies, expected["test_acc"], rtol=1e-6)
    assert list(report.steps) == list(range(40))


def test_a_run_continued_from_its_saved_state_is_the_same_run() -> None:
    config = TrainingConfig(batch_size=64, learning_rate=0.02, test_fraction=0.1, seed=4)
    setup = make_setup(NET, XOR, config)
    whole = Trainer(setup).run(60)
    first = Trainer(setup).run(25)
    # A fresh trainer (as after a session is reopened) from the numpy state alone.
    second = Trainer(setup, first.state).run(35)
    assert second.first_step == 25 and second.state.step == 60
    np.testing.assert_array_equal(np.concatenate([first.losses, second.losses]), whole.losses)
    assert second.state.weights.equals(whole.state.weights)


def test_a_diverging_run_stops_at_the_last_finite_loss_and_says_so() -> None:
    config = TrainingConfig("mse", "sgd", learning_rate=10.0, momentum=0.99, steps=500)
    setup = replace(preset_setup("spiral-mlp"), config=config)
    trainer = Trainer(setup)
    report = trainer.run(500)
    assert report.diverged
    assert (
        "training diverged" in report.message
        and "Lower the learning rate (now 10)" in report.message
    )
    assert len(report.losses) < 500 and np.isfinite(report.losses).all()
    assert report.state.step == len(report.losses)
    assert report.state.weights.is_finite()
    # The state it kept still gives a finite loss: the run can be looked at, not continued.
    model = build_sequential(setup.network)
    model.load_state_dict(report.state.weights.state_dict())
    with torch.no_grad():
        s = model(torch.from_numpy(setup.data.points))
    target = nn.functional.one_hot(torch.from_numpy(setup.data.labels), 5).float()
    assert math.isfinite(nn.MSELoss()(s, target).item())


def test_a_net_whose_width_is_not_the_class_count_is_refused_with_the_fix() -> None:
    spiral = make_labelled(LabelledSpec("spirals", 300, 0, classes=3))
    with pytest.raises(InputError) as error:
        make_setup(NET, spiral, TrainingConfig())
    assert str(error.value) == (
        "the network gives 2 outputs but the data has 3 classes; "
        "set the width of the last Linear (layer 3) to 3"
    )
    with pytest.raises(InputError, match="no Linear layer"):
        make_setup(NetworkSpec((activation("tanh"),)), XOR, TrainingConfig())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_rate": 0}, "learning rate must be above 0 and at most 10; got 0"),
        ({"learning_rate": float("nan")}, "learning rate must be a number; got nan"),
        ({"loss": "hinge"}, "unknown loss 'hinge'; choose one of ['cross_entropy', 'mse']"),
        ({"optimizer": "rmsprop"}, "unknown optimiser 'rmsprop'"),
        ({"batch_size": -1}, "batch size must be between 0 and 10,000,000; got -1"),
        ({"test_fraction": 0.95}, "test fraction must be at least 0 and at most 0.9; got 0.95"),
        ({"steps": 2.5}, "steps must be a whole number; got 2.5"),
        ({"momentum": 1.0}, "momentum must be at least 0 and at most 0.999; got 1"),
        ({"shuffle": True}, "unknown training settings ['shuffle']"),
    ],
)
def test_bad_settings_name_the_bad_value(changes: dict, message: str) -> None:
    with pytest.raises(InputError, match=None) as error:
        config_from_dict({**TrainingConfig().to_dict(), **changes})
    assert message in str(error.value)


def test_settings_round_trip_and_default_to_the_notebook() -> None:
    config = TrainingConfig()
    assert (config.loss, config.optimizer, config.learning_rate, config.weight_decay) == (
        "cross_entropy",
        "adam",
        1e-3,
        1e-5,
    )
    assert (config.batch_size, config.steps, config.seed) == (0, 2000, 12345)
    sgd = TrainingConfig(optimizer="sgd", learning_rate=0.5, batch_size=10)
    assert config_from_dict(sgd.to_dict()) == sgd
    assert sgd.describe() == (
        "torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9, weight_decay=1e-05)"
    )


def test_the_state_at_step_0_is_the_setups_initial_weights() -> None:
    setup = make_setup(NET, XOR, TrainingConfig())
    state = TrainingState.starting(setup)
    assert state.step == 0 and state.weights is setup.initial
    assert Trainer(setup).state().weights.equals(setup.initial)
