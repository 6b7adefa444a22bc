"""The training jobs as pure functions (a stand-in context, no thread)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from linviz_gui.compute.training_jobs import (
    TrainingRefused,
    TrainingRun,
    energy_grid,
    regions,
    stages,
    start_preset,
    start_run,
    train_chunk,
    trainer_for,
)
from linviz_gui.compute.worker import JobCancelled
from linviz_gui.model.data.labelled import LabelledSpec, make_labelled
from linviz_gui.model.network.layers import NetworkSpec, Projection, activation, linear
from linviz_gui.model.training.config import TrainingConfig
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.trainer import Trainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")


class FakeContext:
    device = torch.device("cpu")
    channel = "training.test"

    def __init__(self, cancel_after: int | None = None) -> None:
        self._cache: dict[Any, Any] = {}
        self._asked = 0
        self._cancel_after = cancel_after

    def memo(self, key: Any, build: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def cancelled(self) -> bool:
        self._asked += 1
        return self._cancel_after is not None and self._asked > self._cancel_after

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled


def started(name: str = "spiral-mlp") -> TrainingRun:
    run = start_preset(FakeContext(), name)  # type: ignore[arg-type]
    assert isinstance(run, TrainingRun)
    return run


def test_a_chain_of_chunks_is_one_run_of_the_notebook() -> None:
    context = FakeContext()
    run = started()
    losses = []
    for _ in range(4):
        chunk = train_chunk(context, run, 30)  # type: ignore[arg-type]
        losses.append(chunk.report.losses)
        assert chunk.run.step == run.step + 30 and chunk.message == ""
        assert chunk.steps_per_second > 0 and chunk.device == "cpu"
        run = chunk.run
    whole = Trainer(preset_setup("spiral-mlp")).run(120)
    np.testing.assert_array_equal(np.concatenate(losses), whole.losses)
    assert run.weights.equals(whole.state.weights)
    assert run.timeline.steps[0] == 0 and run.timeline.latest.step == 120


def test_chunks_bounded_by_time_take_the_same_steps_as_one_chunk() -> None:
    """Playing ends a chunk once its time is up: that moves only where the pauses fall. A
    bound shorter than any step takes exactly one step per chunk; a long one all of them."""
    context = FakeContext()
    run = started()
    losses = []
    for _ in range(12):
        chunk = train_chunk(context, run, 50, 1e-9)  # type: ignore[arg-type]
        assert chunk.run.step == run.step + 1
        losses.append(chunk.report.losses)
        run = chunk.run
    rest = train_chunk(context, run, 28, 60.0)  # type: ignore[arg-type]
    assert rest.run.step == 40
    whole = Trainer(preset_setup("spiral-mlp")).run(40)
    np.testing.assert_array_equal(np.concatenate([*losses, rest.report.losses]), whole.losses)
    assert rest.run.weights.equals(whole.state.weights)


def test_the_live_trainer_is_kept_only_while_the_run_continues_from_it() -> None:
    context = FakeContext()
    run = started()
    after = train_chunk(context, run, 10).run  # type: ignore[arg-type]
    live = trainer_for(context, after)  # type: ignore[arg-type]
    assert live is trainer_for(context, after)  # type: ignore[arg-type]
    # Going back to step 0 (the timeline scrubbed back, Reset) rebuilds from the numpy state,
    # and training from there again gives the same steps.
    assert trainer_for(context, run) is not live  # type: ignore[arg-type]
    again = train_chunk(context, run, 10).run  # type: ignore[arg-type]
    assert again.weights.equals(after.weights)


def test_a_cancelled_chunk_reports_nothing() -> None:
    with pytest.raises(JobCancelled):
        train_chunk(FakeContext(cancel_after=5), started(), 50)  # type: ignore[arg-type]


def test_a_run_that_cannot_start_says_why() -> None:
    spiral = make_labelled(LabelledSpec("spirals", 300, 0, classes=4))
    net = NetworkSpec((linear(2, 8), activation("relu"), linear(8, 2)))
    refused = start_run(FakeContext(), net, spiral, TrainingConfig())  # type: ignore[arg-type]
    assert isinstance(refused, TrainingRefused)
    assert "set the width of the last Linear (layer 3) to 4" in refused.message
    unknown = start_preset(FakeContext(), "spiral-deep")  # type: ignore[arg-type]
    assert isinstance(unknown, TrainingRefused) and "spiral-linear" in unknown.message


def test_pictures_of_a_run_come_back_as_numpy() -> None:
    context = FakeContext()
    run = train_chunk(context, started(), 100).run  # type: ignore[arg-type]
    network = run.setup.network
    picture = regions(context, network, run.weights, (-1.5, 1.5, -1.5, 1.5), (64, 48))  # type: ignore[arg-type]
    assert picture.classes.shape == (48, 64) and picture.confidence.dtype == np.float32
    field = energy_grid(context, network, run.weights, 2)  # type: ignore[arg-type]
    assert field.values.shape == (300, 300) and (field.values >= 0).all()  # cross-entropy
    points = run.setup.data.points[::50]
    shown = stages(context, network, run.weights, points, Projection("pca"))  # type: ignore[arg-type]
    assert shown.stages.points.shape == (len(shown.stages.infos), len(points), 2)
    assert shown.grid.shape[0] == len(shown.stages.infos)
    kept = stages(context, network, run.weights, points, Projection("pca"), shown.axes)  # type: ignore[arg-type]
    np.testing.assert_array_equal(kept.stages.points, shown.stages.points)


def test_pictures_follow_the_weights_they_are_given_though_a_frame_shares_one_net() -> None:
    """A playing frame's pictures reuse the net built for their weights; the next frame's new
    weights must show, never the last frame's (and a fresh context draws the same picture)."""
    context = FakeContext()
    before = started()
    after = train_chunk(context, before, 100).run  # type: ignore[arg-type]
    network, box, size = before.setup.network, (-1.5, 1.5, -1.5, 1.5), (64, 48)

    def picture(weights: Any, where: FakeContext = context) -> Any:
        return regions(where, network, weights, box, size)  # type: ignore[arg-type]

    first, trained = picture(before.weights), picture(after.weights)
    assert (first.classes != trained.classes).any()  # 100 steps move the boundaries
    for weights, shown in ((after.weights, trained), (before.weights, first)):
        fresh = picture(weights, FakeContext())
        np.testing.assert_array_equal(shown.classes, fresh.classes)
        np.testing.assert_array_equal(shown.confidence, fresh.confidence)
    np.testing.assert_array_equal(picture(before.weights).confidence, first.confidence)


