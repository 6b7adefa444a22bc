"""Shared fixtures: Qt offscreen, isolated settings, and no thread may outlive its test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    """Fail any test that leaves a compute worker's QThread running (napari does the same)."""
    yield
    from linviz_gui.compute.worker import running_workers

    leftover = running_workers()
    for worker in leftover:
        worker.stop()
    assert not leftover, f"{len(leftover)} worker thread(s) still running after the test"


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "linviz.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):  # type: ignore[no-untyped-def]
    """The real main window with its real worker, torch loaded and the first frame shown."""
    from linviz_gui.ui.main_window import make_main_window

    win = make_main_window(settings=settings)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    qtbot.waitUntil(lambda: win.explorer.output_canvas.points.count > 0, timeout=30_000)
    yield win
    win.close()
