"""The snapshot timeline stays bounded, evenly spread, with step 0 and the latest kept."""

from __future__ import annotations

import numpy as np

from linviz_gui.model.network.layers import NetworkSpec, linear
from linviz_gui.model.training.timeline import MAX_SNAPSHOTS, Snapshot, SnapshotTimeline
from linviz_gui.model.training.weights import NetWeights


def weights(value: float, shape: tuple[int, ...] = (2, 2)) -> NetWeights:
    return NetWeights(("0.weight",), (np.full(shape, value, np.float32),))


def test_a_long_run_keeps_at_most_the_limit_spread_evenly() -> None:
    timeline = SnapshotTimeline.starting(weights(0.0))
    most = 0
    for step in range(1, 5001):
        timeline = timeline.add(Snapshot(step, weights(step)))
        most = max(most, len(timeline.snapshots))
    steps = timeline.steps
    assert most <= MAX_SNAPSHOTS
    assert len(steps) >= MAX_SNAPSHOTS // 2
    assert steps[0] == 0 and steps[-1] == 5000
    gaps = set(np.diff(steps[:-1]))
    assert gaps == {timeline.interval}  # evenly spaced, apart from the latest
    assert timeline.latest.weights["0.weight"][0, 0] == 5000


def test_the_latest_off_the_interval_is_replaced_not_piled_up() -> None:
    timeline = SnapshotTimeline((Snapshot(0, weights(0)),), interval=10)
    for step in (3, 7, 10, 13):
        timeline = timeline.add(Snapshot(step, weights(step)))
    assert timeline.steps == [0, 10, 13]
    assert timeline.nearest(12).step == 13 and timeline.nearest(4).step == 0


def test_a_big_net_keeps_fewer_snapshots() -> None:
    big = weights(1.0, (4096, 1024))  # 16 MiB a snapshot
    timeline = SnapshotTimeline.starting(big)
    assert timeline.limit == 8
    for step in range(1, 100):
        timeline = timeline.add(Snapshot(step, big))
    assert len(timeline.snapshots) <= 8
    assert timeline.steps[0] == 0 and timeline.steps[-1] == 99


def test_weights_round_trip_through_json_and_refuse_the_wrong_shape() -> None:
    import pytest

    from linviz_gui.model.linear.matrix import InputError
    from linviz_gui.model.training.weights import weights_from_dict

    net = NetworkSpec((linear(2, 3), linear(3, 2, bias=False)))
    data = {"0.weight": [[1, 2], [3, 4], [5, 6]], "0.bias": [0, 0, 1], "1.weight": [[1, 0, 0]] * 2}
    read = weights_from_dict(data, net)
    assert read.names == ("0.weight", "0.bias", "1.weight")
    assert read.to_dict() == {k: np.asarray(v, np.float32).tolist() for k, v in data.items()}
    with pytest.raises(InputError, match=r"'0.bias' must have shape \(3,\); got \(2,\)"):
        weights_from_dict({**data, "0.bias": [0, 0]}, net)
    with pytest.raises(InputError, match="hold NaN"):
        weights_from_dict({**data, "0.bias": [0, float("nan"), 0]}, net)
    with pytest.raises(InputError, match="the network needs"):
        weights_from_dict({"0.weight": data["0.weight"]}, net)
