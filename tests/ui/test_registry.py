"""A later view (here a stand-in) gets sessions, export and ``--view`` without touching them."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.ui.export.targets import export_to_file
from linviz_gui.ui.export.view_names import find_view_target
from linviz_gui.ui.registry import ViewSpec
from linviz_gui.ui.shell.session_state import capture_session


class StageView(QWidget):
    """Like the SVD view another engineer is writing: one canvas and a stage number."""

    title = "SVD stages"

    def __init__(self, _scene: object, _worker: object) -> None:
        super().__init__()
        self.stage = 0
        self.canvas = pg.PlotWidget(title="stage canvas")
        self.canvas.plot([0.0, 1.0, 2.0], [0.0, 1.0, 0.0], pen="r")
        QVBoxLayout(self).addWidget(self.canvas)

    def view_state(self) -> dict:
        return {"stage": self.stage}

    def apply_view_state(self, state: dict) -> None:
        stage = state.get("stage")
        if not isinstance(stage, int) or not 0 <= stage <= 3:
            raise InputError(f"stage must be 0, 1, 2 or 3; got {stage!r}")
        self.stage = stage


@pytest.fixture
def plugin_window(qtbot, settings, monkeypatch):  # type: ignore[no-untyped-def]
    import linviz_gui.ui.shell.main_window as main_window

    spec = ViewSpec("stages", "SVD stages", f"{__name__}:StageView")
    monkeypatch.setattr(main_window, "later_views", lambda: (spec,))
    win = main_window.make_main_window(settings=settings)
    qtbot.addWidget(win)
    win.resize(1000, 600)
    win.show()
    qtbot.waitUntil(lambda: win.explorer.output_canvas.points.count > 0, timeout=30_000)
    yield win
    win.close()


def test_view_states_round_trip_and_a_bad_one_changes_nothing(
    plugin_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = plugin_window.views[1]
    view.stage = 2
    plugin_window.tabs.setCurrentWidget(view)
    path = tmp_path / "s.linviz.json"
    assert plugin_window.file_actions.save_to(path)
    assert capture_session(plugin_window).views == {"SVD stages": {"stage": 2}}

    view.stage = 0
    plugin_window.tabs.setCurrentIndex(0)
    assert plugin_window.file_actions.open_path(path)
    assert view.stage == 2 and plugin_window.tabs.currentWidget() is view

    w = Matrix2(2.0, 0.0, 0.0, 2.0)
    plugin_window.scene.set_matrix(w)
    before = capture_session(plugin_window)
    bad = path.read_text().replace('"stage": 2', '"stage": 9')
    path.write_text(bad)
    assert not plugin_window.file_actions.open_path(path)
    assert (
        "view 'SVD stages': stage must be 0, 1, 2 or 3; got 9"
        in plugin_window.file_actions.last_error
    )
    assert capture_session(plugin_window) == before
    plugin_window.file_actions._box.close()


def test_a_later_view_exports_by_name(plugin_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    target = find_view_target(plugin_window, "svd")
    assert target.widget is plugin_window.views[1].canvas
    assert plugin_window.tabs.currentWidget() is plugin_window.views[1]
    export_to_file(target, tmp_path / "svd.svg", 800, 600, fit=True)
    root = ET.parse(tmp_path / "svd.svg").getroot()
    curves = [
        p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke") == "#ff0000"
    ]
    assert len(curves) == 1 and curves[0].get("d", "").count("L") == 2
    export_to_file(target, tmp_path / "svd.png", 640, 480, fit=True)
    assert (tmp_path / "svd.png").stat().st_size > 0
