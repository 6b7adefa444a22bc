"""The window never cuts itself off: panel widgets keep their minimum width, the splitter moves
at the default size, and a walk through the tour keeps the window on a teacher's screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from linviz_gui.ui.views.explorer.matrix_editor import PRESETS

#: What a 1600 x 1000 screen gives the window at first (nine tenths, at most 1500 x 900).
DEFAULT_SIZE = (1440, 900)


def cut_widgets(root: QWidget) -> list[str]:
    """The visible widgets under ``root`` narrower than the least width they ask for."""
    cut = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
            continue
        # An explicit minimum (a fixed-size stepper button) wins over the hint, as in layouts.
        least = widget.minimumWidth() or widget.minimumSizeHint().width()
        if widget.width() < least:
            text = getattr(widget, "text", lambda: "")()
            cut.append(f"{type(widget).__name__} {text!r}: {widget.width()} < {least}")
    return cut


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_no_side_panel_widget_is_cut_after_any_preset(window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*DEFAULT_SIZE)
    editor = window.matrix_editor
    for name in PRESETS:
        editor.preset_box.setCurrentText(name)
        editor.apply_preset()
        settle()
        assert cut_widgets(window.side_panel) == [], name
    # The projection's right column (0, 0) is fully shown, Apply in full.
    editor.preset_box.setCurrentText("projection (singular)")
    settle()
    assert editor.fields[3].isVisible() and editor.fields[3].width() >= 64
    assert editor.apply_button.width() >= editor.apply_button.minimumSizeHint().width()


def test_the_splitter_moves_at_the_default_size(window) -> None:  # type: ignore[no-untyped-def]
    window.resize(*DEFAULT_SIZE)
    settle()
    side, tabs = window.splitter.sizes()
    window.splitter.moveSplitter(side + 200, 1)
    settle()
    wider, narrower = window.splitter.sizes()
    assert wider == side + 200 and narrower == tabs - 200
    assert window.width() == DEFAULT_SIZE[0]


WALK = """
import json, sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from linviz_gui.ui.shell.main_window import make_main_window
settings = QSettings(tempfile.mkdtemp() + "/linviz.ini", QSettings.Format.IniFormat)
window = make_main_window(settings=settings)
window.show()
seen = []
def note(what):
    for _ in range(10):
        app.processEvents()
    frame, screen = window.frameGeometry(), window.screen().availableGeometry()
    seen.append([what, frame.left(), frame.top(), frame.right(), frame.bottom(),
                 screen.right(), screen.bottom()])
note("start")
window.tour.start()
note("tour")
titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
for index in range(len(window.tour.tour.steps)):
    window.tour.show_step(index)
    window.tour.set_up_current()
    note(f"step {index + 1}")
for title in ("Explorer", "Autograd", "Explorer", *titles):
    window.tabs.setCurrentIndex(titles.index(title))
    note(title)
window.close()
window.worker.stop()
print(json.dumps(seen))
"""


def test_a_tour_walk_keeps_the_window_on_a_1600_by_1000_screen(tmp_path: Path) -> None:
    screen = {
        "screens": [{"name": "teacher", "x": 0, "y": 0, "width": 1600, "height": 1000, "dpr": 1}]
    }
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screen))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", WALK],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=Path(__file__).parents[3],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(seen) > 12  # every step and tab was visited
    for what, left, top, right, bottom, screen_right, screen_bottom in seen:
        assert left >= 0 and top >= 0, what
        assert right <= screen_right and bottom <= screen_bottom, (what, right, bottom)
