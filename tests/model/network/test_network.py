"""Networks layer by layer: stages equal the real nn.Sequential, presets keep the course's shapes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.model.network.layers import (
    LayerSpec,
    NetworkSpec,
    Projection,
    activation,
    build_sequential,
    deep_relu_net,
    easing,
    interpolate,
    layer_stages,
    linear,
    network_from_dict,
    project_stage,
    stage_labels,
    streamed_stages,
    tanh_net,
    tanh_preset,
)


def _cloud(n: int = 1000) -> torch.Tensor:
    return make_points(DatasetSpec("gaussian", n, 0))[0]


def _hooked_outputs(model: torch.nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    outputs: list[torch.Tensor] = []
    handles = [m.register_forward_hook(lambda _m, _i, o: outputs.append(o)) for m in model]
    with torch.no_grad():
        model(x)
    for handle in handles:
        handle.remove()
    return outputs


MIXED = NetworkSpec(
    (
        linear(2, 4),
        activation("sigmoid"),
        linear(4, 3, bias=False),
        activation("leaky_relu"),
        linear(3, 2),
        activation("identity"),
        activation("relu"),
    ),
    seed=7,
)


@pytest.mark.parametrize("spec", [tanh_preset(5.0), tanh_net(0), deep_relu_net(3), MIXED])
def test_every_module_output_stage_equals_the_forward_hook_output(spec: NetworkSpec) -> None:
    model = build_sequential(spec)
    x = _cloud()
    stages = layer_stages(model, x)
    hooked = _hooked_outputs(model, x)
    completed = [s for s in stages if s.info.module_output]
    assert len(completed) == len(model) == len(hooked)
    for stage, expected in zip(completed, hooked, strict=True):
        assert torch.equal(stage.values, expected), stage.info.label
    assert torch.equal(stages[0].values, x)
    assert [s.info.label for s in stages] == stage_labels(spec)


ACTIVATION_FIRST = NetworkSpec(
    (
        activation("tanh"),
        activation("relu"),
        linear(2, 1),
        activation("leaky_relu"),
        linear(1, 7),
        activation("sigmoid"),
        linear(7, 2, bias=False),
    ),
    seed=2,
)


#: 2-D from its input for five layers (so computed by coordinate up to the Sigmoid), then wider.
PLANAR_FIRST = NetworkSpec(
    (
        activation("tanh"),
        linear(2, 2, weight=Matrix2(1.5, -0.7, 0.3, 2.1)),
        activation("relu"),
        linear(2, 2, bias=False),
        activation("leaky_relu"),
        activation("sigmoid"),
        linear(2, 5),
        activation("relu"),
        linear(5, 2),
        activation("tanh"),
    ),
    seed=5,
)


@pytest.mark.parametrize(
    "spec",
    [tanh_preset(5.0), tanh_net(0), deep_relu_net(3), MIXED, ACTIVATION_FIRST, PLANAR_FIRST],
)
@pytest.mark.parametrize("by_coordinate", [False, True])
def test_streamed_stages_are_layer_stages_bit_for_bit_and_leave_x_alone(
    spec: NetworkSpec, by_coordinate: bool
) -> None:
    """The Network tab computes its stages one at a time in two reused buffers (each Linear's
    + b and each activation in the memory of the step before), the 2-D ones by coordinate:
    every stage must still be exactly what the real net gives, and X must not be written to."""
    model = build_sequential(spec)
    x = _cloud(3001)
    x_t = x.T.contiguous()
    before = x.clone()
    expected = layer_stages(model, x)
    kept: dict[int, torch.Tensor] = {}

    def buffer(slot: int, width: int) -> torch.Tensor:  # one growing buffer per slot, as the job's
        if slot not in kept or kept[slot].numel() < len(x) * width:
            kept[slot] = torch.empty(len(x) * width)
        return kept[slot][: len(x) * width].view(len(x), width)

    rows = torch.full((len(expected), 2, len(x)), float("nan"))
    columns = (x_t, lambda k: rows[k]) if by_coordinate else None
    for own_buffers in (None, buffer):
        count = 0
        stages = streamed_stages(model, x, own_buffers, columns)
        for stage, reference in zip(stages, expected, strict=True):
            assert stage.info == reference.info
            assert torch.equal(stage.values, reference.values), stage.info.label
            count += 1
        assert count == len(expected)
        assert torch.equal(x, before) and torch.equal(x_t, before.T)
    if by_coordinate and spec is PLANAR_FIRST:  # its first six steps went into the rows given
        for k in range(1, 7):
            assert torch.equal(rows[k], expected[k].values.T), expected[k].info.label


def test_a_linear_is_split_into_times_w_then_plus_b() -> None:
    spec = tanh_net(1)
    model = build_sequential(spec)
    x = _cloud(200)
    stages = layer_stages(model, x)
    assert [s.info.label for s in stages] == [
        "input X",
        "layer 1 Linear: × W",
        "layer 1 Linear: + b",
        "layer 2 Tanh",
        "layer 3 Linear: × W",
        "layer 3 Linear: + b",
    ]
    first = model[0]
    torch.testing.assert_close(stages[1].values, x @ first.weight.T)
    torch.testing.assert_close(stages[2].values, stages[1].values + first.bias)
    torch.testing.assert_close(stages[3].values, torch.tanh(stages[2].values))


def test_tanh_with_s_5_maps_the_cloud_into_the_open_square() -> None:
    model = build_sequential(tanh_preset(5.0))
    x = _cloud()
    stages = layer_stages(model, x)
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), 5 * np.eye(2))
    out = stages[-1].values
    # Exactly, tanh lies strictly inside (-1, 1); float32 rounds tanh(|5x| > 9) to 1.
    assert float(out.abs().max()) <= 1.0
    unsaturated = (5 * x).abs().max(1).values < 8
    assert float(out[unsaturated].abs().max()) < 1.0
    # Most points are pushed to the square's edges, as in the notebook's picture.
    assert float((out.abs().max(1).values > 0.9).float().mean()) > 0.8
    stretched = stages[1].values
    torch.testing.assert_close(stretched, 5 * x)


def test_seeds_reproduce_nets_and_differ_between_seeds() -> None:
    a, b = build_sequential(deep_relu_net(4)), build_sequential(deep_relu_net(4))
    c = build_sequential(deep_relu_net(5))
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    assert not torch.equal(a[0].weight, c[0].weight)
    torch.manual_seed(4)
    course = torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2))
    ours = build_sequential(tanh_net(4))
    for pa, pb in zip(course.parameters(), ours.parameters(), strict=True):
        assert torch.equal(pa, pb)


def test_building_a_net_leaves_the_global_rng_alone() -> None:
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    build_sequential(deep_relu_net(0))
    assert torch.equal(torch.rand(3), expected)


def test_a_net_built_in_another_thread_never_changes_what_a_seeded_script_draws() -> None:
    """The worker builds nets while a notebook cell (or the training recipe) seeds and draws:
    the cell must get its seed's numbers every time, whatever the worker is doing."""
    import threading

    torch.manual_seed(123)
    expected = torch.randn(2000)
    stop = threading.Event()

    def build_nets() -> None:
        while not stop.is_set():
            build_sequential(deep_relu_net(7, hidden=32))

    worker = threading.Thread(target=build_nets)
    worker.start()
    try:
        draws = []
        for _ in range(300):
            torch.manual_seed(123)
            draws.append(torch.randn(2000))
    finally:
        stop.set()
        worker.join()
    assert all(torch.equal(draw, expected) for draw in draws)


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        ((), "the network is empty"),
        ((linear(2, 0),), "layer 1 Linear(2, 0): width must be between 1 and 128; got 0"),
        ((linear(2, 5), linear(5, 1000)), "layer 2 Linear(5, 1000): width must be between"),
        ((linear(3, 2),), "expects 3 inputs but the input points are 2-D"),
        ((linear(2, 5), activation("relu"), linear(4, 2)), "layer 3 Linear(4, 2) expects 4"),
        ((linear(2, 5, weight=Matrix2.identity()),), "only a Linear(2, 2) can have its weight"),
        ((LayerSpec("softmax"),), "layer 1 has unknown kind 'softmax'"),
        ((linear(2, 2),) * 17, "at most 16"),
    ],
)
def test_bad_networks_are_refused_with_a_message_naming_the_layer(layers, message) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        NetworkSpec(layers)


