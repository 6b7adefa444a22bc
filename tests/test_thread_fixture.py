"""The autouse fixture in conftest.py fails a test that leaves any thread running."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_leftover_threads_fail_their_test(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import _started_qthreads, no_thread_left_running  # noqa: F401\n"
    )
    (tmp_path / "test_leaks.py").write_text(
        textwrap.dedent(
            """
            import threading
            from PySide6.QtCore import QThread

            def test_python_thread_left_running():
                stop = threading.Event()
                threading.Thread(target=stop.wait, args=(8,), daemon=True).start()

            def test_qthread_left_running(qapp):
                thread = QThread()
                thread.start()
                test_qthread_left_running.keep = thread

            def test_clean():
                threading.Thread(target=lambda: None).start()
            """
        )
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=60",
            "--rootdir",
            str(tmp_path),
            "-c",
            str(root / "pyproject.toml"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env={**__import__("os").environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"},
    )
    text = out.stdout + out.stderr
    assert "AssertionError: Python thread(s) still running after the test" in text, text[-2000:]
    assert "AssertionError: QThread(s) still running after the test" in text, text[-2000:]
    assert "ERROR" in text and "::test_clean" not in text.split("short test summary")[-1]
    assert "2 errors" in text, text[-2000:]
