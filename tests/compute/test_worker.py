"""The worker: newest request wins, failures become messages, closing ends the thread."""

from __future__ import annotations

import threading

import pytest

from linviz_gui.compute.worker import ComputeWorker, Job, JobContext


@pytest.fixture
def worker(qtbot):  # type: ignore[no-untyped-def]
    w = ComputeWorker()
    with qtbot.waitSignal(w.sigReady, timeout=30_000):
        w.start()
    yield w
    w.stop()


def _blocking(context: JobContext, gate: threading.Event, started: threading.Event) -> str:
    started.set()
    gate.wait(10)
    return "first"


def _echo(context: JobContext, value: int, ran: list[int]) -> int:
    ran.append(value)
    return value


def test_only_the_newest_pending_request_runs(qtbot, worker: ComputeWorker) -> None:
    gate, started = threading.Event(), threading.Event()
    ran: list[int] = []
    worker.submit(Job("t", _blocking, (gate, started)))
    assert started.wait(10)
    jobs = [Job("t", _echo, (i, ran)) for i in range(5)]
    for job in jobs:
        worker.submit(job)
    results: list[tuple[int, object]] = []
    worker.sigResult.connect(lambda ch, jid, r: results.append((jid, r)))
    gate.set()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    assert ran == [4]
    assert results[-1] == (jobs[-1].id, 4)


def _fail(context: JobContext) -> None:
    raise ValueError("singular input")


def test_a_failing_request_is_reported_and_the_worker_keeps_working(qtbot, worker) -> None:
    with qtbot.waitSignal(worker.sigFailed, timeout=10_000) as failed:
        worker.submit(Job("t", _fail))
    assert "ValueError: singular input" in failed.args[2]
    with qtbot.waitSignal(worker.sigResult, timeout=10_000) as ok:
        worker.submit(Job("t", _echo, (7, [])))
    assert ok.args[2] == 7


def test_an_absent_device_falls_back_to_cpu_with_a_message(qtbot, worker) -> None:
    worker.set_device("cuda:7")
    with qtbot.waitSignal(worker.sigDevice, timeout=10_000) as changed:
        worker.submit(Job("t", _echo, (1, [])))
    assert changed.args[0] == "cpu"
    assert "cuda:7 is not usable" in changed.args[1]


def test_an_absent_device_asked_for_again_fails_again_with_a_message(qtbot, worker) -> None:
    """The window answers a fallback by asking for cpu; a user who picks cuda:7 again before any
    job ran on cpu must hear again that it is not usable (it was silently cpu, soak seed 11)."""
    worker.set_device("cuda:7")
    with qtbot.waitSignal(worker.sigDevice, timeout=10_000):
        worker.submit(Job("t", _echo, (1, [])))
    worker.set_device("cpu")
    worker.set_device("cuda:7")
    with qtbot.waitSignal(worker.sigDevice, timeout=10_000) as changed:
        worker.submit(Job("t", _echo, (2, [])))
    assert changed.args[0] == "cpu" and "cuda:7 is not usable" in changed.args[1]


def _long(context: JobContext) -> None:
    while not context.cancelled():
        threading.Event().wait(0.005)


def test_stop_while_busy_ends_the_thread(qtbot, worker) -> None:
    worker.submit(Job("t", _long))
    qtbot.wait(50)
    assert worker.stop(3000)
    assert not worker.is_running()


def test_a_preloaded_worker_says_nothing_until_started_then_runs_what_waited(qtbot) -> None:
    # The app preloads torch before its window listens: a signal sent then would be lost
    # (the status bar would say "torch loading…" for ever).
    w = ComputeWorker()
    heard: list[str] = []
    w.sigReady.connect(lambda _d: heard.append("ready"))
    w.sigResult.connect(lambda _c, _i, r: heard.append(f"result {r}"))
    w.preload()
    w.submit(Job("t", _echo, (3, [])))
    qtbot.wait(300)
    assert heard == []
    w.start()
    qtbot.waitUntil(lambda: heard == ["ready", "result 3"], timeout=30_000)
    w.stop()


def test_a_preloaded_worker_never_started_still_stops(qtbot) -> None:
    w = ComputeWorker()
    w.preload()
    assert w.stop(30_000)
    assert not w.is_running()
