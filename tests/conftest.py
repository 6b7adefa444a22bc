"""Shared fixtures: Qt offscreen, isolated settings, and no thread may outlive its test."""

from __future__ import annotations

import os
import threading
import weakref

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_thread_left_running(_started_qthreads: weakref.WeakSet) -> Iterator[None]:
    """Fail any test that leaves a compute worker, any other QThread or a Python thread it
    started running (napari does the same). Leftovers are stopped so the next test is clean."""
    python_before = set(threading.enumerate())
    qthreads_before = {t for t in list(_started_qthreads) if _is_running(t)}
    yield
    from linviz_gui.compute.worker import running_workers

    leftover = running_workers()
    for worker in leftover:
        worker.stop()
    qthreads = [t for t in list(_started_qthreads) if t not in qthreads_before and _is_running(t)]
    for thread in qthreads:
        thread.requestInterruption()
        thread.quit()
        thread.wait(5000)
    # A thread told to stop may still be on its way out: give it a moment before blaming it.
    python = [
        t
        for t in threading.enumerate()
        if t not in python_before and not isinstance(t, threading._DummyThread)
    ]
    for thread in python:
        thread.join(timeout=5)
    python = [t for t in python if t.is_alive()]
    assert not leftover, f"{len(leftover)} worker thread(s) still running after the test"
    assert not qthreads, f"QThread(s) still running after the test: {qthreads}"
    assert not python, f"Python thread(s) still running after the test: {python}"


@pytest.fixture(scope="session")
def _started_qthreads() -> Iterator[weakref.WeakSet]:
    """Every QThread started during the session (QThread.start is wrapped to note it)."""
    from PySide6.QtCore import QThread

    started: weakref.WeakSet = weakref.WeakSet()
    original = QThread.start

    def start(self: QThread, *args: object) -> None:
        started.add(self)
        original(self, *args)

    QThread.start = start  # type: ignore[method-assign]
    yield started
    QThread.start = original  # type: ignore[method-assign]


def _is_running(thread: object) -> bool:
    try:
        return bool(thread.isRunning())  # type: ignore[attr-defined]
    except RuntimeError:  # its C++ object is already deleted: it is not running
        return False


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "linviz.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):  # type: ignore[no-untyped-def]
    """The real main window with its real worker, torch loaded and the first frame shown."""
    from linviz_gui.ui.shell.main_window import make_main_window

    win = make_main_window(settings=settings)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    qtbot.waitUntil(lambda: win.explorer.output_canvas.points.count > 0, timeout=30_000)
    yield win
    win.close()


@pytest.fixture
def one_torch_thread() -> Iterator[None]:
    """One torch thread for a test that trains: the nets are small, and on a busy machine two
    threads waiting on each other make a step up to ten times slower. The app's run and a
    test's reference loop share the setting, so their numbers compare like for like."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
