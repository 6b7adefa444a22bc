"""The network jobs as pure functions (a stand-in context, no thread)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from linviz_gui.compute.network_jobs import gallery, network_stages, notebook_random_matrices
from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.network.layers import Projection, build_sequential, deep_relu_net, tanh_preset


class FakeContext:
    device = torch.device("cpu")
    channel = "network.test"

    def __init__(self) -> None:
        self._cache: dict[Any, Any] = {}

    def memo(self, key: Any, build: Any) -> Any:
        return self._cache.setdefault(key, build())

    def cancelled(self) -> bool:
        return False

    def check_cancelled(self) -> None:
        pass


def test_stages_hold_points_grid_and_basis_for_each_step() -> None:
    dataset = DatasetSpec("gaussian", 3000, 0)
    result = network_stages(FakeContext(), tanh_preset(5.0), dataset, Projection())  # type: ignore[arg-type]
    assert [i.label for i in result.infos] == ["input X", "layer 1 Linear: × W", "layer 2 Tanh"]
    assert result.points.shape == (3, 3000, 2) and result.points.dtype == np.float32
    x = make_points(dataset)[0].numpy()
    np.testing.assert_array_equal(result.points[0], x)
    np.testing.assert_allclose(result.points[1], 5 * x, rtol=1e-6)
    assert np.abs(result.points[2]).max() <= 1.0  # float32 tanh saturates at exactly 1
    # The basis arrows at × W are the columns of W; the grid passes through tanh too.
    np.testing.assert_allclose(result.basis[1], [[0, 0], [5, 0], [0, 5]])
    assert np.abs(result.grid[2]).max() <= 1.0
    assert result.weights == {0: tanh_preset(5.0).layers[0].weight}


def test_wide_stages_come_back_in_2d_with_a_label() -> None:
    spec = deep_relu_net(0)
    dataset = DatasetSpec("gaussian", 500, 1)
    result = network_stages(FakeContext(), spec, dataset, Projection("units", (2, 4)))  # type: ignore[arg-type]
    assert result.points.shape[0] == len(result.infos) == 15
    assert result.projection_labels[1] == "width 5, shown as units 3 and 5"
    assert result.projection_labels[-1] == ""
    x = make_points(dataset)[0]
    with torch.no_grad():
        final = build_sequential(spec)(x).numpy()
    np.testing.assert_array_equal(result.points[-1], final)


def test_gallery_has_the_notebooks_twenty_pictures() -> None:
    result = gallery(FakeContext())  # type: ignore[arg-type]
    assert len(result.items) == 20
    torch.manual_seed(0)
    x = torch.randn(1000, 2)
    first_w = torch.randn(2, 2)
    w1 = result.items[0]
    assert w1.matrix == notebook_random_matrices()[0]
    np.testing.assert_allclose(np.array(w1.matrix.rows), first_w.numpy())
    np.testing.assert_allclose(w1.points, (x @ first_w.T).numpy(), atol=1e-5)
    assert w1.singular_values is not None
    s = torch.linalg.svdvals(first_w).tolist()
    np.testing.assert_allclose(w1.singular_values, s, rtol=1e-5)
    assert w1.det is not None
    assert abs(w1.det) == pytest.approx(s[0] * s[1], rel=1e-5)
    assert [i.group for i in result.items].count("Five ReLU nets") == 5


@pytest.mark.parametrize("planar_first", [False, True])
@pytest.mark.parametrize(
    "projection",
    [Projection(), Projection("units", (4, 1)), Projection("units", (7, 9)), Projection("pca")],
)
def test_every_stage_is_the_projection_of_the_real_stage(
    projection: Projection, planar_first: bool
) -> None:
    """The job writes the shown columns straight into its result (a 2-D start of the net even
    computed there): each stage must still be exactly what ``project_stage`` shows of
    ``layer_stages`` (widths 1, 2 and 5, every mode)."""
    from linviz_gui.model.network.layers import (
        NetworkSpec,
        activation,
        layer_stages,
        linear,
        project_stage,
    )

    start = (activation("tanh"), linear(2, 2), linear(2, 2, bias=False)) if planar_first else ()
    spec = NetworkSpec(
        (*start, linear(2, 5), activation("relu"), linear(5, 1), activation("tanh"), linear(1, 2)),
        3,
    )
    dataset = DatasetSpec("gaussian", 700, 2)
    result = network_stages(FakeContext(), spec, dataset, projection)  # type: ignore[arg-type]
    x = make_points(dataset)[0]
    stages = layer_stages(build_sequential(spec), x)
    assert len(result.infos) == len(stages)
    for k, stage in enumerate(stages):
        (expected,), label = project_stage(stage.values, projection)
        np.testing.assert_array_equal(result.points[k], expected.numpy(), err_msg=f"stage {k}")
        assert result.projection_labels[k] == label


def test_a_result_on_screen_is_never_overwritten_by_later_jobs() -> None:
    """Results reuse the memory of earlier ones that nothing refers to any more: one still
    held (on screen, or on its way there) keeps its points, whatever the jobs after it."""
    context = FakeContext()
    dataset = DatasetSpec("gaussian", 2000, 4)
    nets = [deep_relu_net(0), tanh_preset(3.0), deep_relu_net(1), tanh_preset(2.0)]
    held = [network_stages(context, nets[0], dataset, Projection())]  # type: ignore[arg-type]
    copies = [held[0].points.copy()]
    for round_ in range(6):
        spec = nets[(round_ + 1) % len(nets)]
        result = network_stages(context, spec, dataset, Projection())  # type: ignore[arg-type]
        expected = network_stages(FakeContext(), spec, dataset, Projection())  # type: ignore[arg-type]
        np.testing.assert_array_equal(result.points, expected.points)
        held.append(result)
        copies.append(result.points.copy())
        if round_ % 2:
            del held[1], copies[1]  # let one go: its memory may serve the next job
        for kept, copy in zip(held, copies, strict=True):
            np.testing.assert_array_equal(kept.points, copy)
