"""Wait until the worker has nothing left to compute for the window (for headless export).

A no-op job is submitted as a barrier: the worker runs jobs in the order they were made, so
when the barrier's result arrives every earlier job's result has arrived too. Views may answer
a result by asking for more, so this repeats until a round passes with no other result.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from linviz_gui.compute.worker import ComputeWorker, Job, JobContext

BARRIER = "export.barrier"


class ComputationError(Exception):
    """The computation failed, or did not finish in time; the message says which (one line)."""


def barrier(_context: JobContext) -> None:
    """Computes nothing; its result only says that the jobs before it are done."""


class _Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.barrier_id = 0
        self.others = 0
        self.failures: list[str] = []

    def on_result(self, channel: str, job_id: int, _result: object) -> None:
        if channel == BARRIER:
            self.barrier_id = job_id
        else:
            self.others += 1

    def on_failed(self, channel: str, _job_id: int, message: str) -> None:
        self.failures.append(f"{channel}: {message}")


def wait_until_settled(worker: ComputeWorker, timeout_s: float = 120.0, rounds: int = 10) -> None:
    """Process events until the worker is idle.

    Raises
    ------
    ComputationError
        When ``timeout_s`` passes first, or when a job failed.
    """
    app = QApplication.instance()
    assert app is not None
    counter = _Counter()
    worker.sigResult.connect(counter.on_result)
    worker.sigFailed.connect(counter.on_failed)
    deadline = time.monotonic() + timeout_s
    try:
        for _ in range(rounds):
            counter.others = 0
            job_id = worker.submit(Job(BARRIER, barrier))
            while counter.barrier_id < job_id:
                if time.monotonic() > deadline:
                    raise ComputationError(
                        f"gave up waiting for the computation after {timeout_s:g} s"
                    )
                app.processEvents()
                time.sleep(0.005)
            app.processEvents()
            if counter.others == 0:
                break
    finally:
        worker.sigResult.disconnect(counter.on_result)
        worker.sigFailed.disconnect(counter.on_failed)
    if counter.failures:
        raise ComputationError(f"the computation failed ({counter.failures[-1]})")
