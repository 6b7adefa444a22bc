"""File → Open, Open tour file and Load points refuse a FIFO or a folder at once and keep the state.

A FIFO with no writer blocks a plain open for ever (in the GUI thread for sessions and tours, in
the worker for CSV files); the alarm turns such a hang into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.ui.shell.session_state import capture_session
from tests.hang_guard import fails_if_it_hangs

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def _special_files(tmp_path: Path) -> list[tuple[Path, str]]:
    fifo = tmp_path / "lecture.linviz.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.linviz.json"
    folder.mkdir()
    return [(fifo, "it is a named pipe (FIFO), not a file"), (folder, "it is a folder")]


def test_open_session_refuses_a_fifo_and_a_folder_and_keeps_the_window(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.scene.set_matrix(Matrix2(2.0, 0.0, 0.0, 0.5))
    before = capture_session(window)
    for path, said in _special_files(tmp_path):
        with fails_if_it_hangs():
            assert not window.file_actions.open_path(path)
        assert window.file_actions.last_error == f"cannot open {path}: {said}"
        assert capture_session(window) == before
        window.file_actions._box.close()


def test_open_tour_file_refuses_a_fifo_and_the_tour_stays(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    panel = window.tour
    panel.start()
    panel.show_step(2)
    for path, said in _special_files(tmp_path):
        with fails_if_it_hangs():
            assert not panel.open_tour_file(path)
        assert panel.message.text() == f"Tour not loaded: cannot open {path}: {said}"
        assert panel.step_box.count() == 10 and panel.position.text() == "3 of 10"


def test_load_csv_refuses_a_fifo_and_the_worker_stays_free(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = next(v for v in window.views if getattr(v, "title", "") == "Classifier")
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    before = view.data
    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    view.request_csv(str(fifo))
    said = f"cannot open {fifo}: it is a named pipe (FIFO), not a file"
    qtbot.waitUntil(lambda: said in view.data_panel.message.text(), timeout=10_000)
    assert view.data is before
    good = tmp_path / "good.csv"  # the worker was not left blocked on the FIFO
    good.write_text("1,2,0\n3,4,1\n", encoding="utf-8")
    view.request_csv(str(good))
    qtbot.waitUntil(lambda: view.data is not before, timeout=10_000)
    assert view.data.size == 2
