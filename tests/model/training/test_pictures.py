"""Decision regions, energies and stages of a trained net, against torch computed directly."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.network.layers import NetworkSpec, Projection, activation, linear
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.regions import decision_regions, energy, grid_axes
from linviz_gui.model.training.stages import training_stages
from linviz_gui.model.training.trainer import Trainer
from linviz_gui.model.training.weights import build_model

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def trained() -> nn.Sequential:
    setup = preset_setup("spiral-mlp")
    report = Trainer(setup).run(100)
    return build_model(setup.network, report.state.weights).eval()


def test_regions_are_the_argmax_and_softmax_of_each_pixel(trained: nn.Sequential) -> None:
    xs, ys = grid_axes((-1.0, 1.0, -0.5, 0.5), (40, 20))
    regions = decision_regions(trained, xs, ys)
    assert regions.classes.shape == (20, 40)
    row, col = 5, 33  # a pixel in row y = ys[5], column x = xs[33]
    with torch.no_grad():
        p = torch.softmax(trained(torch.tensor([[xs[col], ys[row]]])), 1)[0]
    assert regions.classes[row, col] == int(p.argmax())
    assert regions.confidence[row, col] == pytest.approx(float(p.max()), rel=1e-5)
    top2 = p.topk(2).values
    assert regions.margin[row, col] == pytest.approx(float(top2[0] - top2[1]), abs=1e-6)
    assert set(np.unique(regions.classes)) <= set(range(5)) and len(np.unique(regions.classes)) > 2


def test_energy_is_the_notebooks_over_its_mesh(trained: nn.Sequential) -> None:
    # The notebook: mesh = arange(-1.5, 1.5, 0.01); s = model(grid); C(s, k) or -s[:, k].
    mesh = torch.arange(-1.5, 1.5, 0.01)
    yy, xx = torch.meshgrid(mesh, mesh, indexing="ij")
    grid = torch.stack((xx.reshape(-1), yy.reshape(-1)), 1)
    with torch.no_grad():
        s = trained(grid)
    k = 3
    expected_ce = nn.CrossEntropyLoss(reduction="none")(s, torch.full((len(s),), k))
    ce = energy(trained, k)
    assert ce.values.shape == (300, 300)
    np.testing.assert_allclose(ce.values.ravel(), expected_ce.numpy(), rtol=1e-5, atol=1e-6)
    score = energy(trained, k, "negative_score")
    np.testing.assert_allclose(score.values.ravel(), -s[:, k].numpy(), rtol=1e-6)
    with pytest.raises(InputError, match="class k must be a whole number from 0 to 4; got 5"):
        energy(trained, 5)
    with pytest.raises(InputError, match="unknown energy"):
        energy(trained, 0, "free")  # type: ignore[arg-type]


def test_bad_grids_are_refused() -> None:
    with pytest.raises(InputError, match="x0 < x1"):
        grid_axes((1.0, -1.0, 0.0, 1.0), (10, 10))
    with pytest.raises(InputError, match="grid sides must be 1 to 2048"):
        grid_axes((0.0, 1.0, 0.0, 1.0), (0, 10))


def test_stages_keep_the_pca_axes_they_are_given() -> None:
    net = NetworkSpec((linear(2, 8), activation("relu"), linear(8, 3)), seed=1)
    model = build_model(net).eval()
    points = torch.randn(200, 2, generator=torch.Generator().manual_seed(0))
    first = training_stages(model, points, Projection("pca"))
    assert sorted(first.axes) == [1, 2, 3, 4, 5]  # × W, + b, ReLU, × W, + b: wider than 2
    assert first.labels[0] == "" and "of the variance" in first.labels[1]
    np.testing.assert_array_equal(first.points[0], points.numpy())
    # Later weights, the same axes: each stage is its values times the kept axes.
    with torch.no_grad():
        model[0].weight.mul_(2.0)
    later = training_stages(model, points, Projection("pca"), first.axes)
    with torch.no_grad():
        hidden = model[1](model[0](points))
    np.testing.assert_allclose(later.points[3], hidden.numpy() @ first.axes[3], rtol=1e-5)
    assert later.labels[3] == "width 8, shown by PCA (axes fixed for this run)"
    for index, axes in first.axes.items():
        np.testing.assert_array_equal(later.axes[index], axes)
