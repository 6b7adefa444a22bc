"""Training chunks through the real worker thread, and a device failing in the middle of a run."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from linviz_gui.compute import training_jobs
from linviz_gui.compute.training_jobs import TrainingChunk, TrainingRun, start_preset, train_chunk
from linviz_gui.compute.worker import ComputeWorker, Job, JobContext
from linviz_gui.model.training.recipe import preset_setup
from linviz_gui.model.training.trainer import Trainer


@pytest.fixture
def worker(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """A worker that believes in a ``cuda:0`` (torch's data-less ``meta`` device stands in)."""
    original = ComputeWorker._open_device

    def open_device(self, name):  # type: ignore[no-untyped-def]
        if name != "cuda:0":
            return original(self, name)
        self.device_name = name
        self.sigDevice.emit(name, "")
        return torch.device("meta")

    monkeypatch.setattr(ComputeWorker, "_open_device", open_device)
    w = ComputeWorker()
    with qtbot.waitSignal(w.sigReady, timeout=30_000):
        w.start()
    yield w
    w.stop()


def _result(qtbot, worker: ComputeWorker, job: Job) -> object:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(
        worker.sigResult, timeout=60_000, check_params_cb=lambda ch, i, r: i == job.id
    ) as blocker:
        worker.submit(job)
    return blocker.args[2]


def test_a_run_goes_on_on_cpu_when_the_device_fails_mid_run(qtbot, worker, monkeypatch) -> None:
    real = training_jobs.trainer_for

    def trainer_for(context: JobContext, run: TrainingRun):  # type: ignore[no-untyped-def]
        if context.device.type == "meta":
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(context, run)

    monkeypatch.setattr(training_jobs, "trainer_for", trainer_for)
    run = _result(qtbot, worker, Job("training.run", start_preset, ("spiral-mlp",)))
    assert isinstance(run, TrainingRun)
    first = _result(qtbot, worker, Job("training.run", train_chunk, (run, 20)))
    assert isinstance(first, TrainingChunk) and first.device == "cpu"
    messages: list[tuple[str, str]] = []
    worker.sigDevice.connect(lambda name, message: messages.append((name, message)))
    worker.set_device("cuda:0")
    second = _result(qtbot, worker, Job("training.run", train_chunk, (first.run, 20)))
    assert isinstance(second, TrainingChunk) and second.device == "cpu"
    assert any("failed (CUDA out of memory" in m and "computing on cpu" in m for _, m in messages)
    # Nothing of the run was lost: 40 steps, the same as a run on cpu alone (to float
    # tolerance: the worker's torch uses another number of threads than this test).
    whole = Trainer(preset_setup("spiral-mlp")).run(40)
    assert second.run.step == 40
    losses = np.concatenate([first.report.losses, second.report.losses])
    np.testing.assert_allclose(losses, whole.losses, rtol=1e-6)
    for ours, theirs in zip(second.run.weights.arrays, whole.state.weights.arrays, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-7)
