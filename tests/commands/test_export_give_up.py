"""``linviz export`` gives up cleanly: the worker is stopped first, one line, a documented code.

The 120 s limit is monkeypatched small. Issue 17 saw a give-up end in SIGABRT ("QThread: Destroyed
while thread is still running"); a worker stuck in a job that ignores every request to stop is
the worst case of it: the process must still end with exit code 3, one line and no Qt warning.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from linviz_gui.cli import build_parser
from linviz_gui.commands import export
from linviz_gui.compute.worker import running_workers
from linviz_gui.ui.export.settle import ComputationError

ROOT = Path(__file__).resolve().parents[2]

_STUCK = """
import sys, time
from linviz_gui.commands import export
from linviz_gui.compute import worker
export.SETTLE_LIMIT_S = 0.5
export.STOP_WAIT_S = 0.5
opened = worker.ComputeWorker._open_device

def stuck(self, name):  # stands for a job that never looks at its cancel flag
    time.sleep(120)
    return opened(self, name)

worker.ComputeWorker._open_device = stuck
from linviz_gui.cli import main
sys.exit(main(["export", sys.argv[1], "--points", "100"]))
"""


def test_a_give_up_with_a_stuck_worker_exits_3_with_one_line_not_sigabrt(tmp_path: Path) -> None:
    out = tmp_path / "figure.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", _STUCK, str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,  # a guard against a hang, not a speed check
    )
    assert result.returncode != -signal.SIGABRT, result.stderr
    assert result.returncode == export.EXIT_COMPUTATION, result.stderr
    assert (
        result.stderr == "linviz export: error: gave up waiting for the computation after 0.5 s\n"
    )
    assert not out.exists()


def test_a_give_up_stops_the_worker_before_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(export, "SETTLE_LIMIT_S", 0.0)
    out = tmp_path / "figure.png"
    args = build_parser().parse_args(["export", str(out), "--points", "100"])
    with pytest.raises(ComputationError, match="gave up waiting for the computation after 0 s"):
        export.export_headless(args)
    assert running_workers() == []
    assert not out.exists()


def test_every_exit_code_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    lines = capsys.readouterr().out.splitlines()
    codes = lines[lines.index("exit codes:") + 1 :]
    assert [line.split()[0] for line in codes] == ["0", "1", "2", "3", "4", "130"]
    assert "  3    the computation failed or did not finish in 120 s" in codes