def test_dict_round_trip_and_bad_dicts() -> None:
    for spec in (MIXED, tanh_preset(2.5), deep_relu_net(2)):
        assert network_from_dict(spec.to_dict()) == spec
    with pytest.raises(InputError, match="layers"):
        network_from_dict({"seed": 0})
    with pytest.raises(InputError, match="layer 1: weight must be"):
        network_from_dict({"layers": [{"kind": "linear", "weight": [1, 2, 3]}]})
    with pytest.raises(InputError, match="seed must be"):
        network_from_dict({"layers": [{"kind": "tanh"}], "seed": -1})


def test_wide_stages_are_shown_through_two_units_or_pca() -> None:
    values = torch.randn(500, 5, generator=torch.Generator().manual_seed(1))
    (shown,), label = project_stage(values, Projection("units", (3, 1)))
    torch.testing.assert_close(shown, values[:, [3, 1]])
    assert label == "width 5, shown as units 4 and 2"
    (shown,), label = project_stage(values, Projection("pca"))
    assert shown.shape == (500, 2)
    assert "shown by PCA (" in label and "% of the variance)" in label
    # The first component carries at least as much variance as any single unit direction.
    assert float(shown[:, 0].var()) >= float(values.var(0).max()) * 0.99
    # Given axes (a run's fixed ones), the points are values @ axes: the origin stays put.
    axes = torch.linspace(-1, 1, 10).reshape(5, 2)
    (fixed, extra), _ = project_stage(values, Projection("pca"), (values[:7],), axes)
    torch.testing.assert_close(fixed, values @ axes)
    torch.testing.assert_close(extra, values[:7] @ axes)
    with pytest.raises(InputError, match="two different units"):
        Projection("units", (2, 2))


def test_the_notebook_easing_and_interpolate() -> None:
    assert easing(0, 150, 0.001) == 0.0
    assert easing(149, 150, 0.001) == pytest.approx(1.0)
    assert easing(75, 151, 0.0) == 0.5
    assert easing(75, 151, 100.0) < 0.2  # large p: slow start, fast finish
    x_in, x_out = np.zeros((4, 2), np.float32), np.ones((4, 2), np.float32)
    frames = list(interpolate(x_in, x_out, steps=5, p=0.001))
    assert len(frames) == 5
    np.testing.assert_allclose(frames[-1], x_out, atol=1e-6)
    with pytest.raises(InputError, match="p must be above -1"):
        easing(0, 10, -1.0)
    with pytest.raises(InputError, match="steps must be"):
        easing(0, 1, 0.1)
