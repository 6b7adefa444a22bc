"""A run's state through JSON and back continues exactly; clicked points are checked."""

from __future__ import annotations

import json

import numpy as np
import pytest

from linviz_gui.model.data.labelled import LabelledSpec, make_labelled
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, activation, linear
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.points import clicked_data
from linviz_gui.model.training.saved_state import state_from_dict, state_to_dict
from linviz_gui.model.training.setup import make_setup
from linviz_gui.model.training.trainer import Trainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")

NET = NetworkSpec((linear(2, 12), activation("relu"), linear(12, 3)), seed=2)
SPIRAL = make_labelled(LabelledSpec("spirals", 600, 1, classes=3))


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_a_saved_state_reopened_continues_the_same_run(optimizer: str) -> None:
    config = TrainingConfig(optimizer=optimizer, learning_rate=0.01)  # type: ignore[arg-type]
    setup = make_setup(NET, SPIRAL, config)
    whole = Trainer(setup).run(40)
    half = Trainer(setup).run(20)
    text = json.dumps(state_to_dict(half.state))
    reopened = state_from_dict(json.loads(text), NET, config)
    assert reopened.step == 20
    rest = Trainer(setup, reopened).run(20)
    np.testing.assert_array_equal(rest.losses, whole.losses[20:])
    assert rest.state.weights.equals(whole.state.weights)


def test_memory_of_another_optimiser_is_dropped_and_bad_memory_refused() -> None:
    adam = TrainingConfig()
    saved = state_to_dict(Trainer(make_setup(NET, SPIRAL, adam)).run(3).state)
    as_sgd = state_from_dict(saved, NET, TrainingConfig(optimizer="sgd"))
    assert as_sgd.memory == () and as_sgd.optimizer == "sgd" and as_sgd.step == 3
    broken = json.loads(json.dumps(saved))
    broken["memory"][2]["exp_avg"] = [[0.0] * 3]
    with pytest.raises(InputError, match=r"'exp_avg' of '2.weight' must be finite with shape"):
        state_from_dict(broken, NET, adam)
    with pytest.raises(InputError, match="must be a whole number from 0; got -1"):
        state_from_dict({**saved, "step": -1}, NET, adam)
    with pytest.raises(InputError, match="one per parameter"):
        state_from_dict({**saved, "memory": saved["memory"][:2]}, NET, adam)


def test_clicked_points_become_data_or_name_the_bad_one() -> None:
    data = clicked_data([[0.1, 0.2], [-0.5, 0.4], [1.0, -1.0]], [0, 2, 2], 3)
    assert data.class_count == 3 and data.size == 3 and data.labels.tolist() == [0, 2, 2]
    assert data.points.dtype == np.float32
    assert clicked_data(data.points, data.labels, 3).key == data.key  # same clicks, same cache
    run = Trainer(make_setup(NET, data, TrainingConfig())).run(2)  # a class without a point
    assert len(run.losses) == 2
    with pytest.raises(InputError, match=r"point 2 has class 3; classes are 0 to 2"):
        clicked_data([[0, 0], [1, 1]], [0, 3], 3)
    with pytest.raises(InputError, match=r"point 1 \(nan, 0\) must be finite"):
        clicked_data([[float("nan"), 0], [1, 1]], [0, 1], 3)
    with pytest.raises(InputError, match="at least 2 points; there are 1"):
        clicked_data([[0, 0]], [0], 2)
    with pytest.raises(InputError, match="2 points but 1 labels"):
        clicked_data([[0, 0], [1, 1]], [0], 2)


def test_a_saved_net_is_rebuilt_by_its_own_code(tmp_path) -> None:
    import runpy

    import torch

    from linviz_gui.model.training.saved_net import save_trained_net
    from linviz_gui.model.training.weights import build_model

    trained = Trainer(make_setup(NET, SPIRAL, TrainingConfig())).run(5).state.weights
    code = save_trained_net(tmp_path / "spiral.pt", NET, trained)
    assert code == tmp_path / "spiral.py"
    namespace = runpy.run_path(str(code))  # the student's script, as written
    x = torch.from_numpy(SPIRAL.points[:20])
    with torch.no_grad():
        expected = build_model(NET, trained).eval()(x)
        np.testing.assert_array_equal(namespace["model"](x).numpy(), expected.numpy())
    with pytest.raises(InputError, match="unknown file type"):
        save_trained_net(tmp_path / "spiral.txt", NET, trained)
