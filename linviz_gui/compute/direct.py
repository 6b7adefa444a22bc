"""Running a worker job in the calling thread, for headless commands and the benchmark.

:class:`DirectContext` is a :class:`JobContext` with no worker behind it: it is never cancelled
and reports no progress, so ``job.fn(DirectContext(device), *job.args)`` runs the same code the
GUI's worker runs, without Qt's event loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linviz_gui.compute.worker import JobContext

if TYPE_CHECKING:
    import torch


class DirectContext(JobContext):
    """A job's context on ``device`` with its own cache, for a job run directly."""

    def __init__(self, device: torch.device | str = "cpu") -> None:
        import torch

        self._cache: dict[Any, Any] = {}
        self.device = torch.device(device)
        self.channel = "direct"

    def cancelled(self) -> bool:
        return False

    def progress(self, fraction: float, text: str = "") -> None:
        pass
