"""One QThread that runs every torch computation; requests are numbered and the newest wins.

A :class:`Job` is immutable and carries all its inputs. Jobs are grouped by ``channel``: while
one runs, newer submissions on the same channel replace the pending one, so a fast drag never
builds a queue. Results come back through signals of :class:`ComputeWorker`, an object living in
the GUI thread, so connected slots run there (superqt's pattern).
"""

from __future__ import annotations

import itertools
import os
import threading
import traceback
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    import torch

_job_ids = itertools.count(1)

#: Every worker ever started, so tests can prove no thread outlives its test.
_workers: weakref.WeakSet[ComputeWorker] = weakref.WeakSet()


def running_workers() -> list[ComputeWorker]:
    return [w for w in list(_workers) if w.is_running()]


class JobCancelled(Exception):
    """Raised by a job that saw :meth:`JobContext.cancelled` become true; reported to nobody."""


@dataclass(frozen=True)
class Job:
    """A request: run ``fn(context, *args)`` in the worker on the chosen device.

    ``fn`` must be a pure function of its arguments (plus the context's cache); ``args`` are
    immutable values. ``id`` grows with every job created, so a newer result is recognisable.
    """

    channel: str
    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    id: int = field(default_factory=lambda: next(_job_ids))


class JobContext:
    """What a running job can see: the device, a per-device cache, and whether to stop early."""

    def __init__(self, worker: ComputeWorker, device: torch.device) -> None:
        self._worker = worker
        self.device = device
        self._cache: dict[Hashable, Any] = {}
        self.channel = ""

    def memo(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """Return the cached value for ``key`` on this device, building it once."""
        if key not in self._cache:
            if len(self._cache) > 16:  # datasets can be large: keep only a few
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = build()
        return self._cache[key]

    def cancelled(self) -> bool:
        """True when the worker is stopping or a newer job waits on this job's channel."""
        return self._worker._should_abandon(self.channel)

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled

    def progress(self, fraction: float, text: str = "") -> None:
        self._worker.sigProgress.emit(self.channel, float(fraction), text)


class _WorkerThread(QThread):
    def __init__(self, worker: ComputeWorker) -> None:
        super().__init__()
        self.setObjectName("linviz-compute")
        self._worker = worker

    def run(self) -> None:
        self._worker._run()


class ComputeWorker(QObject):
    """Owns the worker thread. Call :meth:`start`, then :meth:`submit` jobs; :meth:`stop` ends it.

    Signals (all delivered in the GUI thread):
    ``sigReady(devices)`` once torch is imported; ``sigResult(channel, id, result)``;
    ``sigFailed(channel, id, message)``; ``sigDevice(name, message)`` when the device in use
    changes (a fallback says why); ``sigProgress(channel, fraction, text)``.
    """

    sigReady = Signal(list)
    sigResult = Signal(str, int, object)
    sigFailed = Signal(str, int, str)
    sigDevice = Signal(str, str)
    sigProgress = Signal(str, float, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cond = threading.Condition()
        self._pending: dict[str, Job] = {}
        self._cancelled_channels: set[str] = set()
        self._stopping = False
        self._released = False  # set by start(): until then a preloaded thread only imports
        self._requested_device = "auto"
        #: Counts set_device calls: each one opens its device again at the next job, even one
        #: named before (cuda:7 asked for twice fails and says so twice; no job may have run
        #: between the fallback's own switch to cpu and the second ask).
        self._device_requests = 0
        self._thread = _WorkerThread(self)
        self.devices: list[str] = []
        self.device_name = "cpu"
        _workers.add(self)

    # GUI-thread API ----------------------------------------------------------------------------

    def preload(self) -> None:
        """Start the thread now so that torch imports while the GUI is still being built; it
        emits nothing and runs no job until :meth:`start` (listeners may not be connected yet,
        and a signal emitted before its connection is lost)."""
        if not self._thread.isRunning():
            self._thread.start()

    def start(self) -> None:
        with self._cond:
            self._released = True
            self._cond.notify_all()
        self.preload()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def submit(self, job: Job) -> int:
        """Queue ``job``; an older pending job on the same channel is dropped. Returns its id."""
        with self._cond:
            self._pending[job.channel] = job
            self._cond.notify()
        return job.id

    def cancel(self, channel: str) -> None:
        """Drop the pending job on ``channel`` and ask a running one to stop."""
        with self._cond:
            self._pending.pop(channel, None)
            self._cancelled_channels.add(channel)

    def set_device(self, name: str) -> None:
        """Use ``name`` (``cpu``, ``cuda:N``, ``mps`` or ``auto``) from the next job on."""
        with self._cond:
            self._requested_device = name
            self._device_requests += 1
            self._cond.notify()

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Ask the thread to finish its current job and end; True if it ended in time."""
        with self._cond:
            self._stopping = True
            self._pending.clear()
            self._cond.notify()
        if self._thread.isRunning():
            return self._thread.wait(timeout_ms)
        return True

    # Worker thread ---------------------------------------------------------------------------

    def _should_abandon(self, channel: str) -> bool:
        with self._cond:
            return self._stopping or channel in self._pending or channel in self._cancelled_channels

    def _next_job(self) -> Job | None:
        with self._cond:
            while not self._stopping and not self._pending:
                self._cond.wait()
            if self._stopping:
                return None
            job = min(self._pending.values(), key=lambda j: j.id)
            del self._pending[job.channel]
            self._cancelled_channels = set()
            return job

    def _run(self) -> None:
        try:
            import torch
        except Exception as error:  # a broken install: say so, rather than wait forever
            self.sigFailed.emit("worker", 0, f"torch could not be loaded ({_first_line(error)})")
            return
        torch.set_num_threads(torch_threads())
        from linviz_gui.model.devices import available_devices, default_device

        devices = available_devices()
        with self._cond:
            while not self._released and not self._stopping:
                self._cond.wait()
            if self._stopping:
                return
        self.devices = devices
        self.sigReady.emit(list(self.devices))
        context: JobContext | None = None
        opened_request = -1
        while (job := self._next_job()) is not None:
            with self._cond:
                requested, request_number = self._requested_device, self._device_requests
            if context is None or request_number != opened_request:
                opened_request = request_number
                name = default_device(self.devices) if requested == "auto" else requested
                context = JobContext(self, self._open_device(name))
            context.channel = job.channel
            self._run_job(job, context)

    def _open_device(self, name: str) -> torch.device:
        import torch

        message = ""
        try:
            device = torch.device(name)
            # Fails here if absent or broken; the round trip also refuses devices that hold no
            # data (``meta``), on which every job would fail.
            torch.zeros(1, device=device).cpu()
        except Exception as error:
            message = f"{name} is not usable ({_first_line(error)}); computing on cpu"
            device = torch.device("cpu")
        self.device_name = str(device)
        self.sigDevice.emit(self.device_name, message)
        return device

    def _run_job(self, job: Job, context: JobContext) -> None:
        try:
            result = job.fn(context, *job.args)
        except JobCancelled:
            return
        except Exception as error:
            if context.device.type != "cpu" and _is_device_failure(error):
                import torch

                cpu = torch.device("cpu")
                message = f"{context.device} failed ({_first_line(error)}); computing on cpu"
                context.device = cpu
                context._cache.clear()
                self.device_name = "cpu"
                self.sigDevice.emit("cpu", message)
                self._run_job(job, context)
                return
            detail = traceback.format_exception_only(type(error), error)[-1].strip()
            self.sigFailed.emit(job.channel, job.id, detail)
            return
        self.sigResult.emit(job.channel, job.id, result)


def torch_threads() -> int:
    """The worker's number of torch threads: every core but one, left to the GUI thread, which
    draws the points while torch computes."""
    return max(1, (os.cpu_count() or 2) - 1)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


#: Words in an error (its type names or message) that blame the device, not the job.
_DEVICE_WORDS = (
    "out of memory",
    "outofmemory",
    "cuda",
    "cudnn",
    "cublas",
    "mps",
    "device",
    "accelerator",
)


def _is_device_failure(error: BaseException) -> bool:
    names = " ".join(cls.__name__ for cls in type(error).__mro__)
    text = f"{names} {error}".lower()
    return any(word in text for word in _DEVICE_WORDS)
