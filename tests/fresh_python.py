"""Run a few lines of Python in a fresh interpreter, as a user's process would meet linviz:
what a test's own process has already imported cannot hide what these lines import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh_python(code: str) -> subprocess.CompletedProcess[str]:
    """``python -c code`` from the checkout's root; fails the test unless it exits 0."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done
