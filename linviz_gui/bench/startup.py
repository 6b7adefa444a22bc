"""Start-up to window: launch the real app in a fresh process and time it from the outside.

The child runs ``run_app`` (what ``linviz`` runs) offscreen with throw-away settings; hooks on
the start-up window's and the main window's ``showEvent`` note when each is shown (and whether
torch was ready by then), one on the point cloud's ``paint`` when the first transformed frame is
drawn, and then it quits. Times are read on the system's monotonic clock, which
parent and child share.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

_CHILD = r"""
import importlib.util, json, sys, time
started = float(sys.argv[1])
report = {}
# Nothing is imported before the app's own code runs, so its start-up order is a real launch's
# (this child used to import PySide6 and make the QApplication first, ahead of run_app).

# Hooks on three methods, each patched once its module is imported (the app's own import order is
# kept): an app-wide event filter and a 5 ms poll, as this child used before, made every Qt event
# call Python and woke the GUI thread 200 times a second, which took the GIL from the worker's
# import torch (about 0.14 s later to the first frame).
class AfterImport:
    def __init__(self, name, then):
        self.name, self.then = name, then
        sys.meta_path.insert(0, self)
    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            self.then(module)
        spec.loader.exec_module = exec_module
        return spec

def stamp(key):
    if key not in report:
        report[key] = (time.monotonic() - started) * 1000

def watch_startup_window(module):  # the app's first window: "the window"
    cls = module.StartupWindow
    def showEvent(self, event):
        stamp("window_ms")
        report.setdefault("torch_ready_at_window", "torch" in sys.modules)
        report.setdefault("window_kind", cls.__name__)
    cls.showEvent = showEvent

def watch_main_window(module):
    cls, shown = module.MainWindow, module.MainWindow.showEvent
    def showEvent(self, event):
        stamp("main_window_ms")
        watched.append(self)
        shown(self, event)
    cls.showEvent = showEvent

def watch_points(module):
    cls, paint = module.PointCloudItem, module.PointCloudItem.paint
    def painted(self, painter, *args):
        paint(self, painter, *args)
        if watched and self is watched[0].explorer.output_canvas.points and self.painted_version:
            if "first_frame_ms" not in report:
                stamp("first_frame_ms")
                print("LINVIZ-STARTUP " + json.dumps(report), flush=True)
                from PySide6.QtCore import QTimer
                from PySide6.QtWidgets import QApplication
                QTimer.singleShot(0, watched[0].close)
                QTimer.singleShot(0, QApplication.instance().quit)
    cls.paint = painted

watched = []
AfterImport("linviz_gui.ui.shell.startup_window", watch_startup_window)
AfterImport("linviz_gui.ui.shell.main_window", watch_main_window)
AfterImport("linviz_gui.ui.widgets.point_cloud_item", watch_points)
if len(sys.argv) > 2:  # lv.show's way in: linviz --session FILE
    from linviz_gui.cli import main
    main(["--session", sys.argv[2]])
else:
    from linviz_gui.ui.shell.app import run_app
    run_app()
"""


def measure_startup_against_torch(runs: int = 5) -> dict[str, Any]:
    """The app started ``runs`` times, each start followed by a bare ``import torch`` in a fresh
    process, so that both meet the same moments of a busy machine (one start-up's first frame
    swung by half a second between two runs here). The medians of ``window_ms`` (the first
    window: the start-up window), ``main_window_ms``, ``first_frame_ms`` and
    ``torch_import_ms``; ``torch_ready_at_window``, ``gui_imported_torch``; and every run's
    first frame and torch import as ``first_frame_runs_ms`` and ``torch_import_runs_ms``."""
    starts: list[dict[str, Any]] = []
    torch_runs: list[float] = []
    for _ in range(runs):
        starts.append(watch_child_start([], time.monotonic()))
        torch_runs.append(measure_torch_import(runs=1))
    report: dict[str, Any] = {
        key: statistics.median(start[key] for start in starts)
        for key in ("window_ms", "main_window_ms", "first_frame_ms")
    }
    report["torch_ready_at_window"] = any(start["torch_ready_at_window"] for start in starts)
    report["gui_imported_torch"] = _gui_imports_torch()
    report["torch_import_ms"] = statistics.median(torch_runs)
    report["first_frame_runs_ms"] = [start["first_frame_ms"] for start in starts]
    report["torch_import_runs_ms"] = torch_runs
    return report


def watch_child_start(
    child_args: list[str], started: float, timeout_s: float = 60.0
) -> dict[str, Any]:
    """Run the watched app in a fresh process (``child_args``: ``[]``, or ``[session file]`` to
    start it as ``linviz --session`` does); its times count from ``started`` (monotonic)."""
    with tempfile.TemporaryDirectory(prefix="linviz-bench-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=home)
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, repr(started), *child_args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout_s,
            check=False,
        )
    for line in done.stdout.splitlines():
        if line.startswith("LINVIZ-STARTUP "):
            report: dict[str, Any] = json.loads(line.split(" ", 1)[1])
            return report
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    raise RuntimeError("the app did not report its start-up: " + " | ".join(tail))


def _gui_imports_torch() -> bool:
    """Whether importing the GUI modules alone pulls in torch (it must not: torch loads later)."""
    code = "import sys, linviz_gui.ui.shell.main_window; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def measure_torch_import(runs: int = 3) -> float:
    """The median wall time of a bare ``import torch`` in a fresh process, in milliseconds: the
    floor under the first frame, measured in the same run as it."""
    code = "import time; t = time.perf_counter(); import torch; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.strip()) * 1000)
    return sorted(times)[len(times) // 2]
