"""Start-up to window: launch the real app in a fresh process and time it from the outside.

The child runs ``run_app`` (what ``linviz`` runs) offscreen with throw-away settings; an event
filter notes when the main window is shown and whether torch was ready by then, then waits for
the first transformed frame and quits. Times are read on the system's monotonic clock, which
parent and child share.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

_CHILD = r"""
import json, sys, time
started = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
report = {}

class ShowWatcher(QObject):
    # The first top-level window of the app (its start-up window) counts as "the window".
    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Show or not isinstance(obj, QWidget) or not obj.isWindow():
            return False
        if "window_ms" not in report:
            report["window_ms"] = (time.monotonic() - started) * 1000
            report["torch_ready_at_window"] = "torch" in sys.modules
            report["window_kind"] = type(obj).__name__
        if type(obj).__name__ == "MainWindow" and "main_window_ms" not in report:
            report["main_window_ms"] = (time.monotonic() - started) * 1000
            poll.timeout.connect(lambda: first_frame(obj))
            poll.start(5)
        return False

def first_frame(window):
    if window.explorer.output_canvas.points.painted_version > 0:
        poll.stop()
        report["first_frame_ms"] = (time.monotonic() - started) * 1000
        print("LINVIZ-STARTUP " + json.dumps(report), flush=True)
        window.close()
        app.quit()

poll = QTimer()
watcher = ShowWatcher()
app.installEventFilter(watcher)
if len(sys.argv) > 2:  # lv.show's way in: linviz --session FILE
    from linviz_gui.cli import main
    main(["--session", sys.argv[2]])
else:
    from linviz_gui.ui.shell.app import run_app
    run_app()
"""


def measure_startup(timeout_s: float = 60.0) -> dict[str, Any]:
    """``window_ms`` (the first window: the start-up window), ``main_window_ms``,
    ``first_frame_ms``, ``torch_ready_at_window``, ``gui_imported_torch``."""
    report = watch_child_start([], time.monotonic(), timeout_s)
    report["gui_imported_torch"] = _gui_imports_torch()
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
