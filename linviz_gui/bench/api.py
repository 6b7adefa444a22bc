"""The Python API timed from the outside, in fresh processes, as a notebook would meet it:
``lv.figure`` end to end (import, torch, points, render, file) and ``lv.show`` to the window."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from linviz_gui.bench.startup import watch_child_start

_FIGURE_CHILD = (
    "import sys, linviz_gui as lv; "
    "lv.figure('0.3439,0.9503;-0.2960,0.1503', sys.argv[1], n=int(sys.argv[2]), "
    "width=1920, height=1080)"
)


def figure_fresh_process_ms(n: int, timeout_s: float = 120.0) -> float:
    """Wall time of ``python -c "import linviz_gui as lv; lv.figure(W, 'f.png', n=n, ...)"``."""
    with tempfile.TemporaryDirectory(prefix="linviz-bench-") as folder:
        out = Path(folder) / "figure.png"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _FIGURE_CHILD, str(out), str(n)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        elapsed_ms = (time.perf_counter() - started) * 1000
        if done.returncode != 0 or not out.is_file():
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise RuntimeError("lv.figure failed: " + " | ".join(tail))
    return elapsed_ms


def show_to_window(n: int) -> dict[str, Any]:
    """From the call of ``lv.show`` (session built and written, app process started) to its main
    window shown and its first frame painted: ``main_window_ms``, ``first_frame_ms``."""
    from linviz_gui.api.session_of import session_of
    from linviz_gui.model.files.session import save_session

    with tempfile.TemporaryDirectory(prefix="linviz-bench-") as folder:
        started = time.monotonic()
        session = session_of("0.3439,0.9503;-0.2960,0.1503", n=n)
        path = save_session(Path(folder) / "shown.linviz.json", session)
        return watch_child_start([str(path)], started)
