"""The autograd view's computation, run in the worker: evaluate the program, read the graph."""

from __future__ import annotations

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.autograd.graph import AutogradRequest, AutogradResult, run_autograd


def autograd_run(context: JobContext, request: AutogradRequest) -> AutogradResult:
    """Run ``request`` on the worker's device; the result is plain data (strings and lists)."""
    return run_autograd(request, str(context.device))