def test_data_jobs_build_sets_and_read_or_refuse_csv(tmp_path) -> None:
    from linviz_gui.compute.training_jobs import build_data, load_data

    spec = LabelledSpec("circles", 400, 3)
    assert build_data(FakeContext(), spec).size == 400  # type: ignore[arg-type]
    good = tmp_path / "points.csv"
    good.write_text("x,y,label\n0,0,1\n1,1,2\n0.5,0.2,1\n")
    loaded = load_data(FakeContext(), str(good))  # type: ignore[arg-type]
    assert not isinstance(loaded, TrainingRefused) and loaded.class_names == ("1", "2")
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n0,0,1\n1,oops,2\n")
    refused = load_data(FakeContext(), str(bad))  # type: ignore[arg-type]
    assert isinstance(refused, TrainingRefused)
    assert refused.message == "bad.csv: row 3: y is not a number; got 'oops'"


def test_a_run_scrubbed_back_goes_on_from_that_snapshot() -> None:
    context = FakeContext()
    run = train_chunk(context, started(), 60).run  # type: ignore[arg-type]
    back = run.rewound_to(30)
    assert back.step == 30 and back.state.memory == ()
    assert back.weights is run.timeline.nearest(30).weights
    on = train_chunk(context, back, 10).run  # type: ignore[arg-type]
    assert on.step == 40
    assert max(on.timeline.steps) == 40  # the abandoned steps 41 to 60 are gone
    assert run.rewound_to(60) is run
