"""Opening a session says so and shows the wait while the file (and its points) are read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

import linviz_gui.ui.shell.file_menu as file_menu
from linviz_gui.model.files.session import Session, load_session, save_session


def test_the_status_bar_and_cursor_show_the_wait_and_then_the_result(
    window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = save_session(tmp_path / "lecture.linviz.json", Session())
    seen: list[tuple[str, object]] = []

    def reading(p: Path) -> Session:  # as a session naming a large points file takes seconds
        cursor = QGuiApplication.overrideCursor()
        seen.append((window.statusBar().currentMessage(), cursor and cursor.shape()))
        return load_session(p)

    monkeypatch.setattr(file_menu, "load_session", reading)
    assert window.file_actions.open_path(path)
    assert seen == [("Opening lecture.linviz.json…", Qt.CursorShape.WaitCursor)]
    assert QGuiApplication.overrideCursor() is None  # the wait is over
    assert window.statusBar().currentMessage() == f"Opened {path}"

    path.write_text("{ not json")
    assert not window.file_actions.open_path(path)
    assert QGuiApplication.overrideCursor() is None  # a refusal ends the wait too
    window.file_actions._box.close()
